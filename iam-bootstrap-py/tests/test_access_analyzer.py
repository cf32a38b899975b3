"""IAM Access Analyzer from Python, on the in-memory account: moto has no Access Analyzer (and
no service-last-accessed reports), so the in-memory backend is the offline peer here; the
SDK request shapes are tested in Rust through a mock HTTP layer."""

from __future__ import annotations

import asyncio

import pytest

from iam_bootstrap import (
    AccessAnalyzer,
    AccessGates,
    AsyncFailedError,
    Aws,
    GenerationRequest,
    PolicyDocument,
    PreconditionError,
    RoleSpec,
    Trust,
    ValidationError,
    generate_policy,
    generate_policy_async,
    propose,
    propose_async,
    unused_access,
    unused_access_async,
    validate_policy,
    validate_policy_async,
)

ACCOUNT = "123456789012"
TRAIL = f"arn:aws:cloudtrail:us-east-1:{ACCOUNT}:trail/management"
READER = f"arn:aws:iam::{ACCOUNT}:role/access-analyzer-trail-reader"
ROLE_ARN = f"arn:aws:iam::{ACCOUNT}:role/ci-deployer"
ARTIFACTS = "arn:aws:s3:::${BucketName}/${ObjectName}"


def deployer(actions: list[str], gates: AccessGates | None = None) -> RoleSpec:
    return RoleSpec(
        "ci-deployer",
        trust=Trust.service("codebuild.amazonaws.com"),
        inline_policies=[("deploy", PolicyDocument.allow(actions, ["*"]))],
        allow_security_warnings=True,
        access_gates=gates,
    )


@pytest.fixture
def seeded() -> Aws:
    """`ci-deployer` may use S3, CloudFormation and EC2 reads; its trail shows S3 and
    CloudFormation only."""
    aws = Aws.in_memory(
        trails=[TRAIL],
        activity={
            ROLE_ARN: [
                ("s3:PutObject", 5, ARTIFACTS),
                ("cloudformation:DescribeStacks", 4.5),
            ]
        },
        analysis_job_polls=2,
    )
    deployer(["s3:*", "cloudformation:*", "ec2:Describe*"]).plan(aws).apply(aws)
    return aws


def test_validation_labels_findings_by_source(memory: Aws) -> None:
    doc = PolicyDocument.from_json(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"iam:PassRole","Resource":"*"}]}'
    )
    report = validate_policy(memory, doc, "identity")
    assert report.context == "identity" and not report.has_errors
    pass_role = next(f for f in report.findings if f.issue_code == "PASS_ROLE_WITH_STAR_IN_RESOURCE")
    assert pass_role.source == "both" and pass_role.lint_code == "pass_role_on_all_resources"
    assert report.from_source("access_analyzer") == ()
    assert asyncio.run(validate_policy_async(memory, doc, "identity")) == report
    with pytest.raises(ValidationError) as caught:
        validate_policy(memory, doc, "nonsense")  # type: ignore[arg-type]
    assert caught.value.field == "context"


def test_the_three_checks_answer_with_reasons(memory: Aws) -> None:
    analyzer = AccessAnalyzer(memory)
    old = PolicyDocument.allow(["s3:GetObject"], ["*"])
    new = PolicyDocument.allow(["s3:GetObject", "s3:PutObject"], ["*"])
    widened = analyzer.check_no_new_access(new, old)
    assert not widened.passes and widened.reasons
    assert analyzer.check_no_new_access(old, new).passes
    granted = analyzer.check_access_not_granted(new, ["s3:PutObject"])
    assert not granted.passes and granted.reasons[0].statement == 0
    assert asyncio.run(analyzer.check_access_not_granted_async(new, ["iam:PassRole"])).passes
    public = PolicyDocument.from_json(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}'
    )
    assert not analyzer.check_no_public_access(public, resource_type="AWS::S3::Bucket").passes
    assert asyncio.run(analyzer.check_no_new_access_async(old, old)).passes
    closed = Trust.service("lambda.amazonaws.com")
    spec = RoleSpec("fn", trust=closed)
    assert AccessGates(no_public_trust=True).check(spec, memory).no_public_trust is not None
    private = PolicyDocument.from_json(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"123456789012"},'
        '"Action":"s3:GetObject","Resource":"arn:aws:s3:::b/*"}]}'
    )
    assert asyncio.run(analyzer.check_no_public_access_async(private, resource_type="AWS::S3::Bucket")).passes
    # Bad input is refused before any call.
    with pytest.raises(ValidationError) as caught:
        analyzer.check_access_not_granted(new, ["PutObject"])
    assert caught.value.field == "actions[0]"
    with pytest.raises(ValidationError) as caught:
        analyzer.check_no_public_access(public, resource_type="AWS::S3::Nope")  # type: ignore[arg-type]
    assert caught.value.field == "resource_type"


def test_gates_in_a_role_spec_fail_planning_unless_allowed(seeded: Aws) -> None:
    wider = ["s3:*", "cloudformation:*", "ec2:Describe*", "iam:PassRole"]
    with pytest.raises(PreconditionError) as caught:
        deployer(wider, AccessGates(no_new_access=True)).plan(seeded)
    assert caught.value.reason == "access_check_failed"
    assert "ci-deployer" in caught.value.problem and "no_new_access" in caught.value.problem
    assert "iam:PassRole" in caught.value.problem
    allowed = deployer(wider, AccessGates(no_new_access=True, allow_new_access=True))
    assert allowed.access_gates.allow_new_access
    plan = allowed.plan(seeded)
    assert not plan.is_empty()
    plan.apply(seeded)
    # Converged: the gates pass and nothing is left to write.
    strict = deployer(
        wider,
        AccessGates(no_new_access=True, access_not_granted=[(["iam:CreateUser"], [])], no_public_trust=True),
    )
    assert strict.plan(seeded).is_empty()
    assert asyncio.run(strict.plan_async(seeded)).is_empty()
    with pytest.raises(PreconditionError) as caught:
        asyncio.run(AccessGates(access_not_granted=[(["iam:PassRole"], [])]).plan_async(strict, seeded))
    assert "access_not_granted" in caught.value.problem
    report = asyncio.run(AccessGates(no_new_access=True).check_async(strict, seeded))
    assert report.no_new_access is not None and report.no_new_access.passes
    assert report.access_not_granted is None


def test_bad_gate_input_is_a_validation_error() -> None:
    with pytest.raises(ValidationError) as caught:
        AccessGates(allow_new_access=True)
    assert caught.value.field == "allow_new_access"
    with pytest.raises(ValidationError) as caught:
        AccessGates(access_not_granted=[(["s3:GetObject"], ["not-an-arn"])])
    assert caught.value.field == "access_not_granted[0].resources[0]"
    gates = AccessGates(no_new_access=True, access_not_granted=[(["iam:PassRole"], [])])
    assert gates.to_dict() == {"no_new_access": True, "access_not_granted": [{"actions": ["iam:PassRole"]}]}
    assert gates == AccessGates(no_new_access=True, access_not_granted=[(["iam:PassRole"], [])])


def test_generation_proposes_a_narrowing(seeded: Aws) -> None:
    request = GenerationRequest("ci-deployer", trail=TRAIL, access_role=READER, days=30)
    generated = generate_policy(seeded, request)
    assert generated.role == "ci-deployer" and generated.trail_complete
    assert any("BucketName" in p.names for p in generated.placeholders)
    assert len(generated.document) >= 1
    proposal = propose(seeded, generated)
    assert proposal.summary.startswith("tighten role ci-deployer to what it used between ")
    assert proposal.narrower and "ec2:Describe*" in proposal.removed_actions
    assert isinstance(proposal.proposed, PolicyDocument)
    assert proposal.to_dict()["role"] == "ci-deployer"
    again = asyncio.run(generate_policy_async(seeded, request))
    assert asyncio.run(propose_async(seeded, again)).removed_actions == proposal.removed_actions


def test_a_failed_generation_job_carries_aws_reason(seeded: Aws) -> None:
    gone = TRAIL.replace("management", "gone")
    request = GenerationRequest("ci-deployer", trail=gone, access_role=READER, days=30)
    with pytest.raises(AsyncFailedError) as caught:
        generate_policy(seeded, request)
    assert caught.value.reason.startswith("RESOURCE_NOT_FOUND_ERROR: ")


def test_generation_requests_are_checked_before_any_call() -> None:
    with pytest.raises(ValidationError) as caught:
        GenerationRequest("ci-deployer", trail=TRAIL, access_role=READER, days=91)
    assert caught.value.field == "start"
    with pytest.raises(ValidationError) as caught:
        GenerationRequest("ci-deployer", trail=READER, access_role=READER)
    assert caught.value.field == "trail"
    with pytest.raises(ValidationError) as caught:
        GenerationRequest("ci-deployer", trail=TRAIL, access_role=READER, start="yesterday")
    assert caught.value.field == "start"
    with pytest.raises(ValidationError) as caught:
        GenerationRequest("bad name", trail=TRAIL, access_role=READER)
    assert caught.value.field == "role"
    window = GenerationRequest(
        "ci-deployer", trail=TRAIL, access_role=READER, start="2026-01-01T00:00:00Z", end="2026-02-01T00:00:00Z"
    )
    assert window.to_dict()["start"] == "2026-01-01T00:00:00Z"


def test_unused_access_finds_services_and_a_narrower_policy(seeded: Aws) -> None:
    unused = unused_access(seeded, "ci-deployer", 90)
    assert [(f.namespace, f.action) for f in unused.findings] == [("ec2", None)]
    assert "has not used Amazon EC2 (ec2) in 90 days" in unused.findings[0].message
    assert unused.proposal is not None and unused.proposal.removed_actions == ("ec2:Describe*",)
    assert asyncio.run(unused_access_async(seeded, "ci-deployer")) == unused
    with pytest.raises(ValidationError) as caught:
        unused_access(seeded, "ci-deployer", -1)
    assert caught.value.field == "days"
