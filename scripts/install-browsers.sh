#!/usr/bin/env bash
# Installs the browser the storefront tests drive (Debian's Chromium at /usr/bin/chromium), only when it is missing.
# Idempotent; needs root (CI runs as root, no sudo). Playwright's own browser download does not work offline here.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  echo "chromium present: $(/usr/bin/chromium --version 2>/dev/null || echo /usr/bin/chromium)"
  exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
  echo "install-browsers.sh: /usr/bin/chromium is missing and installing it needs root" >&2
  exit 1
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq chromium
/usr/bin/chromium --version
