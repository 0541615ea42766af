"""Open a map in headless Chromium, offline, and report what it drew.

Shared by the browser tests, the screenshot script and the map benchmark, so
all three look at a map the same way. Needs Python Playwright (a test
dependency) and Debian's ``chromium`` package; it never downloads a browser.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM = os.environ.get("COOPGRAPH_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@dataclass
class PageReport:
    """What happened while a map page loaded."""

    url: str
    nodes: int = 0
    edges: int = 0
    ready_ms: float | None = None
    wall_ms: float | None = None
    console_errors: list[str] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)
    blocked_requests: list[str] = field(default_factory=list)


def chromium_available() -> bool:
    return Path(CHROMIUM).is_file() and os.access(CHROMIUM, os.X_OK)


@contextmanager
def browser_context(viewport: tuple[int, int] = (1400, 900)) -> Iterator:
    """A fresh headless Chromium context (its own user-data-dir, removed after)."""
    from playwright.sync_api import sync_playwright

    profile = tempfile.mkdtemp(prefix="coopgraph-chromium-")
    try:
        with sync_playwright() as pw:
            context = pw.chromium.launch_persistent_context(
                profile,
                executable_path=CHROMIUM,
                headless=True,
                args=CHROMIUM_ARGS,
                viewport={"width": viewport[0], "height": viewport[1]},
            )
            try:
                yield context
            finally:
                context.close()
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def open_map(context, path: Path, *, timeout_s: float = 120.0):
    """Load ``path`` with every request but the file itself aborted, wait for
    the map's stable view, and return ``(page, PageReport)``."""
    url = Path(path).resolve().as_uri()
    report = PageReport(url)
    page = context.new_page()

    def route(r):
        if r.request.url == url:
            r.continue_()
        else:
            report.blocked_requests.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on(
        "console", lambda m: report.console_errors.append(m.text) if m.type == "error" else None
    )
    page.on("pageerror", lambda e: report.page_errors.append(str(e)))

    def on_dialog(d):
        report.dialogs.append(d.message)
        d.dismiss()

    page.on("dialog", on_dialog)
    start = time.perf_counter()
    page.goto(url, wait_until="load", timeout=timeout_s * 1000)
    # Polled from here: Playwright's wait_for_function evaluates its predicate
    # with eval(), which the map's Content-Security-Policy rightly refuses.
    deadline = time.perf_counter() + timeout_s
    while not page.evaluate("() => Boolean(window.coopgraph && window.coopgraph.ready)"):
        if time.perf_counter() > deadline:
            raise TimeoutError(f"{url}: no stable view after {timeout_s} s")
        page.wait_for_timeout(25)
    report.wall_ms = round((time.perf_counter() - start) * 1000, 1)
    stats = page.evaluate(
        "() => ({nodes: coopgraph.network.body.data.nodes.length,"
        " edges: coopgraph.network.body.data.edges.length, ready: coopgraph.readyAt})"
    )
    report.nodes, report.edges = stats["nodes"], stats["edges"]
    report.ready_ms = round(stats["ready"], 1) if stats["ready"] is not None else None
    return page, report
