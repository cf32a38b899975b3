"""The whole guide from one spec file, from Python: in memory and against moto."""

from __future__ import annotations

from pathlib import Path

import pytest

from iam_bootstrap import Aws, Bootstrap, PreconditionError, ValidationError

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


def _team(name: str, roles: list[str], *, prune: bool = False) -> Bootstrap:
    text = f'name = "{name}"\nprune = {"true" if prune else "false"}\n'
    for role in roles:
        text += f'[[roles]]\nname = "{role}"\ntrust = {{ preset = "service", service = "lambda.amazonaws.com" }}\n'
    return Bootstrap.from_toml(text)


def _prune_and_destroy(aws: Aws) -> None:
    team_a = _team("team-a", ["a-1", "a-2"])
    assert (team_a.name, team_a.prune) == ("team-a", False)
    team_a.plan(aws).apply(aws)
    _team("team-b", ["b-1"]).plan(aws).apply(aws)

    smaller = _team("team-a", ["a-1"])
    assert smaller.plan(aws).is_empty(), "without prune, a dropped role stays"
    plan = smaller.plan(aws, prune=True)
    assert plan.deletions == 1 and len(plan) == 1
    assert "[DELETE] delete role a-2" in str(plan)
    assert plan.to_dict()["changes"][0]["action"] == "delete_role"
    with pytest.raises(PreconditionError) as caught:
        plan.apply(aws)
    assert caught.value.reason == "deletions_not_allowed"
    plan.apply(aws, allow_deletions=True)
    assert smaller.plan(aws, prune=True).is_empty()

    destroy = smaller.destroy_plan(aws)
    assert [c["name"] for c in destroy.to_dict()["changes"]] == ["a-1"]
    destroy.apply(aws, allow_deletions=True)
    assert smaller.destroy_plan(aws).is_empty()
    assert _team("team-b", ["b-1"]).plan(aws).is_empty(), "team b's role is untouched"


def test_prune_and_destroy_in_memory(memory: Aws) -> None:
    _prune_and_destroy(memory)


@pytest.mark.moto
def test_prune_and_destroy_on_moto(moto: MotoAccount) -> None:
    _prune_and_destroy(moto.aws)
    roles = {r["RoleName"] for r in moto.client("iam").list_roles()["Roles"]}
    assert "b-1" in roles and not {"a-1", "a-2"} & roles
