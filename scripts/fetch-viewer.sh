#!/usr/bin/env bash
# Fetch the OHIF Viewer v3 production build that ships inside the PyPI wheel
# monailabel==0.8.5 (monailabel/endpoints/static/ohif/) and unpack it into DIR.
#
#   scripts/fetch-viewer.sh DIR      prints DIR when the viewer is in place
#
# The wheel is pinned by version and SHA-256; a wheel with another digest is refused.
# Reuses DIR when it already holds this build (DIR/.tessera-viewer names the digest), so
# only the first call touches the network. Build context is /ohif/ (the gateway maps it:
# GATEWAY_VIEWER_ASSET_PREFIXES=/ohif).
set -euo pipefail
dir=${1:?usage: scripts/fetch-viewer.sh DIR}
version=0.8.5
digest=0c2c9bd72c8f9862c0c182d14e7f2637c53ccd616f9ffa584f619b1040f1fc6b

if [ -f "$dir/.tessera-viewer" ] && [ "$(cat "$dir/.tessera-viewer")" = "$digest" ] && [ -f "$dir/index.html" ]; then
  echo "$dir"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pip=(python3 -m pip)
if ! python3 -m pip --version >/dev/null 2>&1; then
  python3 -m venv "$work/venv" >&2
  pip=("$work/venv/bin/pip")
fi
"${pip[@]}" download --quiet --no-deps --disable-pip-version-check "monailabel==$version" -d "$work" >&2
wheel=$(ls "$work"/monailabel-*.whl)
actual=$(sha256sum "$wheel" | cut -d' ' -f1)
if [ "$actual" != "$digest" ]; then
  echo "fetch-viewer: $wheel has SHA-256 $actual, expected $digest; refusing it" >&2
  exit 1
fi

staging="$dir.partial"
rm -rf "$staging"
python3 - "$wheel" "$staging" <<'PY'
import os, sys, zipfile
wheel, target = sys.argv[1], sys.argv[2]
prefix = "monailabel/endpoints/static/ohif/"
with zipfile.ZipFile(wheel) as archive:
    for entry in archive.infolist():
        if not entry.filename.startswith(prefix) or entry.is_dir():
            continue
        relative = entry.filename[len(prefix):]
        if relative.startswith("/") or ".." in relative.split("/"):
            raise SystemExit(f"fetch-viewer: unsafe path in wheel: {entry.filename}")
        path = os.path.join(target, relative)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with archive.open(entry) as source, open(path, "wb") as sink:
            sink.write(source.read())
PY
echo "$digest" > "$staging/.tessera-viewer"
rm -rf "$dir"
mv "$staging" "$dir"
echo "$dir"
