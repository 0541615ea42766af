"""The web workspace (``coopgraph serve``) with Django's test client: every
scope rule is checked on the server, for pages, downloads and queries."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

pytest.importorskip("django")

from coopgraph.model import (  # noqa: E402
    Actor,
    Attendance,
    Cite,
    Dataset,
    Governance,
    Institution,
    Meeting,
    Support,
)

XSS_CITE = '<script>alert("cite")</script>Rennes'
XSS_PERSON = "<img src=x onerror=alert(1)>Zoé Bretonne"


def tiny_dataset() -> Dataset:
    """Two CRPV territories: Normanvilles (région 28: cités a, b) and
    RésOVilles (région 53: cités c, d). Names of cité c and person z carry
    HTML/JS payloads."""
    return Dataset(
        cites=(
            Cite("a", "Le Havre Nord", "28", "76", lat=49.5, lon=0.1),
            Cite("b", "Caen Sud", "28", "14", lat=49.18, lon=-0.37),
            Cite("c", XSS_CITE, "53", "35", lat=48.11, lon=-1.68),
            Cite("d", "Brest Isolée", "53", "29", lat=48.39, lon=-4.49),
        ),
        institutions=(
            Institution("crpv-nv", "Normanvilles", "crpv", regions=("28",)),
            Institution("crpv-rv", "RésOVilles", "crpv", regions=("53",)),
            Institution("pref-76", "Préfecture 76", "prefecture", regions=("28",)),
            Institution("anct", "ANCT", "national"),
        ),
        actors=(
            Actor("x", "Alice Normande", "pref-76", cite_id="a"),
            Actor("y", "Bruno Caennais", "pref-76", cite_id="b"),
            Actor("z", XSS_PERSON, "crpv-rv", cite_id="c"),
            Actor("w", "Denise Finistère", "crpv-rv", cite_id="d"),
            Actor("n", "Nadia Nationale", "anct"),
        ),
        meetings=(
            Meeting("m1", date(2020, 5, 14), "Club de l'Ouest", scale="interregional"),
            Meeting("m2", date(2021, 3, 2), "Atelier <b>parents</b>", scale="regional"),
            Meeting("m3", date(2021, 9, 9), "Réunion locale", scale="local"),
            # a second meeting for d: two meetings make its data "observed"
            # (coopgraph.analysis data status), so its isolation is a finding
            Meeting("m4", date(2021, 10, 7), "Réunion locale 2", scale="local"),
        ),
        attendance=(
            Attendance("m1", "x"),
            Attendance("m1", "y"),
            Attendance("m1", "z"),
            Attendance("m1", "n"),
            Attendance("m2", "x"),
            Attendance("m2", "z"),
            Attendance("m3", "w"),
            Attendance("m4", "w"),
        ),
        governance=(Governance("a", "pref-76", "prefecture"),),
        support=(Support("crpv-nv", "a"), Support("crpv-rv", "c")),
    )


BRETON_NAMES = ("Zoé Bretonne", "Denise Finistère")
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="module")
def app(tmp_path_factory):
    """Django set up once for this process, on a fresh state directory,
    serving the tiny dataset."""
    from coopgraph.web.server import application
    from coopgraph.web.workspace import Workspace

    state = tmp_path_factory.mktemp("state")
    ws = Workspace(tiny_dataset(), "tiny test data")
    application(state, ws, allowed_hosts=("testserver",), fast_hashing=True)
    from coopgraph.web.accounts import add_account

    add_account("nat", PASSWORD, "national")
    add_account("normand", PASSWORD, "crpv", "crpv-nv")
    add_account("breton", PASSWORD, "crpv", "crpv-rv")
    add_account("observer", PASSWORD, "readonly")
    add_account("ro-normand", PASSWORD, "readonly", "28")
    return ws


def client_for(username: str | None):
    from django.contrib.auth import get_user_model
    from django.test import Client

    client = Client()
    if username:
        user = get_user_model().objects.get(username=username)
        client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def text(response) -> str:
    return response.content.decode("utf-8")


# ---------------------------------------------------------------- login


def test_pages_need_a_login(app):
    c = client_for(None)
    for url in ["/", "/cite/a/", "/cite/a/ties.csv", "/map/", "/map/frame/", "/queries/"]:
        r = c.get(url)
        assert r.status_code == 302 and r["Location"].startswith("/login/"), url


def test_login_with_the_form_then_dashboard(app):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    page = c.get("/login/")
    assert page.status_code == 200 and "Connexion" in text(page)
    token = page.cookies["csrftoken"].value
    r = c.post(
        "/login/", {"username": "normand", "password": PASSWORD, "csrfmiddlewaretoken": token}
    )
    assert r.status_code == 302 and r["Location"] == "/"
    dash = c.get("/")
    assert dash.status_code == 200
    assert "Tableau de bord — Normanvilles" in text(dash)


def test_failed_logins_are_throttled(app):
    from django.test import Client

    c = Client()
    for _ in range(4):
        r = c.post("/login/", {"username": "breton", "password": "wrong password!"})
        assert r.status_code == 200 and "incorrect" in text(r)
    # the fifth failure locks the account for this address
    r = c.post("/login/", {"username": "breton", "password": "wrong password!"})
    assert r.status_code == 429
    # locked now, even with the right password
    r = c.post("/login/", {"username": "breton", "password": PASSWORD})
    assert r.status_code == 429
    assert "Trop de tentatives" in text(r)
    assert "_auth_user_id" not in c.session
    # another account from the same address is not locked
    r = c.post("/login/", {"username": "observer", "password": PASSWORD})
    assert r.status_code == 302
    from axes.utils import reset

    reset(username="breton")


# ---------------------------------------------------------------- CSRF


def test_cross_site_form_posts_are_refused(app):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    # no token at all
    assert c.post("/login/", {"username": "nat", "password": PASSWORD}).status_code == 403
    # a valid token, but the form comes from another site
    token = c.get("/login/").cookies["csrftoken"].value
    r = c.post(
        "/login/",
        {"username": "nat", "password": PASSWORD, "csrfmiddlewaretoken": token},
        headers={"Origin": "http://evil.example"},
    )
    assert r.status_code == 403
    # signed in, a foreign post to switch language or sign out is refused too
    c.force_login(
        __import__("django.contrib.auth", fromlist=["get_user_model"])
        .get_user_model()
        .objects.get(username="nat"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    assert c.post("/lang/", {"lang": "en"}).status_code == 403
    assert c.post("/logout/").status_code == 403
    assert c.get("/").status_code == 200  # still signed in, still in French
    assert "Tableau de bord" in text(c.get("/"))


# ---------------------------------------------------------------- scope


def test_national_account_sees_every_cite_and_name(app):
    c = client_for("nat")
    r = c.get("/cite/a/")
    assert r.status_code == 200
    body = text(r)
    assert "Alice Normande" in body and "Zoé Bretonne" in body  # z met at m1 and m2
    assert c.get("/cite/d/").status_code == 200


def test_crpv_account_gets_403_and_no_name_for_another_territory(app):
    c = client_for("normand")
    for url in [
        "/cite/c/",
        "/cite/d/",
        "/cite/c/ties.csv",
        "/download/cites.graphml?territory=crpv-rv",
        "/download/cites.graphml?territory=53",
        "/download/cites.gexf?territory=crpv-rv",
        "/download/cites.gexf?territory=53",
        "/download/note.html?territory=crpv-rv",
        "/download/note.pdf?territory=53",
        "/?territory=crpv-rv",
        "/map/frame/?territory=53",
        "/queries/cite_partners/?cite_id=c",
        "/queries/crpv_cites/?crpv_id=crpv-rv",
        "/queries/actors/",
        "/queries/cites/",
        "/audit/",
    ]:
        r = c.get(url)
        assert r.status_code == 403, url
        body = text(r)
        for name in (*BRETON_NAMES, "Rennes", "Brest"):
            assert name not in body, (url, name)
    # an unknown cité says no more than a foreign one
    assert c.get("/cite/nope/").status_code == 403


def test_crpv_account_sees_its_territory_with_foreign_names_pseudonymised(app):
    c = client_for("normand")
    r = c.get("/cite/a/")
    assert r.status_code == 200
    body = text(r)
    assert "Alice Normande" in body  # own territory
    assert "Zoé Bretonne" not in body and "Personne " in body  # met, outside: pseudonym
    assert "Nadia Nationale" not in body
    dash = text(c.get("/"))
    assert "Le Havre Nord" in dash and "Caen Sud" in dash
    # another territory's cités only as suggested partners (cité names are public)
    assert "Brest" not in dash.split('id="dashboard-suggestions"')[0]
    csv_text = text(c.get("/cite/a/ties.csv"))
    assert csv_text.splitlines()[0] == "cite_id,name,region,shared_meetings,first,last"
    note = text(c.get("/download/note.html"))
    # cités of other territories appear as partners (cité names are public), people never
    assert "CRPV Normanvilles" in note and "Le Havre Nord" in note
    assert not any(name in note for name in BRETON_NAMES)
    graphml = text(c.get("/download/cites.graphml"))
    assert "Le Havre Nord" in graphml and "Zoé" not in graphml and "Brest" not in graphml
    # only the territorial queries are offered
    listing = text(c.get("/queries/"))
    assert "cite_partners" in listing and "/queries/actors/" not in listing
    # a territorial query with its own cité passes the scope check
    r = c.get("/queries/cite_partners/?cite_id=a&run=1")
    assert r.status_code == 200


def test_gexf_download_honours_the_scope(app, tmp_path):
    """GEXF next to GraphML: the territory's cités, their partners and the
    ties touching it; no person (of any territory), no other territory's
    cité that is not a partner; it reads back with networkx."""
    import networkx as nx

    normand = client_for("normand")
    r = normand.get("/download/cites.gexf?since=2020-01-01")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/gexf+xml")
    assert 'filename="cites-crpv-nv.gexf"' in r["Content-Disposition"]
    body = text(r)
    assert "Brest" not in body
    assert not any(name in body for name in (*BRETON_NAMES, "Alice Normande", "Bruno Caennais"))
    path = tmp_path / "n.gexf"
    path.write_bytes(r.content)
    G = nx.read_gexf(path)
    assert set(G) == {"a", "b", "c"}  # its two cités and their partner c
    assert G.nodes["a"]["label"] == "Le Havre Nord"
    assert G.nodes["c"]["label"] == XSS_CITE  # escaped in the XML, intact when read
    assert sorted(map(sorted, G.edges())) == [["a", "b"], ["a", "c"], ["b", "c"]]
    # national: everything; the dashboard links both formats with its filters
    path.write_bytes(client_for("nat").get("/download/cites.gexf").content)
    assert set(nx.read_gexf(path)) == {"a", "b", "c", "d"}
    page = text(client_for("nat").get("/?territory=53&since=2020-01-01"))
    assert 'href="/download/cites.gexf?territory=53&amp;since=2020-01-01"' in page or (
        'href="/download/cites.gexf?since=2020-01-01&amp;territory=53"' in page
    )


def test_readonly_accounts(app):
    observer = client_for("observer")
    body = text(observer.get("/cite/a/"))
    assert "Alice Normande" not in body and "Personne " in body
    assert observer.get("/cite/d/").status_code == 200
    assert observer.get("/queries/actors/").status_code == 403
    assert observer.get("/queries/cites/").status_code == 200
    ro = client_for("ro-normand")
    assert ro.get("/cite/c/").status_code == 403
    assert "Alice Normande" in text(ro.get("/cite/a/"))


def test_html_and_js_payloads_in_names_stay_inert(app):
    c = client_for("nat")
    pages = {
        "dashboard": c.get("/"),
        "cite c": c.get("/cite/c/"),
        "cite a": c.get("/cite/a/"),
        "map": c.get("/map/"),
        "graphml": c.get("/download/cites.graphml"),
        "gexf": c.get("/download/cites.gexf"),
        "note": c.get("/download/note.html"),
        "frame": c.get("/map/frame/"),
        "queries": c.get("/queries/"),
        "planner": c.get(
            "/planner/?run=1&min_size=2&max_size=4&max_regions=4&workload=2&time_limit=5"
            "&weak=regional_only&weak=one_link&weak=one_person&fillers=on"
        ),
        "audit": c.get("/audit/"),
    }
    # a club was proposed, with the cité whose name carries a payload
    assert "club-01" in text(pages["planner"])
    assert "&lt;script&gt;alert(&quot;cite&quot;)&lt;/script&gt;Rennes" in text(pages["planner"])
    for what, r in pages.items():
        assert r.status_code == 200, what
        body = text(r)
        assert '<script>alert("cite")' not in body, what
        assert "<img src=x onerror" not in body, what
        assert "<b>parents</b>" not in body, what
    assert "&lt;script&gt;alert(&quot;cite&quot;)&lt;/script&gt;Rennes" in text(pages["cite c"])
    assert "&lt;img src=x onerror=alert(1)&gt;Zoé Bretonne" in text(pages["cite a"])
    # every page forbids inline scripts; the map keeps its own policy
    assert "script-src 'self'" in pages["dashboard"]["Content-Security-Policy"]
    frame = pages["frame"]["Content-Security-Policy"]
    assert "default-src 'none'" in frame and "frame-ancestors 'self'" in frame
    assert pages["frame"]["X-Frame-Options"] == "SAMEORIGIN"
    assert pages["dashboard"]["X-Frame-Options"] == "DENY"


def test_dates_are_iso_in_both_languages(app):
    c = client_for("nat")
    for lang in ("fr", "en"):
        c.post("/lang/", {"lang": lang})
        body = text(c.get("/cite/d/"))
        assert "2021-10-07" in body and "Oct. 7" not in body and "7 oct" not in body
        assert "2020-05-14" in text(c.get("/cite/a/"))  # first shared meeting of a tie
    c.post("/lang/", {"lang": "fr"})


def test_one_page_note_download(app):
    r = client_for("nat").get("/download/note.pdf?territory=crpv-rv")
    assert r.status_code == 200 and r.content.startswith(b"%PDF")
    assert r["Content-Disposition"] == 'attachment; filename="note-crpv-rv.pdf"'
    assert client_for("nat").get("/download/note.exe").status_code == 404


def test_csv_cells_cannot_become_formulas(app):
    from coopgraph.web.views import _safe_cell

    assert _safe_cell("=HYPERLINK(1)") == "'=HYPERLINK(1)"
    assert _safe_cell("Caen") == "Caen" and _safe_cell(-1.68) == "-1.68"


# ---------------------------------------------------------------- pages


def test_dashboard_figures_and_isolated_cites(app):
    c = client_for("breton")
    from axes.utils import reset

    reset(username="breton")
    body = text(c.get("/"))
    assert "Tableau de bord — RésOVilles" in body
    assert "Brest Isolée" in body  # d: no tie, isolated
    assert "aucun lien avec une autre cité" in body
    # partners suggested for it, in the territory's table
    suggested = body.split('id="dashboard-suggestions"')[1]
    assert "Brest Isolée" in suggested and "RésOVilles" in suggested


def test_cite_page_suggests_partners_and_names_introducers_by_scope(app):
    nat = text(client_for("nat").get("/cite/d/"))
    table = nat.split('id="cite-suggestions"')[1].split("</table>")[0]
    assert "Le Havre Nord" in table or "Caen Sud" in table or "Rennes" in table
    # no foreign person is named on a Normanvilles page
    normand = text(client_for("normand").get("/cite/b/"))
    assert not any(name in normand for name in BRETON_NAMES)


def figures(body: str) -> dict[str, str]:
    import re

    return dict(re.findall(r"<dt>(.*?)</dt><dd>(.*?)</dd>", body))


def test_dashboard_figures_are_hand_checked(app):
    # m1 joins a, b and c (three ties), m2 a and c again; d met no one
    whole = figures(text(client_for("nat").get("/")))
    assert whole["Cités du territoire"] == "4"
    assert whole["Cités avec des rencontres"] == "4"
    assert whole["Liens entre cités (touchant le territoire)"] == "3"
    assert whole["Liens interrégionaux"] == "2"  # a-c, b-c
    assert whole["Densité de coopération interne"] == "0,500"  # 3 of 6 pairs, decimal comma
    normandie = figures(text(client_for("normand").get("/")))
    assert normandie["Cités du territoire"] == "2"
    assert normandie["Liens internes au territoire"] == "1"  # a-b
    assert normandie["Liens entre cités (touchant le territoire)"] == "3"
    # the period and scale filters: only 2021 and regional meetings -> m2 (a-c)
    r = client_for("nat").get("/?since=2021-01-01&scale=regional")
    assert figures(text(r))["Liens entre cités (touchant le territoire)"] == "1"


def test_english_switch(app):
    from django.test import Client

    c = Client(enforce_csrf_checks=True)
    from django.contrib.auth import get_user_model

    c.force_login(
        get_user_model().objects.get(username="nat"),
        backend="django.contrib.auth.backends.ModelBackend",
    )
    token = c.get("/").cookies["csrftoken"].value
    r = c.post("/lang/", {"lang": "en", "next": "/map/", "csrfmiddlewaretoken": token})
    assert r.status_code == 302 and r["Location"] == "/map/"
    assert "Cooperation map" in text(c.get("/map/"))
    assert "Dashboard — France" in text(c.get("/"))
    # an open redirect is not followed
    r = c.post("/lang/", {"lang": "fr", "next": "//evil.example/", "csrfmiddlewaretoken": token})
    assert r["Location"] == "/"


def test_map_frame_filters(app):
    c = client_for("nat")
    whole = text(c.get("/map/frame/"))
    normandie = text(c.get("/map/frame/?territory=28&isolated=on"))
    assert "Brest Isolée" in whole
    # d is isolated but outside Normandie
    assert "Brest Isolée" not in normandie
    assert c.get("/map/frame/?year=2020").status_code == 200


def test_queries_need_neo4j_in_embedded_mode(app):
    c = client_for("nat")
    body = text(c.get("/queries/cite_partners/?cite_id=a&run=1"))
    assert "Neo4j" in body


# ---------------------------------------------------------------- accounts


def test_users_command_reads_passwords_from_stdin_never_argv(app, tmp_path):
    from click.testing import CliRunner

    from coopgraph.cli import cli
    from coopgraph.web.models import AuditEntry

    runner = CliRunner()
    r = runner.invoke(
        cli,
        ["users", "add", "cli-user", "--role", "crpv", "--territory", "28", "--password-stdin"],
        input=PASSWORD + "\n",
    )
    assert r.exit_code == 0, r.output
    r = runner.invoke(cli, ["users", "list"])
    assert "cli-user" in r.output and PASSWORD not in r.output
    r = runner.invoke(cli, ["users", "add", "x2", "--role", "national", "--password", PASSWORD])
    assert r.exit_code == 2  # no such option
    r = runner.invoke(cli, ["users", "passwd", "cli-user", "--password-stdin"], input="short\n")
    assert r.exit_code != 0 and "password refused" in r.output
    r = runner.invoke(
        cli, ["users", "passwd", "cli-user", "--password-stdin"], input=PASSWORD + "2\n"
    )
    assert r.exit_code == 0
    r = runner.invoke(
        cli, ["users", "add", "bad", "--role", "crpv", "--password-stdin"], input=PASSWORD + "\n"
    )
    assert r.exit_code != 0 and "territory" in r.output
    r = runner.invoke(cli, ["users", "remove", "cli-user"])
    assert r.exit_code == 0
    import getpass

    who = f"cli:{getpass.getuser()}"
    actions = [(e.username, e.action, e.detail.get("username")) for e in AuditEntry.objects.all()]
    assert (who, "account.add", "cli-user") in actions
    assert (who, "account.passwd", "cli-user") in actions
    assert (who, "account.remove", "cli-user") in actions
    assert not any(PASSWORD in str(e.detail) for e in AuditEntry.objects.all())
    # the national team reads the log in the browser
    audit_page = text(client_for("nat").get("/audit/"))
    assert "compte supprimé" in audit_page and "account.remove" not in audit_page


def test_secret_key_file_is_private(tmp_path, monkeypatch):
    from coopgraph.web.settings import read_secret_key

    monkeypatch.delenv("COOPGRAPH_SECRET_KEY", raising=False)
    monkeypatch.delenv("COOPGRAPH_SECRET_KEY_FILE", raising=False)
    key = read_secret_key(tmp_path)
    assert read_secret_key(tmp_path) == key and len(key) >= 50
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    monkeypatch.setenv("COOPGRAPH_SECRET_KEY", "k" * 40)
    assert read_secret_key(tmp_path) == "k" * 40


def test_sample_data_pages_render(app, sample_dir: Path):
    """Realism: the bundled sample through every page of a CRPV account."""
    from coopgraph.io import read_dataset
    from coopgraph.web.workspace import Workspace, install

    install(Workspace(read_dataset(sample_dir), "sample"))
    try:
        from coopgraph.web.accounts import add_account

        add_account("nv-sample", PASSWORD, "crpv", "crpv-normanvilles")
        c = client_for("nv-sample")
        body = text(c.get("/"))
        assert "Normanvilles" in body
        in_28 = [cid for cid, ci in c_ids(sample_dir) if ci == "28"]
        other = [cid for cid, ci in c_ids(sample_dir) if ci != "28"]
        assert c.get(f"/cite/{in_28[0]}/").status_code == 200
        assert c.get(f"/cite/{other[0]}/").status_code == 403
        assert c.get("/map/frame/").status_code == 200
        # every isolation type and scale named in words, as the reports name them
        national = text(client_for("nat").get("/"))
        assert "seulement aux rencontres nationales" in national
        assert "type_" not in national and "départementales" in national
        english = client_for("nat")
        english.post("/lang/", {"lang": "en"})
        assert "only at national events" in text(english.get("/"))
    finally:
        install(app)


def c_ids(sample_dir: Path) -> list[tuple[str, str]]:
    import csv

    with open(sample_dir / "cites.csv", encoding="utf-8") as f:
        return [(row["cite_id"], row["region"]) for row in csv.DictReader(f)]


# ---------------------------------------------------------------- intake


@pytest.fixture
def intake_ws(app, tmp_path, sample_dir):
    """A workspace on a copy of the sample directory (intake writes it)."""
    import shutil

    from coopgraph.io import read_dataset
    from coopgraph.web.accounts import list_accounts
    from coopgraph.web.workspace import Workspace, install

    data = tmp_path / "data"
    shutil.copytree(sample_dir, data)
    ws = install(Workspace(read_dataset(data), "copy", data_dir=data, state_dir=tmp_path / "st"))
    (tmp_path / "st").mkdir()
    from coopgraph.web.accounts import add_account

    existing = {a.username for a in list_accounts()}
    for name, role, territory in [
        ("rv-in", "crpv", "crpv-resovilles"),
        ("nv-in", "crpv", "crpv-normanvilles"),
        ("ro-in", "readonly", ""),
    ]:
        if name not in existing:
            add_account(name, PASSWORD, role, territory)
    yield ws
    install(app)


def sheet(tmp_path: Path, name: str, rows: str) -> Path:
    path = tmp_path / name
    path.write_text("Nom;Prénom;Structure;Commune\n" + rows, encoding="utf-8")
    return path


def upload(c, path: Path, **meeting):
    with open(path, "rb") as f:
        return c.post("/intake/", {"file": f, **meeting})


NEW_MEETING = {
    "title": "Club de l'Ouest",
    "date": "2023-03-14",
    "scale": "regional",
    "organiser": "crpv-resovilles",
}


def test_intake_upload_review_commit(intake_ws, tmp_path):
    from coopgraph.io import read_dataset
    from coopgraph.web.models import AuditEntry

    data = intake_ws.data_dir
    c = client_for("rv-in")
    r = upload(c, sheet(tmp_path, "a.csv", "Durand;Alice;Ville de Rennes;Rennes\n"), **NEW_MEETING)
    assert r.status_code == 302 and r["Location"] == "/intake/review/"
    page = text(c.get("/intake/review/"))
    assert "a.csv" in page and "mtg-2023-" in page
    r = c.post("/intake/review/", {})
    assert r.status_code == 200 and "1 présence(s)" in text(r)
    ds = read_dataset(data)
    alice = next(a for a in ds.actors if a.name == "Alice Durand")
    meeting = next(m for m in ds.meetings if m.title == "Club de l'Ouest")
    # the workspace serves the new data at once
    assert intake_ws.ds.actor_by_id[alice.id].name == "Alice Durand"
    # a close name: the reviewer accepts the proposed match in the browser
    r = upload(
        c, sheet(tmp_path, "b.csv", "Durant;Alicia;Ville de Rennes;Rennes\n"), meeting=meeting.id
    )
    page = text(c.get("/intake/review/"))
    assert "Alicia Durant" in page and "Alice Durand" in page
    key = page.split('name="decision:')[1].split('"')[0]
    r = c.post("/intake/review/", {f"decision:{key}": "accept"})
    assert r.status_code == 200
    ds = read_dataset(data)
    assert not [a for a in ds.actors if a.name == "Alicia Durant"]
    assert sum(a.actor_id == alice.id and a.meeting_id == meeting.id for a in ds.attendance) == 1
    entry = AuditEntry.objects.filter(username="rv-in", action="intake.commit").first()
    assert (
        entry is not None
        and entry.detail["accepted"] == 1
        and entry.detail["meeting"] == meeting.id
    )
    assert "Alice" not in str(entry.detail)  # no person's name in the log
    # the intake's own audit file (same as the command line) is there too
    assert (data / "intake" / "audit.csv").is_file()
    # committed uploads are not kept
    assert not any((intake_ws.state_dir / "uploads").iterdir())


def test_intake_outside_territory_and_readonly_refused(intake_ws, tmp_path):
    before = (intake_ws.data_dir / "attendance.csv").read_bytes()
    nv = client_for("nv-in")
    upload(nv, sheet(tmp_path, "a.csv", "Durand;Alice;Ville de Rennes;Rennes\n"), **NEW_MEETING)
    r = nv.get("/intake/review/")
    assert r.status_code == 403 and "Alice" not in text(r)
    assert nv.post("/intake/review/", {}).status_code == 403
    assert (intake_ws.data_dir / "attendance.csv").read_bytes() == before
    assert client_for("ro-in").get("/intake/").status_code == 403


def test_two_commits_at_once_lose_nothing(intake_ws, tmp_path):
    import threading

    from coopgraph.intake.importer import MeetingSpec
    from coopgraph.io import read_dataset
    from coopgraph.web import intake

    data = intake_ws.data_dir
    spec = MeetingSpec(
        title="Atelier", date="2023-05-02", scale="regional", organisers=("crpv-resovilles",)
    )
    people = [
        ("Marchetti", "Camille"),
        ("Oyelaran", "Hugo"),
        ("Quemener", "Inès"),
        ("Zabalza", "Théo"),
    ]
    files = [
        sheet(tmp_path, f"s{i}.csv", f"{last};{first};Ville de Rennes;Rennes\n")
        for i, (last, first) in enumerate(people)
    ]
    errors: list[BaseException] = []

    def work(path: Path) -> None:
        try:
            intake.commit(data, path, spec, {}, "fr", lambda result: None)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(f,)) for f in files]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors
    ds = read_dataset(data)
    meeting = [m for m in ds.meetings if m.title == "Atelier"]
    assert len(meeting) == 1
    names = {
        ds.actor_by_id[a.actor_id].name for a in ds.attendance if a.meeting_id == meeting[0].id
    }
    assert names == {f"{first} {last}" for last, first in people}


# ---------------------------------------------------------------- Neo4j


@pytest.mark.neo4j
def test_workspace_on_neo4j_reads_and_reloads(app, neo4j_store, neo4j_server):
    from dataclasses import replace

    from coopgraph.model import Cite
    from coopgraph.web.models import AuditEntry
    from coopgraph.web.workspace import install, open_workspace

    ds = tiny_dataset()
    neo4j_store.load(ds)
    ws = open_workspace(
        None,
        "neo4j",
        uri=neo4j_server.uri,
        user=neo4j_server.user,
        password=neo4j_server.password,
        database=neo4j_server.database,
    )
    install(ws)
    try:
        assert ws.data_dir is None and ws.neo4j is not None
        nat = client_for("nat")
        assert "Le Havre Nord" in text(nat.get("/"))
        # a load made elsewhere, then "read the data again"
        neo4j_store.load(replace(ds, cites=(*ds.cites, Cite("e", "Évreux Nouvelle", "28", "27"))))
        assert "Évreux Nouvelle" not in text(nat.get("/"))
        assert client_for("normand").post("/reload/").status_code == 403
        assert nat.post("/reload/").status_code == 302
        assert "Évreux Nouvelle" in text(nat.get("/"))
        entry = AuditEntry.objects.filter(action="data.reload").first()
        assert entry is not None and entry.username == "nat" and entry.detail["cites"] == 5
        # no intake without a state directory for its side tables and audit
        assert nat.get("/intake/").status_code == 403
    finally:
        ws.neo4j.close()
        install(app)


@pytest.mark.neo4j
def test_named_queries_on_neo4j_are_scoped(app, neo4j_store):
    from coopgraph.web.workspace import Workspace, install

    ds = tiny_dataset()
    neo4j_store.load(ds)
    install(Workspace(ds, "neo4j test", neo4j=neo4j_store))
    try:
        nat, normand = client_for("nat"), client_for("normand")
        whole = text(nat.get("/queries/isolated_cites/?run=1"))
        assert "Brest Isolée" in whole
        # the same query for Normanvilles keeps only its cités' rows
        mine = normand.get("/queries/isolated_cites/?run=1")
        assert mine.status_code == 200 and "Brest" not in text(mine)
        assert "0 ligne(s)" in text(mine)
        partners = text(normand.get("/queries/cite_partners/?cite_id=a&run=1"))
        assert "Caen Sud" in partners
        assert "&lt;script&gt;alert(&quot;cite&quot;)&lt;/script&gt;Rennes" in partners
        csv_text = text(normand.get("/queries/cite_partners/?cite_id=a&run=1&format=csv"))
        assert csv_text.splitlines()[0].startswith("cite_id,name,region,shared_meetings")
        assert normand.get("/queries/cite_partners/?cite_id=c&run=1").status_code == 403
        assert normand.get("/queries/actors/?run=1").status_code == 403
        # columns and keys in words on the page, as they are in the CSV
        assert "<th>Rencontres partagées</th>" in partners
        governance = text(nat.get("/queries/governance/?run=1"))
        assert "<td>préfecture</td>" in governance and "<td>prefecture</td>" not in governance
        assert_no_internal_key("/queries/governance/", governance)
        raw = text(nat.get("/queries/governance/?run=1&format=csv"))
        assert raw.splitlines()[1].endswith(",prefecture")
        names = text(nat.get("/queries/actors/?run=1"))
        assert "Alice Normande" in names and "<img src=x" not in names
    finally:
        install(app)


# ---------------------------------------------------------------- intake on Neo4j

KNOWN = "Simon;Malik;Ville de Rennes;\n"  # act-0487 of the sample, cité-062 (Bretagne)


@pytest.fixture
def graph_ws(app, neo4j_store, sample_dir, tmp_path):
    """A workspace on Neo4j holding the sample, with a state directory (the
    intake's side tables and audit file live there)."""
    from coopgraph.io import read_dataset
    from coopgraph.web.accounts import add_account, list_accounts
    from coopgraph.web.workspace import Workspace, install

    neo4j_store.load(read_dataset(sample_dir))
    state = tmp_path / "st"
    state.mkdir()
    ws = install(
        Workspace(neo4j_store.read_dataset(), "neo4j test", neo4j=neo4j_store, state_dir=state)
    )
    existing = {a.username for a in list_accounts()}
    for name, role, territory in [("rv-in", "crpv", "crpv-resovilles"), ("ro-in", "readonly", "")]:
        if name not in existing:
            add_account(name, PASSWORD, role, territory)
    yield ws
    install(app)


def _graph_state(store):
    return store.read_dataset().canonical(), store.counts()


@pytest.mark.neo4j
def test_intake_on_neo4j_upload_review_commit(graph_ws, neo4j_store, tmp_path):
    from coopgraph.web.models import AuditEntry

    c = client_for("rv-in")
    assert client_for("ro-in").get("/intake/").status_code == 403
    rows = KNOWN + "Durand;Alice;Ville de Rennes;Rennes\n"
    r = upload(c, sheet(tmp_path, "a.csv", rows), **NEW_MEETING)
    assert r.status_code == 302
    assert "mtg-2023-" in text(c.get("/intake/review/"))
    r = c.post("/intake/review/", {})
    assert r.status_code == 200 and "2 présence(s)" in text(r), text(r)
    ds = neo4j_store.read_dataset()
    alice = next(a for a in ds.actors if a.name == "Alice Durand")
    meeting = next(m for m in ds.meetings if m.title == "Club de l'Ouest")
    came = {a.actor_id for a in ds.attendance if a.meeting_id == meeting.id}
    assert came == {alice.id, "act-0487"} and alice.cite_id == "cite-062"
    assert meeting.organiser_ids == ("crpv-resovilles",)
    # the workspace serves the graph as it now is
    assert graph_ws.ds.actor_by_id[alice.id].name == "Alice Durand"
    entry = AuditEntry.objects.filter(username="rv-in", action="intake.commit").first()
    assert entry is not None and entry.detail["graph"] == {
        "meetings": 1,
        "institutions": 0,
        "actors": 1,
        "relinked": 0,
        "attendance": 2,
    }
    assert "Alice" not in str(entry.detail)
    # the intake's own audit file, in the state directory
    audit_rows = (graph_ws.state_dir / "intake" / "audit.csv").read_text("utf-8").splitlines()
    assert len(audit_rows) == 3 and meeting.id in audit_rows[-1]
    # a close name, accepted in the browser: no new person, no second attendance
    upload(
        c, sheet(tmp_path, "b.csv", "Durant;Alicia;Ville de Rennes;Rennes\n"), meeting=meeting.id
    )
    page = text(c.get("/intake/review/"))
    assert "Alicia Durant" in page and "Alice Durand" in page
    key = page.split('name="decision:')[1].split('"')[0]
    before = neo4j_store.counts()
    assert c.post("/intake/review/", {f"decision:{key}": "accept"}).status_code == 200
    assert neo4j_store.counts() == before
    assert not [a for a in neo4j_store.read_dataset().actors if a.name == "Alicia Durant"]
    # the other spelling is remembered for the next list
    names = (graph_ws.state_dir / "intake" / "names.csv").read_text("utf-8")
    assert alice.id in names


@pytest.mark.neo4j
def test_intake_on_neo4j_failure_mid_transaction_leaves_nothing(graph_ws, neo4j_store, tmp_path):
    """Between the staging of the graph and its transaction, the person the
    list names is deleted (as another user could): the attendance step fails
    in Cypher after the meeting and the new person were created in the same
    transaction; the graph and the side tables are left as they were."""
    from coopgraph.intake.importer import MeetingSpec
    from coopgraph.store.neo4j import IncompleteChange
    from coopgraph.web import intake

    spec = MeetingSpec(
        title="Atelier", date="2023-05-02", scale="regional", organisers=("crpv-resovilles",)
    )
    path = sheet(tmp_path, "s.csv", KNOWN + "Quemener;Inès;Ville de Rennes;Rennes\n")

    def delete_the_known_person(attempt: int) -> None:
        with neo4j_store.driver.session(database=neo4j_store.database) as session:
            session.run("MATCH (a:Actor:Coopgraph {id: 'act-0487'}) DETACH DELETE a").consume()

    with neo4j_store.driver.session(database=neo4j_store.database) as session:
        session.run("MATCH (a:Actor:Coopgraph {id: 'act-0487'}) DETACH DELETE a").consume()
    before = _graph_state(neo4j_store)
    neo4j_store.load(graph_ws.ds)  # put the person back for the staging
    with pytest.raises(IncompleteChange):
        intake.commit_to_graph(
            neo4j_store,
            graph_ws.state_dir,
            path,
            spec,
            {},
            "fr",
            lambda result: None,
            after_stage=delete_the_known_person,
        )
    assert _graph_state(neo4j_store) == before
    assert not (graph_ws.state_dir / "intake" / "audit.csv").exists()


@pytest.mark.neo4j
def test_intake_on_neo4j_two_commits_at_once_lose_nothing(graph_ws, neo4j_store, tmp_path):
    """Four lists for the same new meeting, each with a new person,
    committed at once: by two "servers" (two state directories, so no
    shared lock) and by two sessions of each. All four stage the graph
    before any writes, so they pick the same meeting id and the same new
    person ids: the transactions conflict and are run again, and in the end
    there is one meeting with all four people."""
    import threading

    from coopgraph.intake.importer import MeetingSpec
    from coopgraph.web import intake

    spec = MeetingSpec(
        title="Atelier", date="2023-05-02", scale="regional", organisers=("crpv-resovilles",)
    )
    people = [
        ("Marchetti", "Camille"),
        ("Oyelaran", "Hugo"),
        ("Quemener", "Inès"),
        ("Zabalza", "Théo"),
    ]
    states = [tmp_path / "server-a", tmp_path / "server-b"]
    barrier = threading.Barrier(2, timeout=60)
    attempts: list[int] = []
    errors: list[BaseException] = []

    def staged(attempt: int) -> None:
        if attempt == 1:
            try:
                barrier.wait()
            except threading.BrokenBarrierError:
                pass

    def work(k: int) -> None:
        last, first = people[k]
        path = sheet(tmp_path / f"in{k}", "s.csv", f"{last};{first};Ville de Rennes;Rennes\n")
        try:
            done = intake.commit_to_graph(
                neo4j_store,
                states[k % 2],
                path,
                spec,
                {},
                "fr",
                lambda r: None,
                after_stage=staged,
            )
            attempts.append(done.attempts)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    for k in range(4):
        (tmp_path / f"in{k}").mkdir()
    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    assert max(attempts) > 1  # the race happened and was resolved
    ds = neo4j_store.read_dataset()
    meetings = [m for m in ds.meetings if m.title == "Atelier"]
    assert len(meetings) == 1
    names = {
        ds.actor_by_id[a.actor_id].name for a in ds.attendance if a.meeting_id == meetings[0].id
    }
    assert names == {f"{first} {last}" for last, first in people}


# ---------------------------------------------------------------- planner

PLAN = (
    "/planner/?run=1&min_size=2&max_size=4&max_regions=4&workload=2&time_limit=5"
    "&weak=regional_only&weak=one_person"
)


def test_planner_page_export_and_map(app, sample_dir):
    import json

    from coopgraph.io import read_dataset
    from coopgraph.web.workspace import Workspace, install

    install(Workspace(read_dataset(sample_dir), "sample"))
    try:
        nat = client_for("nat")
        page = nat.get(PLAN)
        assert page.status_code == 200
        body = text(page)
        assert 'id="plan-summary"' in body and "Club" in body
        data = json.loads(text(nat.get(PLAN + "&format=json")))
        placed = {c for club in data["clubs"] for c in club["cites"]}
        assert placed and "simulation" in data
        # every placed cité is one the planner was asked to place
        assert placed <= {"cite-058", "cite-080", "cite-009", "cite-028", "cite-172", "cite-116"}
        frame = nat.get(PLAN.replace("/planner/", "/planner/map/"))
        assert frame.status_code == 200 and "default-src 'none'" in frame["Content-Security-Policy"]
    finally:
        install(app)


def test_planner_lists_cites_without_data_apart(app, sample_dir):
    """The web planner applies the rule of ``plan-clusters``: a cité with no
    data is not offered a club, nor counted isolated; it is listed apart."""
    import json
    from dataclasses import replace

    from coopgraph.io import read_dataset
    from coopgraph.model import Cite
    from coopgraph.web.workspace import Workspace, install

    ds = read_dataset(sample_dir)
    silent = Cite("cite-901", "Silencieuse", "52", "72", wave=2019, lat=48.0, lon=0.2)
    install(Workspace(replace(ds, cites=(*ds.cites, silent)), "sample"))
    try:
        nat = client_for("nat")
        data = json.loads(text(nat.get(PLAN + "&format=json")))
        assert data["no_data"] == ["cite-901"]
        assert "cite-901" not in {c["cite_id"] for c in data["candidates"]}
        assert data["simulation"]["before"]["without_data"] == 1
        assert "Cités sans données (aucun club proposé)" in text(nat.get(PLAN))
    finally:
        install(app)


CRPV_PLAN = (
    "/planner/?run=1&min_size=2&max_size=4&max_regions=4&workload=2&time_limit=5"
    "&weak=regional_only&weak=one_person&weak=one_link&fillers=on"
)


def test_planner_for_a_territory(app, sample_dir):
    """A CRPV account plans for its territory: only its cités are placed
    (fillers too), the before/after counts its cités; a read-only account
    bound to it sees and exports the same plan; national accounts plan for
    France, where other territories' cités are placed."""
    import json

    from coopgraph.io import read_dataset
    from coopgraph.web.accounts import add_account, list_accounts
    from coopgraph.web.scope import scope_for
    from coopgraph.web.workspace import Workspace, install

    ds = read_dataset(sample_dir)
    install(Workspace(ds, "sample"))
    existing = {a.username for a in list_accounts()}
    for name, role in [("essonne", "crpv"), ("ro-essonne", "readonly")]:
        if name not in existing:
            add_account(name, PASSWORD, role, "crpv-essonne")
    scope = scope_for("crpv", "crpv-essonne", ds)
    inside = {c.id for c in ds.cites if scope.covers_cite(c)}
    try:
        essonne = client_for("essonne")
        page = essonne.get(CRPV_PLAN)
        assert page.status_code == 200
        body = text(page)
        assert 'id="plan-summary"' in body and "Essonne" in body
        assert "un seul lien</label>" in body  # weak types in words, not keys
        data = json.loads(text(essonne.get(CRPV_PLAN + "&format=json")))
        placed = {c for club in data["clubs"] for c in club["cites"]}
        assert placed and placed <= inside
        assert {c["cite_id"] for c in data["candidates"]} <= inside
        assert data["simulation"]["before"]["cites"] == len(inside)
        # the plan's map draws the territory's cités alone
        frame = text(essonne.get(CRPV_PLAN.replace("/planner/", "/planner/map/")))
        assert all(f'"{c}"' in frame for c in inside)
        assert not [c.name for c in ds.cites if c.id not in inside and f'"{c.id}"' in frame]
        # read-only bound to the territory: the same plan, exported too
        ro = client_for("ro-essonne")
        assert ro.get(CRPV_PLAN).status_code == 200
        assert json.loads(text(ro.get(CRPV_PLAN + "&format=json")))["clubs"] == data["clubs"]
        # national: all of France
        national = json.loads(text(client_for("nat").get(CRPV_PLAN + "&format=json")))
        assert {c for club in national["clubs"] for c in club["cites"]} - inside
    finally:
        install(app)


def test_introducers_who_are_people_are_named_by_scope(app):
    from coopgraph.web.i18n import Text
    from coopgraph.web.scope import scope_for
    from coopgraph.web.views import labelled_suggestions, person_labeller

    ws = app
    record = {
        "cite_id": "a",
        "partner_region": "53",
        "introducer_kind": "actor",
        "introducer_id": "z",
        "introducer_name": "Personne 0001",
    }
    normand = scope_for("crpv", "crpv-nv", ws.ds)
    national = scope_for("national", "", ws.ds)
    shown = labelled_suggestions([record], person_labeller(ws, normand, "fr"), Text("fr"))[0]
    assert (
        shown["introducer_name"].startswith("Personne ") and "Zoé" not in shown["introducer_name"]
    )
    assert shown["partner_region_name"] == "Bretagne"
    shown = labelled_suggestions([record], person_labeller(ws, national, "fr"), Text("fr"))[0]
    assert shown["introducer_name"] == XSS_PERSON


def test_serve_refuses_a_password_on_the_command_line():
    from click.testing import CliRunner

    from coopgraph.cli import cli

    r = CliRunner().invoke(cli, ["serve", "--neo4j-password", "secret", "--port", "1"])
    assert r.exit_code == 2 and "not read from the command line" in r.output
    assert "secret" not in r.output


# ---------------------------------------------------------------- words, not keys


def page_words(html: str) -> tuple[set[str], list[str]]:
    """The words a person reads on a page (text outside tags, scripts and
    styles) and the texts of its choices (select options, checkbox and
    radio labels)."""
    import re
    from html.parser import HTMLParser

    class Reader(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.text: list[str] = []
            self.choices: list[str] = []
            self.skip = 0
            self.choice: list[str] | None = None

        def handle_starttag(self, tag, attrs):
            if tag in ("script", "style"):
                self.skip += 1
            elif tag == "option" or (
                tag == "input" and dict(attrs).get("type") in ("checkbox", "radio")
            ):
                self.choice = []

        def handle_endtag(self, tag):
            if tag in ("script", "style"):
                self.skip -= 1
            elif tag in ("option", "label") and self.choice is not None:
                self.choices.append(" ".join("".join(self.choice).split()))
                self.choice = None

        def handle_data(self, data):
            if self.skip:
                return
            self.text.append(data)
            if self.choice is not None:
                self.choice.append(data)

    reader = Reader()
    reader.feed(html)
    words = set(re.findall(r"[\w.]+", " ".join(reader.text)))
    return words, reader.choices


def internal_keys() -> tuple[set[str], set[str]]:
    """The internal keys a page must never show: (those that are never a
    French word, every key a choice may not be labelled with)."""
    from coopgraph.i18n import catalogue
    from coopgraph.model import MEETING_SCALES, SUPPORT_KINDS, TROIKA_ROLES

    prefixes = ("type.", "status.", "intake.reason.", "intake.decision.")
    types = {
        k[len(p) :]
        for k in catalogue("fr")
        for p in prefixes
        if k.startswith(p) and "." not in k[len(p) :]
    }
    actions = {k[len("web.action_") :] for k in catalogue("fr") if k.startswith("web.action_")}
    every = {*MEETING_SCALES, *TROIKA_ROLES, *SUPPORT_KINDS, *types, *actions}
    # "local", "national" are French words too; the support kinds are
    # written the same in French
    never_french = every - {"local", "national", "new", *SUPPORT_KINDS}
    # the forms' fields, which their errors once named; the named queries'
    # file names and parameters
    from coopgraph.web.queries import read_queries

    never_french |= {"since", "until", "min_size", "max_size"}
    for q in read_queries():
        never_french |= {q.short_name, *(p.name for p in q.params)}
    never_french -= {"support"}  # a word of the data's meeting titles too
    return never_french, every - set(SUPPORT_KINDS)


def assert_no_internal_key(url: str, html: str) -> None:
    never_french, every = internal_keys()
    words, choices = page_words(html)
    assert not words & never_french, (url, sorted(words & never_french))
    assert not [c for c in choices if c in every], (url, [c for c in choices if c in every])


def test_page_words_finds_keys():
    """The checker itself: a key in a table cell or as an option's label is
    found, the same key as a value or in a script is not."""
    words, choices = page_words(
        '<td>regional_only</td><select><option value="regional">régionale</option>'
        '<option value="x">local</option></select><script>"one_link"</script>'
        '<label><input type="checkbox" value="local"> départementales</label>'
    )
    assert "regional_only" in words and "one_link" not in words and "regional" not in words
    assert choices == ["régionale", "local", "départementales"]
    with pytest.raises(AssertionError):
        assert_no_internal_key("x", "<option>local</option>")
    with pytest.raises(AssertionError):
        assert_no_internal_key("x", "<td>prefecture</td>")


def test_no_page_shows_an_internal_key(intake_ws, tmp_path):
    """Every page, in French, for a CRPV account and the national team, on the
    sample data: scales, isolation types, data status, troïka legs, support
    kinds, intake decisions and reasons, audit actions are shown in words."""
    ds = intake_ws.ds
    rv = client_for("rv-in")
    nat = client_for("nat")
    scope_regions = {"53", "52"}
    pages = {
        rv: [
            "/",
            "/?since=2020-01-01&until=2021-12-31&scale=regional",
            "/?since=2022-01-01&until=2020-01-01",  # the form's own error
            "/map/",
            "/queries/",
            "/queries/cite_partners/",
            "/queries/crpv_cites/",
            "/queries/isolated_cites/",
            "/planner/",
            "/planner/?run=1&min_size=2&max_size=4&max_regions=4&workload=2&time_limit=5"
            "&weak=regional_only&weak=one_person&weak=one_link",
            "/planner/?run=1&min_size=9&max_size=4&max_regions=4&workload=2&time_limit=5",
            "/intake/",
            *[f"/cite/{c.id}/" for c in ds.cites if c.region in scope_regions],
        ],
        nat: [
            "/",
            "/audit/",
            "/queries/",
            "/queries/governance/",
            "/map/",
            "/planner/",
            "/intake/",
            *[f"/cite/{s.cite_id}/" for s in ds.support[:5]],
            *[f"/cite/{g.cite_id}/" for g in ds.governance[:3]],
        ],
    }
    for client, urls in pages.items():
        for url in urls:
            r = client.get(url)
            assert r.status_code == 200, url
            assert_no_internal_key(url, text(r))
    assert "La date de début est après la date de fin." in text(rv.get(pages[rv][2]))
    # the intake's review page: a close name to review, its reasons in words
    upload(rv, sheet(tmp_path, "a.csv", "Durand;Alice;Ville de Rennes;Rennes\n"), **NEW_MEETING)
    rv.post("/intake/review/", {})
    upload(rv, sheet(tmp_path, "b.csv", "Durant;Alicia;Ville de Rennes;Rennes\n"), **NEW_MEETING)
    review = text(rv.get("/intake/review/"))
    assert 'id="review"' in review and "nom proche" in review
    assert_no_internal_key("/intake/review/", review)
    # a meeting's scale chosen in words, the key sent
    intake_page = text(rv.get("/intake/"))
    assert '<option value="regional">régionale</option>' in intake_page
    # and in English
    rv.post("/lang/", {"lang": "en"})
    try:
        assert '<option value="regional">regional</option>' in text(rv.get("/intake/"))
    finally:
        rv.post("/lang/", {"lang": "fr"})


# ---------------------------------------------------------------- planner territory


def test_national_planner_narrows_to_a_territory(app, sample_dir):
    """A national account picks a région, a département or a CRPV: only that
    territory's cités are placed, the before/after and the map are its own."""
    import json

    from coopgraph.analysis.territory import Territory, resolve_territory
    from coopgraph.io import read_dataset
    from coopgraph.web.workspace import Workspace, install

    ds = read_dataset(sample_dir)
    install(Workspace(ds, "sample"))
    try:
        nat = client_for("nat")
        form = text(nat.get("/planner/"))
        # the picker offers régions, départements and CRPV, in groups
        assert '<option value="dep-93">Seine-Saint-Denis (93)</option>' in form
        assert '<option value="crpv-essonne">' in form and 'label="Départements"' in form
        for spec, territory in [
            ("11", Territory(regions=("11",))),
            ("dep-91", Territory(departements=("91",))),
            ("crpv-essonne", Territory(crpvs=("crpv-essonne",))),
        ]:
            inside = resolve_territory(ds, territory).cite_ids
            url = CRPV_PLAN + f"&territory={spec}"
            page = text(nat.get(url))
            assert 'id="plan-summary"' in page, spec
            data = json.loads(text(nat.get(url + "&format=json")))
            placed = {c for club in data["clubs"] for c in club["cites"]}
            assert placed and placed <= inside, spec
            assert data["simulation"]["before"]["cites"] == len(inside), spec
            frame = text(nat.get(url.replace("/planner/", "/planner/map/")))
            assert not [c.id for c in ds.cites if c.id not in inside and f'"{c.id}"' in frame]
        # the département's label names it
        assert "Territoire : Essonne (91)" in text(nat.get(CRPV_PLAN + "&territory=dep-91"))
    finally:
        install(app)


def test_crpv_planner_cannot_widen_its_territory(app, sample_dir):
    """A CRPV account is offered its own territory only; another one in the
    URL (région, département, CRPV, all of France) is refused for the page,
    the export and the map, and names no other territory's cité."""
    from coopgraph.io import read_dataset
    from coopgraph.web.accounts import add_account, list_accounts
    from coopgraph.web.scope import scope_for
    from coopgraph.web.workspace import Workspace, install

    ds = read_dataset(sample_dir)
    install(Workspace(ds, "sample"))
    if "essonne" not in {a.username for a in list_accounts()}:
        add_account("essonne", PASSWORD, "crpv", "crpv-essonne")
    scope = scope_for("crpv", "crpv-essonne", ds)
    outside = [c for c in ds.cites if not scope.covers_cite(c)]
    try:
        essonne = client_for("essonne")
        form = text(essonne.get("/planner/"))
        assert form.count("<option ") == 1 and '<option value="crpv-essonne"' in form
        assert 'value="dep-93"' not in form and 'value="crpv-normanvilles"' not in form
        for spec in ["crpv-normanvilles", "28", "dep-93", "dep-91", "france", "%20"]:
            for path in ["/planner/", "/planner/map/"]:
                url = CRPV_PLAN.replace("/planner/", path) + f"&territory={spec}"
                for suffix in ["", "&format=json"]:
                    r = essonne.get(url + suffix)
                    assert r.status_code == 403, (url + suffix, r.status_code)
                    body = text(r)
                    assert not [c.name for c in outside if c.name in body], url
        # its own territory, explicitly or by default, still plans
        assert essonne.get(CRPV_PLAN + "&territory=crpv-essonne").status_code == 200
        # the dashboard refuses the same way
        assert essonne.get("/?territory=dep-93").status_code == 403
    finally:
        install(app)


def test_audit_details_in_words(app):
    from coopgraph.i18n import translator
    from coopgraph.web.i18n import Text
    from coopgraph.web.views import audit_detail

    detail = {"role": "crpv", "matched": 2, "cites": 3, "meeting_created": True, "x_y": [1, 2]}
    assert audit_detail(detail, Text("fr"), translator("fr")) == (
        "rôle : CRPV ; reconnu : 2 ; Cités éducatives : 3 ; rencontre créée : oui ; x_y : 1, 2"
    )
    assert audit_detail(detail, Text("en"), translator("en")).startswith("role : CRPV ; matched")


def test_form_errors_are_said_in_the_page_language(app):
    """Django's own field errors follow the pages' language switch; date
    fields keep ISO values (what ``<input type="date">`` reads)."""
    c = client_for("normand")
    bad = "/planner/?run=1&min_size=abc&max_size=4&max_regions=4&workload=2&time_limit=5"
    page = text(c.get(bad))
    assert "Saisissez un nombre entier." in page and "Enter a whole number" not in page
    dash = text(c.get("/?since=2020-01-01&until=bad"))
    assert 'value="2020-01-01"' in dash and "Saisissez une date valide." in dash
    c.post("/lang/", {"lang": "en"})
    assert "Enter a whole number." in text(c.get(bad))
    assert 'value="2020-01-01"' in text(c.get("/?since=2020-01-01"))


# ---------------------------------------------------------------- query parameters


def options(html: str, field: str) -> list[tuple[str, str]]:
    """The ``(value, label)`` options of a form's ``<select name=field>``."""
    import re
    from html import unescape

    select = re.search(rf'<select name="{field}"[^>]*>(.*?)</select>', html, re.S)
    assert select, field
    found = re.findall(r'<option value="([^"]*)"[^>]*>(.*?)</option>', select.group(1), re.S)
    return [(unescape(v), unescape(label)) for v, label in found]


def test_query_cite_and_crpv_parameters_are_lists_of_the_territory(app):
    """A CRPV account is offered its territory's cités by name (ids as
    values) and its own CRPV; an account that sees France, all of them."""
    normand = client_for("normand")
    cites = options(text(normand.get("/queries/cite_partners/")), "cite_id")
    assert cites == [("b", "Caen Sud"), ("a", "Le Havre Nord")]
    assert options(text(normand.get("/queries/crpv_cites/")), "crpv_id") == [
        ("crpv-nv", "Normanvilles")
    ]
    nat = client_for("nat")
    assert {v for v, _ in options(text(nat.get("/queries/cite_partners/")), "cite_id")} == {
        "a",
        "b",
        "c",
        "d",
    }
    assert ("c", XSS_CITE) in options(text(nat.get("/queries/cite_partners/")), "cite_id")
    assert options(text(nat.get("/queries/crpv_cites/")), "crpv_id") == [
        ("", "—"),
        ("crpv-nv", "Normanvilles"),
        ("crpv-rv", "RésOVilles"),
    ]


def test_query_value_outside_the_territory_typed_by_hand_is_refused(app):
    """A value that is not in the list (another territory's cité or CRPV, an
    unknown id) gets 403 and no name, before any database is asked."""
    normand = client_for("normand")
    for url in [
        "/queries/cite_partners/?cite_id=c&run=1",
        "/queries/cite_partners/?cite_id=d&run=1&format=csv",
        "/queries/cite_partners/?cite_id=nowhere&run=1",
        "/queries/crpv_cites/?crpv_id=crpv-rv&run=1",
        "/queries/crpv_cites/?run=1",
    ]:
        r = normand.get(url)
        assert r.status_code == 403, url
        assert not [n for n in ("Brest", "RésOVilles", "Rennes", *BRETON_NAMES) if n in text(r)]
    # its own cité passes the check (embedded: the page says Neo4j is needed)
    r = normand.get("/queries/cite_partners/?cite_id=a&run=1")
    assert r.status_code == 200 and "Neo4j" in text(r)


# ---------------------------------------------------------------- a CRPV's départements


def test_crpv_account_narrows_to_one_of_its_departements(app):
    """Normanvilles (région 28: a in 76, b in 14) may pick one of its two
    départements on the dashboard, the map and the planner; the figures and
    the map are that département's; another département is refused."""
    normand = client_for("normand")
    for path in ["/", "/map/", "/planner/"]:
        picker = options(text(normand.get(path)), "territory")
        assert picker == [
            ("crpv-nv", "Normanvilles"),
            ("dep-14", "Calvados (14)"),
            ("dep-76", "Seine-Maritime (76)"),
        ], path
    calvados = figures(text(normand.get("/?territory=dep-14")))
    assert calvados["Cités du territoire"] == "1"
    assert calvados["Liens internes au territoire"] == "0"
    assert calvados["Liens entre cités (touchant le territoire)"] == "2"  # b-a, b-c
    frame = text(normand.get("/map/frame/?territory=dep-76"))
    assert "Le Havre Nord" in frame and "Caen Sud" in frame  # a and its partner b
    assert "Brest Isolée" not in frame
    assert text(normand.get("/map/frame/?territory=dep-14")) != text(
        normand.get("/map/frame/?territory=crpv-nv")
    )
    for url in [
        "/?territory=dep-35",
        "/?territory=dep-29",
        "/?territory=53",
        "/map/frame/?territory=dep-29",
        "/download/cites.graphml?territory=dep-35",
        "/download/note.html?territory=dep-29",
        "/planner/?run=1&territory=dep-35",
    ]:
        r = normand.get(url)
        assert r.status_code == 403, url
        assert not [n for n in ("Brest", *BRETON_NAMES) if n in text(r)], url
    # the note of its own département
    r = normand.get("/download/note.html?territory=dep-14")
    assert r.status_code == 200 and "Caen Sud" in text(r)


def test_a_narrowed_scope_keeps_the_accounts_names_and_never_widens(app):
    from types import SimpleNamespace

    from coopgraph.web.scope import scope_for
    from coopgraph.web.views import selected_scope

    ws = app
    scope = scope_for("crpv", "crpv-nv", ws.ds)
    request = SimpleNamespace(scope=scope, profile=SimpleNamespace(territory="crpv-nv"))
    seine = selected_scope(ws, request, "dep-76")
    assert seine.label == "Seine-Maritime (76)" and seine.key == "crpv:crpv-nv>dep-76"
    assert [c.id for c in ws.ds.cites if seine.covers_cite(c)] == ["a"]
    # Bruno (cité b, Calvados) is still named; Zoé (Bretagne) is not
    assert seine.shows_name(ws.ds, ws.ds.actor_by_id["y"])
    assert not seine.shows_name(ws.ds, ws.ds.actor_by_id["z"])
    # another département, a région, a CRPV: the account's scope as it is
    for other in ["dep-35", "dep-29", "53", "crpv-rv", ""]:
        assert selected_scope(ws, request, other) is scope, other


def test_decimals_are_rounded_not_cut(app):
    from django.utils import translation

    from coopgraph.web.views import decimal

    with translation.override("fr"):
        assert decimal(2000 / 2775, 3) == "0,721"  # the sample's density, 0.72072...
        assert decimal(0.5, 3) == "0,500"
    with translation.override("en"):
        assert decimal(2 / 3, 2) == "0.67"


def test_crpv_planner_narrows_to_one_of_its_departements(app, sample_dir):
    """Normanvilles (Normandie: Calvados and Seine-Maritime in the sample)
    plans for Seine-Maritime alone: the before/after counts its cités only,
    the club map holds no cité of Calvados."""
    import json

    from coopgraph.io import read_dataset
    from coopgraph.web.accounts import add_account, list_accounts
    from coopgraph.web.workspace import Workspace, install

    ds = read_dataset(sample_dir)
    install(Workspace(ds, "sample"))
    if "nv-plan" not in {a.username for a in list_accounts()}:
        add_account("nv-plan", PASSWORD, "crpv", "crpv-normanvilles")
    seine = {c.id for c in ds.cites if c.region == "28" and c.departement == "76"}
    calvados = [c for c in ds.cites if c.departement == "14"]
    assert len(seine) >= 2 and calvados
    try:
        nv = client_for("nv-plan")
        url = CRPV_PLAN + "&territory=dep-76"
        assert "Territoire : Seine-Maritime (76)" in text(nv.get(url))
        data = json.loads(text(nv.get(url + "&format=json")))
        placed = {c for club in data["clubs"] for c in club["cites"]}
        # no weak cité in Seine-Maritime in the sample: nothing to place there
        assert placed <= seine and data["status"] == "NOTHING_TO_PLACE"
        assert data["simulation"]["before"]["cites"] == len(seine)
        frame = text(nv.get(url.replace("/planner/", "/planner/map/")))
        assert not [c.id for c in calvados if f'"{c.id}"' in frame]
        # the whole territory still plans both
        whole = json.loads(text(nv.get(CRPV_PLAN + "&format=json")))
        assert whole["simulation"]["before"]["cites"] > len(seine)
        assert nv.get(CRPV_PLAN + "&territory=dep-93").status_code == 403
    finally:
        install(app)
