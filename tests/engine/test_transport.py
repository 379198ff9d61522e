"""The client against loopback servers that throttle, drop, trickle or stop answering (one request each)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from conformance.engine.auth import Credentials
from conformance.engine.client import TargetClient
from conformance.engine.control import RunControl, RunStopped
from conformance.engine.pacing import THROTTLE_RETRIES
from conformance.engine.redact import Redactor
from tests.engine.faultyproxy import Behaviour, FaultyProxy

NOWHERE = "http://127.0.0.1:9"  # the proxy answers by itself: nothing is forwarded


@contextmanager
def client_for(behaviour: Behaviour, *, retry_after: str | None = "0", timeout: float = 5.0,
               control: RunControl | None = None, **options: object) -> Iterator[tuple[TargetClient, FaultyProxy]]:
    with FaultyProxy(NOWHERE, behaviour, retry_after=retry_after) as proxy:
        client = TargetClient(proxy.url, {}, redactor=Redactor(), credentials=Credentials(), timeout=timeout,
                              control=control, **options)  # type: ignore[arg-type]
        try:
            yield client, proxy
        finally:
            client.close()


def test_a_byte_a_second_answer_ends_at_the_timeout() -> None:
    with client_for(lambda i, m, p: "trickle", timeout=1.0) as (client, _):
        exchange = client.request("GET", "/slow", operation_id="slow")
    assert exchange.error == "timed out: no complete answer within 1 s"
    assert exchange.elapsed < 3.0  # per-read timeouts alone would wait for the whole trickle (~100 s)


def test_throttling_is_waited_out_and_counted() -> None:
    with client_for(lambda i, m, p: "throttle" if i < 2 else "ok") as (client, proxy):
        exchange = client.request("GET", "/calls", operation_id="listCalls")
    assert exchange.status == 200 and exchange.error is None
    assert proxy.actions == ["throttle", "throttle", "ok"]
    assert client.stats.as_dict()["throttled_by_operation"] == {"listCalls": 2}
    assert client.requests_sent == 1


def test_a_503_with_retry_after_is_retried_and_one_without_is_an_answer() -> None:
    with client_for(lambda i, m, p: "unavailable" if i == 0 else "ok") as (client, _):
        assert client.request("GET", "/calls").status == 200
    with client_for(lambda i, m, p: "unavailable", retry_after=None) as (client, proxy):
        assert client.request("GET", "/calls").status == 503
    assert proxy.actions == ["unavailable"]


def test_a_persistent_503_comes_back_as_the_server_error_it_is() -> None:
    with client_for(lambda i, m, p: "unavailable") as (client, proxy):
        exchange = client.request("GET", "/calls")
    assert exchange.status == 503 and not exchange.throttled
    assert len(proxy.actions) == THROTTLE_RETRIES + 1


def test_a_persistent_429_is_not_an_answer_to_judge() -> None:
    with client_for(lambda i, m, p: "throttle") as (client, proxy):
        exchange = client.request("GET", "/calls")
    assert exchange.throttled and exchange.status is None
    assert exchange.error == f"throttled: still answered 429 after {THROTTLE_RETRIES} waits"
    assert len(proxy.actions) == THROTTLE_RETRIES + 1


def test_a_dropped_read_is_sent_once_more() -> None:
    with client_for(lambda i, m, p: "reset" if i == 0 else "ok") as (client, proxy):
        exchange = client.request("GET", "/calls", operation_id="listCalls")
    assert exchange.status == 200
    assert proxy.actions == ["reset", "ok"]
    assert client.stats.retried == {"listCalls": 1}


def test_a_read_dropped_twice_is_no_answer() -> None:
    with client_for(lambda i, m, p: "reset") as (client, proxy):
        exchange = client.request("GET", "/calls")
    assert exchange.status is None and exchange.error is not None
    assert proxy.actions == ["reset", "reset"]


def test_a_dropped_write_is_never_sent_again() -> None:
    with client_for(lambda i, m, p: "reset" if i == 0 else "ok", allow_writes=True) as (client, proxy):
        exchange = client.request("POST", "/jobs", access="write", json_body={"name": "x"})
    assert exchange.status is None
    assert proxy.actions == ["reset"]
    assert client.stats.retried == {}


def test_a_silent_target_is_probed_then_given_up() -> None:
    with client_for(lambda i, m, p: "reset", dead_after=2, probe_waits=(0.01, 0.02)) as (client, _):
        for _ in range(4):  # two to notice, two probes after a pause each
            assert client.request("GET", "/calls").error is not None
        with pytest.raises(RunStopped) as stopped:
            client.request("GET", "/calls")
    assert stopped.value.info.kind == "dead"
    assert stopped.value.info.reason.startswith("target stopped answering: 4 requests in a row got no answer")
    assert client.stats.unanswered == 4


def test_a_target_that_answers_again_lets_the_run_go_on() -> None:
    # three requests dropped (each sent twice), then answers again
    with client_for(lambda i, m, p: "reset" if i < 6 else "ok", dead_after=2, probe_waits=(0.01, 0.02)) as (client, _):
        answers = [client.request("GET", "/calls") for _ in range(5)]
    assert [a.status for a in answers] == [None, None, None, 200, 200]
    assert client.stats.recovered == 1


def test_the_budget_ends_a_request_without_blaming_the_target() -> None:
    control = RunControl(0.5)
    with client_for(lambda i, m, p: "hang", control=control) as (client, _), pytest.raises(RunStopped) as stopped:
        client.request("GET", "/calls")
    assert stopped.value.info.kind == "time"
    assert client.stats.unanswered == 0


def test_an_interrupt_ends_the_request_in_flight() -> None:
    control = RunControl()
    with client_for(lambda i, m, p: "hang", control=control) as (client, proxy):
        stopper = threading.Thread(target=lambda: proxy.holding.wait(5) and control.interrupt("interrupted", 15))
        stopper.start()
        with pytest.raises(RunStopped) as stopped:
            client.request("GET", "/calls")
        stopper.join()
        assert stopped.value.info.kind == "interrupt"
        with pytest.raises(RunStopped):  # and nothing more goes out
            client.request("GET", "/calls")
    assert len(proxy.actions) == 1
