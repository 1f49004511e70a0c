"""Splitting long lists of ids for `IN (...)` queries.

A statement may bind only so many variables (SQLite: 32,766, or 999 when built
with older defaults; PostgreSQL: 65,535), and a network of 260,000 contacts has
more ids than that. Every query over an unbounded list of ids goes in batches.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")
CHUNK = 500


def chunks(items: Iterable[T], size: int = CHUNK) -> Iterator[list[T]]:
    """`items` in lists of at most `size`, in order."""
    batch: list[T] = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch
