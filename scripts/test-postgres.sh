#!/usr/bin/env bash
# Makes a local PostgreSQL server available for the PostgreSQL store tests and prints the URL to
# export as PORTCULLIS_TEST_POSTGRES. Idempotent: starts Debian's cluster if it is down, installs
# the server if it is missing, and creates the test role and database once.
set -euo pipefail
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }
as_postgres() { as_root runuser -u postgres -- "$@"; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  as_root apt-get update -q >&2
  as_root apt-get install -y -q --no-install-recommends postgresql >&2
fi
read -r version cluster port status _ < <(pg_lsclusters -h | head -n 1)
if [ "$status" != "online" ]; then as_root pg_ctlcluster "$version" "$cluster" start >&2; fi
for _ in $(seq 1 30); do pg_isready -q -h 127.0.0.1 -p "$port" && break; sleep 1; done

as_postgres psql -q -p "$port" -v ON_ERROR_STOP=1 <<SQL >&2
do \$\$ begin
  if not exists (select from pg_roles where rolname = 'portcullis') then
    create role portcullis login password 'portcullis' createdb;
  end if;
end \$\$;
SQL
if ! as_postgres psql -p "$port" -tAc "select 1 from pg_database where datname = 'portcullis_test'" | grep -q 1; then
  as_postgres createdb -p "$port" -O portcullis portcullis_test >&2
fi
echo "postgres://portcullis:portcullis@127.0.0.1:${port}/portcullis_test"
