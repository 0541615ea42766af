"""Backtest of ``coopgraph suggest`` against simple baselines.

Split a dataset's history at a date, suggest partners from the history
before it (the model learns its weights from that history only), and score
the rankings against the cité ties that formed after it: precision@K,
recall@K and MRR of the model and of the baselines (random partner, nearest
cité, same région, Adamic–Adar alone), in one run.

* Generated data (``coopgraph.synth.generate_dataset``, national scale:
  250 cités, 20,000 actors, 5,000 meetings; seeds 0, 1, 2): the queries are
  the cités isolated or weakly tied at the split (what ``coopgraph suggest``
  serves), the truth every tie they formed in the next 12 months. Ties are
  those of working meetings (local to interregional): a national seminar of
  hundreds of people ties nearly every pair of cités at random in generated
  data, so the run with national events (``--min-shared 2``) is reported
  apart.
* The sample: suggestions made before the Club de l'Ouest's first meeting
  (history up to 2020-05-13) for the cités the club gathered, scored against
  the ties the club's meetings created (2020-05-14 to 2021-10-14).

Writes ``benchmarks/results/bench_suggest.{json,md}``. Run:
``python benchmarks/bench_suggest.py`` (3 to 6 minutes on 2 shared cores).
"""

from __future__ import annotations

import json
import platform
import sys
import time
from datetime import date, timedelta
from pathlib import Path

from coopgraph.graph.projections import attendees_by_meeting
from coopgraph.io import read_dataset
from coopgraph.suggest.backtest import METHODS, BacktestResult, backtest
from coopgraph.synth import generate_dataset

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
WORKING = ("local", "departemental", "regional", "interregional")
SPLITS = (date(2021, 1, 31), date(2022, 1, 31))
SEEDS = (0, 1, 2)
KS = (1, 5, 10)


def as_dict(r: BacktestResult) -> dict:
    return {
        "split": r.split.isoformat(),
        "end": r.end.isoformat() if r.end else None,
        "queries": r.queries,
        "new_ties": r.new_ties,
        "candidates": r.candidates,
        "ceiling": r.ceiling,
        "model": {
            "learnt": r.model.learnt,
            "note": r.model.note,
            "cut": r.model.cut.isoformat() if r.model.cut else None,
            "pairs": r.model.pairs,
            "positives": r.model.positives,
            "auc": r.model.auc,
            "validation": r.model.validation,
            "intercept": r.model.intercept,
            "weights": r.model.weights,
            "learnt_weights": r.model.learnt_weights,
        },
        "scores": {
            m: {"precision": s.precision, "recall": s.recall, "mrr": s.mrr}
            for m, s in r.scores.items()
        },
    }


def mean_scores(runs: list[dict]) -> dict:
    out = {}
    for m in METHODS:
        out[m] = {
            "precision": {
                k: sum(r["scores"][m]["precision"][k] for r in runs) / len(runs) for k in KS
            },
            "recall": {k: sum(r["scores"][m]["recall"][k] for r in runs) / len(runs) for k in KS},
            "mrr": sum(r["scores"][m]["mrr"] for r in runs) / len(runs),
        }
    out["ceiling"] = {
        "precision": {k: sum(r["ceiling"][k] for r in runs) / len(runs) for k in KS},
        "recall": {k: 1.0 for k in KS},
        "mrr": 1.0,
    }
    return out


def generated(scales, min_shared: int) -> list[dict]:
    runs = []
    for seed in SEEDS:
        ds = generate_dataset(seed=seed)
        for split in SPLITS:
            t = time.perf_counter()
            r = backtest(
                ds,
                split,
                split + timedelta(days=365),
                scales=scales,
                min_shared=min_shared,
                seed=seed,
                ks=KS,
            )
            d = as_dict(r)
            d["seed"] = seed
            d["seconds"] = time.perf_counter() - t
            runs.append(d)
            p = d["scores"]
            print(
                f"seed {seed} split {split} queries {r.queries}: P@5 model "
                f"{p['model']['precision'][5]:.3f}, nearest {p['nearest']['precision'][5]:.3f}, "
                f"same région {p['same_region']['precision'][5]:.3f} ({d['seconds']:.1f} s)",
                file=sys.stderr,
            )
    return runs


def sample_club() -> dict:
    ds = read_dataset(ROOT / "data" / "sample")
    club = [m for m in ds.meetings if m.title.startswith("Club de l'Ouest")]
    cite_of = {a.id: a.cite_id for a in ds.actors}
    attendees = attendees_by_meeting(ds)
    members = sorted({cite_of[a] for m in club for a in attendees[m.id] if cite_of.get(a)})
    r = backtest(
        ds,
        date(2020, 5, 13),
        date(2021, 10, 14),
        ks=KS,
        queries=members,
        new_ties_from=[m.id for m in club],
    )
    d = as_dict(r)
    d["members"] = members
    return d


def table(scores: dict) -> list[str]:
    lines = [
        "| method | P@1 | P@5 | P@10 | R@5 | R@10 | MRR |",
        "|---|---|---|---|---|---|---|",
    ]
    for m in (*METHODS, "ceiling"):
        s = scores[m]
        p, r = s["precision"], s["recall"]
        name = {"ceiling": "*best possible*"}.get(m, f"`{m}`")
        lines.append(
            f"| {name} | {p[1]:.3f} | {p[5]:.3f} | {p[10]:.3f} | {r[5]:.3f} | {r[10]:.3f} "
            f"| {s['mrr']:.3f} |"
        )
    return lines


def ratio(scores: dict) -> tuple[float, str]:
    best = max(("random", "nearest", "same_region"), key=lambda m: scores[m]["precision"][5])
    return scores["model"]["precision"][5] / scores[best]["precision"][5], best


def main() -> None:
    started = time.perf_counter()
    working = generated(WORKING, 1)
    national = generated(None, 2)
    club = sample_club()
    club_scores = dict(club["scores"])
    club_scores["ceiling"] = {
        "precision": club["ceiling"],
        "recall": {k: 1.0 for k in KS},
        "mrr": 1.0,
    }
    summary = {
        "generated_working_meetings": mean_scores(working),
        "generated_with_national_min_shared_2": mean_scores(national),
        "sample_club": club_scores,
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    payload = {
        "machine": {"python": platform.python_version(), "cpus": __import__("os").cpu_count()},
        "seconds": time.perf_counter() - started,
        "summary": summary,
        "runs": {"working": working, "national": national, "sample_club": club},
    }
    (RESULTS / "bench_suggest.json").write_text(
        json.dumps(payload, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8"
    )
    md = ["# coopgraph suggest: backtest against baselines", ""]
    for title, key, note in (
        (
            "Generated data, working meetings (local to interregional)",
            "generated_working_meetings",
            f"Mean of {len(working)} runs: seeds {SEEDS}, splits "
            f"{', '.join(s.isoformat() for s in SPLITS)}, truth = ties of the next 12 months, "
            f"queries = cités isolated or weakly tied at the split "
            f"({sum(r['queries'] for r in working) / len(working):.0f} per run on average).",
        ),
        (
            "Generated data, all meetings, tie = 2 shared meetings",
            "generated_with_national_min_shared_2",
            f"Mean of {len(national)} runs, same splits and seeds.",
        ),
        (
            "Sample: before the Club de l'Ouest, scored against the club's ties",
            "sample_club",
            f"History up to 2020-05-13, {club['queries']} club cités with new ties, "
            f"{club['new_ties']} ties created by the club's 7 meetings.",
        ),
    ):
        r, best = ratio(summary[key])
        md += [f"## {title}", "", note, "", *table(summary[key]), ""]
        md += [f"Model precision@5 / best baseline's (`{best}`): **{r:.2f}x**.", ""]
    md += ["## Learnt weights (standardised features)", ""]
    runs_w = [("sample, history to 2020-05-13", club)] + [
        (f"generated seed {r['seed']}, split {r['split']}", r) for r in working
    ]
    names = list(club["model"]["weights"])
    md += [
        "Weights learnt from each history (per standard deviation of the feature), "
        "and which weights the model used: the learnt ones, or the defaults when "
        "they ranked the last part of the history better (`defaults_better`).",
        "",
    ]
    md.append("| feature | " + " | ".join(n for n, _ in runs_w) + " |")
    md.append("|---|" + "---|" * len(runs_w))
    for f in names:
        md.append(
            f"| {f} | "
            + " | ".join(
                f"{(r['model']['learnt_weights'] or {}).get(f, 0.0):+.2f}" for _, r in runs_w
            )
            + " |"
        )
    md.append(
        "| *weights used* | "
        + " | ".join(
            "learnt" if r["model"]["learnt"] else f"defaults ({r['model']['note']})"
            for _, r in runs_w
        )
        + " |"
    )
    md.append(
        "| *training pairs / new ties / AUC* | "
        + " | ".join(
            f"{r['model']['pairs']} / {r['model']['positives']} / "
            + (f"{r['model']['auc']:.2f}" if r["model"]["auc"] is not None else "–")
            for _, r in runs_w
        )
        + " |"
    )
    md.append(
        "| *validation P@5 learnt / defaults* | "
        + " | ".join(
            f"{v['learnt']:.2f} / {v['defaults']:.2f}" if (v := r["model"]["validation"]) else "–"
            for _, r in runs_w
        )
        + " |"
    )

    md += ["", f"Total run time: {payload['seconds']:.0f} s.", ""]
    (RESULTS / "bench_suggest.md").write_text("\n".join(md), encoding="utf-8")
    print("\n".join(md))


if __name__ == "__main__":
    main()
