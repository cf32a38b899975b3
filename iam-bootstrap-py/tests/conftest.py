"""Shared fixtures: an in-memory account, and isolated accounts on the moto server.

`scripts/test` starts moto on 127.0.0.1 and exports IAM_BOOTSTRAP_TEST_ENDPOINT; run alone,
this starts its own moto server (loopback only) for the session. When no moto server can be
had, the moto tests are skipped (shown as skipped, with the reason) — unless
IAM_BOOTSTRAP_REQUIRE_EMULATOR is set, as `scripts/test` sets it, where they fail instead.
"""

from __future__ import annotations

import os
import random
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import NoReturn

import boto3
import pytest

from iam_bootstrap import Aws


@dataclass
class MotoAccount:
    """One isolated moto account: the library handle and boto3 clients for checking."""

    endpoint: str
    account_id: str
    aws: Aws

    def client(self, service: str):  # type: ignore[no-untyped-def]
        """A boto3 client that talks to this account (via moto's x-moto-account-id header)."""
        client = boto3.client(
            service,
            endpoint_url=self.endpoint,
            region_name="us-east-1",
            aws_access_key_id="testing",
            aws_secret_access_key="testing",
        )
        account = self.account_id

        def add_header(request, **_kwargs):  # type: ignore[no-untyped-def]
            request.headers["x-moto-account-id"] = account

        client.meta.events.register("before-sign.*.*", add_header)
        return client


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _no_moto(reason: str) -> NoReturn:
    """Skips the test, or fails it where moto is required (under scripts/test)."""
    if os.environ.get("IAM_BOOTSTRAP_REQUIRE_EMULATOR"):
        pytest.fail(f"moto is required here (IAM_BOOTSTRAP_REQUIRE_EMULATOR): {reason}", pytrace=False)
    pytest.skip(f"no moto server: {reason}")


def _answers(endpoint: str) -> bool:
    try:
        urllib.request.urlopen(f"{endpoint}/moto-api/", timeout=1)
        return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def moto_endpoint() -> Iterator[str]:
    """The moto server scripts/test started, or one started here for the session."""
    existing = os.environ.get("IAM_BOOTSTRAP_TEST_ENDPOINT")
    if existing:
        if not _answers(existing):
            _no_moto(f"IAM_BOOTSTRAP_TEST_ENDPOINT={existing} does not answer")
        yield existing
        return
    server = Path(sys.executable).parent / "moto_server"
    if not server.exists():
        _no_moto(f"IAM_BOOTSTRAP_TEST_ENDPOINT is unset and {server} is not installed")
    port = _free_port()
    env = dict(os.environ, MOTO_IAM_LOAD_MANAGED_POLICIES="true")
    proc = subprocess.Popen(
        [str(server), "-H", "127.0.0.1", "-p", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    endpoint = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            if _answers(endpoint) or proc.poll() is not None:
                break
            time.sleep(0.1)
        if not _answers(endpoint):
            _no_moto(f"{server} did not come up on {endpoint}")
        yield endpoint
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def moto(moto_endpoint: str) -> MotoAccount:
    """A fresh, isolated moto account for one test."""
    account_id = str(random.randrange(100_000_000_000, 999_999_999_999))
    aws = Aws.connect(
        endpoint_url=moto_endpoint,
        region="us-east-1",
        access_key_id="testing",
        secret_access_key="testing",
        headers=[("x-moto-account-id", account_id)],
        # moto answers HTTP 500 to permission-set boundary and tag calls and ignores the
        # provisioning-status filter, so on moto plans cannot check a boundary or tags added
        # by hand, nor copies left outdated. Those checks run on the in-memory account
        # (test_identity_center.py's drift tests; the Rust identity_center_in_memory tests).
        emulator_gaps="moto",
    )
    return MotoAccount(endpoint=moto_endpoint, account_id=account_id, aws=aws)


@pytest.fixture
def memory() -> Aws:
    """A fresh in-memory account."""
    return Aws.in_memory()


@pytest.fixture
def silent_endpoint() -> Iterator[str]:
    """A 127.0.0.1 port that accepts connections (the kernel completes the handshake for the
    backlog) and never answers."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(16)
        yield f"http://127.0.0.1:{server.getsockname()[1]}"
