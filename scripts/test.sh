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

# Every test target of every crate (the project has no doctests), then one summary line.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --locked --all-targets 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
set -e
awk '/^test result:/ { for (i = 1; i <= NF; i++) { if ($(i+1) ~ /^passed;?$/) p += $i; if ($(i+1) ~ /^failed;?$/) f += $i } }
     END { printf "tests: %d passed, %d failed\n", p, f }' "$log"
exit "$status"
