"""The report's network sections: density, isolated cités, interregional
bridges, brokers and communities (each a builder ``(analysis, labeller) ->
Section`` appended to :data:`coopgraph.reports.report.SECTIONS`)."""

from __future__ import annotations

from coopgraph.analysis import Analysis
from coopgraph.geo import normalise_name
from coopgraph.i18n import translator
from coopgraph.labels import Labeller, region_label
from coopgraph.reports import records
from coopgraph.reports.charts import bar_chart, line_chart
from coopgraph.reports.document import Block, Figure, Section, Table

TOP = 20


def _number(value, lang: str, digits: int = 3) -> str:
    """``value`` for a sentence: rounded, decimal comma in French, "–" when
    undefined."""
    if value is None or (isinstance(value, float) and value != value):
        return "–"
    if isinstance(value, float):
        text = f"{value:.{digits}f}".rstrip("0").rstrip(".") or "0"
        return text.replace(".", ",") if lang == "fr" else text
    return str(value)


def betweenness_how(b, graph: str, lang: str) -> str:
    """How a :class:`~coopgraph.metrics.centrality.Betweenness` was made, in
    ``lang`` (``graph``: ``cites``, ``institutions`` or ``actors``).

    >>> import networkx as nx
    >>> from coopgraph.metrics.centrality import betweenness
    >>> betweenness_how(betweenness(nx.path_graph(3), weight=None), "cites", "fr")
    "cités : exacte, en nombre d'étapes, 3 nœuds et 2 liens"
    """
    t = translator(lang)
    weight = t("how.weight.none") if b.weight is None else t("how.weight.other", weight=b.weight)
    key = "how.betweenness.exact" if b.method == "exact" else "how.betweenness.sampled"
    return t(
        key,
        graph=t(f"how.graph.{graph}"),
        weight=weight,
        k=b.k,
        seed=b.seed,
        nodes=b.nodes,
        edges=b.edges,
    )


def communities_how(c, lang: str) -> str:
    """How a :class:`~coopgraph.metrics.communities.Communities` was made, in ``lang``.

    >>> import networkx as nx
    >>> from coopgraph.metrics.communities import louvain_communities
    >>> communities_how(louvain_communities(nx.barbell_graph(4, 0), weight=None), "en")
    'Louvain method (seed 0, resolution 1, unweighted ties): 2 communit(y/ies), modularity 0.423'
    """
    t = translator(lang)
    weight = t("how.louvain.weighted") if c.weight else t("how.louvain.unweighted")
    return t(
        "how.louvain",
        seed=c.seed,
        resolution=_number(float(c.resolution), lang, 2),
        weight=weight,
        n=len(c.communities),
        modularity=_number(float(c.modularity), lang),
    )


def _legs(codes, t) -> list[str]:
    """Troïka legs or pairs of legs (``"education+prefecture"``) as labels."""
    return [" + ".join(t(f"leg.{x}") for x in code.split("+")) for code in codes]


def density_section(an: Analysis, labels: Labeller) -> Section:
    t, lang = labels.t, labels.lang
    rows = records.density_records(an)
    national = next((r for r in rows if r["level"] == "national"), None)
    regions = sorted(
        (r for r in rows if r["level"] == "region"), key=lambda r: normalise_name(r["name"])
    )
    blocks: list[Block] = []
    if national:
        blocks.append(
            t(
                "density.intro",
                min_shared=an.min_shared,
                national=_number(national["density"], lang),
                ties=national["ties"],
                cites=national["cites"],
            )
        )
    cols = [t("col.region"), t("col.cites"), t("col.ties"), t("col.density"), t("col.ties_out")]
    blocks.append(
        Table(
            cols, [[r["name"], r["cites"], r["ties"], r["density"], r["ties_out"]] for r in regions]
        )
    )
    blocks.append(
        Figure(
            bar_chart([r["name"] for r in regions], [r["density"] for r in regions]),
            t("density.chart"),
        )
    )
    crpv = [r for r in rows if r["level"] == "crpv"]
    if crpv:
        blocks.append(t("density.crpv"))
        blocks.append(
            Table(
                [t("col.crpv"), t("col.cites"), t("col.ties"), t("col.density"), t("col.ties_out")],
                [[r["name"], r["cites"], r["ties"], r["density"], r["ties_out"]] for r in crpv],
            )
        )
    per_cite = records.cite_density_records(an)
    complete = sum(1 for r in per_cite if r["troika_complete"])
    missing = sum(1 for r in per_cite if r["troika_missing"])
    blocks.append(t("density.troika", complete=complete, total=len(per_cite), missing=missing))
    worst = sorted(per_cite, key=lambda r: (r["troika_score"], r["cite_id"]))[:TOP]
    blocks.append(
        Table(
            [
                t("col.cite_id"),
                t("col.name"),
                t("col.region"),
                t("col.troika_missing"),
                t("col.troika_pairs"),
                t("col.ego_density"),
            ],
            [
                [
                    r["cite_id"],
                    r["name"],
                    region_label(r["region"]),
                    _legs(r["troika_missing"], t),
                    _legs(r["troika_pairs_met"], t),
                    r["ego_density"],
                ]
                for r in worst
            ],
        )
    )
    return Section(t("density.title"), blocks)


#: Partner cités listed per isolated cité when suggestions are asked for.
SUGGESTIONS_TOP = 3


def suggestion_blocks(an: Analysis, labels: Labeller, top: int = SUGGESTIONS_TOP) -> list[Block]:
    """The suggested introductions for the isolated and fragile cités of the
    territory (:meth:`Analysis.suggestions`): a sentence saying what they
    are and which weights made them, and one row per (cité, partner)."""
    from coopgraph.suggest import model_summary, suggestion_records

    t, lang = labels.t, labels.lang
    found = an.suggestions(top)
    rows = suggestion_records(an.ds, found, lang, labels.pseudonymise, person=labels.person)
    blocks: list[Block] = [
        t("isolated.suggestions.intro", top=top) + " " + model_summary(found.model, lang)
    ]
    if not rows:
        blocks.append(t("isolated.suggestions.none"))
        return blocks
    columns = ["name", "rank", "partner", "region", "score", "reasons", "introducer", "notes"]
    blocks.append(
        Table(
            [t(f"col.{c}") for c in columns],
            [
                [
                    r["cite_name"],
                    r["rank"],
                    r["partner_name"],
                    region_label(r["partner_region"]),
                    _number(float(r["score"]), lang, 2),
                    "; ".join(r["reasons"]),
                    r["introducer"] or "–",
                    "; ".join(r["notes"]),
                ]
                for r in rows
            ],
        )
    )
    return blocks


def isolated_section(an: Analysis, labels: Labeller, *, suggestions: bool = False) -> Section:
    """The isolated and fragile cités, ranked; with ``suggestions``, the
    partners to introduce to each (:func:`suggestion_blocks`)."""
    t = labels.t
    rows = records.isolated_records(an, labels)
    fully = sum(1 for r in rows if r["type"] == "isolated")
    labelled = [n for n, ok in an.cites.nodes(data="labelled") if ok is not False]
    observed = an.cites_with_status("observed")
    blocks: list[Block] = [t("isolated.intro", n=fully, total=len(observed))]
    if len(labelled) < len(an.ds.cites):
        blocks.append(t("isolated.unlabelled", n=len(an.ds.cites) - len(labelled)))
    blocks.append(t("isolated.types"))
    if rows:
        blocks.append(
            Table(
                [
                    t("col.rank"),
                    t("col.cite_id"),
                    t("col.name"),
                    t("col.region"),
                    t("col.type"),
                    t("col.explanation"),
                    t("col.last_contact"),
                ],
                [
                    [
                        r["rank"],
                        r["cite_id"],
                        r["name"],
                        r["region_name"],
                        t(f"type.{r['type']}"),
                        r["explanation"],
                        r["last_contact"] or t("never"),
                    ]
                    for r in rows
                ],
            )
        )
    else:
        blocks.append(t("isolated.none"))
    if suggestions and rows:
        blocks.extend(suggestion_blocks(an, labels))
    apart = records.without_data_records(an)
    for status in ("no_data", "sparse"):
        names = [r["name"] for r in apart if r["data_status"] == status]
        blocks.append(t(f"status.{status}.list", n=len(names), names=", ".join(names) or "-"))
    years, series = records.isolation_over_time(an)
    if len(years) > 1:
        chart = line_chart(
            years,
            {
                t("isolated.series.none"): series["isolated"],
                t("isolated.series.local"): series["no_interregional"],
            },
        )
        blocks.append(Figure(chart, t("isolated.chart")))
    return Section(t("isolated.title"), blocks)


WAVE_COLUMNS = [
    "wave",
    "cites",
    "labelled",
    "with_data",
    "observed",
    "isolated",
    "fragile",
    "interregional_cites",
]


def waves_section(an: Analysis, labels: Labeller) -> Section:
    """The cités by labelling wave (cohort), :func:`records.wave_records`."""
    t = labels.t
    rows = records.wave_records(an)
    table = Table(
        [t(f"field.{c}") for c in WAVE_COLUMNS],
        [
            [t("waves.unknown") if r["wave"] is None else r["wave"]]
            + [r[c] for c in WAVE_COLUMNS[1:]]
            for r in rows
        ],
    )
    return Section(t("waves.title"), [t("waves.intro"), table])


def bridges_section(an: Analysis, labels: Labeller) -> Section:
    t = labels.t
    # the count and the strongest ties: no need for the record of each of them
    bridges = [
        b
        for b in an.interregional_bridges
        if an.territory.covers_any(b.source_region, b.target_region)
    ]
    links = records.region_link_records(an)
    blocks: list[Block] = [t("bridges.intro", n=len(bridges))]
    blocks.append(
        Table(
            [t("col.region_a"), t("col.region_b"), t("col.ties"), t("col.weight")],
            [[r["name_a"], r["name_b"], r["ties"], r["meetings"]] for r in links],
        )
    )
    if links:
        blocks.append(
            Figure(
                bar_chart(
                    [f"{r['name_a']} – {r['name_b']}" for r in links[:TOP]],
                    [r["weight"] for r in links[:TOP]],
                ),
                t("bridges.title"),
            )
        )
    blocks.append(t("bridges.top"))
    blocks.append(
        Table(
            [
                t("col.source"),
                t("col.target"),
                t("col.region_a"),
                t("col.region_b"),
                t("col.weight"),
                t("col.meeting_ids"),
            ],
            [
                [
                    b.source_name,
                    b.target_name,
                    region_label(b.source_region),
                    region_label(b.target_region),
                    b.weight,
                    list(b.meetings[:8]) + (["…"] if len(b.meetings) > 8 else []),
                ]
                for b in bridges[:TOP]
            ],
        )
    )
    G = an.cites
    cut = an.cut_points
    names = ", ".join(G.nodes[n].get("name", n) for n in cut.articulation_points[:TOP]) or "–"
    blocks.append(
        t("bridges.cut", bridges=len(cut.bridges), points=len(cut.articulation_points), names=names)
    )
    bc, bi, ba = an.cite_betweenness, an.institution_betweenness, an.actor_betweenness
    person = labels.person
    inst = an.institution_ties
    rows = [[t("level.cite"), G.nodes[n].get("name", n), v] for n, v in bc.top(10)]
    rows += [[t("level.institution"), inst.nodes[n].get("name", n), v] for n, v in bi.top(10)]
    rows += [[t("level.actor"), person(n), v] for n, v in ba.top(10)]
    how = "; ".join(
        betweenness_how(b, g, labels.lang)
        for b, g in ((bc, "cites"), (bi, "institutions"), (ba, "actors"))
    )
    blocks.append(t("bridges.central", how=how))
    blocks.append(Table([t("col.level_kind"), t("col.node"), t("col.betweenness")], rows))
    return Section(t("bridges.title"), blocks)


def brokers_section(an: Analysis, labels: Labeller) -> Section:
    t = labels.t
    rows = records.broker_records(an, labels, top=TOP)
    blocks: list[Block] = [t("brokers.intro")]
    blocks.append(
        Table(
            [
                t("col.institution"),
                t("col.region"),
                t("col.interregional"),
                t("col.coordinator"),
                t("col.itinerant"),
                t("col.gatekeeper"),
                t("col.representative"),
                t("col.liaison"),
                t("col.betweenness"),
            ],
            [
                [
                    r["name"],
                    region_label(r["region"]) if r["region"] else "",
                    r["interregional"],
                    r["coordinator"],
                    r["itinerant"],
                    r["gatekeeper"],
                    r["representative"],
                    r["liaison"],
                    r["betweenness"],
                ]
                for r in rows
            ],
        )
    )
    ei = records.ei_records(an)
    blocks.append(t("brokers.ei"))
    blocks.append(
        Table(
            [t("col.region"), t("col.external"), t("col.internal"), t("col.ei"), t("col.ei_inst")],
            [[r["name"], r["external"], r["internal"], r["ei"], r["ei_institutions"]] for r in ei],
        )
    )
    return Section(t("brokers.title"), blocks)


def communities_section(an: Analysis, labels: Labeller) -> Section:
    t = labels.t
    rows = records.community_records(an)
    spanning = sum(1 for r in rows if r["spans"] > 1)
    blocks: list[Block] = [
        t(
            "communities.intro",
            method=communities_how(an.louvain, labels.lang),
            nmi=_number(an.region_alignment, labels.lang),
            spanning=spanning,
        )
    ]
    blocks.append(
        Table(
            [
                t("col.community"),
                t("col.size"),
                t("col.main_region"),
                t("col.share"),
                t("col.regions"),
            ],
            [
                [
                    r["community"],
                    r["size"],
                    r["main_region_name"],
                    r["share"],
                    [f"{k} ({v})" for k, v in r["regions"].items()],
                ]
                for r in rows
            ],
        )
    )
    alone = records.singleton_cites(an)
    blocks.append(t("communities.singletons", n=len(alone), names=", ".join(alone) or "-"))
    return Section(t("communities.title"), blocks)


SECTIONS = [
    density_section,
    isolated_section,
    bridges_section,
    brokers_section,
    communities_section,
]
