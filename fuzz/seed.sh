#!/usr/bin/env bash
# Builds fuzz/corpus/TARGET/ from the repository's own inputs: every RON file (graphs,
# fixtures, test data, scenarios), the shipped and fixture graphs exported by the entente
# binary to CSV, GraphML, GEXF and node-link JSON, the NetworkX and event fixtures, and the
# inputs the fuzzers once found problems with (tests/data/fuzz/). fuzz/corpus is not
# committed (.gitignore): run this again after adding test data.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo build --quiet --bin entente
entente=target/debug/entente
corpus=fuzz/corpus
targets="ron_graph scenario csv graphml gexf json events events_gdelt events_icews events_plain render"
for t in $targets; do mkdir -p "$corpus/$t"; done
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# A file's corpus name: its path with slashes as underscores.
name() { echo "$1" | tr '/' '_'; }

for f in $(find graphs tests examples -name '*.ron' | sort); do
  if grep -q 'Scenario *(' "$f"; then
    cp "$f" "$corpus/scenario/$(name "$f")"
    continue
  fi
  cp "$f" "$corpus/ron_graph/$(name "$f")"
  cp "$f" "$corpus/render/$(name "$f")"
  # Graphs entente reads are exported to every interchange format.
  "$entente" check "$f" >/dev/null 2>&1 || continue
  for fmt in graphml gexf json; do
    "$entente" export --to "$fmt" "$f" > "$corpus/$fmt/$(name "$f").$fmt"
  done
  rm -rf "$tmp/csv"
  "$entente" export --to csv -o "$tmp/csv" "$f" >/dev/null 2>&1
  # The CSV target's input: a flag byte (even: commas), the edges, NUL, the nodes.
  { printf '\0'; cat "$tmp/csv/edges.csv"; } > "$corpus/csv/$(name "$f").edges"
  { printf '\0'; cat "$tmp/csv/edges.csv"; printf '\0'; cat "$tmp/csv/nodes.csv"; } \
    > "$corpus/csv/$(name "$f").both"
done
for f in tests/fixtures/networkx/*.graphml tests/fixtures/networkx/*.gexf tests/fixtures/networkx/*.json; do
  ext=${f##*.}
  cp "$f" "$corpus/$ext/$(name "$f")"
done
for f in $(find tests/fixtures -name '*.tsv' -o -name '*.tab' | sort); do
  { printf '\1'; head -n 200 "$f"; } > "$corpus/csv/$(name "$f")"
done
# Event files, cut to their first lines (the fuzzer's inputs stay small).
for f in $(find tests/fixtures/events -maxdepth 2 \( -name '*.csv' -o -name '*.tsv' -o -name '*.tab' \) | sort); do
  head -n 60 "$f" > "$corpus/events/$(name "$f")"
done
# The per-format event targets put a valid first line before the input: their corpus is
# the rows after it.
for f in tests/fixtures/events/*.export.tsv tests/fixtures/events/malformed/*.tsv; do
  sed -n '2,60p' "$f" > "$corpus/events_gdelt/$(name "$f")"
done
sed -n '2,60p' tests/fixtures/events/icews.tab > "$corpus/events_icews/icews.tab"
sed -n '2,60p' tests/fixtures/events/plain.csv > "$corpus/events_plain/plain.csv"
# What the fuzzers found once, kept as regression tests.
for t in $targets; do
  [ -d "tests/data/fuzz/$t" ] && cp tests/data/fuzz/"$t"/* "$corpus/$t/" 2>/dev/null || true
done
for t in $targets; do
  echo "$t: $(ls "$corpus/$t" | wc -l) inputs"
done
