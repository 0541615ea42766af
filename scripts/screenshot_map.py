"""Make visualisations/sample-map.png: the map of cités of the sample dataset,
rendered offline in headless Chromium with the tooling the browser tests use.

    python scripts/screenshot_map.py [--data data/sample] [--out visualisations/sample-map.png]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from coopgraph.export import analysed_view
from coopgraph.io import read_dataset
from coopgraph.viz.browser import browser_context, open_map
from coopgraph.viz.maps import MapOptions, map_payload, render_map, write_map

ROOT = Path(__file__).resolve().parents[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=ROOT / "data" / "sample")
    parser.add_argument("--out", type=Path, default=ROOT / "visualisations" / "sample-map.png")
    parser.add_argument("--lang", default="fr")
    parser.add_argument("--layout", default="geo")
    parser.add_argument("--html", type=Path, help="Also keep the map's HTML here.")
    args = parser.parse_args(argv)

    ds = read_dataset(args.data)
    G = analysed_view(ds, "cites", lang=args.lang)
    payload = map_payload(
        G,
        MapOptions(lang=args.lang, layout=args.layout, subtitle=f"{args.data.name}"),
        meetings=ds.meeting_by_id,
    )
    with tempfile.TemporaryDirectory() as tmp:
        html_path = write_map(args.html or Path(tmp) / "sample-map.html", render_map(payload))
        with browser_context((1500, 950)) as context:
            page, report = open_map(context, html_path)
            if report.console_errors or report.page_errors or report.blocked_requests:
                print(f"page problems: {report}", file=sys.stderr)
                return 1
            args.out.parent.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(args.out))
    print(
        f"wrote {args.out}: {report.nodes} nodes, {report.edges} edges, stable view at {report.ready_ms} ms"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
