#!/usr/bin/env bash
# Validates docker-compose.yml against the current compose-spec schema with dclint (npm), since
# no Docker engine runs here to try it. Installs dclint into target/tools on first use.
#
#   ops/compose-check.sh [FILE]      (default: docker-compose.yml)
# Exit status: dclint's (non-zero when the file breaks the schema); style warnings do not fail.
set -euo pipefail
cd "$(dirname "$0")/.."
file="${1:-docker-compose.yml}"
tools=target/tools
dclint="$tools/node_modules/.bin/dclint"
if [ ! -x "$dclint" ]; then
  command -v npm >/dev/null || { echo "compose-check: npm is needed (apt-get install npm)" >&2; exit 3; }
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund --silent dclint@3.1.0 >&2
fi
# Only schema errors matter here (--quiet): key order and quoting are style.
exec "$dclint" --quiet "$file"
