"""Ranked, explained partner suggestions for isolated and weakly tied cités.

:func:`suggest_partners` is the one entry point: for each isolated or weakly
tied cité in scope (or the one cité asked for), the ``top`` cités it has no
tie with, best first, each with a score (:mod:`coopgraph.suggest.model`),
the reasons (structured :class:`Reason` records, phrased by
:func:`suggestion_records` in the language asked) and the introducer
(:mod:`coopgraph.suggest.introducers`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from coopgraph import geo
from coopgraph.errors import InputError
from coopgraph.graph.projections import Period
from coopgraph.metrics.isolation import ISOLATION_TYPES
from coopgraph.model import Dataset
from coopgraph.suggest.features import (
    FeatureMatrix,
    PairContext,
    km,
    pair_context,
    pair_features,
    shared_themes,
)
from coopgraph.suggest.introducers import Introducer, find_introducer
from coopgraph.suggest.model import MIN_POSITIVES, LinkModel, fit_model

#: How many reasons a suggestion shows at most (missing-data notes aside).
MAX_REASONS = 4


@dataclass(frozen=True)
class Reason:
    """One reason (or note) in structured form: ``code`` names a message
    ``suggest.reason.<code>`` (``suggest.note.<code>`` for notes) and
    ``values`` fills it."""

    code: str
    values: tuple[tuple[str, Any], ...] = ()

    def text(self, t, kind: str = "reason") -> str:
        """The phrase in the language of ``t``: ``kind`` is ``reason`` or ``note``."""
        return t(f"suggest.{kind}.{self.code}", **dict(self.values))


@dataclass(frozen=True)
class Scope:
    """Which cités ask for partners: one cité, or the weak cités of régions,
    départements or a CRPV's territory (all of them when empty)."""

    cite: str | None = None
    #: these cités (ids), in this order, whatever their ties: the report and
    #: the note ask for the isolated cités they list (unlabelled ones skipped)
    cites: tuple[str, ...] | None = None
    regions: tuple[str, ...] = ()
    departements: tuple[str, ...] = ()
    crpv: str | None = None
    #: the cités of a territory resolved by the analysis layer
    #: (:func:`coopgraph.analysis.territory.resolve_territory`), or ``None``
    cite_ids: frozenset[str] | None = None


@dataclass(frozen=True)
class Suggestion:
    """A partner suggested to a cité (see the module docstring).

    ``cite_type`` is the cité's isolation type (``None`` when it is well
    tied and was asked for with ``Scope.cite``); ``rank`` starts at 1 per
    cité; ``notes`` say which data were missing. ``introducer_name`` is the
    raw name (a person's name for ``introducer_kind == "actor"``: pseudonymise
    at the edge, see :func:`suggestion_records`).
    """

    cite_id: str
    cite_name: str
    cite_type: str | None
    rank: int
    partner_cite_id: str
    partner_name: str
    partner_region: str
    score: float
    reasons: tuple[Reason, ...]
    notes: tuple[Reason, ...] = ()
    introducer_id: str | None = None
    introducer_name: str | None = None
    introducer_kind: str | None = None
    introducer_basis: str | None = None
    introducer_meetings: dict[str, tuple[str, ...]] = field(default_factory=dict)


class Suggestions(list):
    """A list of :class:`Suggestion` that also remembers how it was made:
    ``model`` (:class:`~coopgraph.suggest.model.LinkModel`), ``queries``
    (the cités that asked, in order) and the analysis parameters."""

    def __init__(
        self,
        items: Iterable[Suggestion] = (),
        *,
        model: LinkModel,
        queries: list[str],
        parameters: dict[str, Any],
    ) -> None:
        super().__init__(items)
        self.model = model
        self.queries = queries
        self.parameters = parameters


def _scope_cites(ds: Dataset, ctx: PairContext, scope: Scope) -> list[str]:
    """The cités asking for partners, most isolated first."""
    if scope.cite is not None:
        if scope.cite not in ds.cite_by_id:
            raise InputError.of("suggest.err.unknown_cite", cite=scope.cite)
        if scope.cite not in ctx.index:
            raise InputError.of("suggest.err.not_labelled", cite=scope.cite)
        return [scope.cite]
    if scope.cites is not None:
        return [c for c in dict.fromkeys(scope.cites) if c in ctx.index]
    regions = {geo.resolve_region(r) for r in scope.regions}
    deps = {geo.resolve_departement(d) for d in scope.departements}
    crpv = None
    if scope.crpv is not None:
        crpv = ds.institution_by_id.get(scope.crpv)
        if crpv is None or crpv.kind != "crpv":
            raise InputError.of("suggest.err.unknown_crpv", crpv=scope.crpv)
    supported = {s.cite_id for s in ds.support if crpv is not None and s.crpv_id == crpv.id}
    chosen = []
    for c in ctx.cites:
        if c.id not in ctx.fragile:
            continue
        if regions and c.region not in regions:
            continue
        if deps and c.departement not in deps:
            continue
        if crpv is not None and not (crpv.covers(c.region, c.departement) or c.id in supported):
            continue
        if scope.cite_ids is not None and c.id not in scope.cite_ids:
            continue
        chosen.append(c.id)
    return sorted(chosen, key=lambda c: (ISOLATION_TYPES.index(ctx.fragile[c]), c))


def _names(ds: Dataset, ids: Iterable[str], limit: int = 3) -> str:
    ids = list(ids)
    shown = [
        (ds.cite_by_id[i].name if i in ds.cite_by_id else ds.institution_by_id[i].name)
        for i in ids[:limit]
    ]
    return ", ".join(shown) + (f" (+{len(ids) - limit})" if len(ids) > limit else "")


def _reasons(
    ctx: PairContext, model: LinkModel, fm: FeatureMatrix, row: int, u: str, v: str
) -> tuple[tuple[Reason, ...], tuple[Reason, ...]]:
    """The facts behind a pair's score that pushed it up, strongest first,
    and the notes on missing data."""
    ds = ctx.ds
    cu, cv = ds.cite_by_id[u], ds.cite_by_id[v]
    contrib = model.contributions(FeatureMatrix([fm.pairs[row]], fm.X[row : row + 1]))[0]
    by_name = dict(zip(fm.names, contrib, strict=True))
    x = dict(zip(fm.names, fm.X[row], strict=True))
    candidates: list[tuple[float, Reason]] = []

    def add(feature: str, reason: Reason) -> None:
        candidates.append((by_name.get(feature, 0.0), reason))

    if x["same_departement"] and cu.departement:
        add("same_departement", Reason("same_departement", (("name", _dep_name(cu.departement)),)))
    if x["same_region"]:
        add("same_region", Reason("same_region", (("name", _region_name(cv.region)),)))
    if x["bordering_region"]:
        add("bordering_region", Reason("bordering_region", (("name", _region_name(cv.region)),)))
    distance = km(ctx, u, v)
    if distance is not None:
        add("distance", Reason("distance", (("km", int(round(distance))),)))
    themes = shared_themes(ctx, u, v)
    if themes:
        add("theme_similarity", Reason("themes", (("themes", ", ".join(themes)),)))
    if x["same_wave"] and cu.wave is not None:
        add("same_wave", Reason("same_wave", (("year", cu.wave),)))
    if x["size_similarity"] >= 0.5:
        a, b = ctx.size.get(u, 0), ctx.size.get(v, 0)
        add("size_similarity", Reason("similar_size", (("a", a), ("b", b))))
    common_crpv = sorted(ctx.crpvs.get(u, frozenset()) & ctx.crpvs.get(v, frozenset()))
    if common_crpv:
        add("common_crpv", Reason("common_crpv", (("name", _names(ds, common_crpv)),)))
    partners = sorted(
        ctx.partners.get(u, {}).keys() & ctx.partners.get(v, {}).keys(),
        key=lambda i: (-min(len(ctx.partners[u][i]), len(ctx.partners[v][i])), i),
    )
    partners = [i for i in partners if i in ds.institution_by_id]
    if partners:
        add("common_partners", Reason("common_partners", (("names", _names(ds, partners)),)))
    if x["common_neighbours"]:
        common = sorted(set(ctx.G[u]) & set(ctx.G[v]))
        link = sum(
            by_name.get(f, 0.0)
            for f in ("common_neighbours", "adamic_adar", "resource_allocation", "jaccard")
        )
        candidates.append((link, Reason("common_neighbours", (("names", _names(ds, common)),))))
    if x["both_fragile"]:
        add("both_fragile", Reason("both_fragile"))
    if ctx.activity.get(v, 0):
        add("activity", Reason("active", (("n", ctx.activity[v]),)))
    positive = [r for w, r in sorted(candidates, key=lambda wr: -wr[0]) if w > 0]
    if not positive:  # say what there is, even if it did not lift the score
        positive = [r for _, r in sorted(candidates, key=lambda wr: -wr[0])]
    return tuple(positive[:MAX_REASONS]), _notes(ctx, (u, v))


def _notes(ctx: PairContext, ids: Iterable[str]) -> tuple[Reason, ...]:
    notes = []
    for i in ids:
        name = ctx.ds.cite_by_id[i].name
        where = ctx.position.get(i)
        if where is None:
            notes.append(Reason("no_position", (("name", name),)))
        elif where[2] != "cite":
            notes.append(Reason(f"position_{where[2]}", (("name", name),)))
        if not ctx.themes.get(i):
            notes.append(Reason("no_themes", (("name", name),)))
    return tuple(notes)


def _region_name(code: str) -> str:
    try:
        return geo.region_name(code)
    except KeyError:
        return code


def _dep_name(code: str) -> str:
    try:
        return geo.departement_name(code)
    except KeyError:
        return code


def _introducer_name(ds: Dataset, intro: Introducer) -> str:
    if intro.kind == "actor":
        actor = ds.actor_by_id.get(intro.id)
        return actor.name if actor else intro.id
    inst = ds.institution_by_id.get(intro.id)
    return inst.name if inst else intro.id


def suggest_partners(
    ds: Dataset,
    *,
    period: Period = Period(),  # noqa: B008 (frozen, immutable)
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    seed: int = 0,
    scope: Scope = Scope(),  # noqa: B008 (frozen, immutable)
    top: int = 5,
    model: LinkModel | None = None,
) -> Suggestions:
    """The ``top`` partner cités for each isolated or weakly tied cité of
    ``scope`` (or for ``scope.cite`` whatever its ties), best first.

    Candidates are the cités labelled by the end of ``period`` with no tie
    to the cité in the period. A cité with no candidate left in its own
    région (alone in it, or tied to all the others) gets the cités of the
    bordering régions first, and a note says so. Scores come from ``model``,
    by default :func:`~coopgraph.suggest.model.fit_model` (weights learnt
    from the history of ``period``, or the documented defaults). Ties are
    broken by partner id, so the result is the same for the same data and
    ``seed``.

    Examples
    --------
    >>> from coopgraph.model import Cite
    >>> ds = Dataset(cites=(Cite("a", "A", "28", "76", lat=49.4, lon=1.1),
    ...                     Cite("b", "B", "28", "14", lat=49.2, lon=-0.4),
    ...                     Cite("c", "C", "93", "13", lat=43.3, lon=5.4)))
    >>> s = suggest_partners(ds, scope=Scope(cite="a"), top=2)
    >>> [x.partner_cite_id for x in s], s.model.note
    (['b', 'c'], 'empty_history')
    """
    if top < 1:
        raise InputError.of("suggest.err.top")
    scales = None if scales is None else tuple(scales)
    ctx = pair_context(ds, period, scales=scales, min_shared=min_shared)
    queries = _scope_cites(ds, ctx, scope)
    if model is None:
        model = fit_model(ds, period, scales=scales, min_shared=min_shared, seed=seed)
    parameters = {
        "since": period.since,
        "until": period.until,
        "scales": scales,
        "min_shared": min_shared,
        "seed": seed,
        "top": top,
    }
    out: list[Suggestion] = []
    ids = [c.id for c in ctx.cites]
    for u in queries:
        i = ctx.index[u]
        cands = [v for j, v in enumerate(ids) if j != i and ctx.adjacency[i, j] == 0]
        if not cands:
            continue
        fm = pair_features(ctx, [(u, v) for v in cands])
        scores = model.score(fm)
        # A cité with no partner left in its own région (alone in it, or tied
        # to all the others) looks to the bordering régions first.
        lonely = not fm.column("same_region").any()
        near = fm.column("bordering_region") if lonely else np.zeros(len(cands))
        order = sorted(range(len(cands)), key=lambda k: (-near[k], -scores[k], cands[k]))[:top]
        for rank, k in enumerate(order, start=1):
            v = cands[k]
            reasons, notes = _reasons(ctx, model, fm, k, u, v)
            if lonely and near[k]:
                bordering = Reason(
                    "bordering_region", (("name", _region_name(ds.cite_by_id[v].region)),)
                )
                if bordering not in reasons:
                    reasons = (bordering, *reasons[: MAX_REASONS - 1])
            if lonely and near.any():
                notes = (
                    Reason("lonely_region", (("name", _region_name(ds.cite_by_id[u].region)),)),
                    *notes,
                )
            intro = find_introducer(ctx, u, v)
            cu, cv = ds.cite_by_id[u], ds.cite_by_id[v]
            out.append(
                Suggestion(
                    cite_id=u,
                    cite_name=cu.name,
                    cite_type=ctx.fragile.get(u),
                    rank=rank,
                    partner_cite_id=v,
                    partner_name=cv.name,
                    partner_region=cv.region,
                    score=float(np.round(scores[k], 6)),
                    reasons=reasons,
                    notes=notes,
                    introducer_id=intro.id if intro else None,
                    introducer_name=_introducer_name(ds, intro) if intro else None,
                    introducer_kind=intro.kind if intro else None,
                    introducer_basis=intro.basis if intro else None,
                    introducer_meetings=dict(intro.meetings) if intro else {},
                )
            )
    return Suggestions(out, model=model, queries=queries, parameters=parameters)


def partner_scores(
    ds: Dataset,
    *,
    period: Period = Period(),  # noqa: B008 (frozen, immutable)
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    seed: int = 0,
    cites: Iterable[str] | None = None,
    model: LinkModel | None = None,
) -> dict[tuple[str, str], float]:
    """The model's score of every untied pair among ``cites`` (default: all
    cités labelled by the end of ``period``), keyed by sorted id pair: what a
    planner needs to prefer clubs whose members are likely partners.

    >>> from coopgraph.model import Cite
    >>> ds = Dataset(cites=(Cite("a", "A", "28"), Cite("b", "B", "28"), Cite("c", "C", "93")))
    >>> s = partner_scores(ds)
    >>> sorted(s), s[("a", "b")] > s[("a", "c")]
    ([('a', 'b'), ('a', 'c'), ('b', 'c')], True)
    """
    scales = None if scales is None else tuple(scales)
    ctx = pair_context(ds, period, scales=scales, min_shared=min_shared)
    if model is None:
        model = fit_model(ds, period, scales=scales, min_shared=min_shared, seed=seed)
    wanted = sorted(ctx.index if cites is None else set(cites) & ctx.index.keys())
    pairs = [
        (u, v)
        for k, u in enumerate(wanted)
        for v in wanted[k + 1 :]
        if ctx.adjacency[ctx.index[u], ctx.index[v]] == 0
    ]
    scores = model.score(pair_features(ctx, pairs))
    return {pair: float(x) for pair, x in zip(pairs, scores, strict=True)}


def suggestion_records(
    ds: Dataset,
    suggestions: Iterable[Suggestion],
    lang: str = "fr",
    pseudonymise: bool = False,
    person: Callable[[str], str] | None = None,
) -> list[dict[str, Any]]:
    """Plain records of ``suggestions`` for tables, JSON and CSV: reasons and
    notes phrased in ``lang``, person introducers pseudonymised when asked.

    Keys: ``cite_id``, ``cite_name``, ``cite_type``, ``rank``,
    ``partner_cite_id``, ``partner_name``, ``partner_region``, ``score``,
    ``reasons`` (list of sentences), ``reason_codes``, ``notes``,
    ``introducer_id``, ``introducer_name``, ``introducer_kind``,
    ``introducer_basis`` (a sentence), ``introducer`` (name and kind, for
    tables), ``introducer_meetings_cite`` and ``introducer_meetings_partner``
    (meeting ids). ``person`` labels a person introducer (a
    :class:`~coopgraph.labels.Labeller`'s, with its key); by default the
    name, or the pseudonym when ``pseudonymise``.
    """
    from coopgraph.reports.i18n import translator
    from coopgraph.reports.privacy import person_labeller

    t = translator(lang)
    if person is None:
        person = person_labeller(ds, pseudonymise, lang)
    records = []
    for s in suggestions:
        if s.introducer_kind == "actor" and s.introducer_id is not None:
            name: str | None = person(s.introducer_id)
            kind_label = t("suggest.person")
        else:
            name = s.introducer_name
            kind_label = t(f"kind.{s.introducer_kind}") if s.introducer_kind else ""
        basis = (
            t(f"suggest.basis.{s.introducer_basis}", name=s.cite_name, partner=s.partner_name)
            if s.introducer_basis
            else None
        )
        records.append(
            {
                "cite_id": s.cite_id,
                "cite_name": s.cite_name,
                "cite_type": s.cite_type,
                "rank": s.rank,
                "partner_cite_id": s.partner_cite_id,
                "partner_name": s.partner_name,
                "partner_region": s.partner_region,
                "score": round(s.score, 4),
                "reasons": [r.text(t) for r in s.reasons],
                "reason_codes": [r.code for r in s.reasons],
                "notes": [n.text(t, "note") for n in s.notes],
                "introducer_id": s.introducer_id,
                "introducer_name": name,
                "introducer_kind": s.introducer_kind,
                "introducer_basis": basis,
                "introducer": f"{name} – {kind_label}" if name else None,
                "introducer_meetings_cite": list(s.introducer_meetings.get(s.cite_id, ())),
                "introducer_meetings_partner": list(
                    s.introducer_meetings.get(s.partner_cite_id, ())
                ),
            }
        )
    return records


def model_summary(model: LinkModel, lang: str = "fr") -> str:
    """One sentence on how the weights were obtained, in ``lang``."""
    from coopgraph.reports.i18n import translator

    t = translator(lang)
    if model.learnt:
        return t(
            "suggest.model.learnt",
            pairs=model.pairs,
            positives=model.positives,
            cut=model.cut.isoformat() if model.cut else "",
            auc=f"{model.auc:.2f}" if model.auc is not None else "",
        )
    if model.note == "defaults_better" and model.validation:
        v = model.validation
        return t(
            "suggest.model.defaults_better",
            cut=v["cut"].isoformat(),
            queries=v["queries"],
            defaults=f"{v['defaults']:.2f}",
            learnt=f"{v['learnt']:.2f}",
        )
    if model.note == "short_history":
        return t("suggest.model.short_history", positives=model.positives, needed=MIN_POSITIVES)
    return t("suggest.model.empty_history")
