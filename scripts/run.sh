#!/usr/bin/env bash
# `make run`: the whole stack on this machine, no configuration needed.
#
# Builds release (scripts/release-build.sh: static, as in the image), starts a throwaway PostgreSQL under .data/postgres when DATABASE_URL is
# unset (reused on the next run), starts identity-service (8081), pacs-service (8042) and
# edge-gateway (8080), waits until all are ready, prints the URLs and credentials, and stops
# everything it started on Ctrl-C or SIGTERM. The gateway serves the pinned OHIF Viewer
# build (fetched once by scripts/fetch-viewer.sh). A service that dies is restarted.
# Any variable set in the environment (PUBLIC_URL, IDENTITY_ADMIN_PASSWORD, LOG_FORMAT, …)
# overrides the defaults below; PACS_REPLICAS=N starts N archive replicas on consecutive
# ports from PACS_PORT behind the gateway.
# For tests: TESSERA_DATA_DIR (default .data), TESSERA_BUILD_CONFIG (default release),
# TESSERA_SKIP_BUILD=1 (use the binaries already built; TESSERA_BIN_DIR names their directory), TESSERA_VIEWER_DIR (where the
# viewer is unpacked; default $TESSERA_DATA_DIR/viewer).
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
replicas=${PACS_REPLICAS:-1}
[[ "$replicas" =~ ^[1-9][0-9]?$ ]] || { echo "PACS_REPLICAS must be a number from 1 to 99 (got '$replicas')" >&2; exit 2; }
for port in "${IDENTITY_PORT:-8081}" $(seq "${PACS_PORT:-8042}" $((${PACS_PORT:-8042} + replicas - 1))) "${GATEWAY_PORT:-8080}"; do
  if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    echo "Port $port is already in use by another program; stop it or set IDENTITY_PORT / PACS_PORT / GATEWAY_PORT (PACS_REPLICAS uses consecutive ports from PACS_PORT)." >&2
    exit 1
  fi
done
echo $$ > "$pidfile"

if [ "${TESSERA_SKIP_BUILD:-0}" != 1 ]; then
  echo "==> building ($build_config)"
  if [ "$build_config" = release ]; then
    scripts/release-build.sh
  else
    for product in identity-service pacs-service edge-gateway; do
      swift build -c "$build_config" --product "$product"
    done
  fi
fi
if [ "$build_config" = release ]; then
  bin=${TESSERA_BIN_DIR:-$(scripts/release-build.sh --bin-path)}
else
  bin=${TESSERA_BIN_DIR:-$(swift build -c "$build_config" --show-bin-path)}
fi

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
  # SIGINT: the whole stack stops, so no replica needs SIGTERM's drain phase (SHUTDOWN_DRAIN).
  for pid in "${pids[@]}"; do kill -INT "$pid" 2>/dev/null || true; done
  for pid in "${pids[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ "$started_cluster" = 1 ]; then scripts/postgres-cluster.sh stop "$data/postgres" || true; fi
  rm -f "$pidfile" "$data"/pids/*.pid
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

# The viewer: the pinned OHIF v3 build, fetched once into .data/viewer (checksum verified).
if [ -z "${GATEWAY_VIEWER_ROOT:-}" ]; then
  echo "==> OHIF Viewer"
  if GATEWAY_VIEWER_ROOT=$(scripts/fetch-viewer.sh "${TESSERA_VIEWER_DIR:-$data/viewer}"); then
    export GATEWAY_VIEWER_ROOT GATEWAY_VIEWER_ASSET_PREFIXES=${GATEWAY_VIEWER_ASSET_PREFIXES:-/ohif}
  else
    echo "warning: could not fetch the OHIF Viewer (offline?); the gateway shows a landing page at /" >&2
    unset GATEWAY_VIEWER_ROOT
  fi
fi

# Every process we start: its executable, log name, port and extra environment. A process
# that dies is restarted (like compose's restart policy); its pid is in $data/pids/.
mkdir -p "$data/pids"
names=() executables=() ports=() environments=()
add() { # name executable port [VAR=value ...]
  names+=("$1"); executables+=("$2"); ports+=("$3")
  local IFS=$'\n'; environments+=("${*:4}")
}
launch() { # index
  local i=$1 extra=()
  [ -n "${environments[$i]}" ] && mapfile -t extra <<<"${environments[$i]}"
  env HTTP_PORT="${ports[$i]}" "${extra[@]}" "$bin/${executables[$i]}" >>"$data/logs/${names[$i]}.log" 2>&1 &
  pids[$i]=$!
  echo "${pids[$i]}" > "$data/pids/${names[$i]}.pid"
}

identity_port=${IDENTITY_PORT:-8081}
pacs_port=${PACS_PORT:-8042}
add identity-service identity-service "$identity_port"
pacs_urls=()
for ((r = 1; r <= replicas; r++)); do
  name=pacs-service; [ "$replicas" -gt 1 ] && name=pacs-service-$r
  port=$((pacs_port + r - 1))
  add "$name" pacs-service "$port" \
    PACS_STORAGE_DIR="${PACS_STORAGE_DIR:-$data/pacs-storage}" \
    PACS_IDENTITY_URLS="${PACS_IDENTITY_URLS:-http://127.0.0.1:$identity_port}"
  pacs_urls+=("http://127.0.0.1:$port")
done
add edge-gateway edge-gateway "${GATEWAY_PORT:-8080}" \
  GATEWAY_IDENTITY_URLS="${GATEWAY_IDENTITY_URLS:-http://127.0.0.1:$identity_port}" \
  GATEWAY_PACS_URLS="${GATEWAY_PACS_URLS:-$(IFS=,; echo "${pacs_urls[*]}")}"
for i in "${!names[@]}"; do launch "$i"; done

echo "==> waiting for the services to be ready"
deadline=$(( $(date +%s) + ${TESSERA_START_TIMEOUT:-90} ))
for port in "${ports[@]}"; do
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

viewer_line="$PUBLIC_URL/   (sign in with a user of realm ohif)"
[ -n "${GATEWAY_VIEWER_ROOT:-}" ] || viewer_line="not installed (see the warning above); landing page at $PUBLIC_URL/"
cat <<INFO

Tessera is running.
  OHIF Viewer                $viewer_line
  Admin console              $PUBLIC_URL/auth/admin/   (user $IDENTITY_ADMIN_USER / $IDENTITY_ADMIN_PASSWORD)
  Archive admin (pacs-admin) $PUBLIC_URL/pacs-admin/
  DICOMweb (Bearer token)    $PUBLIC_URL/pacs/dicom-web
  identity-service           http://127.0.0.1:$identity_port   (behind the gateway: $PUBLIC_URL/auth)
  pacs-service               $(IFS=' '; echo "${pacs_urls[*]}")   (behind the gateway: $PUBLIC_URL/pacs)
  Health                     /healthz  /readyz  /metrics on each service
  Admin user                 $IDENTITY_ADMIN_USER / $IDENTITY_ADMIN_PASSWORD
  pacs client secret         $PACS_CLIENT_SECRET
  PostgreSQL                 $(echo "$DATABASE_URL" | sed -E 's#(://[^:]+:)[^@]+@#\1***@#')$( [ "$started_cluster" = 1 ] && echo "  (password in $data/postgres/.password)")
  Logs                       $data/logs/

Press Ctrl-C to stop.
INFO

# Supervise: restart a process that died (at most once per 5 s each) until we are signalled.
last_restart=()
while true; do
  for i in "${!names[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      code=0; wait "${pids[$i]}" 2>/dev/null || code=$?
      now=$(date +%s)
      if [ $((now - ${last_restart[$i]:-0})) -lt 5 ]; then continue; fi
      last_restart[$i]=$now
      echo "$(date +%T) ${names[$i]} exited ($code); restarting it (log: $data/logs/${names[$i]}.log)" >&2
      launch "$i"
    fi
  done
  sleep 1
done
