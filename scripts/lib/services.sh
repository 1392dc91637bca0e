#!/usr/bin/env bash
# Installs (if missing) and starts the local PostgreSQL and RabbitMQ the hosts and tests use.
# Idempotent: where the services already run, it only makes sure role, databases and vhosts exist.
# Sourced by scripts/test.sh, scripts/run-local.sh and scripts/bench.sh.

PAYORD_DB_USER="${PAYORD_DB_USER:-payord}"
PAYORD_DB_PASSWORD="${PAYORD_DB_PASSWORD:-payord}"
PAYORD_PG_MAX_CONNECTIONS="${PAYORD_PG_MAX_CONNECTIONS:-300}"

log() { printf '\033[1;34m==>\033[0m %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

apt_install_missing() {
  local missing=()
  for pkg in "$@"; do
    dpkg -s "$pkg" >/dev/null 2>&1 || missing+=("$pkg")
  done
  if [ "${#missing[@]}" -gt 0 ]; then
    log "installing ${missing[*]} (apt)"
    as_root apt-get update -qq
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq "${missing[@]}" >/dev/null
  fi
}

wait_for() {
  local what="$1" tries="$2"; shift 2
  for _ in $(seq "$tries"); do
    if "$@" >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  echo "timed out waiting for $what" >&2
  return 1
}

start_postgres() {
  apt_install_missing postgresql postgresql-client
  local version cluster_conf
  version="$(ls /etc/postgresql | sort -V | tail -n1)"
  cluster_conf="/etc/postgresql/$version/main/postgresql.conf"
  # The default of 100 connections is too few for two hosts under load (each has EF Core's
  # and Wolverine's pools); fsync stays on: durability is what this system demonstrates.
  if ! grep -q "^max_connections = $PAYORD_PG_MAX_CONNECTIONS" "$cluster_conf"; then
    log "setting PostgreSQL max_connections = $PAYORD_PG_MAX_CONNECTIONS"
    as_root sed -i "s/^#\?max_connections = .*/max_connections = $PAYORD_PG_MAX_CONNECTIONS/" "$cluster_conf"
    as_root pg_ctlcluster "$version" main restart >/dev/null 2>&1 || true
  fi
  if ! pg_isready -q -h localhost; then
    log "starting PostgreSQL $version"
    as_root pg_ctlcluster "$version" main start
  fi
  wait_for "PostgreSQL" 60 pg_isready -h localhost
  as_root su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname = '$PAYORD_DB_USER'\"" | grep -q 1 || {
    log "creating role $PAYORD_DB_USER"
    as_root su postgres -c "psql -qc \"CREATE ROLE $PAYORD_DB_USER LOGIN CREATEDB PASSWORD '$PAYORD_DB_PASSWORD'\""
  }
}

create_databases() {
  for db in "$@"; do
    as_root su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname = '$db'\"" | grep -q 1 || {
      log "creating database $db"
      as_root su postgres -c "createdb -O $PAYORD_DB_USER $db"
    }
  done
}

rabbitmq_running() { as_root rabbitmqctl -q status >/dev/null 2>&1; }

start_rabbitmq() {
  apt_install_missing rabbitmq-server
  if ! rabbitmq_running; then
    log "starting RabbitMQ"
    if command -v systemctl >/dev/null && systemctl is-system-running >/dev/null 2>&1; then
      as_root systemctl start rabbitmq-server
    else
      as_root sh -c 'rabbitmq-server -detached >/dev/null 2>&1 || service rabbitmq-server start >/dev/null 2>&1'
    fi
    wait_for "RabbitMQ" 90 as_root rabbitmqctl -q await_startup
  fi
  if ! as_root rabbitmq-plugins -q list -e -m | grep -q '^rabbitmq_management$'; then
    log "enabling the RabbitMQ management UI (http://localhost:15672)"
    as_root rabbitmq-plugins -q enable rabbitmq_management >/dev/null
  fi
}

create_vhosts() {
  for vhost in "$@"; do
    as_root rabbitmqctl -q list_vhosts | grep -qx "$vhost" || {
      log "creating RabbitMQ vhost $vhost"
      as_root rabbitmqctl -q add_vhost "$vhost"
      as_root rabbitmqctl -q set_permissions -p "$vhost" guest '.*' '.*' '.*'
    }
  done
}

start_services() {
  apt_install_missing curl ca-certificates
  start_postgres
  start_rabbitmq
}
