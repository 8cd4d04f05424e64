"""The rules behind Web Push delivery that need no push service to check."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from notifications.push import Verdict, allowed_endpoint, judge, retry_after_seconds
from notifications.worker import MAX_RETRY_AFTER_SECONDS, RetryPolicy
from server.settings import DEFAULT_PUSH_SERVICES


@pytest.mark.parametrize(
    ("endpoint", "allowed"),
    [
        ("https://fcm.googleapis.com/fcm/send/abc", True),
        ("https://updates.push.services.mozilla.com/wpush/v2/abc", True),
        ("https://web.push.apple.com/QGx", True),
        ("https://db5p.notify.windows.com/w/?token=x", True),
        # Look-alikes, plain HTTP and our own network are refused: the worker would POST there.
        ("https://evilfcm.googleapis.com/x", False),
        ("https://fcm.googleapis.com.attacker.example/x", False),
        ("http://fcm.googleapis.com/fcm/send/abc", False),
        ("https://127.0.0.1/push", False),
        ("https://169.254.169.254/latest/meta-data", False),
        ("not a url", False),
    ],
)
def test_only_browser_push_services_are_accepted(endpoint: str, allowed: bool) -> None:
    assert allowed_endpoint(endpoint, DEFAULT_PUSH_SERVICES, allow_http=False) is allowed


def test_plain_http_only_when_allowed_for_development() -> None:
    assert allowed_endpoint("http://127.0.0.1:8080/push/x", ("127.0.0.1",), allow_http=True)
    assert not allowed_endpoint("http://127.0.0.1:8080/push/x", ("127.0.0.1",), allow_http=False)


@pytest.mark.parametrize(
    ("status", "verdict"),
    [
        (201, Verdict.DELIVERED),
        (202, Verdict.DELIVERED),
        (404, Verdict.GONE),
        (410, Verdict.GONE),
        (429, Verdict.RETRY),
        (500, Verdict.RETRY),
        (503, Verdict.RETRY),
        (400, Verdict.FAILED),
        (403, Verdict.FAILED),
        (413, Verdict.FAILED),
    ],
)
def test_what_each_answer_means(status: int, verdict: Verdict) -> None:
    assert judge(status, None).verdict is verdict


def test_retry_after_as_seconds_or_a_date() -> None:
    assert retry_after_seconds("120") == 120.0
    now = datetime(2026, 11, 24, 12, 0, tzinfo=UTC)
    later = format_datetime(now + timedelta(minutes=5), usegmt=True)
    assert retry_after_seconds(later, now=now.timestamp()) == pytest.approx(300.0)
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_backoff_doubles_with_jitter_up_to_the_cap_and_respects_retry_after() -> None:
    policy = RetryPolicy(max_attempts=8, backoff_seconds=30.0, cap_seconds=3600.0)
    for attempt, ceiling in [(1, 30.0), (2, 60.0), (3, 120.0), (10, 3600.0)]:
        delays = [policy.delay(attempt, None) for _ in range(200)]
        assert all(ceiling / 2 <= d <= ceiling for d in delays)
        assert len(set(delays)) > 1  # jittered, so failures spread out
    assert policy.delay(1, 900.0) == 900.0
    assert policy.delay(1, 10 * MAX_RETRY_AFTER_SECONDS) == MAX_RETRY_AFTER_SECONDS
