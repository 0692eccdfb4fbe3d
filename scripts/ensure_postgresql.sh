#!/usr/bin/env bash
# Make sure Debian's PostgreSQL server binaries are installed: the store's tests start a throwaway
# cluster of their own (tests/postgres.py) and run the same tests on it as on SQLite.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
echo "Installing Debian's postgresql for the store tests…"
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "PostgreSQL is missing and this user cannot install it: apt-get install postgresql" >&2
    exit 1
  fi
fi
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq postgresql >/dev/null
# The packaged cluster is not used; the tests start their own on a free local port.
$SUDO service postgresql stop >/dev/null 2>&1 || true
ls /usr/lib/postgresql/*/bin/initdb
