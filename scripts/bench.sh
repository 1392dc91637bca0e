#!/usr/bin/env bash
# The benchmark (not a test): creates accounts, fires orders at the running hosts, waits until every order is
# final, checks the books (deposited − paid = balance ≥ 0, nothing pending) and prints orders/s, latencies, CPU
# milliseconds per settled order of every process (hosts, PostgreSQL, RabbitMQ, the client), the hosts' RSS,
# table sizes before and after, and the machine's database ceiling (pgbench). docs/performance.md explains it all.
#   scripts/bench.sh [--orders N] [--concurrency C] [--rate R] [--users U] [--idle S] [--warmup W]
#                    [--duration S [--interval I]]   a sustained run: R orders/s for S seconds, figures per I s (60)
#                    [--cold]                        restart the hosts first; time to ready and the first order
#                    [--no-pgbench]                  skip the 10 s pgbench run
# Uses the hosts at ORDERS_URL / PAYMENTS_URL (default :5101 / :5102) if they answer; otherwise starts the
# services and both hosts (Release, as the images publish them) for the run and stops them afterwards.
# PAYORD_BENCH_INSTANCE=x gives the hosts it starts their own databases (payord_orders_x, payord_payments_x,
# payord_pgbench_x) and RabbitMQ vhost (payord_bench_x), so two runs on other ports do not collide.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
source scripts/lib/hosts.sh

orders_url="${ORDERS_URL:-http://localhost:5101}"
payments_url="${PAYMENTS_URL:-http://localhost:5102}"
instance="${PAYORD_BENCH_INSTANCE:-}"
orders_db="payord_orders${instance:+_$instance}"
payments_db="payord_payments${instance:+_$instance}"
pgbench_db="payord_pgbench${instance:+_$instance}"
vhost="${instance:+payord_bench_$instance}"
vhost="${vhost:-/}"
database() { echo "Host=localhost;Port=5432;Database=$1;Username=$PAYORD_DB_USER;Password=$PAYORD_DB_PASSWORD;SSL Mode=Disable"; }

cold=false
pgbench=true
client_args=()
for arg in "$@"; do
  case "$arg" in
    --cold) cold=true; client_args+=("$arg") ;;
    --no-pgbench) pgbench=false ;;
    *) client_args+=("$arg") ;;
  esac
done

hosts_answer() {
  curl -fsS "$orders_url/health/ready" >/dev/null 2>&1 && curl -fsS "$payments_url/health/ready" >/dev/null 2>&1
}

milliseconds_now() { echo $(($(date +%s%N) / 1000000)); }

# start_and_time NAME URL DATABASE: starts a host; ready_ms = ms from its start to the first /health/ready 200.
ready_ms=
start_and_time() {
  local name="$1" url="$2" database="$3" started
  started="$(milliseconds_now)"
  start_host "$name" "${url##*:}" "$database" "$vhost"
  for _ in $(seq 6000); do
    if curl -fsS -o /dev/null --max-time 1 "$url/health/ready" 2>/dev/null; then
      ready_ms=$(($(milliseconds_now) - started))
      return 0
    fi
    sleep 0.01
  done
  echo "$url did not become ready" >&2
  return 1
}

started_here=false
if ! hosts_answer; then
  start_services
  create_databases "$orders_db" "$payments_db"
  [ "$vhost" = / ] || create_vhosts "$vhost"
  [ -d tests/deployment/node_modules ] || (cd tests/deployment && npm ci --no-audit --no-fund --loglevel=error)
  publish_hosts
  trap stop_hosts EXIT
  start_host payments "${payments_url##*:}" "$payments_db" "$vhost"
  start_host orders "${orders_url##*:}" "$orders_db" "$vhost"
  wait_until_ready "$payments_url"
  wait_until_ready "$orders_url"
  started_here=true
elif $cold; then
  echo "--cold restarts the hosts, so bench.sh must start them itself: stop the hosts answering on" \
       "$orders_url and $payments_url, or point ORDERS_URL / PAYMENTS_URL at free ports." >&2
  exit 2
fi

log "building the benchmark"
dotnet build tests/HsePayord.Benchmark -c Release -v q -nologo >/dev/null

# The machine's database ceiling: fsync'd single-row updates, as many as PostgreSQL commits per second here.
if $pgbench; then
  pgbench_bin="$(command -v pgbench || ls /usr/lib/postgresql/*/bin/pgbench 2>/dev/null | sort -V | tail -n1 || true)"
  if [ -z "$pgbench_bin" ]; then
    log "pgbench not found; skipping the database ceiling"
  else
    pgbench_setup="scale 1, 4 clients, 10 s"
    log "pgbench simple-update on $pgbench_db ($pgbench_setup)"
    create_databases "$pgbench_db"
    export PGPASSWORD="$PAYORD_DB_PASSWORD" PGSSLMODE=disable
    pgbench_connection=(-h localhost -p 5432 -U "$PAYORD_DB_USER" "$pgbench_db")
    "$pgbench_bin" -i -s 1 -q "${pgbench_connection[@]}" >/dev/null 2>&1
    pgbench_tps="$("$pgbench_bin" -b simple-update -c 4 -j 2 -T 10 "${pgbench_connection[@]}" 2>/dev/null |
      sed -n 's/^tps = \([0-9.]*\) .*/\1/p' | tail -n1)"
    if [ -n "$pgbench_tps" ]; then
      echo "    $pgbench_tps transactions/s"
      client_args+=(--pgbench-tps "$pgbench_tps" --pgbench-setup "$pgbench_setup")
    else
      log "pgbench printed no tps; skipping the database ceiling"
    fi
  fi
fi

if $cold; then
  log "restarting the hosts for a cold start"
  stop_hosts
  start_and_time payments "$payments_url" "$payments_db"
  client_args+=(--payments-ready-ms "$ready_ms")
  start_and_time orders "$orders_url" "$orders_db"
  client_args+=(--orders-ready-ms "$ready_ms")
fi

if $started_here; then
  # start_host appends in start order: payments, then orders.
  client_args+=(--payments-pid "${PAYORD_HOST_PIDS[0]}" --orders-pid "${PAYORD_HOST_PIDS[1]}")
fi

dotnet tests/HsePayord.Benchmark/bin/Release/net10.0/HsePayord.Benchmark.dll \
  --orders-url "$orders_url" --payments-url "$payments_url" \
  --orders-db "$(database "$orders_db")" --payments-db "$(database "$payments_db")" "${client_args[@]}"
