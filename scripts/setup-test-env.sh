#!/usr/bin/env bash
# Installs what `make test` needs on a fresh Debian machine with the Swift toolchain:
# the Debian packages listed in scripts/apt-packages.txt and a Python venv built from
# Tests/EndToEnd/requirements.txt (pinned). Re-running is cheap: nothing is reinstalled
# when it is already there.
#   scripts/setup-test-env.sh VENV_DIR
set -euo pipefail
cd "$(dirname "$0")/.."
venv=${1:-.build/venv}

missing=()
while read -r package; do
  package=${package%%#*}; package=${package// /}
  [ -z "$package" ] && continue
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done < scripts/apt-packages.txt
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  sudo_cmd=""; [ "$(id -u)" != 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

stamp="$venv/.requirements.sha256"
want=$(sha256sum Tests/EndToEnd/requirements.txt | cut -d' ' -f1)
if [ ! -x "$venv/bin/python" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$want" ]; then
  echo "==> creating Python venv in $venv"
  rm -rf "$venv"
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q --disable-pip-version-check -r Tests/EndToEnd/requirements.txt
  echo "$want" > "$stamp"
fi
