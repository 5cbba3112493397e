#!/usr/bin/env bash
# Throwaway PostgreSQL cluster for `make run` and `make test`.
#
#   scripts/postgres-cluster.sh start DIR   initdb DIR (first time), start it on a free port,
#                                           print the DATABASE_URL of its superuser
#   scripts/postgres-cluster.sh stop DIR    stop it (fast shutdown)
#   scripts/postgres-cluster.sh url DIR     print the URL of a running cluster
#
# The cluster listens on 127.0.0.1 only, trusts no one without a password, and keeps its
# superuser password in DIR/.password. Run as root, it runs PostgreSQL as the `postgres`
# system user (PostgreSQL refuses to run as root).
set -euo pipefail

command=${1:?usage: $0 start|stop|url DIR}
dir=${2:?usage: $0 start|stop|url DIR}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
data="$dir/pgdata"
# The real data directory (DIR/pgdata may be a symlink that `postgres` cannot follow).
pgdir() { readlink -f "$data"; }

pg_bin() {
  local candidate
  for candidate in /usr/lib/postgresql/*/bin; do
    [ -x "$candidate/pg_ctl" ] && { echo "$candidate"; return; }
  done
  command -v pg_ctl >/dev/null && { dirname "$(command -v pg_ctl)"; return; }
  echo "PostgreSQL server binaries not found (apt-get install postgresql)" >&2
  exit 1
}
bin=$(pg_bin)

as_owner() {
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()'
}

url() {
  local port password
  port=$(cat "$dir/.port")
  password=$(cat "$dir/.password")
  echo "postgres://tessera:${password}@127.0.0.1:${port}/tessera?sslmode=disable"
}

running() {
  [ -f "$data/postmaster.pid" ] && as_owner "$bin/pg_ctl" -D "$(pgdir)" status >/dev/null 2>&1
}

# As root, PostgreSQL runs as `postgres`, which must reach the data directory. When a
# parent folder is private (e.g. a checkout under /root), the data lives under
# /var/tmp/tessera-postgres/ and DIR/pgdata is a symlink to it.
place_data() {
  [ "$(id -u)" = 0 ] || return 0
  [ -e "$data" ] && return 0
  if runuser -u postgres -- test -x "$dir" 2>/dev/null; then
    chown postgres "$dir"
    return 0
  fi
  local elsewhere
  elsewhere="/var/tmp/tessera-postgres/$(printf '%s' "$dir" | sha1sum | cut -c1-16)"
  mkdir -p "$elsewhere"
  chmod 755 /var/tmp/tessera-postgres
  chown postgres "$elsewhere"
  ln -s "$elsewhere" "$data"
}

case "$command" in
start)
  place_data
  if [ ! -f "$data/PG_VERSION" ]; then
    password=$(python3 -c 'import secrets; print(secrets.token_urlsafe(18))')
    printf '%s' "$password" > "$dir/.password"
    chmod 600 "$dir/.password"
    pwfile=$(mktemp /tmp/tessera-pw.XXXXXX)
    printf '%s\n' "$password" > "$pwfile"
    if [ "$(id -u)" = 0 ]; then chown postgres "$pwfile"; fi
    as_owner "$bin/initdb" -D "$(pgdir)" -U tessera --pwfile="$pwfile" -A scram-sha-256 -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 \
      || { cat "$dir/initdb.log" >&2; exit 1; }
    rm -f "$pwfile"
  fi
  if running; then url; exit 0; fi
  # Keep the previous port when it is still free, so a restarted cluster keeps its URL.
  port=$(cat "$dir/.port" 2>/dev/null || true)
  if [ -z "$port" ] || (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
    port=$(free_port)
  fi
  echo "$port" > "$dir/.port"
  as_owner "$bin/pg_ctl" -D "$(pgdir)" -l "$(pgdir)/server.log" -w -t 60 \
    -o "-c listen_addresses=127.0.0.1 -p $port -k /tmp -c max_connections=300 -c fsync=on -c shared_buffers=128MB" start >/dev/null \
    || { tail -20 "$data/server.log" >&2; exit 1; }
  if ! PGPASSWORD=$(cat "$dir/.password") "$bin/psql" -h 127.0.0.1 -p "$port" -U tessera -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname='tessera'" | grep -q 1; then
    PGPASSWORD=$(cat "$dir/.password") "$bin/psql" -h 127.0.0.1 -p "$port" -U tessera -d postgres -qc "CREATE DATABASE tessera"
  fi
  url
  ;;
stop)
  if running; then as_owner "$bin/pg_ctl" -D "$(pgdir)" -m fast -w stop >/dev/null; fi
  ;;
url)
  running || { echo "no cluster running in $dir" >&2; exit 1; }
  url
  ;;
*)
  echo "usage: $0 start|stop|url DIR" >&2; exit 2
  ;;
esac
