#!/usr/bin/env bash
# The whole test suite, from a fresh machine: installs what the tests need
# (Python packages in .venv, Debian's chromium, Neo4j jars from Maven Central),
# starts a real Neo4j server unless NEO4J_URI points at one, runs pytest, and
# stops the server it started. Extra arguments go to pytest.
set -euo pipefail
cd "$(dirname "$0")/.."

venv="${COOPGRAPH_VENV:-.venv}"
if [ ! -x "$venv/bin/python" ]; then
  python3 -m venv "$venv"
fi
"$venv/bin/python" -m pip install -q --upgrade pip
"$venv/bin/python" -m pip install -q -e '.[test]'

# Browser tests drive Debian's Chromium; no browser is ever downloaded.
if [ ! -x /usr/bin/chromium ]; then
  sudo=""; [ "$(id -u)" = 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq chromium >/dev/null
fi

# A real Neo4j server for the store tests (the user's own when NEO4J_URI is set).
if [ -z "${NEO4J_URI:-}" ]; then
  eval "$(bash scripts/neo4j.sh start)"
  export NEO4J_URI NEO4J_USERNAME NEO4J_PASSWORD
  export COOPGRAPH_TEST_NEO4J_STARTED=1
  trap 'bash scripts/neo4j.sh stop >&2 || true' EXIT
fi

"$venv/bin/python" -m pytest "$@"
