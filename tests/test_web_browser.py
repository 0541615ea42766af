"""The web workspace in a real browser: a ``coopgraph serve`` process on
loopback (waitress), driven by Playwright in Debian's headless Chromium:
login → dashboard → cité page → map filters → English → planner → upload →
review → commit."""

from __future__ import annotations

import re
import shutil
import time

import pytest

from coopgraph.viz.browser import browser_context, chromium_available
from coopgraph.web.launch import add_user, environment, running_server

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not chromium_available(), reason="no /usr/bin/chromium"),
]

PASSWORD = "une phrase de passe assez longue"


@pytest.fixture(scope="module")
def server(tmp_path_factory, sample_dir):
    """``coopgraph serve`` on a copy of the sample, with two accounts."""
    root = tmp_path_factory.mktemp("web")
    data = root / "data"
    shutil.copytree(sample_dir, data)
    state = root / "state"
    env = environment("test-" + "k" * 60)
    add_user(state, env, "nationale", PASSWORD, "national")
    add_user(state, env, "normanvilles", PASSWORD, "crpv", "crpv-normanvilles")
    with running_server(data, state, env) as base:
        yield base, data


def watch(page, base: str) -> dict[str, list[str]]:
    """Console errors (CSP violations included), page errors, and requests
    to anything but the server."""
    seen: dict[str, list[str]] = {"console": [], "errors": [], "foreign": []}
    page.on("console", lambda m: seen["console"].append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: seen["errors"].append(str(e)))
    page.on(
        "request",
        lambda r: (
            None
            if r.url.startswith(base) or r.url.startswith("data:")
            else seen["foreign"].append(r.url)
        ),
    )
    return seen


def login(page, base: str, username: str) -> None:
    page.goto(base + "/")
    assert page.url.startswith(base + "/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("#login-button")
    page.wait_for_url(base + "/")


def map_frame_nodes(page, timeout_s: float = 60) -> int:
    element = page.wait_for_selector("#map-frame")
    frame = element.content_frame()
    assert frame is not None
    frame.wait_for_load_state()
    deadline = time.monotonic() + timeout_s
    # polled: the map's CSP refuses the eval() behind wait_for_function
    while not frame.evaluate("() => Boolean(window.coopgraph && window.coopgraph.ready)"):
        assert time.monotonic() < deadline, "the map never reached a stable view"
        page.wait_for_timeout(50)
    return frame.evaluate("() => coopgraph.network.body.data.nodes.length")


def test_login_dashboard_map_intake(server, tmp_path):
    base, data = server
    with browser_context((1400, 900)) as context:
        page = context.new_page()
        seen = watch(page, base)
        login(page, base, "nationale")
        assert "Tableau de bord — France" in page.inner_text("h1")
        assert page.locator("#isolated tbody tr").count() > 0
        # a cité page from the isolated list
        page.locator("#isolated tbody tr a").first.click()
        page.wait_for_url(re.compile(r".*/cite/[^/]+/$"))
        assert page.inner_text("h1").startswith("Cité :")
        # the map: all of France, then the fragile cités of Bourgogne-Franche-Comté
        page.click("header nav >> text=Carte")
        page.wait_for_url(base + "/map/")
        everything = map_frame_nodes(page)
        page.select_option("#id_territory", "27")
        page.check("#id_isolated")
        page.click("#apply")
        page.wait_for_url(re.compile(r".*/map/\?.*territory=27.*"))
        filtered = map_frame_nodes(page)
        assert 0 < filtered < everything
        # English
        page.click("#switch-lang")
        page.wait_for_load_state()
        assert page.inner_text("h1") == "Cooperation map"
        page.click("#switch-lang")
        page.wait_for_load_state()
        # the planner: parameters in the form, clubs, their map
        page.click("header nav >> text=Clubs")
        page.fill("#id_min_size", "2")
        page.fill("#id_max_size", "4")
        page.fill("#id_time_limit", "5")
        page.check("input[name=weak][value=regional_only]")
        page.click("#plan")
        page.wait_for_selector("#plan-summary")
        assert page.locator(".plan-section").count() >= 2  # a club, the before/after
        assert map_frame_nodes(page) > 0
        # upload → review → commit
        sheet = tmp_path / "emargement.csv"
        sheet.write_text(
            "Nom;Prénom;Structure;Commune\nDurand;Alice;Ville de Rennes;Rennes\n",
            encoding="utf-8",
        )
        page.click("header nav >> text=Saisie")
        page.set_input_files("#id_file", str(sheet))
        page.fill("#id_title", "Club de l'Ouest")
        page.fill("#id_date", "2023-03-14")
        page.select_option("#id_scale", "regional")
        page.select_option("#id_organiser", "crpv-resovilles")
        page.click("#upload")
        page.wait_for_url(base + "/intake/review/")
        assert "emargement.csv" in page.inner_text("#intake-counts")
        page.click("#commit")
        page.wait_for_selector("#intake-summary")
        assert "1 présence(s)" in page.inner_text("#intake-summary")
        assert "Alice Durand" in (data / "actors.csv").read_text(encoding="utf-8")
        assert seen == {"console": [], "errors": [], "foreign": []}, seen


def test_crpv_account_in_the_browser(server):
    base, _ = server
    with browser_context() as context:
        page = context.new_page()
        seen = watch(page, base)
        login(page, base, "normanvilles")
        assert "Normanvilles" in page.inner_text("h1")
        # cite-062 (Rennes) belongs to RésOVilles
        response = page.goto(base + "/cite/cite-062/")
        assert response is not None and response.status == 403
        assert "Rennes" not in page.content()
        page.goto(base + "/map/")
        assert map_frame_nodes(page) > 0
        assert seen["errors"] == [] and seen["foreign"] == []
