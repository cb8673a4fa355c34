"""The one loop every command runs: inputs through the worker pipeline, results in order.

Input errors and warnings are printed (one line each) and counted here, the
progress display is kept, Ctrl-C ends the loop with what was done so far, and
a run that found no document at all is an input error: a check of an empty
folder must not pass.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from dataclasses import dataclass, field

from wikikit.cli.checks import DocumentResult
from wikikit.cli.options import (
    EXIT_FAILED,
    EXIT_INPUT,
    EXIT_INTERRUPTED,
    EXIT_OK,
    Inputs,
    total_bytes,
)
from wikikit.cli.pipeline import Rendered, Task, pipeline
from wikikit.cli.progress import Progress
from wikikit.cli.report import SkipCounts
from wikikit.sources import InputError, InputWarning, Skipped, iter_inputs

__all__ = ["Run", "Tally", "to_terminal"]


@dataclass
class Tally:
    """What a run did: documents handled, input errors, failed documents, dump pages
    skipped, Ctrl-C."""

    documents: int = 0
    errors: int = 0
    failures: int = 0
    interrupted: bool = False
    skipped: SkipCounts = field(default_factory=SkipCounts)

    @property
    def exit_code(self) -> int:
        if self.interrupted:
            return EXIT_INTERRUPTED
        return EXIT_INPUT if self.errors else EXIT_FAILED if self.failures else EXIT_OK


def to_terminal(output: str | None) -> bool:
    """Whether results written to ``output`` (None or ``-``: stdout) show on a terminal."""
    return output in (None, "-") and sys.stdout.isatty()


class Run:
    """One run of a task over the inputs (see the module doc).

    Handlers call :meth:`error` and :meth:`failed` to report a document, so that
    every message goes through the progress display and is counted once.
    """

    def __init__(
        self,
        task: Task,
        inputs: Inputs,
        *,
        on_error: Callable[[InputError], None] | None = None,
        quiet_progress: bool = False,
        tell_skipped: bool = True,
    ) -> None:
        """``on_error`` also hears about every input error (for a report);
        ``quiet_progress`` turns the progress display off (when results go to the
        terminal, the two would interleave); ``tell_skipped`` ends the run with a
        line counting the dump pages left out (unless quiet; a summary of its own
        may say it instead)."""
        self.tell_skipped = tell_skipped
        self.task = task
        self.inputs = inputs
        self.tally = Tally()
        self.on_error = on_error
        self.progress = Progress(
            inputs.quiet or quiet_progress, lambda: total_bytes(inputs.paths, inputs.globs)
        )

    def error(self, e: InputError) -> None:
        """Report an input error (also one found while handling a result)."""
        self.tally.errors += 1
        self.progress.message(f"wikikit: error: {e.describe()}", always=True)
        if self.on_error is not None:
            self.on_error(e)

    def failed(self, source: str, message: str) -> None:
        """Report a document the task failed on."""
        self.tally.failures += 1
        self.progress.message(f"wikikit: failed: {source}: {message}", always=True)

    def message(self, line: str, always: bool = False) -> None:
        self.progress.message(line, always)

    def __call__(self, handle: Callable[[DocumentResult | Rendered], None]) -> Tally:
        """Run, passing each document's result to ``handle`` in input order.

        Ctrl-C ends the run early (``tally.interrupted``); other exceptions from
        ``handle`` propagate once the workers are stopped.
        """
        tally = self.tally
        inputs = self.inputs
        items = iter_inputs(
            inputs.paths, inputs.globs, selection=inputs.selection, index=inputs.index
        )
        results = pipeline(self.task, items, inputs.jobs, inputs.engine, inputs.scheduler)
        try:
            for result in results:
                if isinstance(result, Skipped):
                    tally.skipped.add(result)
                    if result.warn:
                        self.message(f"wikikit: warning: {result.describe()}", always=True)
                elif isinstance(result, InputWarning):
                    self.message(f"wikikit: warning: {result.describe()}", always=True)
                elif isinstance(result, InputError):
                    self.error(result)
                else:
                    tally.documents += 1
                    self.progress.update(result.size)
                    handle(result)
        except KeyboardInterrupt:
            tally.interrupted = True
        finally:
            results.close()  # stops the workers, whatever ended the loop
            self.progress.close()
        if self.tell_skipped and tally.skipped.total and (tally.documents or tally.errors):
            self.message(f"wikikit: {tally.skipped.describe()}")
        if not tally.interrupted and not tally.documents and not tally.errors:
            searched = None
            if tally.skipped.total:
                searched = tally.skipped.describe()
            elif any(os.path.isdir(p) for p in inputs.paths):
                searched = f"folders are searched for {' '.join(inputs.globs)}"
            self.error(InputError(" ".join(inputs.paths), "no documents found", searched))
        return tally
