#!/usr/bin/env bash
# Make sure Debian's chromium and chromium-driver are installed (the browser tests drive them).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
echo "Installing Debian's chromium and chromium-driver for the browser tests…"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "chromium/chromedriver are missing and this user cannot install them: apt-get install chromium chromium-driver" >&2
    exit 1
  fi
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq chromium chromium-driver >/dev/null
chromium --version
chromedriver --version
