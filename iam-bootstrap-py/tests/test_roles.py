"""Least-privilege roles from Python: offline checks, convergence, drift repair on moto."""

from __future__ import annotations

import json

import pytest

from iam_bootstrap import Aws, PolicyDocument, RoleSpec, Trust, ValidationError, allows, required_policy

from .conftest import MotoAccount


def spec(name: str = "app") -> RoleSpec:
    return RoleSpec(
        name,
        trust=Trust.service("lambda.amazonaws.com"),
        description="app role",
        managed_policies=["arn:aws:iam::aws:policy/ReadOnlyAccess"],
        inline_policies=[("logs", PolicyDocument.allow(["logs:PutLogEvents"], ["arn:aws:logs:*:*:*"]))],
        tags=[("team", "platform")],
    )


def test_bad_input_names_the_field() -> None:
    with pytest.raises(ValidationError) as caught:
        RoleSpec("bad name", trust=Trust.same_account_with_mfa())
    assert caught.value.field == "name"
    with pytest.raises(ValidationError) as caught:
        RoleSpec("admin", trust=Trust.service("lambda.amazonaws.com"), inline_policies=[("all", PolicyDocument.allow(["*"], ["*"]))])
    assert caught.value.field == "inline_policies.all"
    allowed = RoleSpec(
        "admin",
        trust=Trust.service("lambda.amazonaws.com"),
        inline_policies=[("all", PolicyDocument.allow(["*"], ["*"]))],
        allow_security_warnings=True,
    )
    assert any(f.finding.code == "full_access" for f in allowed.lint_findings)


def test_converges_on_memory(memory: Aws) -> None:
    plan = spec().plan(memory)
    assert len(plan) == 3
    plan.apply(memory)
    assert spec().plan(memory).is_empty()


def test_cloudformation_and_manifest() -> None:
    template = spec().to_cloudformation()
    assert template["Resources"]["Role"]["Type"] == "AWS::IAM::Role"
    manifest = required_policy([spec()])
    assert allows([manifest], "iam:CreateRole", "arn:aws:iam::123456789012:role/app")[0] == "Allow"
    assert allows([manifest], "iam:CreateRole", "arn:aws:iam::123456789012:role/other")[0] == "ImplicitDeny"


@pytest.mark.moto
def test_drift_made_with_boto3_is_planned_and_repaired(moto: MotoAccount) -> None:
    spec().plan(moto.aws).apply(moto.aws)
    iam = moto.client("iam")
    role = iam.get_role(RoleName="app")["Role"]
    assert role["Description"] == "app role"
    assert {t["Key"] for t in role["Tags"]} == {"team", "managed-by", "iam-bootstrap:spec"}

    iam.attach_role_policy(RoleName="app", PolicyArn="arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess")
    iam.update_assume_role_policy(
        RoleName="app",
        PolicyDocument=json.dumps(
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"}, "Action": "sts:AssumeRole"}]}
        ),
    )
    drift = spec().plan(moto.aws)
    assert sorted(str(c) for c in drift.changes) == sorted(
        [
            "detach arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess from role app",
            "replace the trust policy of role app",
        ]
    )
    drift.apply(moto.aws)
    attached = {p["PolicyArn"] for p in iam.list_attached_role_policies(RoleName="app")["AttachedPolicies"]}
    assert attached == {"arn:aws:iam::aws:policy/ReadOnlyAccess"}
    trust = iam.get_role(RoleName="app")["Role"]["AssumeRolePolicyDocument"]
    assert trust["Statement"][0]["Principal"]["Service"] == "lambda.amazonaws.com"
    assert trust["Statement"][0]["Condition"]["StringEquals"]["aws:SourceAccount"] == moto.account_id
    assert spec().plan(moto.aws).is_empty()


def test_lesser_privilege_permission_sets(memory: Aws) -> None:
    from iam_bootstrap import IdentityCenterSpec, JobFunction, least_privilege_permission_set

    viewers = JobFunction.ViewOnlyAccess.permission_set()
    assert viewers.name == "ViewOnly"
    assert viewers.session_duration == "PT4H"
    assert viewers.managed_policies == ["arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"]
    reports = least_privilege_permission_set("Reports", PolicyDocument.allow(["s3:GetObject"], ["arn:aws:s3:::reports/*"]))
    with pytest.raises(ValidationError) as caught:
        least_privilege_permission_set("Everything", PolicyDocument.allow(["*"], ["*"]))
    assert caught.value.field == "permission_sets.Everything.inline_policy"
    spec = IdentityCenterSpec(permission_sets=[viewers, reports])
    spec.plan(memory).apply(memory)
    assert spec.plan(memory).is_empty()
