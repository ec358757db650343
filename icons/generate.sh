#!/usr/bin/env bash
# Regenerates every icon file in this folder from parta.svg, Парта's own drawing, with the
# Tauri CLI from ui/node_modules (no download). Run after changing parta.svg:
#   bash icons/generate.sh
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cli="$here/../ui/node_modules/.bin/tauri"
if [ ! -x "$cli" ]; then
  echo "The Tauri CLI is missing: run 'npm ci' in ui/ first." >&2
  exit 1
fi
"$cli" icon "$here/parta.svg" --output "$here"
# Mobile and Windows Store sizes are not used by a desktop app.
rm -rf "$here/android" "$here/ios" "$here"/Square*Logo.png "$here/StoreLogo.png"
