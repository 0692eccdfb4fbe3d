#!/usr/bin/env bash
# apt_install.sh WHAT PACKAGE...: install Debian packages (with sudo when not root), or say how.
set -euo pipefail
what="$1"; shift
echo "Installing Debian's $* for $what…"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "$* missing and this user cannot install them: apt-get install $*" >&2
    exit 1
  fi
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
