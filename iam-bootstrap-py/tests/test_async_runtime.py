"""The runtime under Python: `_async` calls are real coroutines (asyncio.run, create_task,
task groups, cancellation drops the Rust work), the interpreter exits cleanly however async
calls ended, and Ctrl-C stops a blocking call against an endpoint that never answers."""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import textwrap
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from iam_bootstrap import (
    AdminProvisioning,
    AsyncCall,
    Aws,
    DirectoryUserSpec,
    PasswordPolicy,
    PreconditionError,
)

ACCOUNTS = [str(111111111111 + n) for n in range(8)]


def admin(accounts: list[str] = ACCOUNTS) -> AdminProvisioning:
    user = DirectoryUserSpec("jdoe", given_name="Jane", family_name="Doe", email="jdoe@example.com")
    return AdminProvisioning(user=user, accounts=accounts)


def test_async_calls_are_coroutines_that_asyncio_run_accepts() -> None:
    aws = Aws.in_memory()
    call = PasswordPolicy.cis().plan_async(aws)
    assert isinstance(call, AsyncCall)
    assert asyncio.iscoroutine(call)
    plan = asyncio.run(call)
    assert len(plan) == 1
    outcome = asyncio.run(plan.apply_async(aws))
    assert outcome.writes == 1
    assert asyncio.run(PasswordPolicy.cis().plan_async(aws)).is_empty()


def test_create_task_task_groups_and_gather() -> None:
    async def main() -> list[int]:
        aws = Aws.in_memory()
        task = asyncio.create_task(PasswordPolicy.cis().plan_async(aws))
        sizes = [len(await task)]
        if sys.version_info >= (3, 11):
            async with asyncio.TaskGroup() as group:
                tasks = [group.create_task(PasswordPolicy.cis().plan_async(aws)) for _ in range(3)]
            sizes += [len(t.result()) for t in tasks]
        plans = await asyncio.gather(*(PasswordPolicy.cis().plan_async(aws) for _ in range(20)))
        return sizes + [len(p) for p in plans]

    assert set(asyncio.run(main())) == {1}


def test_an_error_is_raised_in_the_awaiting_task() -> None:
    async def main() -> None:
        await admin(ACCOUNTS[:1]).plan_async(Aws.in_memory(identity_center_instances=0))

    with pytest.raises(PreconditionError):
        asyncio.run(main())


def test_a_coroutine_is_awaited_once() -> None:
    async def main() -> None:
        call = PasswordPolicy.cis().plan_async(Aws.in_memory())
        await call
        await call

    with pytest.raises(RuntimeError, match="already awaited"):
        asyncio.run(main())


def test_cancelling_the_task_drops_the_rust_future() -> None:
    async def main() -> tuple[int, int]:
        # Each assignment is polled 40 times (5 ms doubling to 100 ms): seconds of work.
        aws = Aws.in_memory(assignment_polls=40, provisioning_polls=40)
        plan = await admin().plan_async(aws)
        task = asyncio.create_task(plan.apply_async(aws))
        while sum(aws.calls().values()) < 20:
            await asyncio.sleep(0.01)
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        # A running apply polls at least every 100 ms; a dropped one never calls again.
        await asyncio.sleep(0.05)
        after_cancel = sum(aws.calls().values())
        await asyncio.sleep(0.4)
        return after_cancel, sum(aws.calls().values())

    after_cancel, later = asyncio.run(main())
    assert later == after_cancel


# Each script must exit with status 0 every time: a runtime thread resolving a finished call
# while the interpreter finalizes aborted the process ("PyGILState_Release", SIGSEGV).
EXIT_SCRIPTS = {
    "gather 20 plan_async": """
        import asyncio
        from iam_bootstrap import Aws, PasswordPolicy
        async def main():
            aws = Aws.in_memory()
            plans = await asyncio.gather(*(PasswordPolicy.cis().plan_async(aws) for _ in range(20)))
            assert len(plans) == 20
        asyncio.run(main())
    """,
    "cancel an apply_async mid-run": """
        import asyncio
        from iam_bootstrap import AdminProvisioning, Aws, DirectoryUserSpec
        async def main():
            aws = Aws.in_memory(assignment_polls=3, provisioning_polls=3)
            user = DirectoryUserSpec("jdoe", given_name="J", family_name="D", email="j@example.com")
            plan = await AdminProvisioning(user=user, accounts=ACCOUNTS).plan_async(aws)
            task = asyncio.ensure_future(plan.apply_async(aws))
            await asyncio.sleep(0.05)
            task.cancel()
            try:
                await task
            except asyncio.CancelledError:
                pass
        asyncio.run(main())
    """,
    "a failing asyncio.run(x_async(...))": """
        import asyncio
        from iam_bootstrap import AdminProvisioning, Aws, DirectoryUserSpec, PreconditionError
        user = DirectoryUserSpec("jdoe", given_name="J", family_name="D", email="j@example.com")
        spec = AdminProvisioning(user=user, accounts=ACCOUNTS[:1])
        try:
            asyncio.run(spec.plan_async(Aws.in_memory(identity_center_instances=0)))
        except PreconditionError:
            pass
        else:
            raise SystemExit("expected PreconditionError")
    """,
    "a successful apply_async": """
        import asyncio
        from iam_bootstrap import AdminProvisioning, Aws, DirectoryUserSpec
        async def main():
            aws = Aws.in_memory(assignment_polls=3, provisioning_polls=3)
            user = DirectoryUserSpec("jdoe", given_name="J", family_name="D", email="j@example.com")
            plan = await AdminProvisioning(user=user, accounts=ACCOUNTS).plan_async(aws)
            outcome = await plan.apply_async(aws, progress=lambda event: None)
            assert len(outcome.applied) == len(plan)
        asyncio.run(main())
    """,
}
RUNS_EACH = 20


def run_script(source: str) -> subprocess.CompletedProcess[str]:
    code = f"ACCOUNTS = {ACCOUNTS!r}\n" + textwrap.dedent(source)
    # The timeout only guards against a hang; a clean run takes well under a second.
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("name", list(EXIT_SCRIPTS))
def test_the_interpreter_exits_cleanly_after_async_calls(name: str) -> None:
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(run_script, [EXIT_SCRIPTS[name]] * RUNS_EACH))
    failed = [(r.returncode, r.stderr[-400:]) for r in results if r.returncode != 0]
    assert failed == [], f"{len(failed)} of {RUNS_EACH} runs failed"


def test_ctrl_c_stops_a_blocking_call_that_gets_no_answer(silent_endpoint: str) -> None:
    script = textwrap.dedent(f"""
        import signal, sys
        # A run started in the background (`cmd &` in a script) inherits SIGINT ignored,
        # and Python then installs no KeyboardInterrupt handler: restore it, so the test
        # does not depend on how the test run was started.
        signal.signal(signal.SIGINT, signal.default_int_handler)
        from iam_bootstrap import Aws, PasswordPolicy
        aws = Aws.connect(endpoint_url={silent_endpoint!r}, region="us-east-1",
                          access_key_id="testing", secret_access_key="testing",
                          timeout=600, max_attempts=1)
        print("calling", flush=True)
        PasswordPolicy.cis().plan(aws)
        print("returned", flush=True)
    """)
    env = {**os.environ, "AWS_EC2_METADATA_DISABLED": "true"}
    child = subprocess.Popen(
        [sys.executable, "-c", script], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline() == "calling\n"
        # Let the call reach the endpoint, then interrupt it.
        time.sleep(0.5)
        child.send_signal(signal.SIGINT)
        # Generous: only a guard against the hang this test is about.
        stdout, stderr = child.communicate(timeout=60)
    finally:
        child.kill()
    assert "returned" not in stdout
    assert "KeyboardInterrupt" in stderr
    assert child.returncode != 0
