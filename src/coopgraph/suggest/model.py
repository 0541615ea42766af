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
``note``). Learnt weights must also earn their place: weights learnt from
the earlier cuts only rank the pairs untied at the last cut, and are scored
against the ties formed after it (precision@5 per cité), next to the
defaults; when the defaults rank better, they are used (``note``
``"defaults_better"``). History is not always a guide: a club that ties
cités across régions (the sample's) is preceded by ties inside régions only.
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
#: Fewest cités with new ties after the last cut to compare learnt and
#: default weights on the last part of the history.
MIN_VALIDATION_QUERIES = 5

#: Weights used when the history is too short to learn from, per standard
#: deviation of each feature: set by hand, with the signs the field expects
#: (near, same or bordering région, same CRPV, common partners and
#: neighbours help) and magnitudes of the order of the weights learnt on
#: generated data; their backtest figures are in ``docs/suggest.md``.
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
    "newcomer": 0.0,
}


@dataclass
class LinkModel:
    """Weights of the scoring model and how they were obtained.

    ``weights`` and ``intercept`` apply to standardised features
    (``(x - mean) / scale``); ``mean`` and ``scale`` are those of the training
    pairs when ``learnt``, else ``None`` (standardised on the scored pairs).
    ``note`` says why the defaults were used (``"empty_history"``,
    ``"short_history"``, ``"defaults_better"``), ``None`` when learnt. ``cut`` (the last training
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
    #: learnt against default weights on the last part of the history:
    #: ``{"cut", "queries", "learnt", "defaults"}`` (precision@5), or None
    validation: dict | None = None
    #: the weights learnt from the whole history, kept for the record when
    #: the defaults won the validation (``None`` when nothing was learnt)
    learnt_weights: dict[str, float] | None = None
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


#: Intercept of the default model: it only shifts scores (not rankings), so
#: that the best pairs do not all show 1.0.
DEFAULT_INTERCEPT = -5.0


def default_model(note: str, seed: int = 0) -> LinkModel:
    """The fallback model with :data:`DEFAULT_WEIGHTS` and
    :data:`DEFAULT_INTERCEPT`.

    >>> default_model("empty_history").weights["distance"]
    -0.8
    """
    return LinkModel(dict(DEFAULT_WEIGHTS), DEFAULT_INTERCEPT, note=note, seed=seed)


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


def snapshot(
    ds: Dataset,
    period: Period,
    cut: date,
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
) -> FeatureMatrix:
    """Features at ``cut`` of the pairs of cités (labelled by the end of
    ``period``) untied then."""
    before = pair_context(
        ds,
        Period(period.since, cut),
        scales=scales,
        min_shared=min_shared,
        labelled_by=period.until,
    )
    return pair_features(before, untied_pairs(before))


def tied_in(fm: FeatureMatrix, G) -> np.ndarray:
    """1 for each pair of ``fm`` tied in the graph ``G``, else 0."""
    return np.array([G.has_edge(u, v) for u, v in fm.pairs], dtype=int)


def precision_at(
    fm: FeatureMatrix, y: np.ndarray, scores: np.ndarray, k: int = 5
) -> tuple[float, int]:
    """Mean precision@k over the cités with at least one positive pair, each
    ranking its own pairs by ``scores`` (ties by partner id); and how many
    cités that is.

    >>> fm = FeatureMatrix([("a", "b"), ("a", "c")], np.zeros((2, len(FEATURES))))
    >>> precision_at(fm, np.array([0, 1]), np.array([0.9, 0.1]), k=1)
    (0.5, 2)
    """
    ranked: dict[str, list[tuple[float, str, int]]] = {}
    for (u, v), label, x in zip(fm.pairs, y, scores, strict=True):
        ranked.setdefault(u, []).append((-float(x), v, int(label)))
        ranked.setdefault(v, []).append((-float(x), u, int(label)))
    values = [
        sum(label for _, _, label in sorted(rows)[:k]) / k
        for rows in ranked.values()
        if any(label for _, _, label in rows)
    ]
    return (sum(values) / len(values) if values else 0.0), len(values)


def _fit(X: np.ndarray, y: np.ndarray, seed: int):
    from sklearn.linear_model import LogisticRegression  # type: ignore[import-untyped]
    from sklearn.preprocessing import StandardScaler  # type: ignore[import-untyped]

    scaler = StandardScaler().fit(X)
    clf = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000, random_state=seed)
    clf.fit(scaler.transform(X), y)
    return scaler, clf


def fit_model(
    ds: Dataset,
    period: Period = Period(),  # noqa: B008 (frozen, immutable)
    *,
    scales: Iterable[str] | None = None,
    min_shared: int = 1,
    seed: int = 0,
) -> LinkModel:
    """Learn the weights from the history of ``period`` (see the module
    docstring); the defaults when it is too short, or when they rank the last
    part of the history better than weights learnt before it.

    >>> from coopgraph.model import Cite
    >>> m = fit_model(Dataset(cites=(Cite("a", "A", "28"), Cite("b", "B", "53"))))
    >>> m.learnt, m.note
    (False, 'empty_history')
    """
    from sklearn.metrics import roc_auc_score  # type: ignore[import-untyped]

    scales = None if scales is None else tuple(scales)
    dates = [m.date for m in meetings_in(ds, period, scales)]
    if not dates:
        return default_model("empty_history", seed)
    cuts = sorted({c for share in TRAIN_SHARES if (c := training_cut(dates, share)) is not None})
    if not cuts:
        return default_model("short_history", seed)
    snaps = [snapshot(ds, period, cut, scales=scales, min_shared=min_shared) for cut in cuts]
    end = cite_graph(ds, period, scales=scales, min_shared=min_shared)
    labels = [tied_in(fm, end) for fm in snaps]
    X = np.vstack([fm.X for fm in snaps])
    y = np.concatenate(labels)
    positives = int(y.sum())
    if positives < MIN_POSITIVES or len(y) - positives < MIN_NEGATIVES:
        model = default_model("short_history", seed)
        model.cut, model.pairs, model.positives = cuts[-1], len(y), positives
        return model
    validation = _validate(ds, period, cuts, snaps, labels, scales, min_shared, seed)
    scaler, clf = _fit(X, y, seed)
    auc = float(roc_auc_score(y, clf.decision_function(scaler.transform(X))))
    learnt = {name: float(w) for name, w in zip(FEATURES, clf.coef_[0], strict=True)}
    if validation is not None and validation["defaults"] > validation["learnt"]:
        model = default_model("defaults_better", seed)
        model.cut, model.pairs, model.positives = cuts[-1], len(y), positives
        model.validation, model.learnt_weights, model.auc = validation, learnt, auc
        return model
    return LinkModel(
        weights=learnt,
        learnt_weights=learnt,
        intercept=float(clf.intercept_[0]),
        learnt=True,
        cut=cuts[-1],
        pairs=len(y),
        positives=positives,
        auc=auc,
        seed=seed,
        mean=scaler.mean_.copy(),
        scale=scaler.scale_.copy(),
        validation=validation,
    )


def _validate(
    ds: Dataset,
    period: Period,
    cuts: list[date],
    snaps: list[FeatureMatrix],
    labels: list[np.ndarray],
    scales: tuple[str, ...] | None,
    min_shared: int,
    seed: int,
) -> dict | None:
    """Learnt weights against the defaults on the last part of the history
    that has new ties: at the latest cut after which at least
    :data:`MIN_VALIDATION_QUERIES` cités formed new ties, learn from the
    earlier cuts (with the ties formed by that cut), rank the pairs untied at
    that cut and score both against the ties formed after it (precision@5
    per cité). ``None`` when there is too little to compare."""
    for i in range(len(cuts) - 1, 0, -1):
        val, val_y = snaps[i], labels[i]
        if precision_at(val, val_y, np.zeros(len(val_y)))[1] < MIN_VALIDATION_QUERIES:
            continue
        at = cite_graph(ds, Period(period.since, cuts[i]), scales=scales, min_shared=min_shared)
        X = np.vstack([fm.X for fm in snaps[:i]])
        y = np.concatenate([tied_in(fm, at) for fm in snaps[:i]])
        if y.sum() < MIN_POSITIVES or len(y) - y.sum() < MIN_NEGATIVES:
            return None
        scaler, clf = _fit(X, y, seed)
        learnt, queries = precision_at(val, val_y, clf.decision_function(scaler.transform(val.X)))
        defaults, _ = precision_at(val, val_y, default_model("validation").score(val))
        return {"cut": cuts[i], "queries": queries, "learnt": learnt, "defaults": defaults}
    return None
