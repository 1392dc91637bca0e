#!/usr/bin/env bash
# Runs the whole system without Docker: PostgreSQL and RabbitMQ as local services, both hosts
# (published as the images publish them) and the web UI, in the foreground.
#   Web UI http://localhost:3000 · Orders http://localhost:5101 · Payments http://localhost:5102
#   RabbitMQ UI http://localhost:15672 (guest/guest) · Operations page http://localhost:3000/ops (operator/operator)
#   Aspire dashboard (traces, metrics, logs) http://localhost:18888
# Ctrl-C or SIGTERM stops everything this script started (the services keep running).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
# Demo fault injection on the Operations page is on for these hosts (hosts.sh defaults it to off).
PAYORD_FAULT_INJECTION="${PAYORD_FAULT_INJECTION:-true}"
# A host that stops itself to be restarted is started again, as compose's `restart: on-failure` does.
PAYORD_SUPERVISE_HOSTS="${PAYORD_SUPERVISE_HOSTS:-true}"
source scripts/lib/hosts.sh

start_services
create_databases payord_orders payord_payments

if [ ! -d tests/deployment/node_modules ]; then (cd tests/deployment && npm ci --no-audit --no-fund --loglevel=error); fi
if [ ! -d web/node_modules ]; then (cd web && npm ci --no-audit --no-fund --loglevel=error); fi
publish_hosts

# The Aspire dashboard, natively: the NuGet package's self-contained executable (tools/AspireDashboard restores it).
log "restoring the Aspire dashboard (Aspire.Dashboard.Sdk.linux-x64)"
dotnet restore tools/AspireDashboard --verbosity quiet
dashboard_version="$(sed -n 's:.*<AspireDashboardVersion>\(.*\)</AspireDashboardVersion>.*:\1:p' tools/AspireDashboard/AspireDashboard.csproj)"
dashboard_dir="${NUGET_PACKAGES:-$HOME/.nuget/packages}/aspire.dashboard.sdk.linux-x64/$dashboard_version/tools"

web_pid=""
dashboard_pid=""
shutdown() {
  trap - INT TERM EXIT
  log "stopping"
  [ -n "$web_pid" ] && kill "$web_pid" 2>/dev/null || true
  stop_hosts
  [ -n "$dashboard_pid" ] && kill "$dashboard_pid" 2>/dev/null || true
}
trap shutdown INT TERM EXIT

mkdir -p "$PAYORD_ARTIFACTS/logs"
log "starting the Aspire dashboard on http://localhost:18888 (OTLP gRPC :4317, HTTP :4318; log: artifacts/logs/aspire-dashboard.log)"
(cd "$dashboard_dir" && ASPNETCORE_URLS=http://localhost:18888 \
  ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL=http://localhost:4317 \
  ASPIRE_DASHBOARD_OTLP_HTTP_ENDPOINT_URL=http://localhost:4318 \
  ASPIRE_DASHBOARD_UNSECURED_ALLOW_ANONYMOUS=true \
  exec ./Aspire.Dashboard >"$PAYORD_ARTIFACTS/logs/aspire-dashboard.log" 2>&1) &
dashboard_pid=$!
# Both hosts export their traces, metrics and logs to it (unset OTEL_EXPORTER_OTLP_ENDPOINT= to turn it off).
export OTEL_EXPORTER_OTLP_ENDPOINT="${OTEL_EXPORTER_OTLP_ENDPOINT-http://localhost:4317}"
export OTEL_EXPORTER_OTLP_PROTOCOL="${OTEL_EXPORTER_OTLP_PROTOCOL:-grpc}"

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
    Aspire dashboard http://localhost:18888  (traces, metrics and logs of both hosts)
  Host logs: artifacts/logs/. Press Ctrl-C to stop.

MSG
wait -n "${PAYORD_HOST_PIDS[@]}" "$web_pid" || true
