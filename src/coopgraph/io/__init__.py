"""Reading and validating input files. pandas stays in this layer."""

from coopgraph.io.dataset import read_dataset, validate_directory

__all__ = ["read_dataset", "validate_directory"]
