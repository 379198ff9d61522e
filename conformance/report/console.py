"""Progress on the console while a run goes: plain lines (no TTY, ``--no-progress``) or a ``rich`` display.

Both listeners are context managers; use them with ``with`` (or call ``close()`` in a ``finally``) so the live
display stops and the terminal is restored even when the run raises or is interrupted.
"""

from __future__ import annotations

import sys
from types import TracebackType
from typing import Any, TextIO

from rich.console import Console
from rich.progress import Progress, SpinnerColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.text import Text

from conformance.engine.events import (
    CheckEvaluated,
    Event,
    PhaseStarted,
    RunFinished,
    RunStarted,
    SpecFinished,
    SpecStarted,
)
from conformance.engine.results import STATUSES, CheckResult, SpecRun
from conformance.report.document import show_controls, transport_note

MESSAGE_LIMIT = 160


def terminal_text(value: object, limit: int = MESSAGE_LIMIT) -> str:
    """One line of text safe to print: whitespace collapsed, control characters shown as ``\\xNN``."""
    line = show_controls(" ".join(str(value).split()))
    return line if len(line) <= limit else line[: limit - 1] + "…"


def failure_line(result: CheckResult) -> str:
    """The line announcing that a check failed on an operation for the first time (ADVISORY when the finding
    rests on the suite's own reading)."""
    message = f": {terminal_text(result.failures[0].message)}" if result.failures else ""
    mark = "FAIL" if result.status == "failed" else "ADVISORY"
    return f"{mark} {terminal_text(result.check_id)} on {terminal_text(result.operation)}{message}"


def spec_summary(run: SpecRun) -> str:
    """One line: how a spec's run ended."""
    counts = dict.fromkeys(STATUSES, 0)
    for item in run.results.values():
        counts[item.status] += 1
    status = (f"{counts['failed']} failed, {counts['advisory']} advisories, {counts['passed']} passed, "
              f"{counts['skipped']} skipped")
    if run.error:
        status = f"error: {terminal_text(run.error)}; {status}"
    if run.suite_errors:
        status += f"; {len(run.suite_errors)} suite error(s), see the reports"
    if run.not_run:
        status += f"; not run: {', '.join(run.not_run)}"
    note = transport_note(run.transport)
    return f"{run.spec}: {status} ({run.requests} requests{'; ' + terminal_text(note) if note else ''})"


class _Progress:
    """What both displays share: the context-manager protocol and which check × operation failed already."""

    def __init__(self) -> None:
        self._status: dict[tuple[str, str, str], str] = {}  # key -> status after its last evaluation

    def _first_failure(self, event: CheckEvaluated) -> bool:
        """Record an evaluation; True when its check × operation just turned advisory or failed."""
        key = event.result.key
        before, now = self._status.get(key), event.result.status
        self._status[key] = now
        return now in ("failed", "advisory") and now != before

    def _counts(self, spec: str) -> tuple[int, int]:
        """(passed, failed) check × operation pairs of a spec so far (advisories count as passed)."""
        statuses = [status for key, status in self._status.items() if key[0] == spec]
        failed = statuses.count("failed")
        return len(statuses) - failed, failed

    def __call__(self, event: Event) -> None:
        raise NotImplementedError

    def close(self) -> None:
        """Stop displaying; safe to call more than once."""

    def __enter__(self) -> _Progress:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()


class PlainProgress(_Progress):
    """Plain lines, no ANSI codes: a spec starts, a phase starts, a check fails first, a spec ends."""

    def __init__(self, stream: TextIO | None = None) -> None:
        super().__init__()
        self._stream = stream

    def _print(self, line: str) -> None:
        print(line, file=self._stream or sys.stdout, flush=True)

    def __call__(self, event: Event) -> None:
        if isinstance(event, SpecStarted):
            self._print(f"{event.spec}: testing {terminal_text(event.target)}")
        elif isinstance(event, PhaseStarted):
            self._print(f"  {event.spec}: phase {event.phase}")
        elif isinstance(event, CheckEvaluated):
            if self._first_failure(event):
                self._print(f"  {failure_line(event.result)}")
        elif isinstance(event, SpecFinished):
            self._print(spec_summary(event.run))


class RichProgress(_Progress):
    """A live ``rich`` display: one line per spec (phase, passed, failed) and the first failures above it."""

    def __init__(self, console: Console | None = None) -> None:
        super().__init__()
        self.progress = Progress(
            SpinnerColumn(finished_text="•"),
            TextColumn("[bold]{task.description}"),
            TextColumn("{task.fields[phase]}", markup=False),
            TextColumn("[green]✓ {task.fields[passed]}[/] [red]✗ {task.fields[failed]}[/]"),
            TimeElapsedColumn(),
            console=console,
        )
        self._tasks: dict[str, TaskID] = {}
        self._started = False

    def _start(self) -> None:
        if not self._started:
            self.progress.start()
            self._started = True

    def _update(self, spec: str, **fields: Any) -> None:
        passed, failed = self._counts(spec)
        self.progress.update(self._tasks[spec], passed=passed, failed=failed, **fields)

    def __call__(self, event: Event) -> None:
        if isinstance(event, RunStarted):
            self._start()
        elif isinstance(event, SpecStarted):
            self._start()
            self._tasks[event.spec] = self.progress.add_task(event.spec, total=None, phase="starting",
                                                             passed=0, failed=0)
        elif isinstance(event, PhaseStarted) and event.spec in self._tasks:
            self._update(event.spec, phase=f"phase {event.phase}")
        elif isinstance(event, CheckEvaluated):
            first = self._first_failure(event)
            if event.result.spec in self._tasks:
                self._update(event.result.spec)
            if first:
                style = "red" if event.result.status == "failed" else "yellow"
                self.progress.console.print(Text(f"  {event.result.spec}: {failure_line(event.result)}",
                                                 style=style))
        elif isinstance(event, SpecFinished) and event.run.spec in self._tasks:
            run = event.run
            ended = f"error: {terminal_text(run.error)}" if run.error else (
                "stopped" if run.not_run else f"done, {run.requests} requests")
            self._update(run.spec, phase=ended, total=1, completed=1)
        elif isinstance(event, RunFinished):
            self.close()

    def close(self) -> None:
        if self._started:
            self._started = False
            self.progress.stop()


def console_listener(plain: bool = True, *, stream: TextIO | None = None,
                     console: Console | None = None) -> PlainProgress | RichProgress:
    """The progress display for ``run``: plain lines, or a live display on a terminal. Close it when done."""
    return PlainProgress(stream) if plain else RichProgress(console)
