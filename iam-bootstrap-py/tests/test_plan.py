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


def test_pickle_and_deepcopy_go_through_json(memory: Aws) -> None:
    plan = spec("v1").plan(memory)
    for copied in (pickle.loads(pickle.dumps(plan)), copy.deepcopy(plan), copy.copy(plan)):
        assert isinstance(copied, Plan)
        assert copied is not plan
        assert copied.to_json() == plan.to_json()
    pickle.loads(pickle.dumps(plan)).apply(memory)
    assert spec("v1").plan(memory).is_empty()


def test_a_stale_plan_is_refused_and_writes_nothing(memory: Aws) -> None:
    spec("v1").plan(memory).apply(memory)
    saved = spec("v2").plan(memory).to_json()
    # The account moves on after the plan was reviewed.
    spec("v3").plan(memory).apply(memory)
    with pytest.raises(StalePlanError, match="role:app changed since the plan was made"):
        Plan.from_json(saved).apply(memory)
    assert len(spec("v3").plan(memory)) == 0, "still as v3 left it"


def test_text_that_is_not_a_plan_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        Plan.from_json('{"changes": 3}')
    assert caught.value.field == "plan"  # type: ignore[attr-defined]
