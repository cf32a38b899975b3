"""Secrets never reach Python's repr, str, logging, exceptions or JSON: the virtual MFA seed
and QR code (of a failed enrollment and of a successful one) and a static secret access key
are searched for in everything the bindings show while a whole bootstrap runs."""

from __future__ import annotations

import base64
import logging
from pathlib import Path

import pytest

from iam_bootstrap import Aws, Bootstrap, IamBootstrapError, VirtualMfa

ROOT = Path(__file__).resolve().parents[2]
SECRET_KEY = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY"


def forms(secret: str | bytes) -> list[str]:
    """The ways a secret could appear in text: itself, hex, base64."""
    raw = secret.encode() if isinstance(secret, str) else secret
    shown = [raw.hex(), base64.b64encode(raw).decode()]
    if isinstance(secret, str):
        shown.append(secret)
    else:
        shown.append(raw.decode("latin-1"))
    return [s for s in shown if len(s) >= 8]


def test_secrets_never_reach_repr_str_logs_exceptions_or_json(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    aws = Aws.in_memory(caller="root", root_access_keys=1)

    # A failed enrollment first (its device is deleted again), then one that succeeds.
    seen: list[tuple[str, bytes]] = []

    def wrong(seed: str, qr: bytes) -> tuple[str, str]:
        seen.append((seed, qr))
        return ("000000", "111111")

    with pytest.raises(IamBootstrapError) as failed:
        VirtualMfa("break-glass", create_user=True).enroll(aws, wrong)
    mfa = VirtualMfa("break-glass")
    enrollment = mfa.enroll(aws)
    shown_before = [repr(enrollment), str(enrollment), repr(mfa), str(mfa)]

    # A whole bootstrap on the same account, as the example runs it.
    spec = Bootstrap.from_toml((ROOT / "examples/specs/starter.toml").read_text())
    plan = spec.plan(aws)
    events: list[object] = []
    outcome = plan.apply(aws, progress=events.append)

    connected = Aws.connect(
        endpoint_url="http://127.0.0.1:9",
        region="us-east-1",
        access_key_id="AKIAIOSFODNN7EXAMPLE",
        secret_access_key=SECRET_KEY,
    )
    surfaces = {
        "repr/str before taking": "\n".join(shown_before),
        "failed enrollment": f"{failed.value!r}\n{failed.value}\n{failed.value.args}",
        "plan": f"{plan!r}\n{plan}\n{plan.to_json()}",
        "outcome": f"{outcome!r}\n{outcome}\n{outcome.to_json()}",
        "progress events": repr(events),
        "accounts": f"{aws!r}\n{aws}\n{aws.calls()}\n{connected!r}\n{connected}",
        "spec": f"{spec!r}\n{spec.to_json()}\n{spec.to_toml()}",
    }
    seed = enrollment.take_seed()
    qr = enrollment.take_qr_code_png()
    assert seed is not None and qr is not None and seen
    assert enrollment.take_seed() is None and enrollment.take_qr_code_png() is None
    surfaces["repr/str after taking"] = f"{enrollment!r}\n{enrollment}"
    surfaces["logs"] = caplog.text
    assert "virtual MFA device enabled" in caplog.text, "the capture works"
    assert "[REDACTED]" in surfaces["repr/str before taking"]

    secrets = forms(seed) + forms(qr) + forms(seen[0][0]) + forms(seen[0][1]) + [SECRET_KEY]
    for what, text in surfaces.items():
        for secret in secrets:
            assert secret not in text, f"a secret leaked into the {what}"
        assert "otpauth://" not in text, f"the QR content leaked into the {what}"
