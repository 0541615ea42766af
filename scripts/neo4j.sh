#!/usr/bin/env bash
# Run a local, throw-away Neo4j Community server for coopgraph's tests.
#
#   eval "$(scripts/neo4j.sh start)"   # prints NEO4J_URI / NEO4J_USERNAME / NEO4J_PASSWORD
#   scripts/neo4j.sh status            # running or not, and the URI (never the password)
#   scripts/neo4j.sh stop
#
# Only Maven Central is reachable from our machines (no neo4j.com tarball, no
# Docker), so the server is assembled from its Maven artifacts: the jars are
# resolved once into a per-version cache and reused, so later starts never touch
# the network. Everything else (config, data, logs, pid, credentials) lives in a
# runtime dir inside the repo, so several work trees can each run their own server.
#
# `start` prints only the three eval-able lines on stdout (`status` one line
# of state); all progress and diagnostics go to stderr.
set -euo pipefail

# ---- settings (each can be overridden from the environment) ------------------
# The one place the version is pinned: newest 5.26 LTS patch on Maven Central.
NEO4J_VERSION="${NEO4J_VERSION:-5.26.30}"

# 5.26 supports Java 17/21; the calendar-versioned releases (2025.x+) need 21+,
# so pick a matching default JDK unless the caller chose one.
case "$NEO4J_VERSION" in
  5.*) _default_java=/usr/lib/jvm/java-17-openjdk-amd64 ;;
  *)   _default_java=/usr/lib/jvm/temurin-25-jdk-amd64 ;;
esac
JAVA_HOME="${NEO4J_JAVA_HOME:-${JAVA_HOME:-$_default_java}}"

REPO_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CACHE_DIR="${COOPGRAPH_CACHE:-$HOME/.cache/coopgraph}/neo4j-$NEO4J_VERSION"
LIB_DIR="$CACHE_DIR/lib"
RUN_DIR="${NEO4J_RUN_DIR:-$REPO_DIR/.neo4j}"

# The machine has 2 cores / 24 GiB and is shared with the test suite itself.
NEO4J_HEAP="${NEO4J_HEAP:-1g}"
NEO4J_PAGECACHE="${NEO4J_PAGECACHE:-512m}"
NEO4J_START_TIMEOUT="${NEO4J_START_TIMEOUT:-120}"  # seconds until Bolt must answer
NEO4J_STOP_TIMEOUT="${NEO4J_STOP_TIMEOUT:-60}"     # seconds after SIGTERM before SIGKILL

JAVA="$JAVA_HOME/bin/java"
# The project's own interpreter, never whatever python3 is first on the PATH:
# a package found in the system Python would hide a missing install step.
VENV_DIR="${COOPGRAPH_VENV:-$REPO_DIR/.venv}"
case "$VENV_DIR" in /*) ;; *) VENV_DIR="$REPO_DIR/$VENV_DIR" ;; esac
PY="$VENV_DIR/bin/python"
CONF_DIR="$RUN_DIR/conf"
PID_FILE="$RUN_DIR/neo4j.pid"
ENV_FILE="$RUN_DIR/env"
CONSOLE_LOG="$RUN_DIR/logs/console.log"

log() { printf 'neo4j.sh: %s\n' "$*" >&2; }
die() { log "error: $*"; exit 1; }

# -I (isolated mode): no PYTHONPATH, no user site-packages, no current
# directory on sys.path, so only the venv's own packages can be imported.
venv_python() {
  [[ -x "$PY" ]] || die "no project environment at $VENV_DIR: run 'bash scripts/test.sh' once, or 'python3 -m venv .venv && .venv/bin/pip install -e \".[test]\"', then retry"
  "$PY" -I "$@"
}

# ---- jars ---------------------------------------------------------------------
# neo4j-server brings the server/bootstrap code, neo4j the community edition
# (kernel, Cypher, Bolt); copy-dependencies flattens both trees into one lib dir,
# the same layout as the lib/ of the official tarball.
ensure_jars() {
  # The marker is written only after a complete copy, so an interrupted
  # download is redone instead of leaving a half-filled classpath behind.
  if [[ -f "$LIB_DIR/.complete" ]]; then
    return
  fi
  command -v mvn >/dev/null || die "mvn not found (needed once to fetch Neo4j $NEO4J_VERSION)"
  log "resolving Neo4j $NEO4J_VERSION jars from Maven Central into $LIB_DIR (first run only)"
  mkdir -p "$CACHE_DIR"
  cat >"$CACHE_DIR/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>coopgraph.local</groupId>
  <artifactId>neo4j-runtime</artifactId>
  <version>$NEO4J_VERSION</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>org.neo4j.app</groupId>
      <artifactId>neo4j-server</artifactId>
      <version>$NEO4J_VERSION</version>
    </dependency>
    <dependency>
      <groupId>org.neo4j</groupId>
      <artifactId>neo4j</artifactId>
      <version>$NEO4J_VERSION</version>
    </dependency>
  </dependencies>
</project>
EOF
  rm -rf "$LIB_DIR.tmp"
  # Maven's chatter goes to a log (shown only on failure) so stdout stays eval-able.
  if ! JAVA_HOME="$JAVA_HOME" mvn -B -Dstyle.color=never -f "$CACHE_DIR/pom.xml" \
       dependency:copy-dependencies -DincludeScope=runtime \
       -DoutputDirectory="$LIB_DIR.tmp" >"$CACHE_DIR/mvn.log" 2>&1; then
    tail -n 40 "$CACHE_DIR/mvn.log" >&2
    die "could not resolve Neo4j $NEO4J_VERSION from Maven Central (full log: $CACHE_DIR/mvn.log)"
  fi
  rm -rf "$LIB_DIR"
  mv "$LIB_DIR.tmp" "$LIB_DIR"
  touch "$LIB_DIR/.complete"
  log "cached $(find "$LIB_DIR" -name '*.jar' | wc -l) jars ($(du -sh "$LIB_DIR" | cut -f1))"
}

# ---- process helpers ------------------------------------------------------------
# A pid file can outlive its process and the pid be reused, so only trust it
# if that pid is still a Neo4j JVM started from this runtime dir.
running_pid() {
  [[ -f "$PID_FILE" ]] || return 1
  local pid
  pid="$(cat "$PID_FILE")"
  [[ "$pid" =~ ^[0-9]+$ ]] || return 1
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--home-dir=$RUN_DIR " || return 1
  echo "$pid"
}

free_port() {
  # Port 0 lets the kernel choose; there is a tiny window before Neo4j binds it,
  # in which case start fails loudly rather than talk to someone else's server.
  venv_python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'
}

entry_point() {
  # The server main class is renamed between releases (5.x CommunityEntryPoint,
  # 2025+ Neo4jCommunity); bin/neo4j finds it through this service file, so do we.
  venv_python - "$LIB_DIR/neo4j-$NEO4J_VERSION.jar" <<'PY'
import sys, zipfile
svc = "META-INF/services/org.neo4j.server.startup.EntryPoint"
names = zipfile.ZipFile(sys.argv[1]).read(svc).decode().split()
print(next(n for n in names if not n.startswith("#")))
PY
}

java_feature_version() {  # 17, 21, 25, ... from the JDK's release file
  sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$JAVA_HOME/release" 2>/dev/null || true
}

env_value() {  # env_value KEY -> value from the saved env file
  [[ -f "$ENV_FILE" ]] || return 0
  sed -n "s/^$1=//p" "$ENV_FILE" | tail -n 1
}

write_env() {  # write_env PORT PASSWORD
  # umask, not chmod afterwards: the password never sits in a world-readable file.
  (umask 077 && printf 'NEO4J_URI=bolt://127.0.0.1:%s\nNEO4J_USERNAME=neo4j\nNEO4J_PASSWORD=%s\n' \
    "$1" "$2" >"$ENV_FILE.tmp" && mv "$ENV_FILE.tmp" "$ENV_FILE")
}

# ---- config -----------------------------------------------------------------------
write_conf() {  # write_conf BOLT_PORT
  mkdir -p "$CONF_DIR"
  cat >"$CONF_DIR/neo4j.conf" <<EOF
# Generated by scripts/neo4j.sh on each start; edits are overwritten.
server.directories.lib=$LIB_DIR
server.directories.data=$RUN_DIR/data
server.directories.logs=$RUN_DIR/logs
server.directories.plugins=$RUN_DIR/plugins
server.directories.import=$RUN_DIR/import
server.directories.run=$RUN_DIR/run

# Loopback only: nothing here may be reachable from (or talk to) other hosts.
server.default_listen_address=127.0.0.1
server.default_advertised_address=127.0.0.1
server.bolt.enabled=true
server.bolt.listen_address=127.0.0.1:$1
server.bolt.tls_level=DISABLED
# Only Bolt is needed; HTTP(S) and the server-side routing port (7688) would
# each take a fixed port and collide with a second work tree's server.
server.http.enabled=false
server.https.enabled=false
dbms.routing.enabled=false
# No phoning home: outbound traffic is neither possible nor welcome here.
dbms.usage_report.enabled=false

dbms.security.auth_enabled=true

server.memory.heap.initial_size=$NEO4J_HEAP
server.memory.heap.max_size=$NEO4J_HEAP
server.memory.pagecache.size=$NEO4J_PAGECACHE
# Test data is disposable: do not keep days of transaction logs around.
db.tx_log.rotation.retention_policy=1 files
EOF
  # 2025+ servers announce themselves on the LAN for "fleet discovery"; the
  # setting does not exist in 5.x, where strict config validation would refuse it.
  if [[ "$NEO4J_VERSION" != 5.* ]]; then
    echo "server.fleet_discovery.enabled=false" >>"$CONF_DIR/neo4j.conf"
  fi
}

# ---- commands -------------------------------------------------------------------
cmd_start() {
  [[ -x "$JAVA" ]] || die "no java at $JAVA (set NEO4J_JAVA_HOME or JAVA_HOME)"
  venv_python -c 'import sys' # says what to run first when the venv is missing
  venv_python -c 'import neo4j' 2>/dev/null \
    || die "the Neo4j driver is not installed in $VENV_DIR: run 'bash scripts/test.sh' once, or '$PY -m pip install -e \".[test]\"', then retry"
  mkdir -p "$RUN_DIR"
  # Serialise concurrent `start`s so two callers cannot both launch a server.
  exec 9>"$RUN_DIR/.lock"
  flock 9

  local pid
  if pid="$(running_pid)"; then
    log "already running (pid $pid, Neo4j $(cat "$RUN_DIR/version"))"
    cat "$ENV_FILE"
    return
  fi

  # A store written by one Neo4j version may be migrated (one-way) or refused
  # by another, so each version gets its own runtime dir instead.
  if [[ -d "$RUN_DIR/data" && -f "$RUN_DIR/version" && "$(cat "$RUN_DIR/version")" != "$NEO4J_VERSION" ]]; then
    die "$RUN_DIR holds data of Neo4j $(cat "$RUN_DIR/version"); use another NEO4J_RUN_DIR for $NEO4J_VERSION or remove $RUN_DIR"
  fi

  ensure_jars
  # JDK 23+ warns about (and will later block) sun.misc.Unsafe, which Neo4j
  # still uses; the bootloader adds this flag there, so do we.
  local -a jdk_flags=()
  local java_version
  java_version="$(java_feature_version)"
  if (( ${java_version:-0} >= 23 )); then
    jdk_flags+=(--sun-misc-unsafe-memory-access=allow)
  fi
  mkdir -p "$RUN_DIR/logs" "$RUN_DIR/plugins" "$RUN_DIR/import" "$RUN_DIR/run"

  # The initial password can only be set before the system database exists,
  # so a data dir from an earlier run keeps the password saved back then.
  local password port
  password="$(env_value NEO4J_PASSWORD)"
  if [[ -d "$RUN_DIR/data/databases/system" && -z "$password" ]]; then
    die "$RUN_DIR/data exists but its password is lost ($ENV_FILE missing); remove $RUN_DIR/data to start afresh"
  fi
  port="$(free_port)"
  write_conf "$port"
  if [[ ! -d "$RUN_DIR/data/databases/system" ]]; then
    password="$(venv_python -c 'import secrets; print(secrets.token_hex(16))')"
    rm -rf "$RUN_DIR/data"
    # The env file is written first so the password is never lost, even if
    # set-initial-password or the first start fails halfway.
    write_env "$port" "$password"
    log "setting the initial password (neo4j-admin dbms set-initial-password)"
    # `neo4j-admin dbms set-initial-password`: it writes data/dbms/auth.ini,
    # which the system database consumes on its first start. AdminTool is the
    # class bin/neo4j-admin's bootloader (Neo4jAdminCommand) forks into; calling
    # it directly saves a second JVM start (~10 s on a busy 2-core box). The
    # arguments go through a picocli @file so the password never shows in `ps`.
    local argfile="$RUN_DIR/.set-initial-password.args"
    (umask 077 && printf 'dbms\nset-initial-password\n%s\n' "$password" >"$argfile")
    if ! NEO4J_HOME="$RUN_DIR" NEO4J_CONF="$CONF_DIR" \
         "$JAVA" "${jdk_flags[@]}" -cp "$LIB_DIR/*" org.neo4j.cli.AdminTool "@$argfile" >&2; then
      rm -f "$argfile"
      die "set-initial-password failed"
    fi
    rm -f "$argfile"
  fi
  write_env "$port" "$password"

  # This is the command bin/neo4j itself runs (compare `neo4j console
  # --dry-run`), launched directly so we own the pid; the JVM flags are the ones
  # the tarball's default neo4j.conf adds via server.jvm.additional.
  local -a cmd=(
    "$JAVA"
    -Xms"$NEO4J_HEAP" -Xmx"$NEO4J_HEAP"
    -XX:+UseG1GC -XX:-OmitStackTraceInFastThrow -XX:+DisableExplicitGC
    -Djdk.nio.maxCachedBufferSize=1024 -Dio.netty.tryReflectionSetAccessible=true
    --add-opens=java.base/java.nio=ALL-UNNAMED
    --add-opens=java.base/java.io=ALL-UNNAMED
    --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
    --enable-native-access=ALL-UNNAMED
    -Dlog4j2.disable.jmx=true -Dfile.encoding=UTF-8
  )
  cmd+=(
    "${jdk_flags[@]}"
    -cp "$CONF_DIR/*:$LIB_DIR/*"
    "$(entry_point)"
    --home-dir="$RUN_DIR" --config-dir="$CONF_DIR" --console-mode
  )
  log "starting Neo4j $NEO4J_VERSION on bolt://127.0.0.1:$port (java: $JAVA_HOME)"
  # setsid: the server must not die with the calling shell or its Ctrl-C,
  # and must not hold the caller's stdout open (that would hang `$(...)`)
  # nor the start lock (fd 9), or every later `start` would block on it.
  # console.log holds this start only (neo4j.log keeps the history).
  setsid "${cmd[@]}" </dev/null >"$CONSOLE_LOG" 2>&1 9>&- &
  pid=$!
  echo "$pid" >"$PID_FILE"
  echo "$NEO4J_VERSION" >"$RUN_DIR/version"

  # Bolt being open is not enough: the driver handshake + auth proves the
  # system database is up and the password took.
  if ! NEO4J_PID="$pid" NEO4J_URI="bolt://127.0.0.1:$port" NEO4J_PASSWORD="$password" \
       NEO4J_START_TIMEOUT="$NEO4J_START_TIMEOUT" venv_python - >&2 <<'PY'
import os, sys, time
from neo4j import GraphDatabase

pid, uri = int(os.environ["NEO4J_PID"]), os.environ["NEO4J_URI"]
auth = ("neo4j", os.environ["NEO4J_PASSWORD"])
deadline = time.monotonic() + float(os.environ["NEO4J_START_TIMEOUT"])
last = None
while time.monotonic() < deadline:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        sys.exit(f"server process {pid} exited during startup")
    try:
        with GraphDatabase.driver(uri, auth=auth, connection_timeout=2) as driver:
            driver.verify_connectivity()
        sys.exit(0)
    except Exception as exc:  # not up yet: refused, handshake, auth not ready
        last = exc
        time.sleep(0.5)
sys.exit(f"no Bolt answer on {uri} within the timeout; last error: {last!r}")
PY
  then
    log "start failed; last lines of $CONSOLE_LOG:"
    tail -n 30 "$CONSOLE_LOG" >&2 || true
    stop_pid "$pid"
    exit 1
  fi
  log "up (pid $pid) in ${SECONDS}s; logs in $RUN_DIR/logs"
  cat "$ENV_FILE"
}

stop_pid() {  # SIGTERM lets Neo4j checkpoint and close the store; SIGKILL is the last resort
  local pid="$1" waited=0
  kill -TERM "$pid" 2>/dev/null || true
  while kill -0 "$pid" 2>/dev/null; do
    if ((waited >= NEO4J_STOP_TIMEOUT * 2)); then
      log "pid $pid ignored SIGTERM for ${NEO4J_STOP_TIMEOUT}s; sending SIGKILL"
      kill -KILL "$pid" 2>/dev/null || true
      break
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  rm -f "$PID_FILE"
}

cmd_stop() {
  local pid
  if pid="$(running_pid)"; then
    log "stopping pid $pid"
    stop_pid "$pid"
    log "stopped"
  else
    rm -f "$PID_FILE"
    log "not running"
  fi
}

cmd_status() {
  local pid
  if pid="$(running_pid)"; then
    echo "running pid=$pid version=$(cat "$RUN_DIR/version") $(grep '^NEO4J_URI=' "$ENV_FILE")"
  else
    echo "not running"
    return 3  # LSB convention for "program is not running"
  fi
}

case "${1:-}" in
  start) cmd_start ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  *) echo "usage: $0 start|stop|status" >&2; exit 2 ;;
esac
