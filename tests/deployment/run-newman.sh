#!/usr/bin/env bash
# Runs the Postman collection with newman: ./run-newman.sh [--env local|gateway] [--folder NAME]
# Last line: "postman: N passed, M failed"; exit code non-zero on any failure. See run-newman.mjs.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"
if [ ! -d node_modules/newman ]; then
  echo "==> npm ci (tests/deployment)"
  npm ci --no-audit --no-fund
fi
exec node run-newman.mjs "$@"
