#!/usr/bin/env bash
# Vendors the web UI's third-party browser files from npm, at pinned
# versions, into internal/web/static/vendor/ with their licences. The result
# is committed and embedded in the binary, so that `go run` and the server
# need neither npm nor any outside address. Run it only to change a version:
#   bash scripts/assets.sh
set -euo pipefail
cd "$(dirname "$0")/.."

UPLOT_VERSION=1.6.32

dest=internal/web/static/vendor
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "uplot@$UPLOT_VERSION" >/dev/null)

rm -rf "$dest"
mkdir -p "$dest/uplot"
cp "$tmp/node_modules/uplot/dist/uPlot.iife.min.js" "$tmp/node_modules/uplot/dist/uPlot.min.css" "$dest/uplot/"
cp "$tmp/node_modules/uplot/LICENSE" "$dest/uplot/LICENSE.txt"
cat > "$dest/VERSIONS.txt" <<VERSIONS
uplot $UPLOT_VERSION (MIT, https://github.com/leeoniya/uPlot)
Vendored by scripts/assets.sh from npm.
VERSIONS
echo "vendored into $dest:"
find "$dest" -type f | sort
