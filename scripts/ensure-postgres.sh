#!/usr/bin/env bash
# Make sure a local PostgreSQL server runs with a role the test suite may use to create throwaway
# databases. Does nothing when CDHT_TEST_POSTGRES_URL is already set (an external server).
set -euo pipefail
if [ -n "${CDHT_TEST_POSTGRES_URL:-}" ]; then exit 0; fi
if [ "$(id -u)" != 0 ]; then
  echo "error: PostgreSQL for the tests: run as root, or set CDHT_TEST_POSTGRES_URL" >&2
  exit 1
fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q postgresql
fi
version=$(ls /etc/postgresql 2>/dev/null | sort -n | tail -n 1)
if [ -z "$version" ]; then
  version=$(ls /usr/lib/postgresql | sort -n | tail -n 1)
  pg_createcluster "$version" main
fi
if ! pg_lsclusters -h | awk -v v="$version" '$1 == v && $2 == "main" && $4 == "online"' | grep -q .; then
  pg_ctlcluster --skip-systemctl-redirect "$version" main start
fi
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 && break
  sleep 1
done
pg_isready -h 127.0.0.1 >/dev/null || { echo "error: PostgreSQL did not start" >&2; exit 1; }
exists=$(su postgres -c "psql -tAc \"select 1 from pg_roles where rolname = 'cdht_test'\"")
if [ "$exists" != "1" ]; then
  su postgres -c "psql -q -c \"create role cdht_test login createdb password 'cdht_test'\""
fi
# DROP DATABASE ... WITH (FORCE) must also end an autovacuum worker that happens to be in a
# throwaway database; such a worker has no role, so only pg_signal_backend lets the test role end it.
su postgres -c "psql -q -c 'grant pg_signal_backend to cdht_test'"
