#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need
# (Python packages in .venv, Debian's chromium and Pango, Neo4j jars from Maven Central),
# starts a real Neo4j server unless NEO4J_URI points at one, runs pytest, and
# stops the server it started. Extra arguments go to pytest.
#
# Everything runs with the project's own environment (.venv), never with a
# package that happens to be installed in the system Python.
# COOPGRAPH_SKIP_INSTALL=1 skips the install steps (an offline re-run).
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${COOPGRAPH_VENV:-.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
if [ "${COOPGRAPH_SKIP_INSTALL:-0}" != 1 ]; then
  "$venv/bin/python" -m pip install -q --upgrade pip
  "$venv/bin/python" -m pip install -q -e '.[dev]'
fi

# Browser tests drive Debian's Chromium; no browser is ever downloaded.
if [ ! -x /usr/bin/chromium ] && [ "${COOPGRAPH_SKIP_INSTALL:-0}" != 1 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# The PDF note (WeasyPrint) needs Debian's Pango and HarfBuzz libraries (grep reads
# all of ldconfig's output: with pipefail, grep -q could fail the pipe by SIGPIPE).
if ! ldconfig -p 2>/dev/null | grep 'libpangoft2-1.0.so.0' >/dev/null && [ "${COOPGRAPH_SKIP_INSTALL:-0}" != 1 ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq \
    libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 >/dev/null
fi

# A real Neo4j server for the store tests (the user's own when NEO4J_URI is set).
# The assignment (not `eval "$(...)"`) makes a failed start stop this script.
if [ -z "${NEO4J_URI:-}" ]; then
  trap 'COOPGRAPH_VENV="$venv" bash scripts/neo4j.sh stop >&2 || true' EXIT
  server_env="$(COOPGRAPH_VENV="$venv" bash scripts/neo4j.sh start)"
  eval "$server_env"
  if [ -z "${NEO4J_URI:-}" ]; then
    echo "test.sh: error: scripts/neo4j.sh start gave no NEO4J_URI" >&2
    exit 1
  fi
  export NEO4J_URI NEO4J_USERNAME NEO4J_PASSWORD
  export COOPGRAPH_TEST_NEO4J_STARTED=1
fi

# Static checks first: lint, formatting and types, with the venv's own tools.
"$venv/bin/ruff" check .
"$venv/bin/ruff" format --check .
"$venv/bin/mypy"

"$venv/bin/python" -m pytest "$@"
