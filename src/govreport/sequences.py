"""The converter of the AST's sequence fields.

``attrs.field(converter=tuple)`` loses the element type for type checkers (``tuple`` is generic),
so every frozen class's sequence field uses this typed converter instead. A tuple is kept as it
is (most fields are given tuples), anything else iterable is made one.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def as_tuple(items: Iterable[Any]) -> tuple[Any, ...]:
    """``items`` as a tuple (the same object when it is one already)."""
    return items if type(items) is tuple else tuple(items)
