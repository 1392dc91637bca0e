#!/usr/bin/env bash
# Publishes and starts the two hosts as the containers do, natively. Sourced by the scripts that need them.

PAYORD_ARTIFACTS="${PAYORD_ARTIFACTS:-$PWD/artifacts}"
PAYORD_HOST_PIDS=()
# Operations page sign-in of the hosts started here (local defaults, documented in docs/operations.md) and demo fault
# injection (off unless the caller turns it on: run-local.sh and test.sh do).
PAYORD_OPERATOR_USER="${PAYORD_OPERATOR_USER:-operator}"
PAYORD_OPERATOR_PASSWORD="${PAYORD_OPERATOR_PASSWORD:-operator}"
PAYORD_VIEWER_USER="${PAYORD_VIEWER_USER:-viewer}"
PAYORD_VIEWER_PASSWORD="${PAYORD_VIEWER_PASSWORD:-viewer}"
PAYORD_FAULT_INJECTION="${PAYORD_FAULT_INJECTION:-false}"
# Tracing without an exporter (off unless the caller turns it on: test.sh does, for the journey's trace links); with
# OTEL_EXPORTER_OTLP_ENDPOINT set the hosts trace and export anyway.
PAYORD_TELEMETRY="${PAYORD_TELEMETRY:-false}"

# Publishes with the exact `dotnet restore`/`dotnet publish` lines of docker/host.Dockerfile, once per host with the
# build arguments compose.yaml gives it (into $PAYORD_ARTIFACTS/publish/<service>), so a wrong path there fails here too.
publish_hosts() {
  log "publishing the hosts (the host Dockerfile's own publish commands, run natively)"
  local commands failed=0
  commands="$(node tests/deployment/dockerfile-publish-commands.mjs --with-restore --output-root "$PAYORD_ARTIFACTS/publish")"
  while IFS= read -r command; do
    [ -n "$command" ] || continue
    echo "    $command"
    bash -c "$command" >/dev/null || { echo "    FAILED: $command" >&2; failed=1; }
  done <<< "$commands"
  return "$failed"
}

# start_host NAME PORT DATABASE VHOST: runs artifacts/publish/NAME in the background. With PAYORD_SUPERVISE_HOSTS=true
# (run-local.sh) a host that exits with 75, having stopped itself to be started again (HostExit.RestartRequested, e.g.
# its broker connection would not recover), is started again, as compose's `restart: on-failure` does.
start_host() {
  local name="$1" port="$2" database="$3" vhost="$4" dll log_file
  local module; module="$(tr '[:lower:]' '[:upper:]' <<< "${name:0:1}")${name:1}"
  dll="$(ls "$PAYORD_ARTIFACTS/publish/$name"/HsePayord.Hosts.*.dll | head -n1)"
  mkdir -p "$PAYORD_ARTIFACTS/logs"
  log_file="$PAYORD_ARTIFACTS/logs/$name-$port.log"
  log "starting the $module host on http://localhost:$port (log: artifacts/logs/$name-$port.log)"
  : >"$log_file"
  if [ "${PAYORD_SUPERVISE_HOSTS:-false}" = true ]; then
    (supervise run_host "$module" "$port" "$database" "$vhost" "$dll") >>"$log_file" 2>&1 &
  else
    run_host "$module" "$port" "$database" "$vhost" "$dll" >"$log_file" 2>&1 &
  fi
  PAYORD_HOST_PIDS+=("$!")
}

# supervise COMMAND...: runs COMMAND in the background and again each time it exits with 75, the code a host exits
# with when it stopped itself to be started again; returns with any other exit code. TERM or INT stops COMMAND and
# ends the (sub)shell, so run it in one: (supervise ...) &.
supervise() {
  local child="" code
  trap '[ -n "$child" ] && kill -TERM "$child" 2>/dev/null; wait "$child"; exit 0' TERM INT
  while :; do
    "$@" &
    child=$!
    wait "$child" && return 0
    code=$?
    [ "$code" -eq 75 ] || return "$code"
    log "exited with 75 (it stopped itself to be restarted); starting it again: $*"
  done
}

# run_host MODULE PORT DATABASE VHOST DLL &: replaces its (background) subshell with the host, so $! is the host's own
# pid (bench.sh reads its CPU time from /proc). It runs from its publish directory, as the images run it (WORKDIR /app):
# the content root is where appsettings.json is, so its log levels apply, and no file watcher looks at the working tree.
run_host() {
  local module="$1" port="$2" database="$3" vhost="$4" dll="$5"
  cd "$(dirname "$dll")" && exec env ASPNETCORE_URLS="http://localhost:$port" \
    "ConnectionStrings__$module=Host=localhost;Port=5432;Database=$database;Username=$PAYORD_DB_USER;Password=$PAYORD_DB_PASSWORD;Maximum Pool Size=10;SSL Mode=Disable" \
    "ConnectionStrings__RabbitMq=amqp://guest:guest@localhost:5672/${vhost#/}" \
    "Operations__Users__${PAYORD_OPERATOR_USER}__Password=$PAYORD_OPERATOR_PASSWORD" \
    "Operations__Users__${PAYORD_OPERATOR_USER}__Role=operator" \
    "Operations__Users__${PAYORD_VIEWER_USER}__Password=$PAYORD_VIEWER_PASSWORD" \
    "Operations__Users__${PAYORD_VIEWER_USER}__Role=viewer" \
    "Operations__FaultInjection=$PAYORD_FAULT_INJECTION" \
    "Telemetry__Enabled=$PAYORD_TELEMETRY" \
    dotnet "$dll"
}

wait_until_ready() {
  local url="$1"
  for _ in $(seq 120); do
    if curl -fsS "$url/health/ready" >/dev/null 2>&1; then return 0; fi
    sleep 0.5
  done
  echo "$url did not become ready" >&2
  return 1
}

stop_hosts() {
  for pid in "${PAYORD_HOST_PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PAYORD_HOST_PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  PAYORD_HOST_PIDS=()
}
