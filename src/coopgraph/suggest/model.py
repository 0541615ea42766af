"""The link-prediction model: a logistic regression on :data:`FEATURES`,
learnt from the data's own history.

Learning (:func:`fit_model`): the period's meetings are split at the dates
that leave :data:`TRAIN_SHARES` of them before (the *cuts*). At each cut,
features are computed from the history up to the cut, for every pair of
cités labelled by the end of the period and untied at the cut; the pair is
a positive when it became tied by the end of the period. The pairs of all
cuts are pooled. scikit-learn's
:class:`~sklearn.linear_model.LogisticRegression` (L2, ``C=1``, balanced
class weights, lbfgs: deterministic) is fitted on standardised features, so
a weight reads "one standard deviation more of this feature adds w to the
log-odds of a new tie".

When the history is too short (fewer than :data:`MIN_POSITIVES` new ties or
:data:`MIN_NEGATIVES` pairs that stayed untied after the cut), the model
falls back to :data:`DEFAULT_WEIGHTS`, also on standardised features
(standardised on the pairs being scored), and says so (``learnt`` false and
``note``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import numpy as np

from coopgraph.graph.projections import Period, cite_graph, meetings_in
from coopgraph.model import Dataset
from coopgraph.suggest.features import (
    FEATURES,
    FeatureMatrix,
    pair_context,
    pair_features,
    untied_pairs,
)

#: Training cuts: the dates leaving these shares of the period's meetings
#: before them; the training pairs of every cut are pooled.
TRAIN_SHARES = (0.4, 0.55, 0.7, 0.85)
#: Fewest new ties after the cut (positives) needed to learn weights.
MIN_POSITIVES = 20
#: Fewest pairs still untied at the end (negatives) needed to learn weights.
MIN_NEGATIVES = 20

#: Weights used when the history is too short to learn from, per standard
#: deviation of each feature. Rounded from the weights learnt on generated
#: national-scale data (``docs/suggest.md``), with geography and shared
#: partners first: they need no tie history.
DEFAULT_WEIGHTS: dict[str, float] = {
    "common_neighbours": 0.3,
    "adamic_adar": 0.3,
    "resource_allocation": 0.3,
    "jaccard": 0.1,
    "preferential_attachment": 0.2,
    "same_departement": 0.5,
    "same_region": 0.8,
    "bordering_region": 0.3,
    "distance": -0.8,
    "same_wave": 0.2,
    "theme_similarity": 0.3,
    "size_similarity": 0.1,
    "common_crpv": 0.6,
    "common_partners": 0.4,
    "activity": 0.4,
    "both_fragile": 0.2,
}


@dataclass
class LinkModel:
    """Weights of the scoring model and how they were obtained.

    ``weights`` and ``intercept`` apply to standardised features
    (``(x - mean) / scale``); ``mean`` and ``scale`` are those of the training
    pairs when ``learnt``, else ``None`` (standardised on the scored pairs).
    ``note`` says why the defaults were used (``"empty_history"``,
    ``"short_history"``), ``None`` when learnt. ``cut`` (the last training
    cut), ``pairs`` and ``positives`` describe the pooled training set; ``auc`` is the ROC AUC on it.
    """

    weights: dict[str, float]
    intercept: float = 0.0
    learnt: bool = False
    note: str | None = None
    cut: date | None = None
    pairs: int = 0
    positives: int = 0
    auc: float | None = None
    seed: int = 0
    mean: np.ndarray | None = field(default=None, repr=False)
    scale: np.ndarray | None = field(default=None, repr=False)

    def standardise(self, X: np.ndarray) -> np.ndarray:
        if self.mean is not None and self.scale is not None:
            mean, scale = self.mean, self.scale
        else:
            mean = X.mean(axis=0) if len(X) else np.zeros(X.shape[1])
            scale = X.std(axis=0) if len(X) else np.ones(X.shape[1])
        return (X - mean) / np.where(scale > 0, scale, 1.0)

    def contributions(self, fm: FeatureMatrix) -> np.ndarray:
        """Per pair and feature, the feature's share of the log-odds."""
        w = np.array([self.weights.get(name, 0.0) for name in fm.names])
        return self.standardise(fm.X) * w

    def score(self, fm: FeatureMatrix) -> np.ndarray:
        """A score in [0, 1] per pair (the logistic of the summed contributions)."""
        z = self.contributions(fm).sum(axis=1) + self.intercept
        return 1.0 / (1.0 + np.exp(-z))


def default_model(note: str, seed: int = 0) -> LinkModel:
    """The fallback model with :data:`DEFAULT_WEIGHTS`.

    >>> default_model("empty_history").weights["distance"]
    -0.8
    """
    return LinkModel(dict(DEFAULT_WEIGHTS), note=note, seed=seed)


def training_cut(dates: list[date], share: float) -> date | None:
    """The last day of the training history: the date of the meeting that
    leaves ``share`` of ``dates`` (sorted) on or before it, moved back so that
    at least one meeting falls after it; ``None`` when impossible.

    >>> from datetime import date
    >>> d = [date(2020, 1, k) for k in range(1, 11)]
    >>> training_cut(d, 0.7)
    datetime.date(2020, 1, 7)
    >>> training_cut([date(2020, 1, 1)] * 3, 0.7) is None
    True
    """
    if not dates:
        return None
    k = max(0, min(len(dates) - 1, int(round(share * len(dates))) - 1))
    cut = dates[k]
    while cut >= dates[-1]:
        if k == 0:
            return None
        k -= 1
        cut = dates[k]
    return cut


def training_set(
    ds: Dataset,
    period: Period,
    cut: date,
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
) -> tuple[FeatureMatrix, np.ndarray]:
    """Features at ``cut`` of the pairs untied then, and whether each became
    tied by the end of ``period``."""
    scales = None if scales is None else tuple(scales)
    before = pair_context(
        ds,
        Period(period.since, cut),
        scales=scales,
        min_shared=min_shared,
        labelled_by=period.until,
    )
    after = cite_graph(ds, period, scales=scales, min_shared=min_shared)
    pairs = untied_pairs(before)
    fm = pair_features(before, pairs)
    y = np.array([after.has_edge(u, v) for u, v in pairs], dtype=int)
    return fm, y


def fit_model(
    ds: Dataset,
    period: Period = Period(),  # noqa: B008 (frozen, immutable)
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    seed: int = 0,
) -> LinkModel:
    """Learn the weights from the history of ``period`` (see the module
    docstring); the defaults when it is too short.

    >>> from coopgraph.model import Cite
    >>> m = fit_model(Dataset(cites=(Cite("a", "A", "28"), Cite("b", "B", "53"))))
    >>> m.learnt, m.note
    (False, 'empty_history')
    """
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped]
    from sklearn.preprocessing import StandardScaler  # type: ignore[import-untyped]

    scales = None if scales is None else tuple(scales)
    dates = [m.date for m in meetings_in(ds, period, scales)]
    if not dates:
        return default_model("empty_history", seed)
    cuts = sorted({c for share in TRAIN_SHARES if (c := training_cut(dates, share)) is not None})
    if not cuts:
        return default_model("short_history", seed)
    parts = [training_set(ds, period, cut, scales=scales, min_shared=min_shared) for cut in cuts]
    X = np.vstack([fm.X for fm, _ in parts])
    y = np.concatenate([labels for _, labels in parts])
    positives = int(y.sum())
    if positives < MIN_POSITIVES or len(y) - positives < MIN_NEGATIVES:
        model = default_model("short_history", seed)
        model.cut, model.pairs, model.positives = cuts[-1], len(y), positives
        return model
    scaler = StandardScaler().fit(X)
    Z = scaler.transform(X)
    clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000, random_state=seed)
    clf.fit(Z, y)
    auc = float(roc_auc_score(y, clf.decision_function(Z)))
    return LinkModel(
        weights={name: float(w) for name, w in zip(FEATURES, clf.coef_[0], strict=True)},
        intercept=float(clf.intercept_[0]),
        learnt=True,
        cut=cuts[-1],
        pairs=len(y),
        positives=positives,
        auc=auc,
        seed=seed,
        mean=scaler.mean_.copy(),
        scale=scaler.scale_.copy(),
    )
