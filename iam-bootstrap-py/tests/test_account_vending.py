"""New member accounts from Python: the keyword constructor and spec dicts, typed errors
naming the field, a staged apply that creates, places and targets them (in memory and on
moto), found again by email, and a failed creation as a typed error (in memory only: moto
cannot fail a creation)."""

from __future__ import annotations

import pytest

import iam_bootstrap as ib
from .conftest import MotoAccount


def _spec(*accounts: ib.AccountSpec, ou: str = "Root/Workloads") -> ib.Bootstrap:
    return ib.Bootstrap.from_dict(
        {
            "accounts": [a.to_dict() for a in accounts],
            "identity_center": {
                "groups": [{"name": "Operators"}],
                "permission_sets": [
                    {"name": "Operate", "managed_policies": ["arn:aws:iam::aws:policy/ReadOnlyAccess"]}
                ],
                "assignments": [
                    {"permission_set": "Operate", "principal": {"group": "Operators"}, "accounts": [{"ou": ou}]}
                ],
            },
        }
    )


def test_the_constructor_checks_every_field() -> None:
    spec = ib.AccountSpec("prod-b", "aws+prod-b@example.com", ou="Root/Workloads/Prod", tags={"env": "prod"})
    assert (spec.name, spec.email, spec.ou, spec.tags) == (
        "prod-b",
        "aws+prod-b@example.com",
        "Root/Workloads/Prod",
        {"env": "prod"},
    )
    assert repr(spec).startswith('AccountSpec({"name":"prod-b"')


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"name": "", "email": "aws@example.com"}, "name"),
        ({"name": "a", "email": "not-an-email"}, "email"),
        ({"name": "a", "email": "aws@example.com", "ou": "Workloads"}, "ou"),
        ({"name": "a", "email": "aws@example.com", "tags": {"aws:x": "1"}}, "tags.aws:x"),
        ({"name": "a", "email": "aws@example.com", "role_name": "bad role"}, "role_name"),
    ],
)
def test_bad_fields_are_validation_errors_naming_the_field(kwargs: dict[str, object], field: str) -> None:
    with pytest.raises(ib.ValidationError) as err:
        ib.AccountSpec(**kwargs)  # type: ignore[arg-type]
    assert err.value.field == field


def test_a_spec_creates_places_and_targets_accounts_once() -> None:
    aws = ib.Aws.in_memory(organization=["/Workloads/Prod"])
    spec = _spec(ib.AccountSpec("prod-b", "aws+prod-b@example.com", ou="Root/Workloads/Prod"))
    assert spec.accounts == ["prod-b"]
    steps = spec.plan_steps(aws)
    assert steps[0][0] == "Step 0: accounts in the organization"
    change = steps[0][1].changes[0]
    assert (change.capability, change.action) == ("organization", "create_account")
    outcome = spec.apply(aws)
    assert outcome.applied[0] == "create account `prod-b` (aws+prod-b@example.com) in Root/Workloads/Prod"
    assert any("assign" in change for change in outcome.applied), outcome.applied
    again = spec.plan(aws)
    assert len(again) == 0, str(again)
    assert [s for s in again.selections if "-> 1 account" in s], again.selections


def test_a_full_organization_is_a_typed_failure() -> None:
    aws = ib.Aws.in_memory(organization=[], account_limit=1)
    spec = ib.Bootstrap.from_dict({"accounts": [ib.AccountSpec("b", "aws+b@example.com").to_dict()]})
    with pytest.raises(ib.ApplyError) as err:
        spec.apply(aws)
    cause = err.value.__cause__
    assert isinstance(cause, ib.AsyncFailedError)
    assert cause.reason == "ACCOUNT_LIMIT_EXCEEDED"


def test_accounts_outside_an_organization_are_a_typed_precondition() -> None:
    spec = ib.Bootstrap.from_dict({"accounts": [ib.AccountSpec("b", "aws+b@example.com").to_dict()]})
    with pytest.raises(ib.PreconditionError) as err:
        spec.plan(ib.Aws.in_memory())
    assert err.value.reason == "not_in_organization"


@pytest.mark.asyncio
async def test_apply_async_creates_the_same_way() -> None:
    aws = ib.Aws.in_memory(organization=["/Workloads"], create_account_polls=2)
    spec = _spec(ib.AccountSpec("w-1", "aws+w-1@example.com", ou="Root/Workloads"))
    outcome = await spec.apply_async(aws)
    assert outcome.applied[0].startswith("create account `w-1`")
    assert len(await spec.plan_async(aws)) == 0


def test_on_moto_accounts_are_created_once_and_targeted(moto: MotoAccount) -> None:
    orgs = moto.client("organizations")
    orgs.create_organization(FeatureSet="ALL")
    root = orgs.list_roots()["Roots"][0]["Id"]
    orgs.create_organizational_unit(ParentId=root, Name="Workloads")
    email = f"aws+{moto.account_id}@example.com"
    spec = _spec(ib.AccountSpec("vended", email, ou="Root/Workloads", tags={"env": "prod"}))
    spec.apply(moto.aws)
    found = [a for a in orgs.list_accounts()["Accounts"] if a["Email"] == email]
    assert len(found) == 1
    parents = orgs.list_parents(ChildId=found[0]["Id"])["Parents"]
    assert parents[0]["Type"] == "ORGANIZATIONAL_UNIT"
    assert len(spec.plan(moto.aws)) == 0
