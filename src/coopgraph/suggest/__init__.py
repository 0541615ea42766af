"""Who to introduce to whom: partner suggestions for isolated cités.

``features`` (pair features and link-prediction measures), ``model`` (weights
learnt from the history, documented defaults), ``introducers`` (who can make
the introduction), ``partners`` (:func:`suggest_partners`, the entry point)
and ``backtest`` (scoring suggestions against the ties that formed later).
"""

from coopgraph.suggest.partners import (
    Reason,
    Scope,
    Suggestion,
    Suggestions,
    model_summary,
    partner_scores,
    suggest_partners,
    suggestion_records,
)

__all__ = [
    "Reason",
    "Scope",
    "Suggestion",
    "Suggestions",
    "model_summary",
    "partner_scores",
    "suggest_partners",
    "suggestion_records",
]
