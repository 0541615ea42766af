"""Web workspace load test: concurrent signed-in sessions browsing a
``coopgraph serve`` process on loopback for a fixed time.

The server is started as a user would (``coopgraph serve DATA``: waitress,
8 threads, Django's default PBKDF2 password hashing), on a copy of the data
and a fresh state directory. Each session signs in through the login form
(CSRF token included), then loops over the pages people use: dashboard (a
national session picks a random territory), a cité page of its territory,
the map page and its map frame, a cité's ties as CSV, the named-query list.
Every response must be 200; any other status or a network error counts as
an error. Results (median and 95th-percentile page times, per page and
overall, requests per second, errors) go to
``benchmarks/results/bench_web.json`` and ``bench_web.md``.

    python benchmarks/bench_web.py [--sessions 20] [--seconds 30] [--data data/sample]
"""

from __future__ import annotations

import argparse
import http.cookiejar
import json
import os
import platform
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
PASSWORD = "une phrase de passe assez longue"


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(q * (len(ordered) - 1))))
    return ordered[k]


class Session:
    """One browser-like session: its own cookies, the pages it may see."""

    def __init__(self, base: str, username: str, cites: list[str], territories: list[str]):
        self.base = base
        self.username = username
        self.cites = cites
        self.territories = territories
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, path: str) -> tuple[int, bytes]:
        try:
            with self.opener.open(self.base + path, timeout=60) as r:
                return r.status, r.read()
        except urllib.error.HTTPError as exc:
            return exc.code, b""

    def login(self) -> None:
        self.get("/login/")
        token = next(c.value for c in self.jar if c.name == "csrftoken")
        body = urllib.parse.urlencode(
            {"username": self.username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode()
        with self.opener.open(self.base + "/login/", body, timeout=60) as r:
            if not r.url.rstrip("/").endswith(self.base.split("//")[1]):
                raise RuntimeError(f"login failed for {self.username}: {r.url}")

    def pages(self, rng: random.Random) -> list[tuple[str, str]]:
        territory = rng.choice(self.territories)
        q = f"?territory={urllib.parse.quote(territory)}" if territory else ""
        cite = rng.choice(self.cites)
        return [
            ("dashboard", "/" + q),
            ("cite", f"/cite/{cite}/"),
            ("map", "/map/" + q),
            ("map frame", "/map/frame/" + q),
            ("ties csv", f"/cite/{cite}/ties.csv"),
            ("queries", "/queries/"),
        ]


def run(sessions: int, seconds: float, data: Path, threads: int) -> dict:
    from coopgraph.io import read_dataset
    from coopgraph.model import Institution
    from coopgraph.web.launch import add_user, environment, running_server

    ds = read_dataset(data)
    crpvs: list[Institution] = [
        k for k in ds.crpvs if any(k.covers(c.region, c.departement) for c in ds.cites)
    ]
    with tempfile.TemporaryDirectory(prefix="bench-web-") as tmp:
        copy = Path(tmp) / "data"
        shutil.copytree(data, copy) if data.is_dir() else shutil.copy(data, copy)
        state = Path(tmp) / "state"
        env = environment("bench-" + "k" * 60)
        plan = []
        for i in range(sessions):
            if i % 4 == 0:
                name, role, territory = f"nat{i}", "national", ""
                cites = [c.id for c in ds.cites]
                territories = ["", *sorted({c.region for c in ds.cites})]
            else:
                k = crpvs[i % len(crpvs)]
                name, role, territory = f"crpv{i}", "crpv", k.id
                cites = [c.id for c in ds.cites if k.covers(c.region, c.departement)]
                territories = [""]
            add_user(state, env, name, PASSWORD, role, territory)
            plan.append((name, cites, territories))
        with running_server(copy, state, env, threads=threads) as base:
            times: dict[str, list[float]] = {}
            errors: list[str] = []
            logins: list[float] = []
            lock = threading.Lock()
            start_barrier = threading.Barrier(sessions)
            stop_at: list[float] = []

            def browse(i: int) -> None:
                name, cites, territories = plan[i]
                s = Session(base, name, cites, territories)
                t0 = time.perf_counter()
                try:
                    s.login()
                except Exception as exc:  # noqa: BLE001 - counted as an error
                    with lock:
                        errors.append(f"{name} login: {exc}")
                    return
                with lock:
                    logins.append(time.perf_counter() - t0)
                start_barrier.wait()
                rng = random.Random(i)
                while time.monotonic() < stop_at[0]:
                    for page, path in s.pages(rng):
                        t = time.perf_counter()
                        try:
                            status, _ = s.get(path)
                        except Exception as exc:  # noqa: BLE001
                            status = f"{type(exc).__name__}"
                        elapsed = time.perf_counter() - t
                        with lock:
                            if status != 200:
                                errors.append(f"{page} {path}: {status}")
                            else:
                                times.setdefault(page, []).append(elapsed)
                        if time.monotonic() >= stop_at[0]:
                            break

            stop_at.append(float("inf"))
            workers = [threading.Thread(target=browse, args=(i,)) for i in range(sessions)]
            for w in workers:
                w.start()
            # the clock starts when every session has signed in
            while len(logins) + len(errors) < sessions:
                time.sleep(0.05)
            began = time.monotonic()
            stop_at[0] = began + seconds
            for w in workers:
                w.join()
            elapsed = time.monotonic() - began
        log_lines = (state / "serve.log").read_text(encoding="utf-8").splitlines()
    every = [t for ts in times.values() for t in ts]
    return {
        "sessions": sessions,
        "seconds": round(elapsed, 1),
        "server_threads": threads,
        "data": str(data.relative_to(ROOT) if data.is_relative_to(ROOT) else data),
        "cites": len(ds.cites),
        "requests": len(every),
        "requests_per_s": round(len(every) / elapsed, 1),
        "errors": len(errors),
        # what the server printed (waitress warns when its task queue is deep)
        "server_log": [line for line in log_lines if "WARNING" in line or "rror" in line][:5],
        "server_log_lines": len(log_lines),
        "error_samples": errors[:10],
        "login_median_ms": round(1000 * statistics.median(logins), 1) if logins else None,
        "median_ms": round(1000 * statistics.median(every), 1),
        "p95_ms": round(1000 * percentile(every, 0.95), 1),
        "pages": {
            page: {
                "n": len(ts),
                "median_ms": round(1000 * statistics.median(ts), 1),
                "p95_ms": round(1000 * percentile(ts, 0.95), 1),
                "max_ms": round(1000 * max(ts), 1),
            }
            for page, ts in sorted(times.items())
        },
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
    }


def markdown(r: dict) -> str:
    lines = [
        "# Web workspace load test (`benchmarks/bench_web.py`)",
        "",
        f"{r['sessions']} signed-in sessions browsing `coopgraph serve {r['data']}` "
        f"({r['cites']} cités; waitress, {r['server_threads']} threads) on loopback for "
        f"{r['seconds']} s; {r['machine']}.",
        "",
        f"**{r['requests']} requests, {r['requests_per_s']} per second, {r['errors']} errors; "
        f"page time median {r['median_ms']} ms, 95th percentile {r['p95_ms']} ms** "
        f"(sign-in through the form: median {r['login_median_ms']} ms, PBKDF2).",
        "",
        "| page | requests | median ms | p95 ms | max ms |",
        "|---|---|---|---|---|",
    ]
    for page, p in r["pages"].items():
        lines.append(f"| {page} | {p['n']} | {p['median_ms']} | {p['p95_ms']} | {p['max_ms']} |")
    if r["error_samples"]:
        lines += ["", "Errors:", "", *[f"- {e}" for e in r["error_samples"]]]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sample")
    args = parser.parse_args(argv)
    result = run(args.sessions, args.seconds, args.data.resolve(), args.threads)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "bench_web.json").write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    (RESULTS / "bench_web.md").write_text(markdown(result), encoding="utf-8")
    print(markdown(result))
    return 1 if result["errors"] else 0


if __name__ == "__main__":
    sys.exit(main())
