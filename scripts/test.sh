#!/usr/bin/env bash
# The one test command (README, .ci/run): installs and starts what is missing (PostgreSQL, RabbitMQ,
# Chromium), then runs every test — .NET unit, architecture and integration tests, the static checks
# of docker/, the Postman collection with newman, and the web UI's unit and end-to-end tests — against
# the real services. Ends with "Tests: N passed, M failed".
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/lib/services.sh
# Demo fault injection on the Operations page is on for these hosts (hosts.sh defaults it to off).
PAYORD_FAULT_INJECTION="${PAYORD_FAULT_INJECTION:-true}"
source scripts/lib/hosts.sh

results_dir="$PAYORD_ARTIFACTS/test-results"
rm -rf "$results_dir" && mkdir -p "$results_dir"
passed=0
failed=0
failed_suites=()

# record SUITE PASSED FAILED
record() {
  passed=$((passed + $2))
  failed=$((failed + $3))
  if [ "$3" -gt 0 ]; then failed_suites+=("$1"); fi
  printf '    %-28s %4d passed, %d failed\n' "$1" "$2" "$3"
}

# run_node_suite NAME DIR PREFIX COMMAND...: runs an npm suite whose last line is "PREFIX: N passed, M failed".
run_node_suite() {
  local name="$1" dir="$2" prefix="$3"; shift 3
  local output="$results_dir/$name.log" line
  log "$name"
  set +e
  (cd "$dir" && "$@") 2>&1 | tee "$output"
  set -e
  line="$(grep -E "^$prefix: [0-9]+ passed, [0-9]+ failed" "$output" | tail -n1 || true)"
  if [ -z "$line" ]; then
    record "$name" 0 1
  else
    record "$name" "$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<< "$line")" "$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<< "$line")"
  fi
}

# PAYORD_TEST_INSTANCE keeps two runs on one machine apart: own databases, vhosts and host ports.
instance="${PAYORD_TEST_INSTANCE:-}"
suffix="${instance:+_$instance}"
port_base="${PAYORD_TEST_PORT_BASE:-5110}"
orders_port=$((port_base + 1))
payments_port=$((port_base + 2))

log "services"
start_services
create_vhosts "payord_test$suffix" "payord_e2e$suffix"
apt_install_missing chromium

log "npm ci (tests/deployment, web)"
(cd tests/deployment && npm ci --no-audit --no-fund --loglevel=error)
(cd web && npm ci --no-audit --no-fund --loglevel=error)

log ".NET tests (unit, architecture, integration)"
set +e
dotnet test HsePayord.sln -c Release --logger "trx" --results-directory "$results_dir/dotnet" 2>&1 | tee "$results_dir/dotnet.log"
dotnet_exit=${PIPESTATUS[0]}
set -e
read -r dotnet_passed dotnet_failed < <(python3 - "$results_dir/dotnet" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
ns = {"t": "http://microsoft.com/schemas/VisualStudio/TeamTest/2010"}
passed = failed = 0
for path in glob.glob(sys.argv[1] + "/*.trx"):
    counters = ET.parse(path).getroot().find("t:ResultSummary/t:Counters", ns)
    passed += int(counters.get("passed"))
    failed += int(counters.get("failed")) + int(counters.get("error")) + int(counters.get("timeout")) + int(counters.get("aborted"))
print(passed, failed)
PY
)
if [ "$dotnet_exit" -ne 0 ] && [ "$dotnet_failed" -eq 0 ]; then dotnet_failed=1; fi
record ".NET" "$dotnet_passed" "$dotnet_failed"

run_node_suite "deployment (static)" tests/deployment deployment npm test
run_node_suite "web unit" web web-unit npm test

# The Postman collection and the browser tests run against the hosts as the images build them: each
# Dockerfile's own restore/publish lines, run natively, so an image build cannot fail on a wrong path.
log "Dockerfile publish commands (native)"
publish_count="$(node tests/deployment/dockerfile-publish-commands.mjs | grep -c .)"
if publish_hosts; then record "Dockerfile publish (native)" "$publish_count" 0; else record "Dockerfile publish (native)" 0 "$publish_count"; fi
create_databases "payord_orders_e2e$suffix" "payord_payments_e2e$suffix"
trap stop_hosts EXIT
start_host payments "$payments_port" "payord_payments_e2e$suffix" "payord_e2e$suffix"
start_host orders "$orders_port" "payord_orders_e2e$suffix" "payord_e2e$suffix"
wait_until_ready "http://localhost:$payments_port"
wait_until_ready "http://localhost:$orders_port"
export ORDERS_URL="http://localhost:$orders_port" PAYMENTS_URL="http://localhost:$payments_port"
export PORT="$((port_base - 2010))" # the web end-to-end suite serves the app here (3100 by default)
run_node_suite "postman (newman)" tests/deployment postman npm run --silent postman -- --env local
run_node_suite "web end-to-end" web web-e2e npm run --silent test:e2e
stop_hosts

echo
if [ "${#failed_suites[@]}" -gt 0 ]; then
  echo "Failed suites: ${failed_suites[*]} (logs in artifacts/test-results/)"
fi
echo "Tests: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
