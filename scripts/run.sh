#!/usr/bin/env bash
# `make run`: the whole stack on this machine, no configuration needed.
#
# Builds release, starts a throwaway PostgreSQL under .data/postgres when DATABASE_URL is
# unset (reused on the next run), starts identity-service (8081), pacs-service (8042) and
# edge-gateway (8080), waits until all are ready, prints the URLs and credentials, and stops
# everything it started on Ctrl-C or SIGTERM. Any variable set in the environment
# (PUBLIC_URL, IDENTITY_ADMIN_PASSWORD, LOG_FORMAT, …) overrides the defaults below.
# For tests: TESSERA_DATA_DIR (default .data), TESSERA_BUILD_CONFIG (default release),
# TESSERA_SKIP_BUILD=1 (use the binaries already built).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
data=${TESSERA_DATA_DIR:-$root/.data}
build_config=${TESSERA_BUILD_CONFIG:-release}
mkdir -p "$data/logs"
pidfile="$data/run.pid"

if [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; then
  echo "Tessera is already running (make run, pid $(cat "$pidfile")). Stop it with Ctrl-C in its terminal or: kill $(cat "$pidfile")" >&2
  exit 1
fi
for port in "${IDENTITY_PORT:-8081}" "${PACS_PORT:-8042}" "${GATEWAY_PORT:-8080}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is already in use by another program; stop it or set IDENTITY_PORT / PACS_PORT / GATEWAY_PORT." >&2
    exit 1
  fi
done
echo $$ > "$pidfile"

if [ "${TESSERA_SKIP_BUILD:-0}" != 1 ]; then
  echo "==> building ($build_config)"
  for product in identity-service pacs-service edge-gateway; do
    swift build -c "$build_config" --product "$product"
  done
fi
bin=$(swift build -c "$build_config" --show-bin-path)

# A secret generated once and kept under .data/ so restarts keep working.
secret() {
  local file="$data/$1"
  [ -f "$file" ] || python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > "$file"
  chmod 600 "$file"
  cat "$file"
}

started_cluster=0
pids=()
stop_all() {
  trap - INT TERM EXIT
  echo
  echo "==> stopping"
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$started_cluster" = 1 ]; then scripts/postgres-cluster.sh stop "$data/postgres" || true; fi
  rm -f "$pidfile"
  echo "stopped"
}
trap stop_all EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

if [ -z "${DATABASE_URL:-}" ]; then
  echo "==> starting PostgreSQL under $data/postgres"
  DATABASE_URL=$(scripts/postgres-cluster.sh start "$data/postgres")
  started_cluster=1
fi
export DATABASE_URL
export PUBLIC_URL=${PUBLIC_URL:-http://localhost:${GATEWAY_PORT:-8080}}
export IDENTITY_ADMIN_USER=${IDENTITY_ADMIN_USER:-admin}
export IDENTITY_ADMIN_PASSWORD=${IDENTITY_ADMIN_PASSWORD:-$(secret admin-password)}
export PACS_CLIENT_SECRET=${PACS_CLIENT_SECRET:-$(secret pacs-client-secret)}
export GATEWAY_SESSION_SECRET=${GATEWAY_SESSION_SECRET:-$(secret gateway-session-secret)}
export IDENTITY_IMPORT_REALMS=${IDENTITY_IMPORT_REALMS:-$root/deploy/realms/ohif-realm.json}
export LOG_LEVEL=${LOG_LEVEL:-info}

start() {
  local name=$1 port=$2
  shift 2
  env HTTP_PORT="$port" "$@" "$bin/$name" >>"$data/logs/$name.log" 2>&1 &
  pids+=($!)
}
start identity-service "${IDENTITY_PORT:-8081}"
start pacs-service "${PACS_PORT:-8042}" \
  PACS_STORAGE_DIR="${PACS_STORAGE_DIR:-$data/pacs-storage}" \
  PACS_IDENTITY_URLS="${PACS_IDENTITY_URLS:-http://127.0.0.1:${IDENTITY_PORT:-8081}}"
start edge-gateway "${GATEWAY_PORT:-8080}" \
  GATEWAY_IDENTITY_URLS="${GATEWAY_IDENTITY_URLS:-http://127.0.0.1:${IDENTITY_PORT:-8081}}" \
  GATEWAY_PACS_URLS="${GATEWAY_PACS_URLS:-http://127.0.0.1:${PACS_PORT:-8042}}"

echo "==> waiting for the services to be ready"
deadline=$(( $(date +%s) + ${TESSERA_START_TIMEOUT:-90} ))
for port in "${IDENTITY_PORT:-8081}" "${PACS_PORT:-8042}" "${GATEWAY_PORT:-8080}"; do
  until python3 - "$port" <<'PY' 2>/dev/null
import sys, urllib.request
urllib.request.urlopen(f"http://127.0.0.1:{sys.argv[1]}/readyz", timeout=2)
PY
  do
    for pid in "${pids[@]}"; do
      kill -0 "$pid" 2>/dev/null || { echo "a service exited during start-up; see $data/logs/" >&2; tail -n 20 "$data"/logs/*.log >&2; exit 1; }
    done
    [ "$(date +%s)" -lt "$deadline" ] || { echo "services not ready in time; see $data/logs/" >&2; exit 1; }
    sleep 0.5
  done
done

cat <<INFO

Tessera is running.
  Public URL (edge-gateway)  $PUBLIC_URL
  identity-service           http://127.0.0.1:${IDENTITY_PORT:-8081}   (behind the gateway: $PUBLIC_URL/auth)
  pacs-service               http://127.0.0.1:${PACS_PORT:-8042}   (behind the gateway: $PUBLIC_URL/pacs)
  Health                     /healthz  /readyz  /metrics on each service
  Admin user                 $IDENTITY_ADMIN_USER / $IDENTITY_ADMIN_PASSWORD
  pacs client secret         $PACS_CLIENT_SECRET
  PostgreSQL                 $(echo "$DATABASE_URL" | sed -E 's#(://[^:]+:)[^@]+@#\1***@#')$( [ "$started_cluster" = 1 ] && echo "  (password in $data/postgres/.password)")
  Logs                       $data/logs/

Press Ctrl-C to stop.
INFO

# Wait until a service dies or we are signalled.
while true; do
  for pid in "${pids[@]}"; do
    if ! kill -0 "$pid" 2>/dev/null; then
      echo "a service exited unexpectedly; see $data/logs/" >&2
      exit 1
    fi
  done
  sleep 1
done
