"""The whole guide from one spec file, from Python: in memory and against moto."""

from __future__ import annotations

from pathlib import Path

import pytest

from iam_bootstrap import Aws, Bootstrap, ValidationError

from .conftest import MotoAccount

STARTER = (Path(__file__).resolve().parents[2] / "examples" / "specs" / "starter.toml").read_text()


def test_the_starter_spec_converges_in_memory() -> None:
    aws = Aws.in_memory(caller="root", root_access_keys=1)
    spec = Bootstrap.from_toml(STARTER)
    assert spec.roles == ["ci-deployer", "orders-lambda", "break-glass-auditors"]
    steps = spec.plan_steps(aws)
    assert [title for title, _ in steps][0].startswith("Step 1")
    plan = spec.plan(aws)
    assert any(step.id == "root-mfa" for step in plan.manual_steps)
    plan.apply(aws)
    assert spec.plan(aws).is_empty()
    assert Bootstrap.from_json(spec.to_json()).to_toml() == spec.to_toml()
    assert '"sso:CreateAccountAssignment"' in spec.required_policy().to_json()


def test_errors_name_the_line_and_field() -> None:
    with pytest.raises(ValidationError) as caught:
        Bootstrap.from_toml('[root]\naccount_alias = "Bad Alias"\n')
    assert caught.value.field == "root.account_alias"
    assert "line 2" in str(caught.value)


@pytest.mark.moto
def test_the_starter_spec_on_moto(moto: MotoAccount) -> None:
    spec = Bootstrap.from_toml(STARTER.replace("123456789012", moto.account_id))
    spec.plan(moto.aws).apply(moto.aws)
    second = spec.plan(moto.aws)
    assert second.is_empty(), second.changes
    iam = moto.client("iam")
    assert {r["RoleName"] for r in iam.list_roles()["Roles"]} >= {"ci-deployer", "orders-lambda", "break-glass-auditors"}
    assert iam.get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"] == 14
    assert iam.list_account_aliases()["AccountAliases"] == ["example-corp"]
