#!/usr/bin/env bash
# Runs the whole system without Docker: PostgreSQL and RabbitMQ as local services, both hosts
# (published as the images publish them) and the web UI, in the foreground.
#   Web UI http://localhost:3000 · Orders http://localhost:5101 · Payments http://localhost:5102
#   RabbitMQ UI http://localhost:15672 (guest/guest) · Operations page http://localhost:3000/ops (operator/operator)
# Ctrl-C or SIGTERM stops everything this script started (the services keep running).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
# Demo fault injection on the Operations page is on for these hosts (hosts.sh defaults it to off).
PAYORD_FAULT_INJECTION="${PAYORD_FAULT_INJECTION:-true}"
source scripts/lib/hosts.sh

start_services
create_databases payord_orders payord_payments

if [ ! -d tests/deployment/node_modules ]; then (cd tests/deployment && npm ci --no-audit --no-fund --loglevel=error); fi
if [ ! -d web/node_modules ]; then (cd web && npm ci --no-audit --no-fund --loglevel=error); fi
publish_hosts

web_pid=""
shutdown() {
  trap - INT TERM EXIT
  log "stopping"
  [ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null || true
  stop_hosts
}
trap shutdown INT TERM EXIT

start_host payments 5102 payord_payments /
start_host orders 5101 payord_orders /
wait_until_ready http://localhost:5102
wait_until_ready http://localhost:5101

log "building and serving the web UI on http://localhost:3000"
(cd web && node node_modules/vite/bin/vite.js build --logLevel warn)
# exec: $web_pid is Vite itself, so stopping it leaves no orphan holding port 3000.
(cd web && PORT=3000 exec node node_modules/vite/bin/vite.js preview --strictPort) &
web_pid=$!

cat <<MSG

  hse-payord is running:
    Web UI           http://localhost:3000
    Orders API       http://localhost:5101   (API reference: /scalar/v1, OpenAPI: /openapi/v1.json)
    Payments API     http://localhost:5102
    RabbitMQ UI      http://localhost:15672  (guest/guest)
    Operations page  http://localhost:3000/ops  ($PAYORD_OPERATOR_USER/$PAYORD_OPERATOR_PASSWORD; read-only: $PAYORD_VIEWER_USER/$PAYORD_VIEWER_PASSWORD)
  Host logs: artifacts/logs/. Press Ctrl-C to stop.

MSG
wait -n "${PAYORD_HOST_PIDS[@]}" "$web_pid" || true
