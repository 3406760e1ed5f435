#!/usr/bin/env bash
# Runs the ignored stress tests of tests/stress.rs one at a time in a release build, and
# prints each one's wall time and peak memory (GNU time: the largest resident set of the
# test process and the entente processes it starts). These are the pathological sizes of
# issue 14; compare with the bounds the docs state. Several minutes on 2 cores.
#
#   bench/stress.sh              # every stress test
#   bench/stress.sh balance      # those whose name contains "balance"
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-}"
cargo build --release --quiet
cargo test --release --quiet --test stress --no-run
tests=$(cargo test --release --quiet --test stress -- --ignored --list 2>/dev/null \
    | sed -n 's/: test$//p' | grep -- "$filter" || true)
if [ -z "$tests" ]; then
    echo "no stress test matches '$filter'" >&2
    exit 1
fi
printf '%-50s %10s %12s %s\n' test "wall (s)" "peak (MB)" result
status=0
for t in $tests; do
    log=$(mktemp)
    if /usr/bin/time -f '%e %M' -o "$log.time" \
        cargo test --release --quiet --test stress -- --ignored --exact "$t" >"$log" 2>&1; then
        result=ok
    else
        result=FAILED
        status=1
    fi
    read -r wall kb <"$log.time" || true
    printf '%-50s %10s %12s %s\n' "$t" "$wall" "$((${kb:-0} / 1024))" "$result"
    if [ "$result" = FAILED ]; then
        sed 's/^/    /' "$log" | tail -40
    fi
    rm -f "$log" "$log.time"
done
exit $status
