#!/usr/bin/env bash
# Rebuild assets/00-plotly-dashboard.min.js: the plotly.js version that the installed plotly
# (Python) ships, with only the trace types in entry.js. Needs node and npm; run it after a
# plotly upgrade (tests/unit/test_plotly_bundle.py fails until then).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
python="${PYTHON:-$root/.venv/bin/python}"
version="$("$python" -c 'from plotly.offline import get_plotlyjs_version as v; print(v())')"
traces="$(sed -n "s|.*require('plotly.js/lib/\([a-z]*\)').*|\1|p" "$here/entry.js" | grep -v '^core$' | paste -sd, -)"
cd "$here"
npm install --no-audit --no-fund --no-save "plotly.js@$version" "esbuild@0.28.2" >/dev/null
# Traces in the banner are what the test checks against the figures; scatter is in the core.
node_modules/.bin/esbuild entry.js --bundle --format=iife --global-name=Plotly --minify \
  --define:global=window --define:define.amd=false --target=es2016 --log-level=warning \
  --banner:js="/*! plotly.js v$version, partial bundle: scatter,$traces. MIT License, Copyright Plotly, Inc. */" \
  --outfile="$root/assets/00-plotly-dashboard.min.js"
rm -f "$root/assets/00-plotly-dashboard.min.css"  # maplibre's styles: no map trace here uses them
echo "assets/00-plotly-dashboard.min.js: plotly.js $version ($traces, scatter)"
