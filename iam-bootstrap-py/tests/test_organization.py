"""Account selectors from Python: the same forms as spec files (IDs, OU, tag, organization,
exceptions), typed errors naming the field, and planning them where there is no organization."""

from __future__ import annotations

import pytest

import iam_bootstrap as ib


def _user() -> ib.DirectoryUserSpec:
    return ib.DirectoryUserSpec("jdoe", given_name="Jane", family_name="Doe", email="jane@example.com")


def test_assignments_and_the_preset_take_ids_and_selector_dicts() -> None:
    accounts = [
        "111111111111",
        {"ou": "Root/Workloads", "except": ["222222222222"]},
        {"ou": "ou-ab12-cdef5678", "recursive": False},
        {"tag": "env=prod"},
        {"organization": True},
    ]
    spec = ib.AssignmentSpec("Admin", accounts=accounts, group="Administrators")
    text = repr(spec)
    assert '"accounts":["111111111111",{"ou":"Root/Workloads","except":["222222222222"]}' in text
    assert '{"ou":"ou-ab12-cdef5678","recursive":false}' in text
    assert '{"tag":"env=prod"}' in text and '{"organization":true}' in text
    admin = ib.AdminProvisioning(user=_user(), accounts=[{"ou": "Root/Workloads/Prod"}])
    assert "Root/Workloads/Prod" in admin.to_json()


@pytest.mark.parametrize(
    ("accounts", "field"),
    [
        (["1234"], "accounts[0]"),
        (["111111111111", {"ou": "Workloads"}], "accounts[1].ou"),
        ([{"tag": "env"}], "accounts[0].tag"),
        ([{"organization": True, "except": ["x"]}], "accounts[0].except[0]"),
        ([{"ou": "Root", "tag": "a=b"}], "accounts[0].tag"),
        ([{"nonsense": 1}], "accounts[0]"),
        ([42], "accounts[0]"),
    ],
)
def test_bad_selectors_are_validation_errors_naming_the_field(accounts: list[object], field: str) -> None:
    with pytest.raises(ib.ValidationError) as err:
        ib.AssignmentSpec("Admin", accounts=accounts, group="Administrators")
    assert err.value.field == field
    with pytest.raises(ib.ValidationError) as err:
        ib.AdminProvisioning(user=_user(), accounts=accounts)
    assert err.value.field == field


def test_selectors_outside_an_organization_are_a_typed_precondition() -> None:
    aws = ib.Aws.in_memory()
    admin = ib.AdminProvisioning(user=_user(), accounts=[{"organization": True}])
    with pytest.raises(ib.PreconditionError) as err:
        admin.plan(aws)
    assert err.value.reason == "not_in_organization"
    plan = ib.AdminProvisioning(user=_user(), accounts=["111111111111"]).plan(aws)
    assert plan.selections == []
    steps = [s for s in plan.manual_steps if s.id == "identity-center-first-sign-in"]
    assert len(steps) == 1 and ".awsapps.com/start" in steps[0].title


@pytest.mark.asyncio
async def test_plan_async_refuses_the_same_way() -> None:
    aws = ib.Aws.in_memory()
    admin = ib.AdminProvisioning(user=_user(), accounts=[{"tag": "env=prod"}])
    with pytest.raises(ib.PreconditionError):
        await admin.plan_async(aws)
