"""What ``govreport convert`` shows while it runs: a tqdm bar on a terminal, plain lines otherwise.

On a terminal: files done, rate, ETA and failures on one bar (tqdm). Without one (a log, CI, a
pipe): a plain line every :data:`PLAIN_SECONDS` seconds and at the end. In both, each file that
fails gets its own line (file: what went wrong) as it happens.
"""

from __future__ import annotations

import os
import re
import sys
import time
from typing import Any, TextIO

from .writers import Converted

PLAIN_SECONDS = 10.0


def _columns(stream: TextIO) -> int:
    try:
        return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        return 0


def _clock(seconds: float) -> str:
    s = int(seconds)
    return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"


# A file name that is not valid UTF-8 reaches Python with lone surrogates (os.fsdecode).
_LONE_SURROGATE = re.compile("[\ud800-\udfff]")


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


class ConvertProgress:
    """Progress and failure lines of one convert (see the module docstring)."""

    def __init__(self, output: str, stream: TextIO | None = None, *, tty: bool | None = None,
                 prog: str = "govreport") -> None:
        self.output, self.prog = output, prog
        self.stream = stream if stream is not None else sys.stderr
        self.tty = self.stream.isatty() if tty is None else tty
        self._bar: Any = None
        self._start = time.monotonic()
        self._last_line = self._start
        self._total = 0
        self._failed = 0

    def start(self, total: int, summary: Any, pool: Any) -> None:
        self._total = total
        self._start = self._last_line = time.monotonic()
        if self.tty and total:
            from tqdm import tqdm

            tqdm.monitor_interval = 0  # no monitor thread: workers may be forked while the bar runs
            sized = _columns(self.stream) > 0  # a terminal that reports no width gets 80 columns
            self._bar = tqdm(total=total, unit="file", file=self.stream, dynamic_ncols=sized,
                             ncols=None if sized else 80, nrows=None if sized else 24, mininterval=0.3, desc=self.prog,
                             leave=True)

    def update(self, n: int, total: int, summary: Any) -> None:
        failed = summary.failed + summary.lost
        if self._bar is not None:
            self._bar.update(n - self._bar.n)
            if failed != self._failed:
                self._bar.set_postfix_str(f"{failed} failed", refresh=False)
        elif time.monotonic() - self._last_line >= PLAIN_SECONDS and n < total:
            self._plain(n, total, failed)
        self._failed = failed

    def _plain(self, n: int, total: int, failed: int) -> None:
        now = time.monotonic()
        elapsed = max(now - self._start, 1e-9)
        rate = n / elapsed
        eta = _clock((total - n) / rate) if rate else "?"
        self.stream.write(f"{self.prog}: {self.output}: {n}/{total} files ({100 * n // max(total, 1)}%), "
                          f"{rate:.0f} files/s, ETA {eta}, {failed} failed\n")
        self.stream.flush()
        self._last_line = now

    def failure(self, item: Converted) -> None:
        message = item.diagnostics[0][3] if item.diagnostics else item.entry.status
        # A file name that is not valid UTF-8 is shown escaped (\udcff), as Python's own stderr
        # would: a stream that refuses lone surrogates must not end the batch over one name.
        line = _LONE_SURROGATE.sub(_escape, f"{self.prog}: {item.entry.source}: {message}")
        if self._bar is not None:
            self._bar.write(line, file=self.stream)
        else:
            self.stream.write(line + "\n")
            self.stream.flush()

    def close(self) -> None:
        if self._bar is not None:
            self._bar.close()  # ends the bar's line, also when interrupted
            self._bar = None
