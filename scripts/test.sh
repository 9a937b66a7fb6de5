#!/usr/bin/env bash
# Runs every OpenCX test: formatting, unit tests, and the integration tests against SQLite and
# PostgreSQL. PostgreSQL is expected at 127.0.0.1:5432 with trust auth and a database `test`
# (override with OPENCX_TEST_POSTGRES_URL); when it is installed here but stopped, it is started.
# The PostgreSQL tests fail, never skip, when the server cannot be reached.
set -euo pipefail
cd "$(dirname "$0")/.."

pg_url="${OPENCX_TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/test}"
if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -h 127.0.0.1 -p 5432 -q; then
  echo "PostgreSQL is not answering on 127.0.0.1:5432; trying to start it"
  if command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
    done
  fi
  for _ in $(seq 1 30); do pg_isready -h 127.0.0.1 -p 5432 -q && break; sleep 1; done
fi
export OPENCX_TEST_POSTGRES_URL="$pg_url"

cargo fmt --all -- --check
cargo test --workspace --locked
