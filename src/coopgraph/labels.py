"""Labels for people to read: région and département names, persons (names
or pseudonyms), isolation explanations, in the output language.

The analysis layer computes with codes and ids only; a :class:`Labeller`
turns them into text at the edge, for the report, the focused commands, the
maps and the exports alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import networkx as nx

from coopgraph import geo
from coopgraph.graph.projections import copy_graph
from coopgraph.i18n import Translator, translator
from coopgraph.metrics.isolation import IsolatedCite
from coopgraph.model import Dataset
from coopgraph.privacy import person_labeller


def region_label(code: Any) -> str:
    """The name of a région (or overseas collectivity) for display; its code
    when unknown (the one région label helper of coopgraph).

    >>> region_label("28"), region_label("99"), region_label(None)
    ('Normandie', '99', 'None')
    """
    try:
        return geo.region_name(code)
    except (KeyError, TypeError):
        return str(code)


def departement_label(code: str) -> str:
    """``"Name (code)"`` of a département, its code when unknown.

    >>> departement_label("76"), departement_label("xx")
    ('Seine-Maritime (76)', 'xx')
    """
    try:
        return f"{geo.departement_name(code)} ({code})"
    except (KeyError, TypeError):
        return str(code)


def isolation_explanation(c: IsolatedCite, lang: str = "fr") -> str:
    """Why a cité is isolated or fragile, in ``lang`` (from the result's
    type and parameters; the metrics layer holds no text for people).

    >>> c = IsolatedCite("a", "A", "28", None, "one_link", via="b", via_name="B")
    >>> isolation_explanation(c, "fr"), isolation_explanation(c, "en")
    ('tous ses liens passent par une seule cité (B)', 'all its ties go through one cité (B)')
    """
    t = translator(lang)
    return t(f"explain.{c.type}", n=c.same_region, via=c.via_name or c.via or "")


@dataclass
class Labeller:
    """Everything the output language and pseudonymisation decide, for one
    dataset: the renderers' single source of labels.

    >>> from coopgraph.model import Actor
    >>> ds = Dataset(actors=(Actor("a1", "Jeanne Martin", "i"),))
    >>> Labeller(ds).person("a1"), Labeller(ds, "en", pseudonymise=True).person("a1")[:7]
    ('Jeanne Martin', 'Person ')
    """

    ds: Dataset
    lang: str = "fr"
    pseudonymise: bool = False
    key: str | None = field(default=None, repr=False)

    @cached_property
    def t(self) -> Translator:
        """The translator of :attr:`lang`."""
        return translator(self.lang)

    @cached_property
    def person(self) -> Callable[[str], str]:
        """``person(actor_id)``: the name, or the pseudonym when pseudonymising."""
        return person_labeller(self.ds, self.pseudonymise, self.lang, self.key)

    @staticmethod
    def region(code: Any) -> str:
        return region_label(code)

    @staticmethod
    def departement(code: str) -> str:
        return departement_label(code)

    def explanation(self, c: IsolatedCite) -> str:
        return isolation_explanation(c, self.lang)

    def label_view(
        self, G: nx.Graph, isolated: Iterable[IsolatedCite] = (), *, copy: bool = True
    ) -> nx.Graph:
        """A copy of a view graph (:meth:`coopgraph.analysis.Analysis.view`)
        with the labels that depend on the reader: persons' labels (names or
        pseudonyms) on an actor view, explanations of ``isolated`` cités on a
        cité view. With ``copy`` false, ``G`` itself is labelled (a graph the
        caller owns: ``Analysis.view(..., keep=False)``)."""
        H = copy_graph(G) if copy else G
        if H.graph.get("projection") == "actors" and not H.graph.get("grouped"):
            for n, data in H.nodes(data=True):
                data["label"] = self.person(n)
        if H.graph.get("projection") == "cites":
            for c in isolated:
                if c.cite_id in H:
                    H.nodes[c.cite_id]["isolation_explanation"] = self.explanation(c)
        return H


def scales_text(scales: tuple[str, ...] | None, lang: str = "fr") -> str:
    """Which meeting scales the figures count, said in every output.

    >>> scales_text(None)
    'Échelles de rencontres comptées : toutes, y compris les rencontres nationales.'
    >>> scales_text(("regional", "national"), "en")
    'Meeting scales counted: regional, national.'
    """
    t = translator(lang)
    if scales is None:
        return t("scales.all")
    return t("scales.some", scales=", ".join(t(f"scale.{s}") for s in scales))
