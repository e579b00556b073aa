#!/usr/bin/env bash
# Re-vendor the dashboard's front-end files from the npm registry (run by hand, results are
# committed): Leaflet for the map, and Natural Earth's 1:110m country outlines (world-atlas)
# turned into GeoJSON by topojson-client, so the map has a base layer with no network.
set -euo pipefail
cd "$(dirname "$0")/.."
out=sitreps/serve/static/vendor
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
(cd "$work" && npm pack -q leaflet@1.9.4 world-atlas@2.0.2 topojson-client@3.1.0 >/dev/null \
   && for f in *.tgz; do mkdir "${f%.tgz}" && tar xzf "$f" -C "${f%.tgz}"; done)
rm -rf "$out" && mkdir -p "$out/leaflet/images"
cp "$work"/leaflet-1.9.4/package/dist/{leaflet.js,leaflet.css} "$out/leaflet/"
cp "$work"/leaflet-1.9.4/package/dist/images/*.png "$out/leaflet/images/"
cp "$work"/leaflet-1.9.4/package/LICENSE "$out/leaflet/LICENSE"
cp "$work"/world-atlas-2.0.2/package/LICENSE "$out/LICENSE.world-atlas"
node -e '
const topo = require(process.argv[1]);
const world = require(process.argv[2]);
const round = (x) => Array.isArray(x) ? x.map(round) : Math.round(x * 100) / 100;
const fc = topo.feature(world, world.objects.countries);
for (const f of fc.features) { f.geometry.coordinates = round(f.geometry.coordinates); }
process.stdout.write(JSON.stringify(fc));
' "$work/topojson-client-3.1.0/package" "$work/world-atlas-2.0.2/package/countries-110m.json" \
  > "$out/countries-110m.geojson"
ls -l "$out" "$out/leaflet"
