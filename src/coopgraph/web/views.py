"""Pages, downloads and queries of the workspace. Every view that shows data
goes through :func:`scoped`: the account's :class:`~coopgraph.web.scope.Scope`
is computed on the server and every cité, download and query is checked
against it before anything is read."""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Callable
from datetime import date
from functools import wraps
from typing import Any

import networkx as nx
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.formats import number_format
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET, require_POST

from coopgraph import geo
from coopgraph.errors import CoopgraphError
from coopgraph.i18n import translator
from coopgraph.labels import region_label
from coopgraph.model import TROIKA_ROLES
from coopgraph.privacy import pseudonyms
from coopgraph.web import queries as web_queries
from coopgraph.web.forms import AnalysisForm, MapForm, QueryForm
from coopgraph.web.i18n import LANGS, Text
from coopgraph.web.models import AuditEntry, Profile, audit
from coopgraph.web.scope import DEPARTEMENT_PREFIX, Scope, scope_for, territory_of
from coopgraph.web.workspace import Options, Workspace, current

# ---------------------------------------------------------------- helpers


def lang_of(request: HttpRequest) -> str:
    lang = request.session.get("lang", "fr") if hasattr(request, "session") else "fr"
    return lang if lang in LANGS else "fr"


def workspace_context(request: HttpRequest) -> dict[str, Any]:
    """Template context of every page: the text, the account, the source."""
    lang = lang_of(request)
    T = Text(lang)
    ctx: dict[str, Any] = {"T": T, "lang": lang}
    scope = getattr(request, "scope", None)
    user = getattr(request, "user", None)
    if scope is not None and user is not None and user.is_authenticated:
        role = user.profile.role
        ctx["whoami"] = T.format(
            "signed_in_as", user=user.get_username(), role=T[f"role_{role}"], territory=scope.label
        )
        ctx["is_national"] = role == "national"
        ctx["everywhere"] = scope.everywhere
        ws = current()
        ctx["can_write"] = scope.can_write and (ws.data_dir is not None or ws.neo4j is not None)
        ctx["source_line"] = T.format("source", source=current().source)
    return ctx


def forbidden(request: HttpRequest) -> HttpResponse:
    """403, saying nothing of what was asked."""
    return render(request, "web/forbidden.html", status=403)


def scoped(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Login required, then ``request.scope`` from the account's profile (an
    account without one is refused)."""

    @login_required
    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kw: Any) -> HttpResponse:
        try:
            profile = request.user.profile
        except Profile.DoesNotExist:
            return forbidden(request)
        ws = current()
        try:
            request.scope = ws.memo(
                ("scope", profile.role, profile.territory),
                lambda: scope_for(profile.role, profile.territory, ws.ds),
            )
        except CoopgraphError:
            return forbidden(request)
        request.profile = profile
        return view(request, *args, **kw)

    return wrapper


def territory_choices(ws: Workspace, request: HttpRequest) -> list[tuple[str, Any]]:
    """The territories an account may pick: all of France, then the régions,
    the départements and the CRPV (in groups) for accounts that see all of
    France; its own territory only otherwise (so a territorial account can
    never widen its scope: any other value fails the form's validation)."""
    profile: Profile = request.profile
    scope: Scope = request.scope
    T = Text(lang_of(request))
    if not scope.everywhere:
        own: list[tuple[str, Any]] = [(profile.territory, scope.label)]
        deps = own_departements(ws, scope)
        if deps:  # a CRPV of several départements may narrow to one of them
            labels = [(DEPARTEMENT_PREFIX + d, departement_label(d)) for d in deps]
            own.append((T["group_departements"], labels))
        return own
    regions = sorted({c.region for c in ws.ds.cites})
    departements = sorted({c.departement for c in ws.ds.cites if c.departement})
    return [
        ("", T["all_france"]),
        (T["group_regions"], [(r, region_label(r)) for r in regions]),
        (
            T["group_departements"],
            [(DEPARTEMENT_PREFIX + d, departement_label(d)) for d in departements],
        ),
        (T["group_crpv"], [(k.id, k.name) for k in sorted(ws.ds.crpvs, key=lambda k: k.name)]),
    ]


def own_departements(ws: Workspace, scope: Scope) -> list[str]:
    """The départements a territorial account may narrow its pages to: those
    of the cités lying inside its territory (not the cités it supports
    elsewhere); none when it has one département only."""
    deps = {
        c.departement
        for c in ws.ds.cites
        if c.departement and scope.covers(c.region, c.departement)
    }
    return sorted(deps) if len(deps) > 1 else []


def departement_label(code: str) -> str:
    """``Seine-Saint-Denis (93)``; the code alone when unknown."""
    try:
        return f"{geo.departement_name(code)} ({code})"
    except KeyError:
        return code


def selected_scope(ws: Workspace, request: HttpRequest, territory: str) -> Scope:
    """The account's scope narrowed to the territory picked in a form (the
    form has already checked that the account may pick it). A territorial
    account narrows to one of its :func:`own_departements` only: its cités
    there, the names it may read anyway; any other value leaves its scope as
    it is, never wider."""
    scope: Scope = request.scope
    if not territory:
        return scope
    if not scope.everywhere:
        code = territory.removeprefix(DEPARTEMENT_PREFIX)
        if code == territory or code not in own_departements(ws, scope):
            return scope
        label, _, _, found = territory_of(territory, ws.ds)
        inside = frozenset(c for c in found or () if scope.covers_cite(ws.ds.cite_by_id.get(c)))
        return Scope(
            label,
            regions=frozenset(),
            departements=frozenset({code}),
            cite_ids=inside,
            names_everywhere=False,
            names_inside=scope.names_inside,
            can_write=scope.can_write,
            key=f"{scope.key}>{territory}",
            names_from=scope,
        )
    label, regions, deps, cites = territory_of(territory, ws.ds)
    return Scope(
        label,
        regions=regions,
        departements=deps,
        cite_ids=cites,
        names_everywhere=scope.names_everywhere,
        names_inside=scope.names_inside,
        can_write=scope.can_write,
        key=f"{scope.key}>{territory}",
    )


def analysis_form(
    request: HttpRequest, ws: Workspace, form_class: type[AnalysisForm] = AnalysisForm
) -> tuple[AnalysisForm, Options, str] | None:
    """The bound form, its options and territory; ``None`` when the account
    asked for a territory it may not see."""
    choices = territory_choices(ws, request)
    data = request.GET.copy()
    if not data.get("territory"):
        data["territory"] = choices[0][0]
    form = form_class(data, territories=choices, lang=lang_of(request))
    if not form.is_valid():
        if "territory" in form.errors:
            return None
        # other mistakes (a bad date): show the form's errors, use defaults
        return form, Options(), data["territory"]
    d = form.cleaned_data
    # no scale ticked means every scale (an empty tuple would keep none)
    opts = Options(
        since=d.get("since"), until=d.get("until"), scales=tuple(d.get("scale") or ()) or None
    )
    return form, opts, d.get("territory") or ""


def decimal(value: float, places: int) -> str:
    """A number in the page's language, rounded (Django's ``number_format``
    cuts a float's digits: 2000/2775 would read 0,720)."""
    return number_format(round(value, places), places)


def person_labeller(ws: Workspace, scope: Scope, lang: str) -> Callable[[str], str]:
    """``label(actor_id)``: the name when the scope shows it, else a stable
    pseudonym (:mod:`coopgraph.privacy`)."""
    ds = ws.ds
    fakes = ws.memo(("pseudonyms", lang), lambda: pseudonyms(ds, lang))

    def label(actor_id: str) -> str:
        actor = ds.actor_by_id.get(actor_id)
        if actor is not None and scope.shows_name(ds, actor):
            return actor.name
        return fakes.get(actor_id, actor_id)

    return label


def labelled_suggestions(records: list[dict], person: Callable[[str], str], T: Text) -> list[dict]:
    """Suggestion records for a page: an introducer who is a person is named
    as the account may see them (the records carry pseudonyms)."""
    out = []
    for r in records:
        r = dict(r)
        r["partner_region_name"] = region_label(r.get("partner_region"))
        if r.get("introducer_kind") == "actor" and r.get("introducer_id"):
            r["introducer_name"] = person(r["introducer_id"])
        out.append(r)
    return out


def _territory_cites(ws: Workspace, scope: Scope) -> list[str]:
    return [c.id for c in ws.ds.cites if scope.covers_cite(c)]


def _territory_graph(ws: Workspace, G: nx.Graph, scope: Scope) -> nx.Graph:
    """The cités of the territory, their neighbours, and the ties that touch
    the territory."""
    inside = {n for n in _territory_cites(ws, scope) if n in G}
    H = nx.Graph()
    H.graph.update(G.graph)
    for n in inside:
        H.add_node(n, **G.nodes[n])
        for m, data in G[n].items():
            if m not in H:
                H.add_node(m, **G.nodes[m])
            H.add_edge(n, m, **data)
    return H


# ---------------------------------------------------------------- pages


@require_POST
def set_lang(request: HttpRequest) -> HttpResponse:
    lang = request.POST.get("lang", "fr")
    request.session["lang"] = lang if lang in LANGS else "fr"
    back = request.POST.get("next") or "/"
    # only a path of this site
    if not back.startswith("/") or back.startswith("//"):
        back = "/"
    return HttpResponseRedirect(back)


@require_GET
@scoped
def dashboard(request: HttpRequest) -> HttpResponse:
    ws = current()
    lang = lang_of(request)
    T = Text(lang)
    found = analysis_form(request, ws)
    if found is None:
        return forbidden(request)
    form, opts, territory = found
    scope = selected_scope(ws, request, territory)
    G = ws.cite_graph(opts)
    inside = _territory_cites(ws, scope)
    inside_set = set(inside)
    with_data = [c for c in inside if c in ws.cite_meetings]
    touching = [(u, v, d) for u, v, d in G.edges(data=True) if u in inside_set or v in inside_set]
    internal = [e for e in touching if e[0] in inside_set and e[1] in inside_set]
    region = {c.id: c.region for c in ws.ds.cites}
    interregional = [e for e in touching if region.get(e[0]) != region.get(e[1])]
    n = len(inside)
    density = len(internal) / (n * (n - 1) / 2) if n > 1 else None
    isolated = [
        # the isolation types as every report names them (one catalogue)
        {**r, "type_label": translator(lang)(f"type.{r['type']}")}
        for r in ws.isolated(opts, lang)
        if r["cite_id"] in inside_set
    ]
    cite_by_id = ws.ds.cite_by_id
    without = [cite_by_id[c] for c in inside if c not in ws.cite_meetings]
    figures = [
        (T["fig_cites"], n),
        (T["fig_with_data"], len(with_data)),
        (T["fig_ties"], len(touching)),
        (T["fig_internal"], len(internal)),
        (T["fig_interregional"], len(interregional)),
        (T["fig_density"], decimal(density, 3) if density is not None else "–"),
        (T["fig_isolated"], len(isolated)),
    ]
    pct = round(100 * len(with_data) / n) if n else 0
    # the three best partners of each weak cité of the territory
    suggestions = labelled_suggestions(
        [s for s in ws.suggestions(opts, lang) if s["cite_id"] in inside_set and s["rank"] <= 3],
        person_labeller(ws, scope, lang),
        T,
    )
    return render(
        request,
        "web/dashboard.html",
        {
            "title": T.format("dash_title", territory=scope.label),
            "form": form,
            "figures": figures,
            "coverage": T.format("coverage", pct=pct),
            "isolated": isolated,
            "without": without,
            "territory": territory,
            # the downloads take the same territory, period and scales
            "query": _download_query(request, territory),
            "suggestions": suggestions,
        },
    )


@require_GET
@scoped
def cite_page(request: HttpRequest, cite_id: str) -> HttpResponse:
    ws = current()
    scope: Scope = request.scope
    cite = ws.ds.cite_by_id.get(cite_id)
    if cite is None:
        if not scope.everywhere:
            return forbidden(request)
        raise Http404
    if not scope.covers_cite(cite):
        return forbidden(request)
    lang = lang_of(request)
    T = Text(lang)
    ds = ws.ds
    opts = Options()
    G = ws.cite_graph(opts)
    ties = _ties(ws, G, cite_id)
    meetings = ws.cite_meetings.get(cite_id, {})
    by_year = Counter(ds.meeting_by_id[m].date.year for m in meetings if m in ds.meeting_by_id)
    top = max(by_year.values(), default=1)
    timeline = [
        {"year": y, "n": by_year[y], "pct": round(100 * by_year[y] / top)} for y in sorted(by_year)
    ]
    person = person_labeller(ws, scope, lang)
    recent = sorted(
        (ds.meeting_by_id[m] for m in meetings if m in ds.meeting_by_id),
        key=lambda m: (m.date, m.id),
        reverse=True,
    )[:15]
    recent_rows = [
        {
            "date": m.date,
            "title": m.title,
            "people": ", ".join(sorted(person(a) for a in meetings[m.id])),
        }
        for m in recent
    ]
    # people of other cités met at this cité's meetings
    own = {a.id for a in ds.actors if a.cite_id == cite_id}
    met: Counter[str] = Counter()
    for m in meetings:
        for a in ws.meeting_attendees.get(m, ()):
            other = ds.actor_by_id.get(a)
            if a not in own and other is not None and other.cite_id and other.cite_id != cite_id:
                met[a] += 1
    contacts = [
        {
            "person": person(a),
            "cite": ds.cite_by_id[ds.actor_by_id[a].cite_id].name,  # type: ignore[index]
            "n": k,
        }
        for a, k in sorted(met.items(), key=lambda x: (-x[1], x[0]))[:20]
    ]
    t = translator(lang)
    legs = [
        {
            # the troïka's legs as the reports name them (package catalogue)
            "role": t(f"leg.{g.role}") if g.role in TROIKA_ROLES else g.role,
            "institution": ds.institution_by_id[g.institution_id].name
            if g.institution_id in ds.institution_by_id
            else g.institution_id,
        }
        for g in ds.governance
        if g.cite_id == cite_id
    ]
    missing = [
        t(f"leg.{r}")
        for r in TROIKA_ROLES
        if r not in {g.role for g in ds.governance if g.cite_id == cite_id}
    ]
    support = [
        {
            "crpv": ds.institution_by_id[s.crpv_id].name
            if s.crpv_id in ds.institution_by_id
            else s.crpv_id,
            "kind": t(f"support.kind.{s.kind}") if s.kind else "",
            "since": s.since,
        }
        for s in ds.support
        if s.cite_id == cite_id
    ]
    try:
        dep = (
            f"{geo.departement_name(cite.departement)} ({cite.departement})"
            if cite.departement
            else "–"
        )
    except KeyError:
        dep = cite.departement or "–"
    return render(
        request,
        "web/cite.html",
        {
            "cite": cite,
            "title": T.format("cite_title", name=cite.name),
            "where": T.format(
                "cite_region",
                region=region_label(cite.region),
                departement=dep,
                wave=cite.wave or "–",
            ),
            "ties": ties,
            "timeline": timeline,
            "recent": recent_rows,
            "contacts": contacts,
            "legs": legs,
            "missing": T.format("troika_missing", legs=", ".join(missing)) if missing else "",
            "support": support,
            "pseudonymised": not scope.names_everywhere,
            "suggestions": labelled_suggestions(
                [s for s in ws.suggestions(Options(), lang) if s["cite_id"] == cite_id], person, T
            ),
        },
    )


def _ties(ws: Workspace, G: nx.Graph, cite_id: str) -> list[dict]:
    if cite_id not in G:
        return []
    out = []
    for other, data in G[cite_id].items():
        c = ws.ds.cite_by_id.get(other)
        out.append(
            {
                "cite_id": other,
                "name": c.name if c else other,
                "region": region_label(c.region) if c else "",
                "weight": data.get("weight", 0),
                "first": data.get("first"),
                "last": data.get("last"),
            }
        )
    out.sort(key=lambda r: (-r["weight"], r["name"]))
    return out


# ---------------------------------------------------------------- downloads


def _download_query(request: HttpRequest, territory: str) -> str:
    """The query string of the dashboard's downloads: its form's values."""
    query = request.GET.copy()
    query["territory"] = territory
    return query.urlencode()


def _csv_response(rows: list[list[Any]], header: list[str], filename: str) -> HttpResponse:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        # a cell starting with = + - @ is text, not a spreadsheet formula
        writer.writerow([_safe_cell(v) for v in row])
    response = HttpResponse(out.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _safe_cell(value: Any) -> str:
    """A downloaded CSV cell, through the project's one CSV cell path
    (a spreadsheet formula is neutralised, plain numbers stay numbers)."""
    from coopgraph.reports.tabular import csv_cell

    return csv_cell("" if value is None else str(value))


@require_GET
@scoped
def cite_ties_csv(request: HttpRequest, cite_id: str) -> HttpResponse:
    ws = current()
    scope: Scope = request.scope
    cite = ws.ds.cite_by_id.get(cite_id)
    if cite is None or not scope.covers_cite(cite):
        return forbidden(request) if not scope.everywhere or cite is not None else _not_found()
    ties = _ties(ws, ws.cite_graph(Options()), cite_id)
    rows = [
        [t["cite_id"], t["name"], t["region"], t["weight"], t["first"], t["last"]] for t in ties
    ]
    header = ["cite_id", "name", "region", "shared_meetings", "first", "last"]
    return _csv_response(rows, header, f"{cite_id}-ties.csv")


def _not_found() -> HttpResponse:
    raise Http404


#: graph downloads: format -> (content type, file suffix)
GRAPH_FORMATS = {
    "graphml": "application/graphml+xml",
    "gexf": "application/gexf+xml",
}


@require_GET
@scoped
def territory_graph(request: HttpRequest, fmt: str) -> HttpResponse:
    """The cité graph of the territory picked in the form (the account's own
    for a territorial account) as GraphML or GEXF: its cités, their partners
    and the ties that touch it. Nodes are cités (public names); who came to
    the meetings (actor ids) is left out, so the file names no person."""
    from coopgraph.export import graph_text

    if fmt not in GRAPH_FORMATS:
        raise Http404
    ws = current()
    found = analysis_form(request, ws)
    if found is None:
        return forbidden(request)
    _, opts, territory = found
    scope = selected_scope(ws, request, territory)
    H = _territory_graph(ws, ws.cite_graph(opts), scope)
    for n in H:
        c = ws.ds.cite_by_id.get(n)
        H.nodes[n]["label"] = c.name if c else n
    for _, _, data in H.edges(data=True):
        data.pop("people", None)  # actor ids: not needed to read the network
    text = graph_text(H, fmt)
    response = HttpResponse(text, content_type=f"{GRAPH_FORMATS[fmt]}; charset=utf-8")
    name = territory or "france"
    response["Content-Disposition"] = f'attachment; filename="cites-{name}.{fmt}"'
    return response


@require_GET
@scoped
def territory_note(request: HttpRequest, fmt: str) -> HttpResponse:
    """The one-page note (:mod:`coopgraph.reports.note`) of the territory
    picked in the form (the account's own for a territorial account)."""
    from coopgraph.analysis import Analysis, AnalysisOptions
    from coopgraph.analysis.territory import Territory, departement_code, region_code
    from coopgraph.reports.note import build_note, note_html, note_pdf

    if fmt not in ("pdf", "html"):
        raise Http404
    ws = current()
    lang = lang_of(request)
    found = analysis_form(request, ws)
    if found is None:
        return forbidden(request)
    _, opts, territory = found
    profile: Profile = request.profile
    spec = territory or ("" if request.scope.everywhere else profile.territory)
    if spec in ws.ds.institution_by_id:
        chosen = Territory(crpvs=(spec,))
    elif spec.startswith(DEPARTEMENT_PREFIX):
        chosen = Territory(departements=(departement_code(spec[len(DEPARTEMENT_PREFIX) :]),))
    elif spec:
        chosen = Territory(regions=(region_code(spec),))
    else:
        chosen = Territory()

    def build():
        options = AnalysisOptions(
            period=opts.period, scales=opts.scales, min_shared=opts.min_shared, territory=chosen
        )
        note = build_note(Analysis(ws.ds, options), ws.source)
        return note_pdf(note, lang) if fmt == "pdf" else note_html(note, lang).encode("utf-8")

    data = ws.memo(("note", spec, opts, lang, fmt), build, size=16)
    kind = "application/pdf" if fmt == "pdf" else "text/html; charset=utf-8"
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="note-{spec or "france"}.{fmt}"'
    return response


# ---------------------------------------------------------------- map


@require_GET
@scoped
def map_page(request: HttpRequest) -> HttpResponse:
    ws = current()
    T = Text(lang_of(request))
    found = analysis_form(request, ws, MapForm)
    if found is None:
        return forbidden(request)
    form, _, _ = found
    years = sorted({m.date.year for m in ws.ds.meetings}) or [date.today().year]
    form.fields["year"].widget.attrs.update({"min": years[0], "max": years[-1]})
    return render(
        request,
        "web/map.html",
        {
            "title": T["map_title"],
            "form": form,
            "frame_url": reverse("map_frame") + "?" + request.GET.urlencode(),
        },
    )


#: the map component's own policy (its page inlines vis-network), plus: only
#: this site may frame it
MAP_POLICY = (
    "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; "
    "img-src data:; font-src data:; frame-ancestors 'self'"
)


@require_GET
@xframe_options_sameorigin
@scoped
def map_frame(request: HttpRequest) -> HttpResponse:
    from coopgraph.viz.maps import MapOptions, map_payload, render_map

    ws = current()
    lang = lang_of(request)
    found = analysis_form(request, ws, MapForm)
    if found is None:
        return forbidden(request)
    form, opts, territory = found
    isolated = bool(form.is_valid() and form.cleaned_data.get("isolated"))
    year = form.cleaned_data.get("year") if form.is_valid() else None
    if year and not opts.until:
        opts = Options(opts.since, date(year, 12, 31), opts.scales, opts.min_shared)
    scope = selected_scope(ws, request, territory)

    def build() -> str:
        G = ws.cite_view(opts, lang)
        H = G if scope.everywhere else _territory_graph(ws, G, scope)
        if isolated:
            keep = {n for n, d in H.nodes(data=True) if d.get("isolation")}
            keep |= {m for n in keep for m in H[n]}
            H = H.subgraph(keep)
        subtitle = scope.label + (f" — {opts.period.label()}" if opts.since or opts.until else "")
        payload = map_payload(
            H, MapOptions(lang=lang, subtitle=subtitle), meetings=ws.ds.meeting_by_id
        )
        return render_map(payload)

    html = ws.memo(("map", opts, lang, scope.key, isolated), build, size=32)
    response = HttpResponse(html)
    response["Content-Security-Policy"] = MAP_POLICY
    return response


# ---------------------------------------------------------------- queries


@require_GET
@scoped
def query_list(request: HttpRequest) -> HttpResponse:
    ws = current()
    T = Text(lang_of(request))
    scope: Scope = request.scope
    allowed = [
        {
            "name": q.short_name,
            "title": web_queries.title(q.short_name, T),
            "description": web_queries.description(q.short_name, q.description, T),
        }
        for q in web_queries.read_queries()
        if web_queries.allowed(q.short_name, scope)
    ]
    return render(
        request,
        "web/queries.html",
        {"title": T["queries_title"], "queries": allowed, "on_neo4j": ws.neo4j is not None},
    )


@require_GET
@scoped
def query_page(request: HttpRequest, name: str) -> HttpResponse:
    ws = current()
    T = Text(lang_of(request))
    scope: Scope = request.scope
    profile: Profile = request.profile
    q = web_queries.find(name)
    if q is None:
        raise Http404
    if not web_queries.allowed(name, scope):
        return forbidden(request)
    # cité and CRPV parameters as lists of the territory's values
    choices = web_queries.parameter_choices(q.params, scope, profile.territory, ws.ds)
    form = QueryForm(request.GET or None, params=q.params, lang=T.lang, choices=choices)
    ctx: dict[str, Any] = {
        "title": web_queries.title(name, T),
        "description": web_queries.description(name, q.description, T),
        "query": q,
        "form": form,
        "on_neo4j": ws.neo4j is not None,
    }
    if request.GET and not scope.everywhere and any(p in form.errors for p in choices):
        return forbidden(request)  # a cité or CRPV outside the territory
    if request.GET and form.is_valid():
        params = {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
        if not web_queries.parameters_in_scope(name, params, scope, profile.territory, ws.ds):
            return forbidden(request)
        if ws.neo4j is None:
            ctx["error"] = T["queries_need_neo4j"]
        else:
            try:
                keys, rows = web_queries.run(ws, name, params, scope)
            except CoopgraphError as exc:
                ctx["error"] = T.format("error", message=str(exc))
            else:
                if request.GET.get("format") == "csv":
                    return _csv_response(rows, keys, f"{name}.csv")
                ctx.update(
                    keys=keys,
                    # keys in words on the page; the CSV keeps them as they are
                    columns=[web_queries.column_label(k, T) for k in keys],
                    rows=[
                        [
                            web_queries.cell_label(name, k, v, T)
                            for k, v in zip(keys, row, strict=True)
                        ]
                        for row in rows
                    ],
                    count=T.format("query_rows", n=len(rows)),
                )
                ctx["csv_url"] = request.get_full_path() + "&format=csv"
    return render(request, "web/query.html", ctx)


# ---------------------------------------------------------------- audit


@require_GET
@scoped
def audit_log(request: HttpRequest) -> HttpResponse:
    T = Text(lang_of(request))
    profile: Profile = request.profile
    if profile.role != "national":
        return forbidden(request)
    t = translator(T.lang)
    entries = list(AuditEntry.objects.all()[:200])
    for e in entries:  # what was done, in words (the keys stay in the database)
        e.action_label = T[f"action_{e.action}"]
        e.detail_text = audit_detail(e.detail, T, t)
    return render(request, "web/audit.html", {"title": T["audit_title"], "entries": entries})


def audit_detail(detail: Any, T: Text, t: Callable[..., str]) -> str:
    """An audit entry's detail in words: ``label : value`` pairs, labelled
    from the page's text (``detail_*``), the catalogue's entities
    (``entity.*``) and intake decisions (``intake.decision.*``); an unknown
    key is shown as it is (tested in ``tests/test_web.py``)."""
    if not isinstance(detail, dict):
        return str(detail)

    def label(key: str) -> str:
        if T[f"detail_{key}"] != f"detail_{key}":
            return T[f"detail_{key}"]
        for candidate in (f"intake.decision.{key}", f"entity.{key}"):
            if t(candidate) != candidate:
                return t(candidate)
        return key

    def value(key: str, v: Any) -> str:
        if isinstance(v, bool):
            return t("yes") if v else t("no")
        if key == "role" and isinstance(v, str):
            return T[f"role_{v}"]
        if isinstance(v, list):
            return ", ".join(str(x) for x in v)
        if isinstance(v, dict):
            return ", ".join(f"{label(k)} {x}" for k, x in v.items())
        return str(v)

    return " ; ".join(f"{label(k)} : {value(k, v)}" for k, v in detail.items())


@require_POST
@scoped
def reload_data(request: HttpRequest) -> HttpResponse:
    """Read the data again (national accounts; audited)."""
    profile: Profile = request.profile
    if profile.role != "national":
        return forbidden(request)
    ws = current()
    ws.reload()
    audit(request.user.get_username(), "data.reload", source=ws.source, **ws.ds.counts())
    return HttpResponseRedirect(reverse("audit"))


def stylesheet(request: HttpRequest) -> HttpResponse:
    from importlib.resources import files

    css = (files("coopgraph.web") / "static" / "web.css").read_text(encoding="utf-8")
    response = HttpResponse(css, content_type="text/css; charset=utf-8")
    response["Cache-Control"] = "max-age=3600"
    return response
