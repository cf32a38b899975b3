"""Aws.connect checks its settings at once, and its timeouts end a call that gets no answer."""

from __future__ import annotations

import builtins
from typing import Any

import pytest

from iam_bootstrap import Aws, CallTimeoutError, PasswordPolicy, ValidationError

GOOD: dict[str, Any] = {"endpoint_url": "http://127.0.0.1:9", "region": "us-east-1"}


@pytest.mark.parametrize(
    ("settings", "field"),
    [
        ({"endpoint_url": "127.0.0.1:5000"}, "endpoint_url"),
        ({"endpoint_url": "ftp://example.com"}, "endpoint_url"),
        ({"endpoint_url": "http://exa mple.com"}, "endpoint_url"),
        ({"access_key_id": "AKIAIOSFODNN7EXAMPLE"}, "secret_access_key"),
        ({"secret_access_key": "wJalrXUtnFEMI/K7MDENG"}, "access_key_id"),
        ({"timeout": 0}, "timeout"),
        ({"attempt_timeout": -1.0}, "attempt_timeout"),
        ({"connect_timeout": float("nan")}, "connect_timeout"),
        ({"max_attempts": 0}, "max_attempts"),
    ],
)
def test_bad_settings_are_refused_at_once(settings: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as raised:
        Aws.connect(**{**GOOD, **settings})
    assert raised.value.field == field  # type: ignore[attr-defined]
    # The secret never reaches the message.
    assert "wJalrXUtnFEMI" not in str(raised.value)


def test_a_call_without_an_answer_raises_timeout_error(silent_endpoint: str) -> None:
    aws = Aws.connect(
        endpoint_url=silent_endpoint,
        region="us-east-1",
        access_key_id="testing",
        secret_access_key="testing",
        timeout=0.5,
        attempt_timeout=0.2,
        max_attempts=2,
    )
    with pytest.raises(CallTimeoutError, match="in time") as caught:
        PasswordPolicy.cis().plan(aws)
    # Also the builtin, so generic timeout handling catches it.
    assert isinstance(caught.value, builtins.TimeoutError)
    assert caught.value.operation == "iam:GetAccountPasswordPolicy"
