"""``plan-clusters``, ``simulate`` and ``compare``: planning interregional clubs."""

from __future__ import annotations

import json
from pathlib import Path

import click

from coopgraph.analysis import Analysis, AnalysisOptions
from coopgraph.cli import cli
from coopgraph.commands.options import (
    Source,
    analysis_options,
    example,
    format_option,
    lang_option,
    source_options,
)
from coopgraph.errors import InputError, PlanningError
from coopgraph.graph.projections import Period
from coopgraph.i18n import translator
from coopgraph.metrics.isolation import ISOLATION_TYPES
from coopgraph.planning.render import FORMATS

_format = format_option(FORMATS)
_out = click.option(
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
)


def _require(module: str, key: str) -> None:
    """Fail with exit code 5 before any work when ``module`` is missing."""
    import importlib.util

    from coopgraph.errors import MissingDependencyError

    if importlib.util.find_spec(module) is None:
        raise MissingDependencyError.of(key)


def _emit(text: str, out: Path | None, lang: str) -> None:
    if out is None:
        click.echo(text, nl=False)
    else:
        from coopgraph.io.output import write_atomically

        write_atomically(out, text)
        click.echo(translator(lang)("cli.wrote", path=out), err=True)


@cli.command(
    "plan-clusters",
    epilog=example(
        "coopgraph plan-clusters data/sample --until 2020-05-13",
        "coopgraph plan-clusters data/sample --format json --out clubs.json --simulate",
    ),
)
@source_options
@analysis_options(territory=True, seed=True)
@lang_option
@click.option("--min-size", type=click.IntRange(min=2), default=8, show_default=True)
@click.option("--max-size", type=click.IntRange(min=2), default=15, show_default=True)
@click.option("--max-regions", type=click.IntRange(min=1), default=4, show_default=True)
@click.option("--max-km", type=click.FloatRange(min=0, min_open=True))
@click.option("--borders/--no-borders", default=None)
@click.option("--workload", type=click.IntRange(min=1), default=2, show_default=True)
@click.option("--weak", "weak", multiple=True, type=click.Choice(ISOLATION_TYPES[1:]))
@click.option("--fillers", is_flag=True)
@click.option("--all-cites", is_flag=True)
@click.option(
    "--time-limit",
    type=click.FloatRange(min=0, min_open=True),
    default=30.0,
    show_default=True,
)
@click.option("--workers", type=click.IntRange(min=1), default=8, show_default=True)
@click.option("--deterministic", is_flag=True)
@click.option("--prefer-partners", is_flag=True)
@click.option("--simulate", "do_simulate", is_flag=True)
@click.option("--strict", is_flag=True)
@click.option("--map", "map_out", type=click.Path(path_type=Path, dir_okay=False))
@_format
@_out
def plan_clusters(
    source: Source,
    options: AnalysisOptions,
    lang: str,
    min_size: int,
    max_size: int,
    max_regions: int,
    max_km: float | None,
    borders: bool | None,
    workload: int,
    weak: tuple[str, ...],
    fillers: bool,
    all_cites: bool,
    time_limit: float,
    workers: int,
    deterministic: bool,
    prefer_partners: bool,
    do_simulate: bool,
    strict: bool,
    map_out: Path | None,
    fmt: str,
    out: Path | None,
) -> None:
    """Propose interregional clubs for isolated cités (CP-SAT model, see docs/planning.md)."""
    from coopgraph.planning import (
        PlanOptions,
        cite_themes,
        cites_to_place,
        cites_without_data,
        plan_clusters,
    )
    from coopgraph.planning.render import plan_document, render, simulation_document
    from coopgraph.planning.simulate import simulate_clubs

    _require("ortools", "cli.needs_ortools")
    ds, _ = source.read()
    an = Analysis(ds, options)
    period, G = an.period, an.cites
    borders = borders if borders is not None else max_km is None
    if not borders and max_km is None:
        raise PlanningError.of("cli.no_borders")
    geography = "both" if borders and max_km else ("borders" if borders else "distance")
    plan_options = PlanOptions(
        min_size=min_size, max_size=max_size, geography=geography, max_regions=max_regions,
        max_km=max_km, workload=workload, allow_fillers=fillers, time_limit=time_limit,
        seed=options.seed, workers=workers, deterministic=deterministic,
    )  # fmt: skip
    labelled_by = None if all_cites else period.until
    # every unconnected labelled cité is offered a club, sparse data or not
    # (an invitation needs no verdict on its isolation), but a cité with no
    # data at all is not called isolated: it is listed apart
    status = an.data_status
    candidates = cites_to_place(
        G, types=("isolated", *weak), labelled_by=labelled_by, status=status
    )
    no_data = cites_without_data(G, status, labelled_by=labelled_by)
    scores = None
    if prefer_partners:
        from coopgraph.suggest import model_summary

        pool = {c.cite_id for c in candidates}
        if fillers:  # fillers come from the régions of the cités to place
            home = {ds.cite_by_id[c].region for c in pool}
            pool |= {c.id for c in ds.cites if c.region in home}
        scores = an.partner_scores(pool)
        click.echo(model_summary(an.link_model, lang), err=True)
    plan = plan_clusters(
        ds,
        candidates,
        plan_options,
        G=G,
        themes=cite_themes(ds, period),
        period=period,
        partner_scores=scores,
        no_data=no_data,
    )
    within = _within(an)
    if within is not None:  # planned on the whole network, reported for the territory
        plan = plan.within(within)
    data, doc = plan.to_dict(lang), plan_document(plan, ds, lang)
    if do_simulate:
        sim = simulate_clubs(G, plan.clubs, within, _no_data(an))
        data["simulation"] = sim.as_dict()
        doc.sections += simulation_document(sim, lang).sections
    _say_territory(an, doc, data, lang)
    _emit(render(doc, data, fmt), out, lang)
    if map_out is not None:
        _write_club_map(an, plan.clubs, lang, map_out)
    if plan.unplaced:
        click.echo(translator(lang)("cli.unplaced", n=len(plan.unplaced)), err=True)
        if strict:
            raise click.exceptions.Exit(PlanningError.exit_code)


def _within(an: Analysis) -> frozenset[str] | None:
    """The cités of the territory reported on (``None``: all of France)."""
    return None if an.territory.everywhere else an.territory.cite_ids


def _no_data(an: Analysis) -> frozenset[str]:
    """The cités with no data over the period (never counted isolated)."""
    return frozenset(c for c, s in an.data_status.items() if s == "no_data")


def _say_territory(an: Analysis, doc, data: dict, lang: str) -> None:
    """Name the territory in the document and the JSON when there is one."""
    if an.territory.everywhere:
        return
    said = translator(lang)("map.notice.filtered", territory=an.territory.label)
    doc.subtitle = f"{doc.subtitle} {said}".strip()
    data["territory"] = an.territory.label


def _write_club_map(an, clubs, lang: str, out: Path) -> None:
    """The map of cités, coloured by proposed club (cités outside clubs greyed)."""
    from coopgraph.export import labelled_view
    from coopgraph.labels import Labeller
    from coopgraph.planning.simulate import club_membership
    from coopgraph.viz.maps import MapOptions, map_payload, render_map, write_map

    G = labelled_view(an, "cites", Labeller(an.ds, lang))
    membership = club_membership(clubs)
    order = {club: k for k, club in enumerate(sorted(set(membership.values())))}
    for cite, club in membership.items():
        if cite in G:
            G.nodes[cite]["club"], G.nodes[cite]["club_index"] = club, order[club]
    payload = map_payload(G, MapOptions(lang=lang, color_by="club"), meetings=an.ds.meeting_by_id)
    write_map(out, render_map(payload))
    click.echo(translator(lang)("cli.wrote", path=out), err=True)


@cli.command(epilog=example("coopgraph simulate data/sample --clubs clubs.json"))
@source_options
@analysis_options(territory=True)
@lang_option
@click.option(
    "--clubs",
    "clubs_file",
    type=click.Path(path_type=Path, dir_okay=False),
    required=True,
)
@_format
@_out
def simulate(
    source: Source,
    options: AnalysisOptions,
    lang: str,
    clubs_file: Path,
    fmt: str,
    out: Path | None,
) -> None:
    """What-if: the network before/after the clubs of a file met once."""
    from coopgraph.planning.render import render, simulation_document
    from coopgraph.planning.simulate import simulate_clubs

    try:
        raw = json.loads(clubs_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise InputError.of("cli.clubs_unreadable", path=clubs_file, reason=exc) from None
    clubs = raw["clubs"] if isinstance(raw, dict) and "clubs" in raw else raw
    if not isinstance(clubs, list) or not all(
        isinstance(c, dict) and "club_id" in c and "cites" in c for c in clubs
    ):
        raise InputError.of("cli.clubs_shape", path=clubs_file)
    ds, _ = source.read()
    an = Analysis(ds, options)
    sim = simulate_clubs(an.cites, clubs, _within(an), _no_data(an))
    doc, data = simulation_document(sim, lang), sim.as_dict()
    _say_territory(an, doc, data, lang)
    _emit(render(doc, data, fmt), out, lang)


def _parse_period(ctx, param, values) -> list[Period]:
    from coopgraph.commands.options import parse_cli_date
    from coopgraph.i18n import current_lang, translator

    periods = []
    for value in values:
        since, sep, until = value.partition(":")
        if not sep:
            raise click.BadParameter(translator(current_lang())("cli.bad_period", value=value))
        periods.append(
            Period(
                parse_cli_date(since) if since else None, parse_cli_date(until) if until else None
            )
        )
    return periods


@cli.command(
    epilog=example(
        "coopgraph compare data/sample --period 2019-01-01:2020-05-13 --period 2020-05-14:"
    )
)
@source_options
@analysis_options(period=False, territory=True)
@lang_option
@click.option("--period", "periods", multiple=True, callback=_parse_period, required=True)
@_format
@_out
def compare(
    source: Source,
    options: AnalysisOptions,
    lang: str,
    periods: list[Period],
    fmt: str,
    out: Path | None,
) -> None:
    """Change over time: new cités versus new ties, density per région, isolation."""
    from coopgraph.planning.compare import compare_periods
    from coopgraph.planning.render import comparison_document, render

    ds, _ = source.read()
    an = Analysis(ds, options)
    cmp = compare_periods(
        ds,
        periods,
        scales=an.scales,
        min_shared=an.min_shared,
        graph_of=lambda p: an.at(p).cites,
        within=_within(an),
        status_of=lambda p: an.at(p).data_status,
    )
    doc, data = comparison_document(cmp, ds, lang), cmp.to_dict()
    _say_territory(an, doc, data, lang)
    _emit(render(doc, data, fmt), out, lang)
