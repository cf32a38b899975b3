"""Typed results: records that mirror the Rust types, compare, hash, print and pickle."""

from __future__ import annotations

import json
import pickle

import pytest

from iam_bootstrap import (
    AccessGranted,
    ApplyFinished,
    ApplyStarted,
    Aws,
    Change,
    ChangeApplied,
    ChangeStarted,
    Evaluation,
    Finding,
    LintFinding,
    ManualStep,
    NewGrant,
    PasswordPolicy,
    PolicyDocument,
    PolicyFinding,
    ProgressEvent,
    RoleSpec,
    RootHardening,
    Trust,
    allows,
    check_access_not_granted,
    check_no_new_access,
    lint,
)

READER = PolicyDocument.allow(["s3:GetObject"], ["arn:aws:s3:::b/*"])
WRITER = PolicyDocument.allow(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::b/*"])


def test_plan_changes_are_change_records_that_print_as_the_plan_does() -> None:
    aws = Aws.in_memory()
    plan = PasswordPolicy.cis().plan(aws)
    change = plan.changes[0]
    assert isinstance(change, Change)
    assert (change.capability, change.action) == ("root", "update_password_policy")
    assert str(change) == change.description
    assert "minimum length" in str(change)
    assert f"  1. {change}" in str(plan)
    # to_dict() is the change's JSON form in Plan.to_json().
    assert change.to_dict() == json.loads(plan.to_json())["changes"][0]
    assert change.details["after"]["minimum_password_length"] == 14  # type: ignore[index,call-overload]
    # Two plans of the same account compare (and hash) equal.
    again = PasswordPolicy.cis().plan(aws).changes[0]
    assert again == change and hash(again) == hash(change)
    assert pickle.loads(pickle.dumps(change)) == change


def test_findings_and_manual_steps_are_records() -> None:
    aws = Aws.in_memory(root_access_keys=1)
    plan = RootHardening(root_access_keys="keep").plan(aws)
    mfa = next(f for f in plan.findings if f.id == "root-mfa-enabled")
    assert isinstance(mfa, Finding)
    assert mfa.status == "fail" and mfa.severity == "critical"
    assert isinstance(mfa.cis, tuple) and mfa.cis
    assert Finding.from_dict(mfa.to_dict()) == mfa
    assert mfa.to_dict() == next(f for f in plan.to_dict()["findings"] if f["id"] == "root-mfa-enabled")  # type: ignore[index,union-attr,call-overload]
    assert {f.id for f in plan.findings} == {f.id for f in RootHardening().audit(aws).findings}
    assert len({mfa, Finding.from_dict(mfa.to_dict())}) == 1
    # JSON saved before `cis_controls` existed still loads (the field defaults to none).
    saved = {k: v for k, v in mfa.to_dict().items() if k != "cis_controls"}
    assert Finding.from_dict(saved).cis_controls == ()
    # A field without a default stays required.
    with pytest.raises(KeyError):
        Finding.from_dict({k: v for k, v in saved.items() if k != "id"})
    step = next(s for s in plan.manual_steps if s.id == "root-access-keys")
    assert isinstance(step, ManualStep)
    assert step.instructions and isinstance(step.instructions, tuple)
    # Manual steps speak Python: the keyword argument, not the Rust enum.
    text = " ".join(step.instructions)
    assert 'root_access_keys="delete"' in text and "RootAccessKeys" not in text
    assert pickle.loads(pickle.dumps(step)) == step
    report = RootHardening().audit(aws)
    assert all(isinstance(f, Finding) and f.status == "fail" for f in report.failed())


def test_lint_findings_are_records() -> None:
    findings = lint(PolicyDocument.allow(["*"], ["*"]), "identity")
    full = next(f for f in findings if f.code == "full_access")
    assert isinstance(full, LintFinding)
    assert full.severity == "SECURITY_WARNING"
    assert full.statement == 0
    assert "full_access" in repr(full)
    role = RoleSpec(
        "r",
        trust=Trust.same_account_with_mfa(),
        inline_policies=[("wide", PolicyDocument.allow(["s3:*"], ["arn:aws:s3:::b/*"]))],
    )
    kept = role.lint_findings
    assert kept and all(isinstance(f, PolicyFinding) and isinstance(f.finding, LintFinding) for f in kept)
    wide = next(f for f in kept if f.policy == "inline_policies.wide")
    assert wide.finding.code == "service_wide_action"
    assert PolicyFinding.from_dict(wide.to_dict()) == wide


def test_allows_returns_an_evaluation_that_is_still_a_tuple() -> None:
    allow = PolicyDocument.allow(["s3:Get*"], ["arn:aws:s3:::b/*"])
    evaluation = allows([allow], "s3:GetObject", "arn:aws:s3:::b/x")
    assert isinstance(evaluation, Evaluation)
    assert evaluation.decision == "Allow" and evaluation.allowed
    assert evaluation.statement == (0, 0)
    assert evaluation == ("Allow", (0, 0))
    denied = allows([allow], "s3:PutObject", "arn:aws:s3:::b/x")
    assert (denied.decision, denied.statement, denied.allowed) == ("ImplicitDeny", None, False)
    assert denied.to_dict() == {"decision": "ImplicitDeny", "statement": None}


def test_allows_takes_the_context_as_a_mapping() -> None:
    doc = PolicyDocument.from_json(
        json.dumps(
            {
                "Version": "2012-10-17",
                "Statement": [
                    {
                        "Effect": "Allow",
                        "Action": "s3:GetObject",
                        "Resource": "*",
                        "Condition": {
                            "Bool": {"aws:SecureTransport": "true"},
                            "ForAllValues:StringEquals": {"aws:TagKeys": ["team", "env"]},
                        },
                    }
                ],
            }
        )
    )
    context = {"aws:SecureTransport": "true", "aws:TagKeys": ["team"]}
    assert allows([doc], "s3:GetObject", "arn:aws:s3:::b/x", context=context).allowed
    assert not allows([doc], "s3:GetObject", "arn:aws:s3:::b/x", context={"aws:SecureTransport": "false"}).allowed
    # The list of pairs of earlier versions still works.
    pairs = [("aws:SecureTransport", ["true"])]
    assert allows([doc], "s3:GetObject", "arn:aws:s3:::b/x", context=pairs).allowed


def test_access_checks_return_records() -> None:
    assert check_access_not_granted([READER], ["s3:PutObject"], ["arn:aws:s3:::b/x"]) is None
    granted = check_access_not_granted([READER], ["s3:GetObject"], ["arn:aws:s3:::b/x"])
    assert granted == AccessGranted(action="s3:GetObject", resource="arn:aws:s3:::b/x", document=0, statement=0)
    assert check_no_new_access([READER], [READER]) == []
    grants = check_no_new_access([READER], [WRITER])
    assert grants == [NewGrant(kind="allowed", document=0, statement=0, action="s3:PutObject", resource="arn:aws:s3:::b/*")]


def test_progress_events_are_records_of_their_kind() -> None:
    aws = Aws.in_memory()
    events: list[ProgressEvent] = []
    PasswordPolicy.cis().plan(aws).apply(aws, progress=events.append)
    assert isinstance(events[0], ApplyStarted) and events[0].total == 1
    assert isinstance(events[1], ChangeStarted) and events[1].step == 0
    assert events[2] == ChangeApplied(step=0)
    assert events[-1] == ApplyFinished(applied=1, failed=False)
    assert events[2].to_dict() == {"event": "change_applied", "step": 0}
    assert ProgressEvent.from_dict({"event": "change_applied", "step": 0}) == events[2]


def test_cloudformation_template_has_its_typed_keys() -> None:
    template = RoleSpec("ci", trust=Trust.github_actions("o/r", "refs/heads/main")).to_cloudformation()
    assert template["AWSTemplateFormatVersion"] == "2010-09-09"
    assert template["Resources"]["Role"]["Type"] == "AWS::IAM::Role"
