#!/usr/bin/env bash
# The one test command (README, .ci/run): installs and starts what is missing (PostgreSQL, RabbitMQ,
# Chromium), then runs every test — .NET unit, architecture, integration and crash tests, the static checks
# of docker/, the Postman collection with newman, the contract tests generated from the OpenAPI documents
# (and the lint of the API descriptions), and the web UI's unit and end-to-end tests — against the real
# services. Ends with "Tests: N passed, M failed" (", K skipped" appended only when tests were skipped), the sum of
# the per-suite lines above it, each of which names what its suite counts (tests, assertions, commands).
# A suite fails the run when a test or hook failed, its runner or its results' parser exited non-zero, or it ran
# nothing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -n "${PAYORD_UPDATE_API_DOCS:-}" ]; then
  # With it, the API description tests rewrite their expected documents (and fail): a run meant to check them can't.
  echo "PAYORD_UPDATE_API_DOCS is set: it rewrites docs/openapi and docs/asyncapi.json instead of checking them." >&2
  echo "Unset it to run the tests (see docs/adr/0007-api-descriptions-generated-checked-in-and-tested.md)." >&2
  exit 2
fi
source scripts/lib/services.sh
# Demo fault injection on the Operations page is on for these hosts (hosts.sh defaults it to off).
PAYORD_FAULT_INJECTION="${PAYORD_FAULT_INJECTION:-true}"
# The journey e2e checks that every step links to its trace, so these hosts trace (the SDK, no exporter).
PAYORD_TELEMETRY="${PAYORD_TELEMETRY:-true}"
source scripts/lib/hosts.sh

results_dir="$PAYORD_ARTIFACTS/test-results"
rm -rf "$results_dir" && mkdir -p "$results_dir"
passed=0
failed=0
skipped=0
failed_suites=()

# record SUITE UNIT PASSED FAILED SKIPPED EXIT: a suite fails the run when a test (or hook) failed, when its runner
# exited non-zero, or when it ran no test at all; each such reason counts as one failure if nothing else did.
# UNIT names what the suite counts (tests, assertions, commands), printed beside its figures.
record() {
  local name="$1" unit="$2" suite_passed="$3" suite_failed="$4" suite_skipped="$5" exit_code="$6" notes=()
  if [ "$exit_code" -ne 0 ]; then
    notes+=("runner exited $exit_code")
    if [ "$suite_failed" -eq 0 ]; then suite_failed=1; fi
  fi
  if [ $((suite_passed + suite_failed)) -eq 0 ]; then
    notes+=("no $unit ran")
    suite_failed=1
  fi
  passed=$((passed + suite_passed))
  failed=$((failed + suite_failed))
  skipped=$((skipped + suite_skipped))
  if [ "$suite_failed" -gt 0 ]; then failed_suites+=("$name"); fi
  printf '    %-28s %4d %s passed, %d failed' "$name" "$suite_passed" "$unit" "$suite_failed"
  if [ "$suite_skipped" -gt 0 ]; then printf ', %d skipped' "$suite_skipped"; fi
  if [ "${#notes[@]}" -gt 0 ]; then printf ' (%s)' "$(IFS=','; echo "${notes[*]}")"; fi
  printf '\n'
}

# run_node_suite NAME UNIT DIR PREFIX COMMAND...: runs an npm suite whose last line is
# "PREFIX: N passed, M failed[, K skipped]" (N and M in UNIT); its exit code counts as much as that line.
run_node_suite() {
  local name="$1" unit="$2" dir="$3" prefix="$4"; shift 4
  local output="$results_dir/$name.log" line exit_code suite_skipped=0
  log "$name"
  set +e
  (cd "$dir" && "$@") 2>&1 | tee "$output"
  exit_code=${PIPESTATUS[0]}
  set -e
  line="$(grep -E "^$prefix: [0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?$" "$output" | tail -n1 || true)"
  if [ -z "$line" ]; then
    echo "    no summary line \"$prefix: N passed, M failed\" in the output" >&2
    record "$name" "$unit" 0 1 0 "$exit_code"
    return
  fi
  if [[ "$line" =~ ([0-9]+)\ skipped ]]; then suite_skipped="${BASH_REMATCH[1]}"; fi
  record "$name" "$unit" "$(sed -E 's/.*: ([0-9]+) passed.*/\1/' <<< "$line")" "$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<< "$line")" \
    "$suite_skipped" "$exit_code"
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
# tests/deployment renders deploy/kubernetes offline with `kubectl kustomize`; without it those checks fail, each saying so.
apt_install_missing kubectl || echo "kubectl could not be installed: the Kubernetes checks in tests/deployment will fail" >&2

log "npm ci (tests/deployment, tests/contract, web)"
(cd tests/deployment && npm ci --no-audit --no-fund --loglevel=error)
(cd tests/contract && npm ci --no-audit --no-fund --loglevel=error)
(cd web && npm ci --no-audit --no-fund --loglevel=error)

log ".NET tests (unit, architecture, integration, crash)"
set +e
dotnet test HsePayord.sln -c Release --logger "trx" --results-directory "$results_dir/dotnet" 2>&1 | tee "$results_dir/dotnet.log"
dotnet_exit=${PIPESTATUS[0]}
set -e
# One suite per test project, from its TRX files; a project that left no results is a failure, not 0/0, and so is a
# parser that failed: its lines are read only once it exited 0.
failed_before_dotnet=$failed
set +e
node scripts/lib/trx-summary.mjs "$results_dir/dotnet" tests/*/*.csproj > "$results_dir/dotnet-summary.tsv"
summary_exit=$?
set -e
if [ "$summary_exit" -ne 0 ]; then
  record ".NET (TRX results)" "result files" 0 1 0 "$summary_exit"
else
  while IFS=$'\t' read -r project project_passed project_failed project_skipped; do
    record ".NET $project" tests "$project_passed" "$project_failed" "$project_skipped" 0
  done < "$results_dir/dotnet-summary.tsv"
fi
if [ "$dotnet_exit" -ne 0 ] && [ "$failed" -eq "$failed_before_dotnet" ]; then
  record ".NET (dotnet test)" tests 0 0 0 "$dotnet_exit"
fi

run_node_suite "deployment (static)" tests tests/deployment deployment npm test
run_node_suite "web unit" tests web web-unit npm test

# The Postman collection and the browser tests run against the hosts as the images build them: the host
# Dockerfile's own restore/publish lines for each host's build, run natively, so an image build cannot fail on a
# wrong path.
log "Dockerfile publish commands (native)"
publish_count="$(node tests/deployment/dockerfile-publish-commands.mjs | grep -c .)"
if publish_hosts; then
  record "Dockerfile publish (native)" commands "$publish_count" 0 0 0
else
  record "Dockerfile publish (native)" commands 0 "$publish_count" 0 1
fi
run_node_suite "published hosts" tests tests/deployment published node run-tests.mjs published
create_databases "payord_orders_e2e$suffix" "payord_payments_e2e$suffix"
trap stop_hosts EXIT
start_host payments "$payments_port" "payord_payments_e2e$suffix" "payord_e2e$suffix"
start_host orders "$orders_port" "payord_orders_e2e$suffix" "payord_e2e$suffix"
wait_until_ready "http://localhost:$payments_port"
wait_until_ready "http://localhost:$orders_port"
export ORDERS_URL="http://localhost:$orders_port" PAYMENTS_URL="http://localhost:$payments_port"
export PORT="$((port_base - 2010))" # the web end-to-end suite serves the app here (3100 by default)
run_node_suite "postman (newman)" assertions tests/deployment postman npm run --silent postman -- --env local
run_node_suite "contract (OpenAPI, AsyncAPI)" checks tests/contract contract npm test --silent
run_node_suite "web end-to-end" tests web web-e2e npm run --silent test:e2e
stop_hosts

skipped_note=""
if [ "$skipped" -gt 0 ]; then skipped_note=", $skipped skipped"; fi
echo
if [ "${#failed_suites[@]}" -gt 0 ]; then
  echo "Failed suites: $(IFS=','; echo "${failed_suites[*]}" | sed 's/,/, /g') (logs in artifacts/test-results/)"
fi
echo "Tests: $passed passed, $failed failed${skipped_note}"
[ "$failed" -eq 0 ]
