#!/bin/sh
# Package the Thunderbird add-on as an .xpi (a zip with manifest.json at its root).
# Usage: clients/thunderbird/build.sh [OUT.xpi]   (default: clients/thunderbird/dist/mailaudit-<version>.xpi)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
version=$(sed -n 's/^ *"version": *"\([^"]*\)".*/\1/p' "$here/manifest.json" | head -n 1)
out=${1:-"$here/dist/mailaudit-$version.xpi"}
case $out in /*) ;; *) out="$(pwd)/$out" ;; esac
mkdir -p "$(dirname "$out")"
rm -f "$out"
cd "$here"
# Only what the add-on runs: no tests, no build output.
files="manifest.json background.html background.mjs lib dialog options icons"
if command -v zip >/dev/null 2>&1; then
    zip -q -r -X "$out" $files
else
    python3 - "$out" $files <<'PY'
import os, sys, zipfile
out, *names = sys.argv[1:]
with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as xpi:
    for name in names:
        paths = [name] if os.path.isfile(name) else sorted(
            os.path.join(d, f) for d, _, fs in os.walk(name) for f in fs)
        for path in paths:
            xpi.write(path)
PY
fi
echo "$out"
