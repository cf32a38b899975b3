"""Progress events and Python logging receive what the Rust library reports."""

from __future__ import annotations

import logging
import pytest

from iam_bootstrap import ApplyStarted, Aws, PolicyDocument, ProgressEvent, RoleSpec, Trust


def roles(count: int) -> list[RoleSpec]:
    return [
        RoleSpec(
            f"role-{n}",
            trust=Trust.service("lambda.amazonaws.com"),
            inline_policies=[("logs", PolicyDocument.allow(["logs:PutLogEvents"], [f"arn:aws:logs:*:*:log-group:app-{n}:*"]))],
        )
        for n in range(count)
    ]


def plan_for(aws: Aws, count: int):  # type: ignore[no-untyped-def]
    plans = [spec.plan(aws) for spec in roles(count)]
    return plans


def test_progress_events_cover_every_change(memory: Aws) -> None:
    events: list[ProgressEvent] = []
    for plan in plan_for(memory, 3):
        plan.apply(memory, concurrency=2, progress=events.append)
    kinds = [e.event for e in events]
    assert kinds.count("started") == 3
    assert kinds.count("change_applied") == 6
    assert kinds.count("finished") == 3
    assert events[0] == ApplyStarted(total=2)


def test_a_failing_progress_callback_does_not_stop_the_run(memory: Aws) -> None:
    def broken(_event: ProgressEvent) -> None:
        raise RuntimeError("progress bar crashed")

    outcome = plan_for(memory, 1)[0].apply(memory, progress=broken)
    assert outcome.writes == 2


def test_python_logging_receives_the_library_logs(memory: Aws, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO, logger="iam_bootstrap")
    plan_for(memory, 1)[0].apply(memory)
    messages = [r.getMessage() for r in caplog.records if r.name.startswith("iam_bootstrap")]
    assert any("applied" in m for m in messages), messages


def applied_messages(caplog: pytest.LogCaptureFixture) -> list[str]:
    return [r.getMessage() for r in caplog.records if r.name.startswith("iam_bootstrap") and "applied" in r.getMessage()]


def test_a_level_set_on_a_child_logger_alone_is_honoured(memory: Aws, caplog: pytest.LogCaptureFixture) -> None:
    # The library lowers `log`'s global maximum to what Python lets through; a DEBUG level on
    # one module's logger (the root stays at WARNING) must still raise it for that module.
    child = logging.getLogger("iam_bootstrap.apply")
    caplog.handler.setLevel(logging.NOTSET)
    logging.getLogger().addHandler(caplog.handler)
    try:
        plan_for(memory, 1)[0].apply(memory)
        assert applied_messages(caplog) == [], "INFO records with every logger at WARNING"
        child.setLevel(logging.DEBUG)
        plan = roles(2)[1].plan(memory)
        plan.apply(memory)
        assert applied_messages(caplog), "the child's DEBUG level lets the records through"
        caplog.clear()
        child.setLevel(logging.NOTSET)
        logging.disable(logging.CRITICAL)
        try:
            RoleSpec("quiet", trust=Trust.service("lambda.amazonaws.com")).plan(memory).apply(memory)
        finally:
            logging.disable(logging.NOTSET)
        assert applied_messages(caplog) == [], "logging.disable silences them"
    finally:
        child.setLevel(logging.NOTSET)
        logging.getLogger().removeHandler(caplog.handler)
