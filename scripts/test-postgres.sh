#!/usr/bin/env bash
# `npm run test:postgres`: the database suites on PostgreSQL (vitest.postgres.config.ts), against a throw-away server.
#   - PostgreSQL's binaries: /usr/lib/postgresql/<version>/bin, else pg_config's; installed with apt when missing
#     (CI: a fresh Debian machine, as root, no sudo).
#   - A new cluster in a temp dir under /tmp, listening on a free port on 127.0.0.1 only (its unix socket in the same
#     dir), tuned for tests (no fsync): it is stopped and deleted whatever happens.
#   - The PostgreSQL schema must be up to date and its Prisma client is generated first.
# TEST_POSTGRES_URL=postgresql://user@host:port/postgres uses that server instead (a role that may create databases).
# Extra arguments go to vitest (e.g. a test file).
set -euo pipefail
cd "$(dirname "$0")/.."
started=$(date +%s)

node scripts/ensure-setup.mjs
node scripts/postgres-schema.mjs --check
node scripts/postgres-client.mjs

find_bin() {
  local dir
  dir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
  if [ -z "$dir" ] && command -v pg_config >/dev/null 2>&1; then dir=$(pg_config --bindir); fi
  if [ -n "$dir" ] && [ -x "$dir/initdb" ] && [ -x "$dir/pg_ctl" ]; then echo "$dir"; fi
}

if [ -z "${TEST_POSTGRES_URL:-}" ]; then
  bin=$(find_bin)
  if [ -z "$bin" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "test-postgres.sh: PostgreSQL is not installed and installing it needs root (apt-get install postgresql)" >&2
      exit 1
    fi
    echo "Installing PostgreSQL (apt)…"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
    bin=$(find_bin)
    [ -n "$bin" ] || { echo "test-postgres.sh: no initdb/pg_ctl after installing postgresql" >&2; exit 1; }
  fi

  cluster=$(mktemp -d /tmp/loyalty-pg.XXXXXX)
  # initdb and the server refuse to run as root: as root, the cluster belongs to the postgres user apt created.
  as_owner=()
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres "$cluster"
    as_owner=(runuser -u postgres --)
  fi
  stop_cluster() {
    "${as_owner[@]}" "$bin/pg_ctl" -D "$cluster/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$cluster"
  }
  trap stop_cluster EXIT
  trap 'exit 130' INT TERM

  port=$(node -e 'const s = require("node:net").createServer(); s.listen(0, "127.0.0.1", () => { console.log(s.address().port); s.close(); });')
  "${as_owner[@]}" "$bin/initdb" -D "$cluster/data" -U postgres -A trust --encoding=UTF8 --locale=C.UTF-8 --no-sync >"$cluster/initdb.log" \
    || { cat "$cluster/initdb.log" >&2; exit 1; }
  if ! "${as_owner[@]}" "$bin/pg_ctl" -D "$cluster/data" -l "$cluster/server.log" -w -t 60 start \
    -o "-p $port -k $cluster -c listen_addresses=127.0.0.1 -c max_connections=300 -c fsync=off -c synchronous_commit=off -c full_page_writes=off" >/dev/null; then
    cat "$cluster/server.log" >&2
    exit 1
  fi
  export TEST_POSTGRES_URL="postgresql://postgres@127.0.0.1:$port/postgres"
  echo "PostgreSQL $("$bin/postgres" --version | awk '{print $NF}') on 127.0.0.1:$port (cluster $cluster)"
fi

status=0
npx vitest run --config vitest.postgres.config.ts "$@" || status=$?
echo "PostgreSQL suite: $([ "$status" -eq 0 ] && echo passed || echo FAILED) in $(( $(date +%s) - started ))s"
exit "$status"
