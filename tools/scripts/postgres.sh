#!/usr/bin/env bash
# Installs (Debian packages) and starts a local PostgreSQL for the gateway's shared-outbox tests, then prints the
# connection URL on stdout. Idempotent: reuses an installed/running cluster. Listens on 127.0.0.1 only.
set -euo pipefail
log() { echo "[postgres] $*" >&2; }
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  log "installing postgresql from Debian packages"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq postgresql >&2
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -q "^$version main$"; then
  pg_createcluster "$version" main >&2
fi
port=$(pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $3}')
if ! pg_lsclusters -h | awk -v v="$version" '$1==v && $2=="main" {print $4}' | grep -q online; then
  log "starting cluster $version/main on port $port"
  pg_ctlcluster "$version" main start -- -o "-c listen_addresses=127.0.0.1" >&2 || pg_ctlcluster "$version" main start >&2
fi
for _ in $(seq 1 30); do
  runuser -u postgres -- pg_isready -q -p "$port" && break
  sleep 1
done
runuser -u postgres -- psql -q -p "$port" -d postgres -v ON_ERROR_STOP=1 >&2 <<SQL
DO \$\$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'its') THEN CREATE ROLE its LOGIN PASSWORD 'its' CREATEDB; END IF;
END \$\$;
SQL
if ! runuser -u postgres -- psql -tA -p "$port" -d postgres -c "SELECT 1 FROM pg_database WHERE datname='its_test'" | grep -q 1; then
  runuser -u postgres -- createdb -p "$port" -O its its_test >&2
fi
echo "postgres://its:its@127.0.0.1:$port/its_test"
