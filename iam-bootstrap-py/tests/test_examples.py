"""The README's main command, run against moto and checked with boto3."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import boto3
import pytest
from .examples_command import example_command

ROOT = Path(__file__).resolve().parents[2]


def run_bootstrap(endpoint: str, *flags: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1")
    return subprocess.run(
        # moto cannot answer every drift check: --emulator-gaps says so (see conftest.py).
        [*example_command("bootstrap"),
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

    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST"), timeout=60)

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
    run = json.loads(second.stdout)
    assert run["plan"]["changes"] == []
    assert run["outcome"]["calls"]["writes"] == 0


def run_in_memory(*flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*example_command("bootstrap"), *flags],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_json_output_is_one_document() -> None:
    # The in-memory account: no endpoint flag. `json.loads` rejects concatenated documents.
    result = run_in_memory("--json")
    assert result.returncode == 0, result.stderr
    run = json.loads(result.stdout)
    assert set(run) == {"plan", "outcome"}
    assert run["plan"]["changes"], "the demo account starts empty"
    assert len(run["outcome"]["applied"]) == len(run["plan"]["changes"])
    assert run["outcome"]["calls"]["writes"] >= len(run["plan"]["changes"])

    dry = run_in_memory("--json", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert set(json.loads(dry.stdout)) == {"plan"}


def test_bootstrap_example_reports_failures_on_one_line() -> None:
    # Nothing listens on port 9 (discard) on loopback: the run must fail cleanly.
    result = run_bootstrap("http://127.0.0.1:9")
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr

