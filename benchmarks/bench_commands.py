"""Time and peak memory of every command of ``coopgraph --help`` at national
scale (issue 15: every command finishes within the 4 GB memory budget and
10 minutes, or refuses up front with the option that makes it feasible).

Generates ``coopgraph generate`` defaults once (250 cités, 20,000 actors,
5,000 meetings, 200,000 attendance rows), then runs each command on it,
one at a time, as ``/usr/bin/time -v timeout 600 coopgraph ...``: the peak
resident set size is GNU time's "Maximum resident set size" (which covers
the command, a grandchild, since ``timeout`` waits for it), the time is the
wall clock. A refusal (exit code 6) is followed by a run with the option
its message suggests, so that the suggestion is measured too. The list of
commands is read from ``coopgraph --help``; a command without a case is
reported, not skipped silently. ``load`` and ``query`` need a Neo4j server
(``NEO4J_URI``, ``NEO4J_USERNAME``, ``NEO4J_PASSWORD``, e.g. from
``scripts/neo4j.sh start``); ``serve`` is started, signed in to, asked for
the national dashboard and map page, then stopped.

    .venv/bin/python benchmarks/bench_commands.py            # ~25 minutes
    .venv/bin/python benchmarks/bench_commands.py dedupe brokers   # only these

Writes ``benchmarks/results/commands.json`` and ``commands.md`` (a partial
run replaces the rows it measured).
"""

from __future__ import annotations

import csv
import http.cookiejar
import json
import os
import platform
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
COOPGRAPH = str(Path(sys.executable).parent / "coopgraph")
BUDGET_MB = 4 * 1024
LIMIT_S = 600
ANCT = Path(__file__).resolve().parents[2] / "shared" / "data" / "cites"
PASSWORD = "une phrase de passe assez longue"


@dataclass
class Case:
    name: str
    args: list[str]
    stdin: str | None = None
    # when the command refuses (exit 6), run it again with the suggested
    # --max-attendance and record that run too
    follow_suggestion: bool = False
    needs: str | None = None  # "neo4j"
    env: dict[str, str] = field(default_factory=dict)


def parse_time_v(stderr: str) -> tuple[int | None, float | None]:
    """Peak RSS (MB) and wall seconds from ``/usr/bin/time -v``."""
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", stderr)
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): ([\d:.]+)", stderr)
    seconds = None
    if wall:
        seconds = 0.0
        for part in wall.group(1).split(":"):
            seconds = seconds * 60 + float(part)
    return (round(int(rss.group(1)) / 1024) if rss else None), seconds


def error_line(stderr: str) -> str | None:
    lines = [x for x in stderr.splitlines() if x.startswith(("error:", "erreur :"))]
    return lines[-1] if lines else None


def run(case: Case, cwd: Path, env: dict[str, str]) -> dict:
    cmd = ["/usr/bin/time", "-v", "timeout", str(LIMIT_S), COOPGRAPH, *case.args]
    with open(cwd / "stdout.txt", "w", encoding="utf-8") as out:
        done = subprocess.run(
            cmd,
            cwd=cwd,
            env={**env, **case.env},
            input=case.stdin,
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
        )
    peak, seconds = parse_time_v(done.stderr)
    return {
        "command": case.name,
        "args": case.args,
        "rc": done.returncode,
        "seconds": None if seconds is None else round(seconds, 1),
        "peak_mb": peak,
        "message": error_line(done.stderr),
        "timed_out": done.returncode == 124,
    }


def suggestion(message: str | None) -> str | None:
    found = re.search(r"--max-attendance (\d+)", message or "")
    return found.group(1) if found else None


def signin_sheet(gen: Path, path: Path, known: int = 400, new: int = 100) -> None:
    """A national sign-in sheet: ``known`` generated actors (names in
    another order and case, their organisation's name) and ``new`` people."""
    with open(gen / "institutions.csv", encoding="utf-8", newline="") as fh:
        names = {r["institution_id"]: r["name"] for r in csv.DictReader(fh)}
    with open(gen / "actors.csv", encoding="utf-8", newline="") as fh:
        actors = list(csv.DictReader(fh))
    rows = []
    for a in actors[:: max(len(actors) // known, 1)][:known]:
        first, _, last = a["name"].partition(" ")
        rows.append([last.upper(), first, names.get(a["institution_id"], ""), "", "", ""])
    for i in range(new):
        rows.append([f"NOUVEAU{i:03d}", "Camille", "Association nouvelle", "", "", ""])
    with open(path, "w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, delimiter=";")
        writer.writerow(["Nom", "Prénom", "Structure", "Fonction", "Commune", "Courriel"])
        writer.writerows(rows)


def cases(gen: Path, work: Path) -> list[Case]:
    g = str(gen)
    anct = sorted(ANCT.glob("*.geojson"))
    organiser = next(
        r["institution_id"]
        for r in csv.DictReader(open(gen / "institutions.csv", encoding="utf-8", newline=""))
        if r["kind"] == "crpv"
    )
    out = [
        Case("validate", ["validate", g]),
        Case("template --cites", ["template", "modele.xlsx", "--cites", g]),
        Case(
            "import-cites (ANCT 2024 GeoJSON)",
            ["import-cites", str(anct[-1]) if anct else "missing.geojson", "--out", "cites"],
        ),
        Case(
            "import-attendance (500-row sign-in sheet)",
            ["import-attendance", "emargement.csv", "--into", str(work / "GEN-import")]
            + ["--title", "Plénière", "--date", "2024-03-12", "--scale", "national"]
            + ["--organiser", organiser],
        ),
        Case("dedupe", ["dedupe", str(work / "GEN-dedupe")]),
        Case("report", ["report", g, "--out", "report"]),
        Case("note --region 28", ["note", g, "--region", "28", "--out", "note.pdf"]),
        Case("isolated", ["isolated", g]),
        Case("bridges", ["bridges", g]),
        Case("communities", ["communities", g]),
        Case("density", ["density", g]),
        Case("waves", ["waves", g]),
        Case("compare", ["compare", g, "--period", ":2021-12-31", "--period", "2022-01-01:"]),
        Case("suggest", ["suggest", g]),
        Case(
            "plan-clusters",
            ["plan-clusters", g, "--min-size", "2", "--format", "json", "--out", "clubs.json"],
        ),
        Case("simulate", ["simulate", g, "--clubs", "clubs.json"]),
        Case("brokers", ["brokers", g]),
        Case("brokers --level actor", ["brokers", g, "--level", "actor"], follow_suggestion=True),
    ]
    for view in ("cites", "institutions", "regions", "actors"):
        out.append(Case(f"map --view {view}", ["map", g, "--view", view, "--out", f"{view}.html"]))
    out.append(
        Case(
            "map --view actors --aggregate none",
            ["map", g, "--view", "actors", "--aggregate", "none", "--out", "a.html"],
            follow_suggestion=True,
        )
    )
    for view in ("cites", "institutions", "regions"):
        out.append(
            Case(f"export --view {view}", ["export", g, "--view", view, "--out", f"{view}.graphml"])
        )
    out.append(
        Case(
            "export --view actors",
            ["export", g, "--view", "actors", "--out", "actors.graphml"],
            follow_suggestion=True,
        )
    )
    out += [
        Case("load --replace", ["load", g, "--replace"], needs="neo4j"),
        Case("query --list", ["query", "--list"], needs="neo4j"),
        Case("query isolated_cites", ["query", "isolated_cites"], needs="neo4j"),
        Case(
            "users add",
            ["users", "--state", "state", "add", "bench", "--role", "national", "--password-stdin"],
            stdin=PASSWORD + "\n",
        ),
        Case("users list", ["users", "--state", "state", "list"]),
    ]
    return out


def serve(gen: Path, work: Path, env: dict[str, str]) -> dict:
    """Start ``coopgraph serve`` on the national data, sign in, ask for the
    national dashboard and map page, stop it; its peak memory and the time
    from start to the last page."""
    from coopgraph.web.launch import free_port

    port = free_port()
    cmd = ["/usr/bin/time", "-v", "timeout", str(LIMIT_S), COOPGRAPH, "serve", str(gen)]
    cmd += ["--state", "state", "--port", str(port)]
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        cmd, cwd=work, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    base = f"http://127.0.0.1:{port}"
    jar = http.cookiejar.CookieJar()
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))

    def get(path: str, body: bytes | None = None) -> int:
        try:
            with opener.open(base + path, body, timeout=LIMIT_S) as r:
                r.read()
                return r.status
        except urllib.error.HTTPError as exc:
            return exc.code

    pages: dict[str, float] = {}
    note = None
    try:
        while True:
            try:
                get("/login/")
                break
            except OSError:
                if proc.poll() is not None or time.perf_counter() - t0 > LIMIT_S:
                    raise RuntimeError("the server did not start") from None
                time.sleep(0.5)
        pages["ready"] = time.perf_counter() - t0
        token = next(c.value for c in jar if c.name == "csrftoken")
        form = {"username": "bench", "password": PASSWORD, "csrfmiddlewaretoken": token}
        t = time.perf_counter()
        status = get("/login/", urllib.parse.urlencode(form).encode())  # then the dashboard
        pages["sign-in and dashboard"] = time.perf_counter() - t
        for page, path in (("dashboard", "/"), ("map", "/map/"), ("map frame", "/map/frame/")):
            t = time.perf_counter()
            status = get(path)
            pages[page] = time.perf_counter() - t
            if status != 200:
                note = f"{page}: HTTP {status}"
    except Exception as exc:  # noqa: BLE001 - recorded in the table
        note = f"{type(exc).__name__}: {exc}"
    finally:
        total = time.perf_counter() - t0
        # SIGTERM to the child of time (timeout), which passes it on to the
        # server; time -v then reports
        subprocess.run(["pkill", "-TERM", "-P", str(proc.pid)], check=False)
        _, stderr = proc.communicate(timeout=60)
    peak, _ = parse_time_v(stderr)
    return {
        "command": "serve (start, sign in, national dashboard and map)",
        "args": ["serve", str(gen)],
        "rc": 0 if note is None else 1,
        "seconds": round(total, 1),
        "peak_mb": peak,
        "message": note,
        "timed_out": False,
        "pages_s": {k: round(v, 2) for k, v in pages.items()},
    }


def help_commands(env: dict[str, str]) -> list[str]:
    text = subprocess.run(
        [COOPGRAPH, "--help"], capture_output=True, text=True, env=env, check=True
    ).stdout
    section = text.split("Commands:", 1)[1]
    return [
        line.split()[0] for line in section.splitlines() if line.startswith("  ") and line.split()
    ]


def markdown(record: dict) -> str:
    rows = record["results"]
    over = [
        r
        for r in rows
        if (r["peak_mb"] or 0) > BUDGET_MB or (r["seconds"] or 0) > LIMIT_S or r["timed_out"]
    ]
    measured = [r for r in rows if r["seconds"] is not None]
    lines = [
        "# Time and peak memory of every command at national scale",
        "",
        f"{record['data']}; {record['date']}, {record['machine']}. Each command alone, "
        f"`/usr/bin/time -v timeout {LIMIT_S} coopgraph ...` (peak RSS: GNU time's maximum "
        "resident set size; time: wall clock). Budget: 4 GB and 10 minutes per command "
        "(`benchmarks/bench_commands.py`).",
        "",
        f"**{len(measured)} runs of {len(record['commands'])} commands; largest peak "
        f"{max(r['peak_mb'] or 0 for r in rows):,} MB, longest "
        f"{max(r['seconds'] or 0 for r in rows):.0f} s; over budget: "
        f"{len(over)}.** Exit code 6 is an up-front refusal (memory or time budget); the "
        "next row runs the option it suggested.",
        "",
        "| command | exit | time (s) | peak RSS (MB) | message |",
        "|---|---:|---:|---:|---|",
    ]
    for r in rows:
        msg = (r.get("message") or "").replace("|", "\\|")
        if len(msg) > 120:
            msg = msg[:120] + "…"
        if r.get("pages_s"):
            msg = (msg + " " if msg else "") + ", ".join(
                f"{k} {v} s" for k, v in r["pages_s"].items()
            )
        lines.append(f"| `{r['command']}` | {r['rc']} | {r['seconds']} | {r['peak_mb']} | {msg} |")
    missing = record.get("not_measured") or []
    if missing:
        lines += ["", "Not measured: " + ", ".join(f"`{m}`" for m in missing) + "."]
    return "\n".join(lines) + "\n"


def main() -> None:
    only = sys.argv[1:]
    env = dict(os.environ)
    env.setdefault("COOPGRAPH_SECRET_KEY", "bench-" + "k" * 60)
    rows: list[dict] = []
    names = help_commands(env)
    with tempfile.TemporaryDirectory(prefix="bench-commands-") as tmp:
        work = Path(tmp)
        gen = work / "GEN"
        first = run(Case("generate (defaults)", ["generate", "--out", str(gen)]), work, env)
        rows.append(first)
        print(json.dumps(first, ensure_ascii=False), flush=True)
        shutil.copytree(gen, work / "GEN-import")
        shutil.copytree(gen, work / "GEN-dedupe")
        signin_sheet(gen, work / "emargement.csv")
        covered = {"generate"}
        for case in cases(gen, work):
            covered.add(case.args[0])
            if only and not any(o in case.name for o in only):
                continue
            if case.needs == "neo4j" and not env.get("NEO4J_URI"):
                rows.append(
                    {
                        "command": case.name,
                        "args": case.args,
                        "rc": None,
                        "seconds": None,
                        "peak_mb": None,
                        "message": "skipped: no NEO4J_URI",
                        "timed_out": False,
                    }
                )
                continue
            result = run(case, work, env)
            rows.append(result)
            print(json.dumps(result, ensure_ascii=False), flush=True)
            n = suggestion(result["message"])
            if case.follow_suggestion and result["rc"] == 6 and n:
                follow = Case(
                    f"{case.name} --max-attendance {n} (suggested)",
                    [*case.args, "--max-attendance", n],
                )
                rows.append(run(follow, work, env))
                print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
        covered.add("serve")
        if not only or any("serve" in o for o in only):
            rows.append(serve(gen, work, env))
            print(json.dumps(rows[-1], ensure_ascii=False), flush=True)
    record = {
        "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "machine": f"{platform.machine()}, {os.cpu_count()} CPUs, Python {platform.python_version()}",
        "data": "coopgraph generate defaults (250 cités, 20,000 actors, 5,000 meetings, "
        "200,000 attendance rows)",
        "budget_mb": BUDGET_MB,
        "limit_s": LIMIT_S,
        "commands": names,
        "not_measured": [c for c in names if c not in covered],
        "results": rows,
    }
    RESULTS.mkdir(exist_ok=True)
    previous = RESULTS / "commands.json"
    if only and previous.exists():
        fresh = {r["command"]: r for r in rows}
        old = json.loads(previous.read_text(encoding="utf-8"))["results"]
        seen = {r["command"] for r in old}
        record["results"] = [fresh.get(r["command"], r) for r in old] + [
            r for r in rows if r["command"] not in seen
        ]
    previous.write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (RESULTS / "commands.md").write_text(markdown(record), encoding="utf-8")


if __name__ == "__main__":
    signal.signal(signal.SIGINT, signal.default_int_handler)
    main()
