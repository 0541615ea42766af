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
    add_user(state, env, "essonne", PASSWORD, "crpv", "crpv-essonne")
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
        whole = map_frame_nodes(page)
        assert whole > 0
        # narrowed to one of its départements: Calvados (14), two cités and their partners
        page.select_option("#id_territory", "dep-14")
        page.click("#apply")
        page.wait_for_url(re.compile(r".*/map/\?.*territory=dep-14.*"))
        assert 0 < map_frame_nodes(page) < whole
        # a named query's cité is picked by name from its territory's cités
        page.goto(base + "/queries/cite_partners/")
        labels = page.locator("#id_cite_id option").all_inner_texts()
        assert sorted(labels) == sorted(
            ["Caen", "Hérouville-Saint-Clair", "Le Havre Nord", "Rouen", "Saint-Étienne-du-Rouvray"]
        )
        page.select_option("#id_cite_id", label="Rouen")
        page.click("#run")
        page.wait_for_url(re.compile(r".*cite_id=cite-065.*"))
        assert seen["errors"] == [] and seen["foreign"] == []


def test_crpv_planner_and_downloads_in_the_browser(server, tmp_path, sample_dir):
    """A CRPV account uses the planner for its territory: the clubs, their
    map and the JSON export hold its cités only; its GEXF download parses
    and holds no other territory's cité but its partners."""
    import json
    from urllib.parse import urljoin

    import networkx as nx

    from coopgraph.io import read_dataset
    from coopgraph.web.scope import scope_for

    base, _ = server
    ds = read_dataset(sample_dir)
    inside = {c.id for c in ds.cites if scope_for("crpv", "crpv-essonne", ds).covers_cite(c)}
    with browser_context((1400, 900)) as context:
        page = context.new_page()
        seen = watch(page, base)
        login(page, base, "essonne")
        page.click("header nav >> text=Clubs")
        assert "Essonne" in page.inner_text("#plan-territory")
        page.fill("#id_min_size", "2")
        page.fill("#id_max_size", "4")
        page.fill("#id_time_limit", "5")
        for weak in ("regional_only", "one_link", "one_person"):
            page.check(f"input[name=weak][value={weak}]")
        page.check("#id_fillers")
        page.click("#plan")
        page.wait_for_selector("#plan-summary")
        assert page.locator(".plan-section").count() >= 2
        named = set(re.findall(r"\((cite-\d+)\)", page.inner_text("main")))
        assert named and named <= inside
        drawn = map_frame_nodes(page)
        assert 0 < drawn <= len(inside)
        href = page.get_attribute("#plan-json", "href") or ""
        exported = page.request.get(urljoin(page.url, href), max_redirects=0)
        assert exported.status == 200
        placed = {c for club in json.loads(exported.text())["clubs"] for c in club["cites"]}
        assert placed and placed <= inside
        # the network of the territory, as GEXF, from the dashboard
        page.click("header nav >> text=Tableau de bord")
        with page.expect_download() as info:
            page.click("#download-gexf")
        path = tmp_path / "essonne.gexf"
        info.value.save_as(path)
        G = nx.read_gexf(path)
        assert inside <= set(G)
        partners = {m for n in inside if n in G for m in G[n]}
        assert set(G) <= inside | partners
        assert seen == {"console": [], "errors": [], "foreign": []}, seen


def test_a_cross_site_form_post_is_refused_in_the_browser(server):
    """A page of another site, opened in the browser of a signed-in national
    account, posts a form to the workspace (switch language, reload the
    data): refused (403), nothing changed."""
    base, _ = server
    evil = "http://evil.example/"
    form = (
        f'<form id="f" method="post" action="{base}/lang/">'
        '<input name="lang" value="en"><input name="next" value="/"></form>'
        '<form id="g" method="post" action="' + base + '/reload/"></form>'
    )
    with browser_context() as context:
        page = context.new_page()
        login(page, base, "nationale")
        assert "Tableau de bord" in page.inner_text("h1")
        context.route(
            evil + "**",
            lambda route: route.fulfill(
                status=200, content_type="text/html", body=f"<html><body>{form}</body></html>"
            ),
        )
        for form_id in ("f", "g"):
            other = context.new_page()
            other.goto(evil)
            with other.expect_navigation() as nav:
                other.evaluate(f"document.getElementById('{form_id}').submit()")
            response = nav.value
            assert response is not None and response.status == 403, form_id
            other.close()
        page.goto(base + "/")
        assert "Tableau de bord" in page.inner_text("h1")  # still French
        page.goto(base + "/audit/")
        assert "data.reload" not in page.inner_text("main")


PAYLOAD_PERSON = "<img src=x onerror=alert(1)>"
PAYLOAD_ORG = "<script>alert(2)</script>"


def test_names_carrying_payloads_stay_inert_in_the_browser(server, tmp_path):
    """An attendance list whose names and organisations carry HTML/JS goes
    through review and commit; the review page, the cité page, the
    dashboard, the map and the downloads show them as text, and no script
    of theirs ever runs (no dialog, no error, no request elsewhere)."""
    base, data = server
    sheet = tmp_path / "liste.csv"
    sheet.write_text(
        "Nom;Prénom;Structure;Commune\n"
        f"Simon{PAYLOAD_PERSON};Malik;Ville de Rennes;Rennes\n"
        f"Zed{PAYLOAD_PERSON};Ana;Ville de Rennes{PAYLOAD_ORG};Rennes\n",
        encoding="utf-8",
    )
    with browser_context((1400, 900)) as context:
        page = context.new_page()
        seen = watch(page, base)
        dialogs: list[str] = []
        page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
        login(page, base, "nationale")
        page.click("header nav >> text=Saisie")
        page.set_input_files("#id_file", str(sheet))
        page.fill("#id_title", "Atelier <b>test</b>")
        page.fill("#id_date", "2023-06-01")
        page.select_option("#id_scale", "regional")
        page.select_option("#id_organiser", "crpv-resovilles")
        page.click("#upload")
        page.wait_for_url(base + "/intake/review/")
        review = page.inner_text("#review")
        assert f"Malik Simon{PAYLOAD_PERSON}" in review  # shown as text
        page.check("#review input[value=reject]")
        page.click("#commit")
        page.wait_for_selector("#intake-summary")
        assert PAYLOAD_ORG in (data / "institutions.csv").read_text(encoding="utf-8")
        pages = ["/cite/cite-062/", "/?territory=53", "/map/?territory=53"]
        for path in pages:
            page.goto(base + path)
            page.wait_for_load_state()
            if "/map/" in path:
                assert map_frame_nodes(page) > 0
        page.goto(base + "/cite/cite-062/")
        # the intake writes names in title case: "<img Src=x Onerror=alert(1)>"
        main = page.inner_text("main").lower()
        assert f"ana zed{PAYLOAD_PERSON}" in main and "atelier <b>test</b>" in main
        assert page.locator("main img").count() == 0
        page.wait_for_timeout(300)
        assert dialogs == []
        assert seen == {"console": [], "errors": [], "foreign": []}, seen


def test_every_page_reads_in_french_for_a_crpv_account(server):
    """A CRPV account walks every page in French: what the browser shows
    holds no internal key (scales, types, legs, query and parameter names,
    form field names) and no English left over from Django's forms."""
    import re

    from test_web import internal_keys

    base, _ = server
    never_french, every = internal_keys()
    english = ("This field is required", "Enter a", "Ensure this value", "Select a valid")
    with browser_context() as context:
        page = context.new_page()
        login(page, base, "essonne")
        urls = ["/", "/map/", "/queries/", "/planner/", "/intake/"]
        urls += [
            "/planner/?run=1&min_size=2&max_size=4&max_regions=4&workload=2&time_limit=5"
            "&weak=regional_only&weak=one_person&weak=one_link&fillers=on",
            "/planner/?run=1&min_size=abc&max_size=4",
            "/?since=2022-01-01&until=2020-01-01",
        ]
        page.goto(base + "/queries/")
        urls += page.eval_on_selector_all("#query-list a", "els => els.map(e => e.pathname)")
        # cité pages of Essonne (91), the sample's CRPV territory
        urls += ["/cite/cite-019/", "/cite/cite-024/", "/cite/cite-028/"]
        for url in urls:
            page.goto(base + url)
            shown = page.inner_text("main")
            assert "Accès refusé" not in shown, url  # a page of its own territory
            words = set(re.findall(r"[\w.]+", shown))
            assert not words & never_french, (url, sorted(words & never_french))
            choices = page.eval_on_selector_all(
                "option, label", "els => els.map(e => e.innerText.trim())"
            )
            assert not [c for c in choices if c in every], url
            assert not [e for e in english if e in shown], url
        # the fields' errors are said, in French
        page.goto(base + urls[6])
        assert "Saisissez un nombre entier." in page.inner_text("main")
