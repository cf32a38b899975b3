"""The password policy from Python: read-merge-write, idempotence, validation, async twins."""

from __future__ import annotations

import pytest

from iam_bootstrap import Aws, IamBootstrapError, PasswordPolicy, Plan, StalePlanError, ValidationError

from .conftest import MotoAccount


def test_cis_plan_applies_once_then_converges(memory: Aws) -> None:
    plan = PasswordPolicy.cis().plan(memory)
    assert isinstance(plan, Plan)
    assert len(plan) == 1
    assert "minimum length 8 → 14" in str(plan.changes[0])
    assert plan.origin == "planned"
    outcome = plan.apply(memory)
    assert outcome.writes == 1
    # A plan applied straight after it was made writes what it read: no read at apply.
    assert outcome.calls == {"iam:UpdateAccountPasswordPolicy": 1}

    again = PasswordPolicy.cis().plan(memory)
    assert again.is_empty()
    assert again.apply(memory).writes == 0


def test_a_saved_plan_reads_the_policy_once_more_and_is_refused_if_it_changed() -> None:
    aws = Aws.in_memory()
    saved = PasswordPolicy.cis().plan(aws).to_json()
    loaded = Plan.from_json(saved)
    assert loaded.origin == "loaded"
    # Checked before the first write: one read of the policy the plan overwrites.
    outcome = loaded.apply(aws)
    assert outcome.calls == {"iam:GetAccountPasswordPolicy": 1, "iam:UpdateAccountPasswordPolicy": 1}

    other = Aws.in_memory()
    saved = PasswordPolicy.cis().plan(other).to_json()
    PasswordPolicy(minimum_password_length=20).plan(other).apply(other)  # edited since
    before = other.calls()
    with pytest.raises(StalePlanError, match="account:password-policy changed since the plan was made") as caught:
        Plan.from_json(saved).apply(other)
    assert caught.value.step == 0
    assert caught.value.resource == "account:password-policy"
    after = other.calls()
    assert after.get("iam:UpdateAccountPasswordPolicy", 0) == before.get("iam:UpdateAccountPasswordPolicy", 0), "nothing written"
    assert PasswordPolicy(minimum_password_length=20).plan(other).is_empty(), "still as the edit left it"


def test_plan_is_data(memory: Aws) -> None:
    plan = PasswordPolicy(minimum_password_length=16).plan(memory)
    data = plan.to_dict()
    change = data["changes"][0]
    assert change["capability"] == "root"
    assert change["action"] == "update_password_policy"
    assert change["before"] is None
    assert change["after"]["minimum_password_length"] == 16
    assert '"update_password_policy"' in plan.to_json()


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"minimum_password_length": 5}, "password_policy.minimum_password_length"),
        ({"minimum_password_length": 129}, "password_policy.minimum_password_length"),
        ({"max_password_age_days": 0}, "password_policy.max_password_age"),
        ({"max_password_age_days": 1096}, "password_policy.max_password_age"),
        ({"password_reuse_prevention": 25}, "password_policy.password_reuse_prevention"),
    ],
)
def test_bad_input_is_a_typed_error_naming_the_field(kwargs: dict[str, int], field: str) -> None:
    with pytest.raises(ValidationError) as caught:
        PasswordPolicy(**kwargs)
    assert caught.value.field == field
    assert isinstance(caught.value, IamBootstrapError)


@pytest.mark.asyncio
async def test_async_twins(memory: Aws) -> None:
    plan = await PasswordPolicy.cis(max_password_age_days=90).plan_async(memory)
    outcome = await plan.apply_async(memory)
    assert outcome.writes == 1
    assert (await PasswordPolicy.cis(max_password_age_days=90).plan_async(memory)).is_empty()


@pytest.mark.moto
def test_boto3_sees_the_merged_policy_on_moto(moto: MotoAccount) -> None:
    iam = moto.client("iam")
    iam.update_account_password_policy(MinimumPasswordLength=10, MaxPasswordAge=45, AllowUsersToChangePassword=True)

    PasswordPolicy.cis().plan(moto.aws).apply(moto.aws)

    policy = iam.get_account_password_policy()["PasswordPolicy"]
    assert policy["MinimumPasswordLength"] == 14
    assert policy["PasswordReusePrevention"] == 24
    assert policy["RequireSymbols"] and policy["RequireNumbers"]
    assert policy["RequireUppercaseCharacters"] and policy["RequireLowercaseCharacters"]
    # Not named by the CIS spec, so kept as they were.
    assert policy["MaxPasswordAge"] == 45
    assert policy["AllowUsersToChangePassword"] is True
    assert PasswordPolicy.cis().plan(moto.aws).is_empty()
