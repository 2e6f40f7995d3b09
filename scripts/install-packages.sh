#!/usr/bin/env bash
# Installs the Debian packages listed in the given files (one per line, # comments) that are missing:
# apt-get, through sudo when not root. Used by setup.sh, fuzz.sh and sanitize.sh.
set -euo pipefail
missing=()
for list in "$@"; do
  while read -r pkg; do
    [[ -z "$pkg" || "$pkg" == \#* ]] && continue
    if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
      missing+=("$pkg")
    fi
  done < "$list"
done
if ((${#missing[@]} == 0)); then
  echo "setup: all Debian packages present"
  exit 0
fi
echo "setup: installing ${missing[*]}"
sudo=""
if [[ $(id -u) -ne 0 ]]; then sudo="sudo"; fi
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}"
