"""Tiny inline SVG charts for the self-contained HTML report (no script, no
external request). Every text is escaped."""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

_BLUE = "#000091"
_RED = "#e1000f"


def bar_chart(
    labels: Sequence[str], values: Sequence[float | None], *, width: int = 640, unit: str = ""
) -> str:
    """Horizontal bars, one per label (``None`` draws no bar).

    >>> svg = bar_chart(["Normandie", "Bretagne"], [0.5, None])
    >>> svg.startswith("<svg") and svg.count("<rect") == 1
    True
    """
    row, left, right = 22, 230, 60
    height = row * len(labels) + 10
    top = max([v for v in values if v is not None] or [0]) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12">'
    ]
    for i, (label, value) in enumerate(zip(labels, values, strict=True)):
        y = 5 + i * row
        parts.append(
            f'<text x="{left - 6}" y="{y + 14}" text-anchor="end">{escape(str(label))}</text>'
        )
        if value is None:
            parts.append(f'<text x="{left + 4}" y="{y + 14}" fill="#777">–</text>')
            continue
        w = (width - left - right) * value / top
        parts.append(
            f'<rect x="{left}" y="{y + 3}" width="{w:.1f}" height="{row - 8}" fill="{_BLUE}"/>'
        )
        parts.append(f'<text x="{left + w + 4:.1f}" y="{y + 14}">{value:.3g}{escape(unit)}</text>')
    parts.append("</svg>")
    return "".join(parts)


def line_chart(
    xs: Sequence[str], series: dict[str, Sequence[float]], *, width: int = 640, height: int = 240
) -> str:
    """Lines over categorical x values (years), with a legend; at most two
    colours alternate (blue, red, then dashed).

    >>> svg = line_chart(["2019", "2020"], {"isolées": [10, 4]})
    >>> "<polyline" in svg and "2020" in svg
    True
    """
    left, right, top, bottom = 40, 20, 30, 30
    ymax = max([v for s in series.values() for v in s] or [0]) or 1
    step = (width - left - right) / max(len(xs) - 1, 1)

    def px(i: int) -> float:
        return left + i * step

    def py(v: float) -> float:
        return top + (height - top - bottom) * (1 - v / ymax)

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="img" font-family="sans-serif" font-size="12">',
        f'<line x1="{left}" y1="{py(0):.1f}" x2="{width - right}" y2="{py(0):.1f}" stroke="#999"/>',
        f'<text x="{left - 6}" y="{py(ymax) + 4:.1f}" text-anchor="end">{ymax:g}</text>',
        f'<text x="{left - 6}" y="{py(0) + 4:.1f}" text-anchor="end">0</text>',
    ]
    for i, x in enumerate(xs):
        parts.append(
            f'<text x="{px(i):.1f}" y="{height - 10}" text-anchor="middle">{escape(str(x))}</text>'
        )
    for j, (name, values) in enumerate(series.items()):
        colour = (_BLUE, _RED)[j % 2]
        dash = ' stroke-dasharray="5,3"' if j >= 2 else ""
        points = " ".join(f"{px(i):.1f},{py(v):.1f}" for i, v in enumerate(values))
        parts.append(
            f'<polyline points="{points}" fill="none" stroke="{colour}" stroke-width="2"{dash}/>'
        )
        for i, v in enumerate(values):
            parts.append(f'<circle cx="{px(i):.1f}" cy="{py(v):.1f}" r="3" fill="{colour}"/>')
        parts.append(
            f'<text x="{left + 10 + 220 * j}" y="16" fill="{colour}">■ {escape(name)}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
