#!/usr/bin/env bash
# Make sure Debian's chromium and chromium-driver are installed (browser tests and chart exports).
set -euo pipefail
if command -v chromium >/dev/null 2>&1 && command -v chromedriver >/dev/null 2>&1; then
  exit 0
fi
bash "$(dirname "$0")/apt_install.sh" "the browser tests and chart exports" chromium chromium-driver
chromium --version
chromedriver --version
