#!/usr/bin/env bash
# PostgreSQL 15 (bookworm) + pgvector 0.8 built from Debian trixie's source package,
# a role and database for the hub's API suite. Idempotent.
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive

if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ ! -d /usr/include/postgresql/15/server ]; then
  apt-get install -y -qq --no-install-recommends postgresql postgresql-contrib postgresql-server-dev-15 \
    build-essential ca-certificates >/dev/null
fi

# pgvector: bookworm has no package; build trixie's source against PG 15 (about 30 s).
if [ ! -f /usr/share/postgresql/15/extension/vector.control ]; then
  src=/etc/apt/sources.list.d/trixie-src.sources
  if [ ! -f "$src" ]; then
    printf 'Types: deb-src\nURIs: http://deb.debian.org/debian\nSuites: trixie\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' >"$src"
    apt-get update -qq -o Dir::Etc::sourcelist="$src" -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 >/dev/null
  fi
  work=$(mktemp -d)
  (
    cd "$work"
    apt-get source -qq --download-only pgvector >/dev/null
    dpkg-source -x --no-check pgvector_*.dsc pgvector >/dev/null
    cd pgvector
    make -s PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config OPTFLAGS="" >/dev/null
    make -s PG_CONFIG=/usr/lib/postgresql/15/bin/pg_config install >/dev/null
  )
  rm -rf "$work"
fi

pg_ctlcluster 15 main start 2>/dev/null || true
for _ in $(seq 1 30); do
  pg_isready -q -h 127.0.0.1 -p 5432 && break
  sleep 1
done
runuser -u postgres -- psql -q -v ON_ERROR_STOP=1 <<'SQL'
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'weft') THEN
    CREATE ROLE weft LOGIN PASSWORD 'weft' CREATEDB;
  END IF;
END $$;
SQL
if ! runuser -u postgres -- psql -tAc "SELECT 1 FROM pg_database WHERE datname = 'weft_test'" | grep -q 1; then
  runuser -u postgres -- createdb -O weft weft_test
fi
# Extensions need superuser to create; do it once here so the hub (role weft) finds them.
runuser -u postgres -- psql -q -d weft_test -c 'CREATE EXTENSION IF NOT EXISTS pg_trgm'
if [ -f /usr/share/postgresql/15/extension/vector.control ]; then
  runuser -u postgres -- psql -q -d weft_test -c 'CREATE EXTENSION IF NOT EXISTS vector'
fi
