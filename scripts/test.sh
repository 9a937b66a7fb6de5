#!/usr/bin/env bash
# Runs every OpenCX test: formatting, unit tests, the integration tests against SQLite and
# PostgreSQL, and the browser tests (headless Chromium). PostgreSQL is expected at 127.0.0.1:5432
# with trust auth and a database `test` (override with OPENCX_TEST_POSTGRES_URL); when it is
# installed here but stopped, it is started.
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

# The browser tests (crates/opencx/tests/it/browser.rs) need Chromium, Node.js 20+ and the npm
# packages pinned in tests/browser/package-lock.json. What is missing is installed here; when that
# fails the browser tests fail and say what to run, and the other tests still run.
as_root() { if [ "$(id -u)" = 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo "$@"; else "$@"; fi; }
apt_install() {
  as_root apt-get update -q && as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q "$@"
}
if ! command -v chromium >/dev/null 2>&1; then
  echo "Chromium is missing: installing Debian's chromium package for the browser tests"
  apt_install chromium || echo "warning: could not install chromium; the browser tests will fail"
fi
if ! command -v npm >/dev/null 2>&1; then
  echo "Node.js/npm is missing: installing Debian's nodejs and npm packages for the browser tests"
  apt_install nodejs npm || echo "warning: could not install nodejs and npm; the browser tests will fail"
fi
# npm ci (which empties node_modules first) only when node_modules is missing or the lock file
# changed since the last install; the stamp is a copy of the lock file inside node_modules.
browser=tests/browser
if command -v npm >/dev/null 2>&1 && ! cmp -s "$browser/package-lock.json" "$browser/node_modules/.opencx-installed-lock"; then
  echo "Installing the browser tests' npm packages (npm ci in $browser)"
  if (cd "$browser" && npm ci --no-audit --no-fund); then
    cp "$browser/package-lock.json" "$browser/node_modules/.opencx-installed-lock"
  else
    echo "warning: npm ci failed; the browser tests will fail"
  fi
fi

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
