"""A realistic automation script, written against the stubs only.

`test_typing.py` runs `mypy --strict --disallow-any-expr` on it (no `Any` may leak from the
package into user code) and then runs it on an in-memory account.
"""

from __future__ import annotations

import sys
from collections import Counter

from iam_bootstrap import (
    AccessAnalyzer,
    AccessDeniedError,
    AccessGates,
    ApplyError,
    ApplyFinished,
    Aws,
    Bootstrap,
    ChangeApplied,
    ChangeFailed,
    Finding,
    IamBootstrapError,
    LintFinding,
    PasswordPolicy,
    PolicyDocument,
    PreconditionError,
    ProgressEvent,
    RoleSpec,
    RootHardening,
    Trust,
    ValidationError,
    unused_access,
    validate_policy,
    allows,
    check_no_new_access,
    lint,
)


def report(findings: list[Finding]) -> dict[str, int]:
    """Failed findings by severity, for a dashboard."""
    return dict(Counter(f.severity for f in findings if f.status == "fail"))


def on_progress(event: ProgressEvent) -> None:
    if isinstance(event, ChangeApplied):
        print(f"  applied step {event.step}")
    elif isinstance(event, ChangeFailed):
        print(f"  step {event.step} failed: {event.error}", file=sys.stderr)
    elif isinstance(event, ApplyFinished):
        print(f"  {event.applied} applied, failed={event.failed}")


def review_policy(document: PolicyDocument) -> list[LintFinding]:
    """The findings that block a merge."""
    return [f for f in lint(document, "identity") if f.severity in ("ERROR", "SECURITY_WARNING")]


def harden(aws: Aws) -> int:
    spec = RootHardening(password_policy=PasswordPolicy.cis(), account_alias="example-corp")
    audit = spec.audit(aws)
    print(f"account {audit.account_id}: {report(audit.findings)}")
    plan = spec.plan(aws)
    for change in plan.changes:
        print(f"  {change.capability}/{change.action}: {change}")
    for step in plan.manual_steps:
        print(f"  [manual] {step.title} ({len(step.instructions)} steps)")
    try:
        outcome = plan.apply(aws, concurrency=4, progress=on_progress)
    except ApplyError as err:
        if isinstance(err.cause, AccessDeniedError):
            print(f"grant {err.cause.operation} and run again", file=sys.stderr)
        else:
            print(f"step {err.step} ({err.change}) failed: {err.cause}", file=sys.stderr)
        return 1
    except PreconditionError as err:
        print(f"{err.problem}: {err.remedy}", file=sys.stderr)
        return 1
    print(f"{outcome.writes} write(s)")
    return 0


def roles(aws: Aws) -> int:
    reader = PolicyDocument.allow(["s3:GetObject"], ["arn:aws:s3:::artifacts/*"])
    writer = PolicyDocument.allow(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::artifacts/*"])
    for grant in check_no_new_access([reader], [writer]):
        print(f"new access: {grant.kind} {grant.action} on {grant.resource}")
    evaluation = allows([writer], "s3:PutObject", "arn:aws:s3:::artifacts/x", context={"aws:SecureTransport": "true"})
    decision, statement = evaluation
    print(f"{decision} by {statement}, allowed={evaluation.allowed}")
    if review_policy(writer):
        return 1
    try:
        role = RoleSpec("ci-deployer", trust=Trust.github_actions("org/repo", "refs/heads/main"), max_session_seconds=3600)
    except ValidationError as err:
        print(f"fix {err.field}: {err.reason}", file=sys.stderr)
        return 1
    for kept in role.lint_findings:
        print(f"  {kept.policy}: {kept.finding.code}")
    template = role.to_cloudformation()
    print(sorted(template["Resources"]))
    print(f"{len(role.plan(aws).changes)} change(s) for {role.name}")
    return 0


def bootstrap(aws: Aws) -> int:
    spec = Bootstrap.from_dict({"roles": [{"name": "auditor", "trust": {"preset": "same_account_with_mfa", "max_mfa_age_seconds": 3600}}]})
    print(repr(spec))
    try:
        print(spec.plan(aws))
    except IamBootstrapError as err:
        print(f"{type(err).__name__}: {err}", file=sys.stderr)
        return 1
    return 0


def access_analyzer(aws: Aws) -> int:
    doc = PolicyDocument.allow(["s3:PutObject"], ["arn:aws:s3:::artifacts/*"])
    report = validate_policy(aws, doc, "identity")
    for finding in report.findings:
        print(f"  [{finding.source}] {finding.severity} {finding.issue_code or finding.lint_code}")
    outcome = AccessAnalyzer(aws).check_access_not_granted(doc, ["s3:DeleteObject"])
    print("forbidden access granted:", not outcome.passes, [r.description for r in outcome.reasons])
    gates = AccessGates(no_new_access=True, access_not_granted=[(["iam:PassRole"], [])])
    role = RoleSpec("uploader", trust=Trust.service("lambda.amazonaws.com"), inline_policies=[("up", doc)], access_gates=gates)
    try:
        role.plan(aws).apply(aws)
    except PreconditionError as err:
        print(f"refused: {err.problem}", file=sys.stderr)
        return 1
    unused = unused_access(aws, role.name, 90)
    print([f.message for f in unused.findings], unused.proposal.summary if unused.proposal else "nothing to drop")
    return 0


def main() -> int:
    aws = Aws.in_memory(caller="root", root_mfa="hardware")
    return harden(aws) or roles(aws) or bootstrap(aws) or access_analyzer(aws)


if __name__ == "__main__":
    sys.exit(main())
