"""The sources bookkeeping every writer shares: what the output holds, and what waits for a commit.

A writer records each source it is given as an entry (the ``sources`` row as a dict, plus
whatever the format keeps beside it: a CSV's byte ranges, a Parquet part's name). Entries are
*pending* from :meth:`Ledger.add` until the writer has made them durable and calls
:meth:`Ledger.settle`; then they are *committed*, which is what ``--resume`` trusts. A commit
that fails puts its entries back (:meth:`Ledger.restore`), so a retry writes them again.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from . import SourceEntry

Entry = dict[str, Any]


class Ledger:
    """Committed and pending source entries (see the module docstring)."""

    def __init__(self) -> None:
        self.committed: dict[str, Entry] = {}
        self.added: list[Entry] = []

    @property
    def pending(self) -> int:
        """Sources added and not yet committed."""
        return len(self.added)

    def add(self, entry: Entry) -> None:
        """A source given to the writer, not yet durable."""
        self.added.append(entry)

    def take(self) -> list[Entry]:
        """The pending entries, for a commit to write (the ledger forgets them until settled or restored)."""
        taken, self.added = self.added, []
        return taken

    def settle(self, entries: Iterable[Entry]) -> None:
        """Entries now durable in the output (a later entry for the same source replaces the earlier)."""
        for e in entries:
            self.committed[e["source"]] = e

    def restore(self, entries: list[Entry]) -> None:
        """A commit of ``entries`` failed: they are pending again, ahead of those added since."""
        self.added = entries + self.added

    def forget(self, sources: Collection[str]) -> None:
        """Committed sources removed from the output."""
        for s in sources:
            self.committed.pop(s, None)

    def entries(self) -> dict[str, SourceEntry]:
        """The committed sources as :class:`~govreport.writers.SourceEntry` values."""
        from . import SourceEntry

        return {s: SourceEntry.from_dict(e) for s, e in self.committed.items()}
