#!/usr/bin/env bash
# The benchmark (not a test): creates accounts, fires orders at the running hosts, waits until every order is
# final, checks the books (deposited − paid = balance ≥ 0, nothing pending) and prints orders/s and latencies.
#   scripts/bench.sh [--orders N] [--concurrency C] [--rate R] [--users U] [--idle S] [--warmup W]
# Uses the hosts at ORDERS_URL / PAYMENTS_URL (default :5101 / :5102) if they answer; otherwise starts the
# services and both hosts (Release, as the images publish them) for the run and stops them afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
source scripts/lib/hosts.sh

orders_url="${ORDERS_URL:-http://localhost:5101}"
payments_url="${PAYMENTS_URL:-http://localhost:5102}"

if ! curl -fsS "$orders_url/health/ready" >/dev/null 2>&1 || ! curl -fsS "$payments_url/health/ready" >/dev/null 2>&1; then
  start_services
  create_databases payord_orders payord_payments
  [ -d tests/deployment/node_modules ] || (cd tests/deployment && npm ci --no-audit --no-fund --loglevel=error)
  publish_hosts
  trap stop_hosts EXIT
  start_host payments "${payments_url##*:}" payord_payments /
  start_host orders "${orders_url##*:}" payord_orders /
  wait_until_ready "$payments_url"
  wait_until_ready "$orders_url"
fi

log "building the benchmark"
dotnet build tests/HsePayord.Benchmark -c Release -v q -nologo >/dev/null
dotnet tests/HsePayord.Benchmark/bin/Release/net10.0/HsePayord.Benchmark.dll \
  --orders-url "$orders_url" --payments-url "$payments_url" "$@"
