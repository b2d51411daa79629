"""The sources a writer has been given and not yet committed: its only per-source memory.

A writer records each source it is given as an entry (the ``sources`` row as a dict, plus
whatever the format keeps beside it: a CSV's byte ranges). Entries are *pending* from
:meth:`Ledger.add` until the writer takes them for a commit (:meth:`Ledger.take`); a commit
that fails puts them back (:meth:`Ledger.restore`), so a retry writes them again. Once
committed they are in the output itself (a ``sources`` table, a journal line) and nowhere
else: what an output holds is read back from it when asked
(:meth:`~govreport.writers.Writer.iter_committed`), so a writer's memory does not grow with
the sources it has written (issue 18: at 10^5 files the committed entries kept in memory, about
0.6 KB each, had doubled the peak of ``convert``). Pending entries are bounded by the commit
cycle (``convert`` commits every 500 reports or 2 s).
"""

from __future__ import annotations

from typing import Any

Entry = dict[str, Any]


class Ledger:
    """Pending source entries (see the module docstring)."""

    def __init__(self) -> None:
        self.added: list[Entry] = []

    @property
    def pending(self) -> int:
        """Sources added and not yet committed."""
        return len(self.added)

    def add(self, entry: Entry) -> None:
        """A source given to the writer, not yet durable."""
        self.added.append(entry)

    def take(self) -> list[Entry]:
        """The pending entries, for a commit to write (the ledger forgets them: a failed commit restores them)."""
        taken, self.added = self.added, []
        return taken

    def restore(self, entries: list[Entry]) -> None:
        """A commit of ``entries`` failed: they are pending again, ahead of those added since."""
        self.added = entries + self.added
