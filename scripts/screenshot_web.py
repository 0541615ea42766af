"""Make the README screenshots of the web workspace: ``coopgraph serve`` on
a copy of the sample data, signed in as a national account (or a CRPV with ``--crpv``), captured in
headless Chromium with the tooling the map screenshot and the browser tests
use.

    python scripts/screenshot_web.py [--data data/sample] [--out visualisations/]
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
from pathlib import Path

from coopgraph.viz.browser import browser_context
from coopgraph.web.launch import add_user, environment, running_server

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "une phrase de passe assez longue"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sample")
    parser.add_argument("--out", type=Path, default=ROOT / "visualisations")
    parser.add_argument(
        "--crpv", default="", help="Sign in as this CRPV (default: a national account)."
    )
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="coopgraph-shot-") as tmp:
        data = Path(tmp) / "data"
        shutil.copytree(args.data, data)
        state = Path(tmp) / "state"
        env = environment("screenshot-" + "k" * 60)
        user = "crpv" if args.crpv else "equipe-nationale"
        if args.crpv:
            add_user(state, env, user, PASSWORD, "crpv", args.crpv)
        else:
            add_user(state, env, user, PASSWORD, "national")
        with running_server(data, state, env) as base, browser_context((1400, 1000)) as ctx:
            page = ctx.new_page()
            page.goto(base + "/login/")
            page.fill("#id_username", user)
            page.fill("#id_password", PASSWORD)
            page.click("#login-button")
            page.wait_for_url(base + "/")
            args.out.mkdir(parents=True, exist_ok=True)
            dashboard = args.out / "web-dashboard.png"
            page.screenshot(path=str(dashboard), full_page=False)
            page.goto(base + "/map/")
            frame = next(f for f in page.frames if "/map/frame/" in f.url)
            deadline = time.monotonic() + 120
            while not frame.evaluate("() => Boolean(window.coopgraph && window.coopgraph.ready)"):
                if time.monotonic() > deadline:
                    print("the map never reached a stable view", file=sys.stderr)
                    return 1
                page.wait_for_timeout(50)
            map_shot = args.out / "web-map.png"
            page.screenshot(path=str(map_shot))
    print(f"wrote {dashboard} and {map_shot}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
