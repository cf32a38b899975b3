"""Saved plans: JSON round trips, pickling and copies, and the staleness check at apply."""

from __future__ import annotations

import copy
import pickle

import pytest

from iam_bootstrap import Aws, Plan, RoleSpec, StalePlanError, Trust, ValidationError


def spec(description: str) -> RoleSpec:
    return RoleSpec(
        "app",
        trust=Trust.service("lambda.amazonaws.com"),
        description=description,
        managed_policies=["arn:aws:iam::aws:policy/ReadOnlyAccess"],
    )


def test_a_saved_plan_applies_like_the_plan(memory: Aws) -> None:
    plan = spec("v1").plan(memory)
    loaded = Plan.from_json(plan.to_json())
    assert loaded.to_dict() == plan.to_dict()
    assert loaded.to_dict()["observed"], "the plan records what it saw"
    outcome = loaded.apply(memory)
    assert outcome.applied == [str(change) for change in plan.changes]
    assert spec("v1").plan(memory).is_empty()


def test_pickle_goes_through_json_and_copies_keep_the_origin(memory: Aws) -> None:
    plan = spec("v1").plan(memory)
    unpickled = pickle.loads(pickle.dumps(plan))
    for copied in (unpickled, copy.deepcopy(plan), copy.copy(plan)):
        assert isinstance(copied, Plan)
        assert copied is not plan
        assert copied.to_json() == plan.to_json()
    assert unpickled.origin == "loaded", "an unpickled plan is a saved one: checked"
    assert copy.deepcopy(plan).origin == copy.copy(plan).origin == "planned"
    assert copy.deepcopy(unpickled).origin == "loaded"
    pickle.loads(pickle.dumps(plan)).apply(memory)
    assert spec("v1").plan(memory).is_empty()


def test_a_fresh_plan_is_applied_without_reading_again_and_a_loaded_one_is_checked() -> None:
    fresh_account, loaded_account = Aws.in_memory(), Aws.in_memory()
    fresh = spec("v1").plan(fresh_account)
    assert fresh.origin == "planned"
    assert fresh.apply(fresh_account).reads == 0
    loaded = Plan.from_json(spec("v1").plan(loaded_account).to_json())
    outcome = loaded.apply(loaded_account)
    # One read of the one resource written (the role), before the first write.
    assert outcome.reads == 1
    assert outcome.calls["iam:GetRole"] == 1
    assert outcome.writes == fresh.apply(Aws.in_memory()).writes


def test_check_observed_forces_or_skips_the_check(memory: Aws) -> None:
    forced = spec("v1").plan(memory).apply(memory, check_observed=True)
    assert forced.calls["iam:GetRole"] == 1
    other = Aws.in_memory()
    spec("v1").plan(other).apply(other)
    loaded = Plan.from_json(spec("v2").plan(other).to_json())
    spec("v3").plan(other).apply(other)  # the account moves on
    skipped = loaded.apply(other, check_observed=False)
    assert skipped.reads == 0, "not checked, although loaded"
    assert len(spec("v2").plan(other)) == 0, "applied whatever happened since"


def test_a_stale_plan_is_refused_and_writes_nothing(memory: Aws) -> None:
    spec("v1").plan(memory).apply(memory)
    saved = spec("v2").plan(memory).to_json()
    # The account moves on after the plan was reviewed.
    spec("v3").plan(memory).apply(memory)
    before = memory.calls()
    with pytest.raises(StalePlanError, match="role:app changed since the plan was made") as caught:
        Plan.from_json(saved).apply(memory)
    assert caught.value.resource == "role:app"
    assert "app" in caught.value.change
    after = memory.calls()
    assert {op: n for op, n in after.items() if n != before.get(op)} == {"iam:GetRole": after["iam:GetRole"]}, "one read, no write"
    assert len(spec("v3").plan(memory)) == 0, "still as v3 left it"


def test_text_that_is_not_a_plan_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        Plan.from_json('{"changes": 3}')
    assert caught.value.field == "plan"  # type: ignore[attr-defined]
