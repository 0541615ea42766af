"""The embedded default: the data files, validated and held in memory."""

from __future__ import annotations

from functools import cached_property
from pathlib import Path

from coopgraph.io import read_dataset
from coopgraph.model import Dataset


class FileStore:
    """A data directory (or workbook) read once, validated, kept in memory."""

    def __init__(self, path: Path | str):
        self.path = Path(path)

    @cached_property
    def dataset(self) -> Dataset:
        return read_dataset(self.path)

    def read_dataset(self) -> Dataset:
        return self.dataset

    def describe(self) -> str:
        return str(self.path)

    def close(self) -> None:
        """Nothing to release; here so every store closes the same way."""
