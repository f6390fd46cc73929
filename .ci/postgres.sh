#!/usr/bin/env bash
# Start a throwaway PostgreSQL on 127.0.0.1 for the store tests and print the URL as shell exports.
#
#   eval "$(.ci/postgres.sh)"            # installs the Debian package if missing, starts, creates the db
#   .venv/bin/pytest tests/store         # the PostgreSQL cases now run (FACTDESK_REQUIRE_PG=1: they must)
#   .ci/postgres.sh stop                 # stop the server (the data folder is kept for the next start)
#
# Settings (environment): FACTDESK_PG_DIR (default /tmp/factdesk-pg), FACTDESK_PG_PORT (default 54329).
# Only the export lines go to stdout; progress goes to stderr. Under GitHub Actions the URL is also
# appended to $GITHUB_ENV.
set -euo pipefail

dir=${FACTDESK_PG_DIR:-/tmp/factdesk-pg}
port=${FACTDESK_PG_PORT:-54329}
db=factdesk_test
user=factdesk

log() { echo "postgres.sh: $*" >&2; }
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

bindir() { ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1; }

if [ -z "$(bindir)" ]; then
    log "installing PostgreSQL (Debian package)"
    as_root apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi
bin=$(bindir)

# initdb refuses to run as root: the server runs as the package's postgres user then.
if [ "$(id -u)" = 0 ]; then
    owner=postgres
    run() { runuser -u postgres -- "$@"; }
else
    owner=$(id -un)
    run() { "$@"; }
fi

if [ "${1:-start}" = stop ]; then
    if [ -f "$dir/data/postmaster.pid" ]; then run "$bin/pg_ctl" -D "$dir/data" -m fast -w stop >&2; fi
    exit 0
fi

mkdir -p "$dir"
chown "$owner" "$dir"
chmod 700 "$dir"
if [ ! -f "$dir/password" ]; then
    # A real password, so that the tests also exercise password masking in messages.
    head -c 16 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$dir/password"
    chown "$owner" "$dir/password"
    chmod 600 "$dir/password"
fi
password=$(cat "$dir/password")

if [ ! -f "$dir/data/PG_VERSION" ]; then
    log "initdb in $dir/data"
    run "$bin/initdb" -D "$dir/data" -U "$user" --pwfile="$dir/password" --auth=scram-sha-256 \
        --encoding=UTF8 --locale=C.UTF-8 >&2
fi

if ! run "$bin/pg_ctl" -D "$dir/data" status >/dev/null 2>&1; then
    log "starting on 127.0.0.1:$port"
    run "$bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories=$dir -c fsync=off" start >&2
fi

export PGPASSWORD=$password
if ! "$bin/psql" -h 127.0.0.1 -p "$port" -U "$user" -d postgres -tAc "select 1 from pg_database where datname='$db'" \
    | grep -q 1; then
    "$bin/createdb" -h 127.0.0.1 -p "$port" -U "$user" "$db"
    log "created database $db"
fi

url="postgresql+psycopg://$user:$password@127.0.0.1:$port/$db"
echo "export FACTDESK_TEST_PG_URL='$url'"
if [ -n "${GITHUB_ENV:-}" ]; then echo "FACTDESK_TEST_PG_URL=$url" >>"$GITHUB_ENV"; fi
log "ready: postgresql+psycopg://$user:***@127.0.0.1:$port/$db"
