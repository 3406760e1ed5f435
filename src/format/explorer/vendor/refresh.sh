#!/usr/bin/env bash
# Refreshes the vendored Cytoscape.js from the npm registry (the only time the network is
# needed: building entente reads these files with include_str!). Usage:
#   src/format/explorer/vendor/refresh.sh [VERSION]     (default: the latest release)
# Then rebuild, run `cargo test --test browser` and commit the three files with the version.
set -euo pipefail
cd "$(dirname "$0")"
version="${1:-latest}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack "cytoscape@$version" >/dev/null)
tar -xzf "$tmp"/cytoscape-*.tgz -C "$tmp"
cp "$tmp/package/dist/cytoscape.min.js" cytoscape.min.js
cp "$tmp/package/LICENSE" LICENSE
echo "cytoscape $(node -p "require('$tmp/package/package.json').version" 2>/dev/null || sed -n 's/.*"version": *"\([^"]*\)".*/\1/p' "$tmp/package/package.json" | head -1)" > VERSION
# The page inlines the file in a <script> element: it must not hold "</script".
if grep -qi '</script' cytoscape.min.js; then
  echo "error: cytoscape.min.js holds '</script'; the page writer cannot inline it" >&2
  exit 1
fi
cat VERSION
