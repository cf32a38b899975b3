"""The stubs type a realistic automation script under `mypy --strict` with no `Any`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

TYPING = Path(__file__).parent / "typing"
# `--disallow-any-expr`: any expression typed `Any` (a result the stubs leave untyped) fails.
MYPY = [sys.executable, "-m", "mypy", "--strict", "--disallow-any-expr", "--no-incremental", "--cache-dir=/dev/null"]


def mypy(script: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*MYPY, str(TYPING / script)], capture_output=True, text=True, timeout=600, check=False)


def test_the_automation_script_type_checks_without_any() -> None:
    result = mypy("automation.py")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_check_rejects_a_leaking_any() -> None:
    result = mypy("leaky.py")
    assert result.returncode == 1
    assert 'Expression has type "Any"' in result.stdout


def test_the_automation_script_runs() -> None:
    result = subprocess.run(
        [sys.executable, str(TYPING / "automation.py")], capture_output=True, text=True, timeout=300, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "applied step" in result.stdout
    assert "Bootstrap(root=False" in result.stdout
