#!/usr/bin/env bash
# Installs PostgreSQL from the Debian packages, starts it, and creates the database and user the
# recovery store's PostgreSQL tests use. Prints the environment to export, e.g.
#   eval "$(.ci/postgres-setup.sh)"
#   mvn -B verify          # RecoveryStoreTest now also runs against PostgreSQL
# Needs root (apt-get, pg_ctlcluster). Safe to run again: it reuses what already exists.
# Everything but the export lines goes to stderr.
set -euo pipefail

DB="${WAXWING_PG_DB:-waxwing}"
USER_NAME="${WAXWING_PG_USER:-waxwing}"
PASSWORD="${WAXWING_PG_PASSWORD:-waxwing}"
PORT="${WAXWING_PG_PORT:-5432}"

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(pg_lsclusters -h 2>/dev/null)" ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update >&2
  apt-get install -y postgresql >&2
fi

read -r VERSION CLUSTER CLUSTER_PORT STATUS _ < <(pg_lsclusters -h | head -n 1)
if [ "$CLUSTER_PORT" != "$PORT" ]; then
  echo "postgres-setup: cluster $VERSION/$CLUSTER listens on $CLUSTER_PORT, using that port" >&2
  PORT="$CLUSTER_PORT"
fi
if [ "$STATUS" != "online" ]; then
  pg_ctlcluster "$VERSION" "$CLUSTER" start >&2
fi

for _ in $(seq 1 30); do
  if su postgres -c "pg_isready -q -p $PORT"; then
    break
  fi
  sleep 1
done
su postgres -c "pg_isready -p $PORT" >&2

psql_admin() {
  su postgres -c "psql -p $PORT -v ON_ERROR_STOP=1 -qtAc \"$1\""
}

if [ "$(psql_admin "SELECT 1 FROM pg_roles WHERE rolname = '$USER_NAME'")" != "1" ]; then
  psql_admin "CREATE ROLE $USER_NAME LOGIN PASSWORD '$PASSWORD'" >&2
fi
if [ "$(psql_admin "SELECT 1 FROM pg_database WHERE datname = '$DB'")" != "1" ]; then
  psql_admin "CREATE DATABASE $DB OWNER $USER_NAME" >&2
fi

echo "export WAXWING_TEST_POSTGRES_URL=jdbc:postgresql://localhost:$PORT/$DB"
echo "export WAXWING_TEST_POSTGRES_USER=$USER_NAME"
echo "export WAXWING_TEST_POSTGRES_PASSWORD=$PASSWORD"
