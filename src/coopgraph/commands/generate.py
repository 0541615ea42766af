"""``coopgraph generate``: write a synthetic data directory."""

from __future__ import annotations

from pathlib import Path

import click

from coopgraph.cli import cli
from coopgraph.commands.options import example, seed_option
from coopgraph.i18n import current_lang, translator


@cli.command(
    epilog=example(
        "coopgraph generate --out /tmp/national",
        "coopgraph generate --actors 200000 --meetings 50000 --out /tmp/national-x10",
    )
)
@click.option("--cites", type=click.IntRange(min=1), default=250, show_default=True)
@click.option("--actors", type=click.IntRange(min=1), default=20000, show_default=True)
@click.option("--meetings", type=click.IntRange(min=0), default=5000, show_default=True)
@click.option("--attendance", type=click.IntRange(min=0), default=None)
@click.option("--isolated", type=click.IntRange(min=0), default=None)
@seed_option
@click.option("--out", type=click.Path(path_type=Path, file_okay=False), required=True)
@click.option("--force", is_flag=True)
def generate(
    cites: int,
    actors: int,
    meetings: int,
    attendance: int | None,
    isolated: int | None,
    seed: int,
    out: Path,
    force: bool,
) -> None:
    """Write a synthetic dataset with the structure of the real programme.

    Cités placed in real départements, CRPV-led regional meetings,
    interregional clubs, national events, isolated cités and Zipf-like
    attendance; every name is invented.
    """
    from coopgraph.io.writer import write_dataset
    from coopgraph.synth import generate_dataset

    ds = generate_dataset(cites, actors, meetings, seed, attendance, isolated=isolated)
    write_dataset(ds, out, overwrite=force)
    counts = ds.counts()
    t = translator(current_lang())
    listed = ", ".join(
        t("cli.count", n=n, what=t(f"entity.{name}").lower()) for name, n in counts.items()
    )
    click.echo(t("cli.wrote.dataset", path=out, counts=listed))
