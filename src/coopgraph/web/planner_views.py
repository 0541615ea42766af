"""The planner page: ``coopgraph plan-clusters`` in a form, the proposed
clubs with their explanations, the what-if before/after, the map coloured
by club, and the export (JSON, Markdown).

Every account may plan within what it sees (its :class:`Scope`):

* national accounts (and read-only observers without a territory) plan for
  all of France;
* a CRPV account (or a read-only account bound to a territory) plans for its
  territory: only its cités are placed in clubs (fillers too), the
  before/after is that of its territory, and the map shows its cités only;
* an account that sees all of France may narrow the plan to one territory
  (a région, a département, a CRPV) with the form's territory picker, the
  same picker as the dashboard's (:func:`~coopgraph.web.views.territory_choices`).
  A territorial account is offered its own territory only: any other value,
  from the form or the URL, is refused (403) before anything is computed.

A plan names cités, régions and CRPV, never a person, so there is nothing
to pseudonymise in it.

Exporting the plan (JSON, Markdown) is a download, not a write: read-only
accounts may export what they may view, as with every other download.
"""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.http import require_GET

from coopgraph.errors import CoopgraphError
from coopgraph.reports.document import Figure, Table
from coopgraph.web.forms import PlanForm
from coopgraph.web.i18n import Text
from coopgraph.web.scope import Scope
from coopgraph.web.views import (
    MAP_POLICY,
    forbidden,
    lang_of,
    scoped,
    selected_scope,
    territory_choices,
)
from coopgraph.web.workspace import Options, Workspace, current


def _key(d: dict[str, Any]) -> tuple:
    return tuple(sorted((k, tuple(v) if isinstance(v, list) else v) for k, v in d.items()))


def territory_cites(ws: Workspace, scope: Scope | None) -> frozenset[str] | None:
    """The cités a plan may place for ``scope`` (``None``: all of them)."""
    if scope is None or scope.everywhere:
        return None
    return frozenset(c.id for c in ws.ds.cites if scope.covers_cite(c))


def compute_plan(ws: Workspace, d: dict[str, Any], lang: str, scope: Scope | None = None):
    """The plan, its simulation and documents for the form's values, within
    ``scope``'s territory (once per set of values and territory: the solver
    is the costly part)."""
    from dataclasses import replace

    from coopgraph.planning import (
        PlanOptions,
        cite_themes,
        cites_to_place,
        cites_without_data,
        plan_clusters,
        simulate_clubs,
    )
    from coopgraph.planning.render import plan_document, simulation_document

    def build():
        opts = Options(since=d.get("since"), until=d.get("until"))
        period = opts.period
        G = ws.cite_graph(opts)
        geography = "both" if d.get("max_km") else "borders"
        options = PlanOptions(
            min_size=d["min_size"],
            max_size=d["max_size"],
            geography=geography,
            max_regions=d["max_regions"],
            max_km=d.get("max_km"),
            workload=d["workload"],
            allow_fillers=bool(d.get("fillers")),
            time_limit=d["time_limit"],
            seed=0,
            workers=2,
            deterministic=True,
        )
        inside = territory_cites(ws, scope)
        ds = ws.ds
        if inside is not None:
            # fillers are drawn from the dataset's cités: the territory's only
            ds = replace(ds, cites=tuple(c for c in ds.cites if c.id in inside))
        # no data is not isolation: cités with nothing recorded are listed apart
        status = ws.analysis(opts).data_status
        candidates = cites_to_place(
            G,
            types=("isolated", *d.get("weak", ())),
            labelled_by=period.until,
            among=inside,
            status=status,
        )
        no_data = cites_without_data(G, status, labelled_by=period.until, among=inside)
        plan = plan_clusters(
            ds,
            candidates,
            options,
            G=G,
            themes=cite_themes(ws.ds, period),
            period=period,
            no_data=no_data,
        )
        sim = simulate_clubs(G if inside is None else G.subgraph(inside), plan.clubs, None, no_data)
        data = plan.to_dict(lang)
        data["simulation"] = sim.as_dict()
        return plan, plan_document(plan, ws.ds, lang), simulation_document(sim, lang), data

    where = "" if scope is None or scope.everywhere else scope.key
    return ws.memo(("plan", _key(d), lang, where), build, size=8)


def _sections(*docs) -> list[dict[str, Any]]:
    """Document sections as plain blocks for the template (which escapes
    every text); figures are left to the map."""
    out = []
    for doc in docs:
        for section in doc.sections:
            blocks = []
            for block in section.blocks:
                if isinstance(block, Table):
                    blocks.append({"columns": block.columns, "rows": block.rows})
                elif not isinstance(block, Figure):
                    blocks.append({"text": str(block)})
            out.append({"title": section.title, "blocks": blocks})
    return out


def _plan_scope(ws: Workspace, request: HttpRequest, form: PlanForm) -> Scope:
    """The territory of the plan: the account's own, narrowed to the one
    picked in the form when the account may pick (the form has checked it:
    ``cleaned_data`` holds only valid fields, and :func:`selected_scope`
    never widens a territorial account's scope)."""
    if not form.is_bound:
        return request.scope
    form.is_valid()  # cleans every field; another field's mistake keeps the pick
    return selected_scope(ws, request, form.cleaned_data.get("territory") or "")


@require_GET
@scoped
def planner(request: HttpRequest) -> HttpResponse:
    ws = current()
    lang = lang_of(request)
    T = Text(lang)
    choices = territory_choices(ws, request)
    data = request.GET.copy() if "run" in request.GET else None
    if data is not None and not data.get("territory"):
        data["territory"] = choices[0][0]
    form = PlanForm(data, territories=choices, lang=lang)
    if form.is_bound and not form.is_valid() and "territory" in form.errors:
        return forbidden(request)  # a territory the account may not pick
    scope = _plan_scope(ws, request, form)
    ctx: dict[str, Any] = {
        "title": T["plan_title"],
        "form": form,
        "territory": T.format("plan_territory", territory=scope.label),
    }
    if form.is_bound and form.is_valid():
        try:
            plan, doc, sim_doc, data = compute_plan(ws, form.cleaned_data, lang, scope)
        except CoopgraphError as exc:
            ctx["error"] = T.format("error", message=str(exc))
        else:
            fmt = request.GET.get("format")
            if fmt in ("json", "markdown"):
                from coopgraph.planning.render import render as render_plan

                text = render_plan(doc, data, fmt)
                kind = "application/json" if fmt == "json" else "text/markdown"
                response = HttpResponse(text, content_type=f"{kind}; charset=utf-8")
                suffix = "json" if fmt == "json" else "md"
                response["Content-Disposition"] = f'attachment; filename="clubs.{suffix}"'
                return response
            query = request.GET.copy()
            query.pop("format", None)
            ctx.update(
                summary=doc.subtitle,
                sections=_sections(doc, sim_doc),
                map_url=reverse("planner_map") + "?" + query.urlencode(),
                json_url="?" + query.urlencode() + "&format=json",
                md_url="?" + query.urlencode() + "&format=markdown",
            )
    return render(request, "web/planner.html", ctx)


@require_GET
@xframe_options_sameorigin
@scoped
def planner_map(request: HttpRequest) -> HttpResponse:
    """The map of cités coloured by proposed club (as ``plan-clusters --map``)."""
    from coopgraph.planning import club_membership
    from coopgraph.viz.maps import MapOptions, map_payload, render_map

    ws = current()
    lang = lang_of(request)
    choices = territory_choices(ws, request)
    data = request.GET.copy()
    if not data.get("territory"):
        data["territory"] = choices[0][0]
    form = PlanForm(data, territories=choices, lang=lang)
    if not form.is_valid():
        return forbidden(request) if "territory" in form.errors else HttpResponse(status=400)
    scope = _plan_scope(ws, request, form)
    d = form.cleaned_data
    try:
        plan, _, _, _ = compute_plan(ws, d, lang, scope)
    except CoopgraphError:
        return HttpResponse(status=400)

    def build() -> str:
        opts = Options(since=d.get("since"), until=d.get("until"))
        G = ws.cite_view(opts, lang)
        inside = territory_cites(ws, scope)
        # a territory's plan is drawn on its cités alone
        G = G.copy() if inside is None else G.subgraph(inside).copy()
        membership = club_membership(plan.clubs)
        order = {club: k for k, club in enumerate(sorted(set(membership.values())))}
        for cite, club in membership.items():
            if cite in G:
                G.nodes[cite]["club"], G.nodes[cite]["club_index"] = club, order[club]
        payload = map_payload(
            G, MapOptions(lang=lang, color_by="club"), meetings=ws.ds.meeting_by_id
        )
        return render_map(payload)

    html = ws.memo(("plan-map", _key(d), lang, scope.key), build, size=8)
    response = HttpResponse(html)
    response["Content-Security-Policy"] = MAP_POLICY
    return response
