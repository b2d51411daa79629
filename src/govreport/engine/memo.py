"""The memos the table engine (and the modules under it) keep their learnt answers in.

Reports repeat the same cell texts, row shapes, labels, headers and source positions: the
engine works each out once per distinct key and keeps the answer. Both memos here say what
they keep and forget everything when they hold more than their limit, so a batch of millions
of reports never grows them past that:

* :class:`BoundedMemo`: answers worked out by the caller (``get``, then ``keep``);
* :class:`FunctionMemo`: the answers of one function, looked up as ``memo[key]``: a known key
  costs a dictionary lookup and no Python call, which is what the per-cell paths need.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class BoundedMemo(Generic[K, V]):
    """Answers by key, at most ``limit`` of them.

    ``get`` is the dictionary's own (None when not known: the hot paths call it directly);
    :meth:`keep` stores an answer, :meth:`learn` looks up or works out and stores.
    """

    __slots__ = ("_answers", "get", "limit", "what")

    def __init__(self, what: str, limit: int) -> None:
        self.what = what
        self.limit = limit
        self._answers: dict[K, V] = {}
        self.get = self._answers.get

    def keep(self, key: K, value: V) -> V:
        if len(self._answers) >= self.limit:
            self._answers.clear()
        self._answers[key] = value
        return value

    def learn(self, key: K, work_out: Callable[[K], V]) -> V:
        found = self._answers.get(key)
        return found if found is not None else self.keep(key, work_out(key))

    def __len__(self) -> int:
        return len(self._answers)

    def __repr__(self) -> str:
        return f"<BoundedMemo of {self.what}: {len(self._answers)}/{self.limit}>"


class FunctionMemo(dict[K, V]):
    """The answers of ``function`` by key, at most ``limit`` of them: ``memo[key]`` is
    ``function(key)``, worked out on first use and kept (any value, None included).

    A dictionary whose misses call the function (``__missing__``), so a known key is looked up
    in C. Read it by subscript only; it forgets everything when it is full.
    """

    __slots__ = ("function", "limit", "what")

    def __init__(self, what: str, limit: int, function: Callable[[K], V]) -> None:
        super().__init__()
        self.what = what
        self.limit = limit
        self.function = function

    def __missing__(self, key: K) -> V:
        if len(self) >= self.limit:
            self.clear()
        value = self[key] = self.function(key)
        return value

    def __repr__(self) -> str:
        return f"<FunctionMemo of {self.what}: {len(self)}/{self.limit}>"
