#!/usr/bin/env bash
# Runs one fuzz target for a time budget:  fuzz/run.sh TARGET [SECONDS]  (default 60).
# Needs the nightly toolchain and cargo-fuzz (`cargo install cargo-fuzz`). The corpus is
# seeded first when it is empty (fuzz/seed.sh); new inputs are added to it, and an input that
# fails is saved in fuzz/artifacts/TARGET/ (reproduce: cargo +nightly fuzz run TARGET FILE).
# Limits: 10 s per input, 2 GB of memory, inputs of at most 64 kB (8 kB for `render`, whose
# layout is quadratic in the actors).
set -euo pipefail
cd "$(dirname "$0")"
target=${1:?usage: fuzz/run.sh TARGET [SECONDS]}
seconds=${2:-60}
if [ -z "$(ls -A "corpus/$target" 2>/dev/null)" ]; then
  ./seed.sh
fi
max_len=65536
[ "$target" = render ] && max_len=8192
mkdir -p "artifacts/$target"
exec cargo +nightly fuzz run "$target" "corpus/$target" -- \
  -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len="$max_len" \
  -artifact_prefix="artifacts/$target/" -print_final_stats=1
