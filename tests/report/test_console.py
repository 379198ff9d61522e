"""Progress on the console: plain lines without ANSI codes, and a rich display that always restores the terminal."""

from __future__ import annotations

import io
import sys

import pytest
from rich.console import Console

from conformance.engine.events import (
    CheckEvaluated,
    Event,
    PhaseStarted,
    RunFinished,
    RunStarted,
    SpecFinished,
    SpecStarted,
)
from conformance.engine.results import CheckResult, FailureDetail, RunResult
from conformance.report.console import PlainProgress, RichProgress, console_listener, terminal_text
from tests.report.samples import CONTROL, STARTED, sample_result

SHOW_CURSOR = "\x1b[?25h"
HIDE_CURSOR = "\x1b[?25l"


def _cursor_restored(output: str) -> bool:
    """The display hid the cursor and showed it again afterwards."""
    return 0 <= output.rfind(HIDE_CURSOR) < output.rfind(SHOW_CURSOR)


def _evaluate(result: CheckResult, message: str | None) -> CheckEvaluated:
    result.add(FailureDetail(message, key=message) if message is not None else None)
    return CheckEvaluated(result, message is None)


def _events() -> list[Event]:
    """A spec run as the engine reports it: a check that fails twice, one that passes, then the spec ends."""
    run = sample_result().specs[0]
    schema = CheckResult("portsip-cdr", "GEN-RESPONSE-SCHEMA", "listCdrs")
    passing = CheckResult("portsip-cdr", "CDR-DURATION-SUM", "listCdrs")
    return [
        RunStarted(("portsip-cdr",)),
        SpecStarted("portsip-cdr", "http://127.0.0.1:8899/api"),
        PhaseStarted("portsip-cdr", "schema"),
        _evaluate(passing, None),
        _evaluate(schema, None),
        _evaluate(schema, f"bad duration {CONTROL}"),
        _evaluate(schema, "another problem"),
        PhaseStarted("portsip-cdr", "invariants"),
        SpecFinished(run),
        RunFinished(RunResult(started=STARTED, specs=[run])),
    ]


def test_plain_prints_one_line_per_spec_phase_first_failure_and_summary() -> None:
    stream = io.StringIO()
    with console_listener(plain=True, stream=stream) as listen:
        for event in _events():
            listen(event)
    assert stream.getvalue().splitlines() == [
        "portsip-cdr: testing http://127.0.0.1:8899/api",
        "  portsip-cdr: phase schema",
        "  FAIL GEN-RESPONSE-SCHEMA on listCdrs: bad duration \\x1b[31mred\\x1b[0m\\x00\\x07",
        "  portsip-cdr: phase invariants",
        "portsip-cdr: 2 failed, 1 advisories, 3 passed, 1 skipped (42 requests)",
    ]


def test_plain_output_has_no_control_characters() -> None:
    stream = io.StringIO()
    listen = console_listener(plain=True, stream=stream)
    for event in _events():
        listen(event)
    output = stream.getvalue()
    assert "\x1b" not in output and "\x00" not in output and "\x07" not in output


def test_plain_reports_a_spec_that_stopped() -> None:
    stream = io.StringIO()
    run = sample_result().specs[1]
    PlainProgress(stream)(SpecFinished(run))
    assert stream.getvalue() == (
        "telecomx-cdrstats: error: log-in failed: 401 from /auth/login; "
        "0 failed, 0 advisories, 1 passed, 0 skipped (3 requests)\n")


def test_plain_writes_to_stdout_by_default(capsys: pytest.CaptureFixture[str]) -> None:
    console_listener(plain=True)(SpecStarted("portsip-cdr", "embedded simulator"))
    assert capsys.readouterr().out == "portsip-cdr: testing embedded simulator\n"


def _rich(stream: io.StringIO) -> RichProgress:
    listener = console_listener(plain=False, console=Console(file=stream, force_terminal=True, width=120))
    assert isinstance(listener, RichProgress)
    return listener


def test_rich_shows_progress_and_first_failures_then_stops() -> None:
    stream = io.StringIO()
    with _rich(stream) as listen:
        for event in _events():
            listen(event)
            if isinstance(event, SpecStarted):
                assert listen.progress.live.is_started
        assert not listen.progress.live.is_started  # RunFinished stops the display
    output = stream.getvalue()
    assert output.count("FAIL GEN-RESPONSE-SCHEMA on listCdrs") == 1
    assert "bad duration \\x1b[31mred" in output
    assert "portsip-cdr" in output and "done, 42 requests" in output
    assert "✓ 1" in output and "✗ 1" in output
    assert _cursor_restored(output)


@pytest.mark.parametrize("raised", [RuntimeError("engine broke"), KeyboardInterrupt()], ids=["error", "interrupt"])
def test_rich_restores_the_terminal_when_the_run_raises(raised: BaseException) -> None:
    stream = io.StringIO()
    stdout = sys.stdout
    listener = _rich(stream)
    with pytest.raises(type(raised)), listener as listen:
        listen(RunStarted(("portsip-cdr",)))
        listen(SpecStarted("portsip-cdr", "embedded simulator"))
        assert listen.progress.live.is_started
        raise raised
    assert not listener.progress.live.is_started
    assert sys.stdout is stdout  # the display's output redirection is undone
    assert _cursor_restored(stream.getvalue())
    listener.close()  # closing twice is harmless


def test_rich_counts_a_check_that_fails_after_passing_as_failed() -> None:
    stream = io.StringIO()
    with _rich(stream) as listen:
        listen(SpecStarted("portsip-cdr", "embedded simulator"))
        result = CheckResult("portsip-cdr", "GEN-RESPONSE-SCHEMA", "listCdrs")
        listen(_evaluate(result, None))
        assert listen._counts("portsip-cdr") == (1, 0)
        listen(_evaluate(result, "now wrong"))
        assert listen._counts("portsip-cdr") == (0, 1)


@pytest.mark.parametrize(
    ("raw", "shown"),
    [("two\nlines\tand  spaces", "two lines and spaces"), ("esc\x1b[2Jnul\x00c1\x9b", "esc\\x1b[2Jnul\\x00c1\\x9b"),
     ("x" * 200, "x" * 159 + "…")],
    ids=["whitespace", "controls", "long"],
)
def test_terminal_text(raw: str, shown: str) -> None:
    assert terminal_text(raw) == shown
