"""Settings of the ``coopgraph`` process, made before numpy and pandas load:
:mod:`coopgraph.cli` imports this module before anything heavy.

- One BLAS thread, unless the user says otherwise (``OPENBLAS_NUM_THREADS``):
  coopgraph's matrix products are small (betweenness on a few hundred
  institutions), and a second thread spins more than it helps, all the more on
  a shared machine (measured on the national report's institution
  betweenness: 0.11 s of CPU with one thread, 0.4 to 1.5 s with two).
- The garbage collector's young generation collected every 100,000 new
  objects, not 700: importing pandas, numpy and networkx alone made ~200
  collections (0.1 s of CPU); the dataset and the analysis keep the same
  threshold (:meth:`coopgraph.commands.options.Source.read`).
"""

from __future__ import annotations

import gc
import os

#: New objects between two collections of the young generation.
GC_YOUNG = 100_000

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
gc.set_threshold(GC_YOUNG, *gc.get_threshold()[1:])
