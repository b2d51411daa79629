"""The one memo the table engine keeps its learnt answers in.

Reports repeat the same cell texts, row shapes, labels and headers: the engine works each out
once per distinct key and keeps the answer. A :class:`BoundedMemo` says what it keeps and
forgets everything when it holds more than its limit, so a batch of millions of reports never
grows it past that.
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
