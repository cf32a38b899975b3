"""Org-wide roles through CloudFormation StackSets from Python: the same plan, apply and
per-account report as Rust, typed errors before any call, the `_async` twins, a drift audit
on the in-memory engine (moto has no drift detection), and a rollout on moto."""

from __future__ import annotations

import asyncio

import pytest

import iam_bootstrap as ib

from .conftest import MotoAccount

ACCOUNTS = {
    "111111111111": "/Workloads/Prod",
    "111111111112": "/Workloads/Prod/Payments",
    "111111111113": "/Workloads/Dev",
    "111111111114": "/Sandbox",
}


def _role() -> ib.RoleSpec:
    return ib.RoleSpec(
        "org-auditor",
        trust=ib.Trust.account_with_mfa("999999999999"),
        managed_policies=["arn:aws:iam::aws:policy/SecurityAudit"],
    )


def _rollout(preferences: ib.OperationPreferences | None = None) -> ib.OrgStackSet:
    return ib.OrgStackSet(role=_role(), ous=["Root/Workloads"], regions=["us-east-1"], preferences=preferences)


def test_a_rollout_reports_per_account_and_converges() -> None:
    aws = ib.Aws.in_memory(
        organization_accounts=ACCOUNTS,
        fail_stack_instances={"111111111113": "Role org-auditor already exists"},
    )
    prefs = ib.OperationPreferences(max_concurrent_percentage=50, failure_tolerance_percentage=34)
    spec = _rollout(preferences=prefs)
    assert spec.name == "iam-bootstrap-role-org-auditor"
    assert spec.template()["Resources"]["Role"]["Type"] == "AWS::IAM::Role"
    plan = spec.plan(aws)
    assert not plan.is_empty
    added = {key["account"] for key in plan.to_dict()["add"]}
    assert added == {"111111111111", "111111111112", "111111111113"}  # nested OUs, not Sandbox
    assert "+ add 3 instance(s)" in str(plan)
    outcome = plan.apply(aws)
    assert not outcome.is_success
    failed = outcome.failed
    assert [f["account"] for f in failed] == ["111111111113"]
    assert failed[0]["reason"] == "Role org-auditor already exists"
    assert "1 failed" in str(outcome)
    # The failed instance is retried on the next run (and fails again, as the role is still there).
    assert len(spec.plan(aws).to_dict()["retry"]) == 1


def test_async_twins_and_the_drift_audit() -> None:
    aws = ib.Aws.in_memory(organization_accounts=ACCOUNTS)
    spec = _rollout()

    async def run() -> ib.DriftReport:
        plan = await spec.plan_async(aws)
        outcome = await plan.apply_async(aws)
        assert outcome.is_success, str(outcome)
        assert (await spec.plan_async(aws)).is_empty
        return await ib.audit_drift_async(aws, spec.name)

    report = asyncio.run(run())
    assert report.drifted == []
    assert len(report.to_dict()["instances"]) == 3
    assert ib.audit_drift(aws, spec.name).to_dict()["stack_set"] == spec.name


def test_bad_input_is_a_typed_error_naming_the_field() -> None:
    with pytest.raises(ib.ValidationError) as err:
        ib.OperationPreferences(max_concurrent_count=2, failure_tolerance_count=2)
    assert err.value.field == "operation_preferences.failure_tolerance"
    with pytest.raises(ib.ValidationError) as err:
        ib.OperationPreferences(max_concurrent_count=-1)
    assert err.value.field == "max_concurrent_count"
    with pytest.raises(ib.ValidationError) as err:
        ib.OrgStackSet(role=_role(), ous=["Root/Workloads"], regions=["us-east-1", "us-east-1"])
    assert err.value.field == "stack_set.regions[1]"
    with pytest.raises(ib.ValidationError) as err:
        ib.OrgStackSet(role=_role(), regions=["us-east-1"])
    assert err.value.field == "stack_set.targets"
    with pytest.raises(ib.ValidationError) as err:
        ib.OrgStackSet(policies=[("p", ib.PolicyDocument.allow(["s3:GetObject"], ["*"]))], organization=True, regions=["us-east-1"])
    assert err.value.field == "stack_set.name"


def test_removing_instances_needs_allow_deletions() -> None:
    aws = ib.Aws.in_memory(organization_accounts=ACCOUNTS)
    wide = ib.OrgStackSet(role=_role(), ous=["Root/Workloads", "Root/Sandbox"], regions=["us-east-1"])
    assert wide.plan(aws).apply(aws).is_success
    plan = _rollout().plan(aws)
    assert len(plan.to_dict()["remove"]) == 1
    with pytest.raises(ib.PreconditionError) as err:
        plan.apply(aws)
    assert err.value.reason == "deletions_not_allowed"
    assert plan.apply(aws, allow_deletions=True).is_success
    assert _rollout().plan(aws).is_empty


def test_on_moto_a_rollout_converges(moto: MotoAccount) -> None:
    # moto runs operations to SUCCEEDED at once and expands an OU one level deep: target an
    # OU whose accounts are at most one level down.
    orgs = moto.client("organizations")
    orgs.create_organization(FeatureSet="ALL")
    root = orgs.list_roots()["Roots"][0]["Id"]
    orgs.create_organizational_unit(ParentId=root, Name="Prod")
    prod = ib.AccountSpec("prod-1", f"aws+{moto.account_id}@example.com", ou="Root/Prod")
    ib.Bootstrap.from_dict({"accounts": [prod.to_dict()]}).apply(moto.aws)
    spec = ib.OrgStackSet(role=_role(), ous=["Root/Prod"], regions=["us-east-1"], name="org-auditor")
    plan = spec.plan(moto.aws)
    assert len(plan.to_dict()["add"]) == 1
    assert plan.apply(moto.aws).is_success
    assert spec.plan(moto.aws).is_empty


def test_a_permission_sets_policies_roll_out_checked_against_the_set() -> None:
    aws = ib.Aws.in_memory(organization_accounts=ACCOUNTS)
    doc = ib.PolicyDocument.allow(["s3:GetObject"], ["*"])
    reports = ib.PermissionSetSpec("Reports", customer_managed_policies=["reports-read"])
    spec = ib.OrgStackSet(policies=[("reports-read", doc)], permission_set=reports, ous=["Root/Workloads"], regions=["us-east-1"])
    assert spec.name == "iam-bootstrap-ps-Reports"
    assert spec.plan(aws).apply(aws).is_success
    with pytest.raises(ib.ValidationError) as err:
        ib.OrgStackSet(policies=[("other", doc)], permission_set=reports, ous=["Root/Workloads"], regions=["us-east-1"])
    assert err.value.field == "stack_set.policies"


SPEC = """
[identity_center]
groups = [{ name = "Readers" }]

[[identity_center.permission_sets]]
name = "ReadOnly"
customer_managed_policies = [{ name = "app-read" }]

[[identity_center.assignments]]
permission_set = "ReadOnly"
principal = { group = "Readers" }
accounts = [{ ou = "Root/Workloads" }]

[[stacksets]]
permission_set = "ReadOnly"
ous = ["Root/Workloads"]
regions = ["us-east-1"]
preferences = { max_concurrent_percentage = 25, failure_tolerance_count = 1 }
policies = { "app-read" = { Version = "2012-10-17", Statement = [{ Effect = "Allow", Action = "s3:GetObject", Resource = "*" }] } }
"""


def test_a_spec_with_a_stacksets_section_plans_and_applies_the_rollout_first() -> None:
    aws = ib.Aws.in_memory(organization_accounts=ACCOUNTS)
    spec = ib.Bootstrap.from_toml(SPEC)
    assert spec.stacksets == ["iam-bootstrap-ps-ReadOnly"]
    [plan] = spec.plan_stacksets(aws)
    added = {key["account"] for key in plan.to_dict()["add"]}
    assert added == {"111111111111", "111111111112", "111111111113"}
    [again] = asyncio.run(_plan_stacksets_async(spec, aws))
    assert again.to_dict() == plan.to_dict()
    outcome = spec.apply(aws)
    assert outcome.applied[0].startswith("roll out StackSet iam-bootstrap-ps-ReadOnly")
    assert all(p.is_empty for p in spec.plan_stacksets(aws))
    assert spec.plan(aws).is_empty


async def _plan_stacksets_async(spec: ib.Bootstrap, aws: ib.Aws) -> list[ib.StackSetPlan]:
    return await spec.plan_stacksets_async(aws)


def test_a_failed_rollout_stops_the_spec_before_identity_center() -> None:
    aws = ib.Aws.in_memory(organization_accounts=ACCOUNTS, fail_stack_instances={"111111111113": "AccessDenied"})
    spec = ib.Bootstrap.from_toml(SPEC)
    with pytest.raises(ib.PreconditionError) as caught:
        spec.apply(aws)
    assert caught.value.reason == "stack_set_rollout_failed"
    assert "111111111113" in caught.value.problem


def test_a_bad_stacksets_entry_names_its_field() -> None:
    text = SPEC.replace("max_concurrent_percentage = 25", "max_concurrent_percentage = 250")
    with pytest.raises(ib.ValidationError) as caught:
        ib.Bootstrap.from_toml(text)
    assert caught.value.field == "stacksets[0].preferences.max_concurrent_percentage"
    with pytest.raises(ib.ValidationError) as unknown:
        ib.Bootstrap.from_toml(SPEC + 'colour = "red"\n')
    assert unknown.value.field == "stacksets[0].colour"
