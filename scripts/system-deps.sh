#!/usr/bin/env bash
# Debian packages the tests need: Chromium and its driver for the dashboard's browser tests,
# and PostgreSQL's server programs (the tests start a throwaway server of their own).
# Installed with apt when missing (as root, or through sudo); elsewhere say what to install.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
[ -x /usr/bin/chromedriver ] || missing+=(chromium-driver)
compgen -G "/usr/lib/postgresql/*/bin/initdb" >/dev/null || missing+=(postgresql)
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null; then
  echo "note: install ${missing[*]} for the browser and PostgreSQL tests" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo="sudo -n"; else
    echo "note: run 'sudo apt-get install ${missing[*]}' for the browser and PostgreSQL tests" >&2
    exit 0
  fi
fi
echo "installing ${missing[*]} with apt (once)" >&2
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -q >/dev/null
$sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
