"""The README's main command, run against moto and checked with boto3."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import boto3
import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_bootstrap(endpoint: str, *flags: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1")
    return subprocess.run(
        # moto cannot answer every drift check: --emulator-gaps says so (see conftest.py).
        ["cargo", "run", "--quiet", "-p", "iam-bootstrap-examples", "--example", "bootstrap", "--",
         "--endpoint-url", endpoint, "--emulator-gaps", "moto", *flags],  # fmt: skip
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


@pytest.mark.moto
def test_bootstrap_example_against_moto(moto_endpoint: str) -> None:
    # The example talks to moto's default account; start it from a clean slate.
    import urllib.request

    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST"), timeout=10)

    first = run_bootstrap(moto_endpoint, "--json")
    assert first.returncode == 0, first.stderr
    iam = boto3.client(
        "iam", endpoint_url=moto_endpoint, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 14
    assert policy["PasswordReusePrevention"] == 24

    second = run_bootstrap(moto_endpoint, "--json")
    assert second.returncode == 0, second.stderr
    documents = [json.loads(chunk) for chunk in _json_documents(second.stdout)]
    plan, outcome = documents[0], documents[-1]
    assert plan["changes"] == []
    assert outcome["calls"]["writes"] == 0


def test_bootstrap_example_reports_failures_on_one_line() -> None:
    # Nothing listens on port 9 (discard) on loopback: the run must fail cleanly.
    result = run_bootstrap("http://127.0.0.1:9")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr


def _json_documents(text: str) -> list[str]:
    """Splits concatenated pretty-printed JSON documents."""
    decoder = json.JSONDecoder()
    docs, index = [], 0
    text = text.strip()
    while index < len(text):
        _, end = decoder.raw_decode(text, index)
        docs.append(text[index:end])
        index = end
        while index < len(text) and text[index].isspace():
            index += 1
    return docs
