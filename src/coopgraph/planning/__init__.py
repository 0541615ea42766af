"""Planning interregional clubs of cités, simulating them, and comparing periods.

* :mod:`~coopgraph.planning.clusters`: the planner of clubs
  (:func:`plan_clusters`), in steps: :mod:`~coopgraph.planning.model`
  (options, records, objective), :mod:`~coopgraph.planning.candidates`
  (which cités need a club, :func:`cites_to_place`, and what each can
  reach), :mod:`~coopgraph.planning.greedy` (the warm start),
  :mod:`~coopgraph.planning.cpsat` (the CP-SAT model) and
  :mod:`~coopgraph.planning.explain` (clubs described, cités left out);
* :mod:`~coopgraph.planning.simulate`: what a set of clubs would change in
  the cooperation graph (:func:`simulate_clubs`);
* :mod:`~coopgraph.planning.compare`: how the network changed between
  periods (:func:`compare_periods`);
* :mod:`~coopgraph.planning.render`: table, Markdown and JSON forms.
"""

from coopgraph.planning.candidates import (
    cite_themes,
    cites_to_place,
    cites_without_data,
    connected_region_sets,
)
from coopgraph.planning.clusters import plan_clusters
from coopgraph.planning.compare import PeriodComparison, compare_periods
from coopgraph.planning.model import Candidate, Club, ClusterPlan, PlanOptions, Unplaced
from coopgraph.planning.simulate import (
    NetworkSummary,
    Simulation,
    add_club_ties,
    club_membership,
    simulate_clubs,
    summarise_network,
)

__all__ = [
    "Candidate",
    "Club",
    "ClusterPlan",
    "NetworkSummary",
    "PeriodComparison",
    "PlanOptions",
    "Simulation",
    "Unplaced",
    "add_club_ties",
    "cite_themes",
    "cites_to_place",
    "cites_without_data",
    "club_membership",
    "compare_periods",
    "connected_region_sets",
    "plan_clusters",
    "simulate_clubs",
    "summarise_network",
]
