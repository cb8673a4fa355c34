"""Progress on stderr: a tqdm bar on a terminal; otherwise (a log file, CI) a plain status
line every :attr:`Progress.PLAIN_INTERVAL` seconds, so a long run shows it is alive.
``-q`` turns both off."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from typing import IO, Any

from wikikit.cli.options import plural
from wikikit.cli.report import format_size

__all__ = ["Progress"]


class Progress:
    """A tqdm bar on a terminal, a plain line every few seconds otherwise, or nothing."""

    PLAIN_INTERVAL = 5.0

    def __init__(
        self,
        quiet: bool,
        total_bytes: Callable[[], int | None],
        stream: IO[str] | None = None,
    ) -> None:
        self.stream = stream if stream is not None else sys.stderr
        self.quiet = quiet
        self.documents = 0
        self.bytes = 0
        self.start = time.monotonic()
        self._last_line = self.start
        self.bar: Any = None
        if not quiet and self.stream.isatty():
            from tqdm import tqdm

            # No monitor thread: worker processes are forked later, and forking a
            # process that runs threads is deadlock-prone.
            tqdm.monitor_interval = 0
            # A terminal that reports a 0x0 size (some ptys) would make tqdm draw
            # nothing at all; give it a sane size then.
            try:
                cols, rows = os.get_terminal_size(self.stream.fileno())
            except (OSError, ValueError, AttributeError):
                cols, rows = 0, 0
            size: dict[str, int] = {}
            if cols <= 0 or rows <= 0:
                size = {"ncols": cols if cols > 0 else 100, "nrows": rows if rows > 0 else 24}
            self.bar = tqdm(
                **size,
                total=total_bytes(),  # walks folders: only worth it for a bar
                unit="B",
                unit_scale=True,
                unit_divisor=1000,
                desc="wikikit",
                file=self.stream,
                smoothing=0.1,
            )

    def update(self, size: int) -> None:
        self.documents += 1
        self.bytes += size
        if self.bar is not None:
            self.bar.set_postfix_str(f"{self.documents} docs", refresh=False)
            self.bar.update(size)
        elif not self.quiet:
            now = time.monotonic()
            if now - self._last_line >= self.PLAIN_INTERVAL:
                self._last_line = now
                rate = self.bytes / 1e6 / max(now - self.start, 1e-9)
                done = format_size(self.bytes)
                print(
                    f"wikikit: {plural(self.documents, 'document')}, {done}, {rate:.2f} MB/s",
                    file=self.stream,
                    flush=True,
                )

    def message(self, line: str, always: bool = False) -> None:
        """A line for the user (errors pass ``always``: shown even with --quiet)."""
        if self.quiet and not always:
            return
        if self.bar is not None:
            self.bar.write(line, file=self.stream)
        else:
            print(line, file=self.stream, flush=True)

    def close(self) -> None:
        if self.bar is not None:
            self.bar.close()
            self.bar = None
