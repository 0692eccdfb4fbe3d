#!/usr/bin/env bash
# Make sure axe-core (the accessibility rules engine the browser tests run through
# axe-selenium-python) is at hand in a current release: the copy bundled in axe-selenium-python is
# axe-core 3.1, which predates rules WCAG 2.1 checks need (aria-hidden-focus, nested-interactive…).
set -euo pipefail
VERSION="4.11.0"
target="$(cd "$(dirname "$0")/.." && pwd)/.cache/axe-core"
if [ -f "$target/node_modules/axe-core/axe.min.js" ] && grep -q "\"version\": \"$VERSION\"" "$target/node_modules/axe-core/package.json"; then
  exit 0
fi
if ! command -v npm >/dev/null 2>&1; then
  bash "$(dirname "$0")/apt_install.sh" "the accessibility tests (axe-core from the npm registry)" npm
fi
mkdir -p "$target"
npm install --silent --no-audit --no-fund --prefix "$target" "axe-core@$VERSION" >/dev/null
echo "axe-core $VERSION in $target"
