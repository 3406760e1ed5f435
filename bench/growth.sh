#!/usr/bin/env bash
# How load and report cost grow with the graph (issue 21): `entente check` (read, parse,
# validate, build: the load), `entente info` (load + snapshot + counts) and `entente
# report` (every analysis, rendered as text) on generated graphs of 100k to 10M relations,
# each in its own process, timed by GNU time: wall, CPU (user + sys, all threads) and peak
# resident memory, with the bytes per relation. Prints a Markdown table.
#
#   bench/growth.sh DIR                    # 100k, 1M, 2M, 4M, 10M relations
#   bench/growth.sh DIR 100000 1000000     # only these sizes (relations)
#
# Graphs are DIR/g<relations>.ron, generated when missing (`--blocs 8 --noise 0.05 --seed
# 1`, one actor per ten relations, as bench/compare's; 10M takes minutes and 1.85 GB).
# Sizes up to 1M are run three times (the median wall is shown, with that run's CPU and
# memory), larger ones once. Run it on a quiet machine: times under load are worthless.
set -euo pipefail
cd "$(dirname "$0")/.."
dir="${1:?usage: bench/growth.sh DIR [RELATIONS...]}"
shift
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(100000 1000000 2000000 4000000 10000000)
mkdir -p "$dir"
cargo build --release --quiet
entente="$PWD/target/release/entente"
echo "| relations | RON MB | command | wall s | CPU s | peak MB | peak B/relation |"
echo "|---:|---:|---|---:|---:|---:|---:|"
for m in "${sizes[@]}"; do
    g="$dir/g$m.ron"
    if [ ! -f "$g" ]; then
        "$entente" generate --actors $((m / 10)) --relations "$m" --blocs 8 --noise 0.05 \
            --seed 1 -o "$g" >&2
    fi
    mb=$(($(stat -L -c %s "$g") / 1000000))
    runs=1
    [ "$m" -le 1000000 ] && runs=3
    for cmd in check info report; do
        rows=()
        for _ in $(seq "$runs"); do
            t=$(mktemp)
            /usr/bin/time -f '%e %U %S %M' -o "$t" "$entente" "$cmd" "$g" >/dev/null
            read -r wall user sys kb <"$t"
            rm -f "$t"
            rows+=("$wall $(awk "BEGIN { print $user + $sys }") $kb")
        done
        read -r wall cpu kb < <(printf '%s\n' "${rows[@]}" | sort -n | sed -n "$(((runs + 1) / 2))p")
        echo "| $m | $mb | $cmd | $wall | $cpu | $((kb / 1000)) | $((kb * 1024 / m)) |"
    done
done
