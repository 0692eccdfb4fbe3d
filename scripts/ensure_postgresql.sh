#!/usr/bin/env bash
# Make sure Debian's PostgreSQL server binaries are installed: the store's tests start a throwaway
# cluster of their own (tests/postgres.py) and run the same tests on it as on SQLite.
set -euo pipefail
if ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  exit 0
fi
bash "$(dirname "$0")/apt_install.sh" "the store tests" postgresql
# The packaged cluster is not used; the tests start their own on a free local port.
if [ "$(id -u)" -eq 0 ]; then service postgresql stop >/dev/null 2>&1 || true; else sudo service postgresql stop >/dev/null 2>&1 || true; fi
ls /usr/lib/postgresql/*/bin/initdb
