"""Start ``coopgraph serve`` as a separate process on loopback and create
its accounts, as a user would: shared by the browser tests, the load
benchmark and the README screenshot."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

CLI = [sys.executable, "-c", "from coopgraph.cli import main; main()"]


def free_port() -> int:
    """A TCP port free on 127.0.0.1 right now."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def environment(secret_key: str) -> dict[str, str]:
    """This process's environment without Neo4j settings (the workspace
    reads the files), with a Django secret key."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("NEO4J_")}
    env["COOPGRAPH_SECRET_KEY"] = secret_key
    return env


def add_user(
    state: Path, env: dict[str, str], username: str, password: str, role: str, territory: str = ""
) -> None:
    """``coopgraph users add`` with the password on standard input."""
    extra = ["--territory", territory] if territory else []
    subprocess.run(
        [
            *CLI,
            "users",
            "--state",
            str(state),
            "add",
            username,
            "--role",
            role,
            *extra,
            "--password-stdin",
        ],
        input=password + "\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )


@contextmanager
def running_server(
    data: Path, state: Path, env: dict[str, str], *, threads: int = 8, timeout_s: float = 120
) -> Iterator[str]:
    """``coopgraph serve DATA`` on a free loopback port until the block
    ends; yields its base URL. The server's output goes to
    ``STATE/serve.log`` (a pipe nobody reads would fill up and stop it)."""
    port = free_port()
    Path(state).mkdir(parents=True, exist_ok=True)
    log_path = Path(state) / "serve.log"
    log = open(log_path, "w", encoding="utf-8")  # noqa: SIM115 - closed below
    proc = subprocess.Popen(
        [
            *CLI,
            "serve",
            str(data),
            "--state",
            str(state),
            "--port",
            str(port),
            "--threads",
            str(threads),
        ],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        text=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + timeout_s
        while True:
            try:
                urllib.request.urlopen(base + "/login/", timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    proc.kill()
                    output = log_path.read_text(encoding="utf-8")
                    raise RuntimeError(f"coopgraph serve did not start: {output}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
