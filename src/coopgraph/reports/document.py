"""A small document model (sections of paragraphs and tables) with Markdown and
self-contained HTML renderers, so every report has one content and two forms."""

from __future__ import annotations

import html
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from coopgraph.i18n import translator
from coopgraph.io.output import REPORT_CSP, md_text


@dataclass
class Table:
    columns: Sequence[str]
    rows: Sequence[Sequence[Any]]


@dataclass
class Figure:
    """Inline SVG (already safe markup, built by coopgraph) with a caption."""

    svg: str
    caption: str


Block = str | Table | Figure


@dataclass
class Section:
    title: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Document:
    title: str
    lang: str
    subtitle: str = ""
    sections: list[Section] = field(default_factory=list)


def _cell(value: Any, lang: str | None = None) -> str:
    """A table cell as text: floats to three decimals at most, lists joined;
    in French (``lang`` ``fr``) decimal numbers take a comma.

    >>> _cell(0.125), _cell(0.125, "fr"), _cell([1.5, "v1.2"], "fr"), _cell(2.0, "fr")
    ('0.125', '0,125', '1,5, v1.2', '2')
    """
    from coopgraph.reports.tabular import decimal_comma

    if value is None:
        return ""
    if isinstance(value, float):
        text = f"{value:.3f}".rstrip("0").rstrip(".") if value == value else ""
        return decimal_comma(text) if lang == "fr" else text
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v, lang) for v in value)
    return decimal_comma(str(value)) if lang == "fr" else str(value)


def to_markdown(doc: Document) -> str:
    """``doc`` as Markdown; figures (inline SVG) are named by their caption
    and a pointer to the HTML form, in the document's language.

    >>> doc = Document("T", "en", sections=[Section("S", [Figure("<svg/>", "Chart")])])
    >>> "*Chart* (see the HTML version)" in to_markdown(doc)
    True
    """
    from coopgraph.reports.tabular import markdown_table

    t = translator(doc.lang)
    out = [f"# {md_text(doc.title)}", ""]
    if doc.subtitle:
        out += [md_text(doc.subtitle), ""]
    for section in doc.sections:
        out += [f"## {md_text(section.title)}", ""]
        for block in section.blocks:
            if isinstance(block, Table) and not block.rows:
                out += [t("table.empty"), ""]  # never a header over nothing
            elif isinstance(block, Table):
                rows = [[_cell(v, doc.lang) for v in row] for row in block.rows]
                out += [markdown_table([str(c) for c in block.columns], rows), ""]
            elif isinstance(block, Figure):
                out += [f"*{md_text(block.caption)}* ({t('document.see_html')})", ""]
            else:
                out += [md_text(block), ""]
    return "\n".join(out).rstrip() + "\n"


_CSS = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;max-width:1100px;margin:2rem auto;padding:0 1rem;color:#1e1e1e;line-height:1.45}
h1{color:#000091;border-bottom:3px solid #000091;padding-bottom:.3rem}
h2{color:#000091;margin-top:2rem}
table{border-collapse:collapse;margin:1rem 0;font-size:.92rem}
th,td{border:1px solid #ccc;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#eef}
tr:nth-child(even) td{background:#fafafa}
figure{margin:1rem 0}
figcaption{font-size:.85rem;color:#555}
.subtitle{color:#555}
"""


def to_html(doc: Document) -> str:
    """A self-contained HTML page: inline CSS, no script, no external request.
    Every text is escaped; only coopgraph's own SVG figures are inlined.
    An empty table is the word "aucun" ("none"), never a bare header.

    >>> doc = Document("T", "fr", sections=[Section("S", [Table(["a"], [])])])
    >>> "<p>Aucun.</p>" in to_html(doc) and "Aucun." in to_markdown(doc)
    True
    """
    esc = html.escape
    t = translator(doc.lang)
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(doc.lang)}"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{REPORT_CSP}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{esc(doc.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(doc.title)}</h1>",
    ]
    if doc.subtitle:
        parts.append(f'<p class="subtitle">{esc(doc.subtitle)}</p>')
    for section in doc.sections:
        parts.append(f"<section><h2>{esc(section.title)}</h2>")
        for block in section.blocks:
            if isinstance(block, Table) and not block.rows:
                parts.append(f"<p>{esc(t('table.empty'))}</p>")
            elif isinstance(block, Table):
                parts.append("<table><thead><tr>")
                parts += [f"<th>{esc(c)}</th>" for c in block.columns]
                parts.append("</tr></thead><tbody>")
                for row in block.rows:
                    parts.append(
                        "<tr>"
                        + "".join(f"<td>{esc(_cell(v, doc.lang))}</td>" for v in row)
                        + "</tr>"
                    )
                parts.append("</tbody></table>")
            elif isinstance(block, Figure):
                parts.append(
                    f"<figure>{block.svg}<figcaption>{esc(block.caption)}</figcaption></figure>"
                )
            else:
                parts.append(f"<p>{esc(block)}</p>")
        parts.append("</section>")
    parts.append("</body></html>")
    return "\n".join(parts)
