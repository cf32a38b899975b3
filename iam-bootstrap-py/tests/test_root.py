"""Root hardening from Python: the audit, the plan, manual steps, root keys, virtual MFA
secrets, and the same flow against moto (which has no root user: root checks are unknown)."""

from __future__ import annotations

import json
import os
import subprocess
import urllib.request
from pathlib import Path

import pytest
from .examples_command import example_command

from iam_bootstrap import (
    AuditReport,
    Aws,
    Finding,
    IamBootstrapError,
    MfaEnrollment,
    NotFoundError,
    PasswordPolicy,
    PreconditionError,
    RootHardening,
    ValidationError,
    VirtualMfa,
)

from .conftest import MotoAccount

ROOT = Path(__file__).resolve().parents[2]


def status(findings: list[Finding], check_id: str) -> str:
    return next(f.status for f in findings if f.id == check_id)


def test_audit_of_a_new_account_signed_in_as_root() -> None:
    aws = Aws.in_memory(caller="root", root_access_keys=1)
    report = RootHardening().audit(aws)
    assert isinstance(report, AuditReport)
    assert report.caller_is_root and report.has_root_row
    assert report.root_mfa == "absent"
    assert report.status("root-mfa-enabled") == "fail"
    assert report.status("root-access-keys-absent") == "fail"
    assert report.status("password-expires-90-days") is None  # opt-in
    mfa = next(f for f in report.findings if f.id == "root-mfa-enabled")
    assert mfa.severity == "critical"
    assert mfa.cis == ("1.5",)
    assert mfa.prowler == ("iam_root_mfa_enabled",)
    assert "Root audit of account 123456789012" in str(report)
    assert json.loads(report.to_json())["findings"][0]["id"] == "root-mfa-enabled"
    assert aws.calls().get("iam:GenerateCredentialReport", 0) >= 1
    assert not any(op in aws.calls() for op in ("iam:DeleteAccessKey", "iam:UpdateAccountPasswordPolicy"))


def test_plan_deletes_root_keys_as_root_and_converges() -> None:
    aws = Aws.in_memory(caller="root", root_access_keys=2)
    spec = RootHardening(
        password_policy=PasswordPolicy.cis(),
        account_alias="example-corp",
        root_access_keys="delete",
        deactivate_before_delete=True,
    )
    report = spec.audit(aws)
    plan = spec.plan(aws)
    assert plan.findings == report.findings  # the same findings, through either door
    assert [str(c).split(" AKIA")[0] for c in plan.changes[:4]] == [
        "deactivate root access key",
        "delete root access key",
        "deactivate root access key",
        "delete root access key",
    ]
    assert [s.id for s in plan.manual_steps] == ["root-mfa"]
    outcome = plan.apply(aws)
    assert outcome.calls["iam:DeleteAccessKey"] == 2
    assert spec.audit(aws).status("root-access-keys-absent") == "pass"
    again = spec.plan(aws)
    assert again.is_empty()
    assert again.apply(aws).writes == 0
    assert spec.plan_from_audit(spec.audit(aws)).is_empty()


def test_non_root_caller_gets_a_manual_step_or_a_precondition_error() -> None:
    aws = Aws.in_memory(root_access_keys=1)
    plan = RootHardening(root_access_keys="delete").plan(aws)
    assert plan.is_empty()
    step = next(s for s in plan.manual_steps if s.id == "root-access-keys")
    assert any("IAMDeleteRootUserCredentials" in line for line in step.instructions)

    with pytest.raises(PreconditionError) as caught:
        RootHardening(root_access_keys="delete", require_root_caller=True).plan(aws)
    assert "sign in as the root user" in str(caught.value)
    assert "assume-root" in str(caught.value)
    assert "iam:DeleteAccessKey" not in aws.calls()


@pytest.mark.parametrize(
    ("root_mfa", "mfa", "hardware"),
    [("hardware", "hardware", "pass"), ("virtual", "hardware", "fail"), ("virtual", "any", None)],
)
def test_mfa_kinds(root_mfa: str, mfa: str, hardware: str | None) -> None:
    aws = Aws.in_memory(root_mfa=root_mfa, root_password_last_used_days_ago=120)
    report = RootHardening(mfa=mfa).audit(aws)
    assert report.status("root-mfa-enabled") == "pass"
    assert report.status("root-hardware-mfa") == hardware


def test_root_used_yesterday_fails() -> None:
    aws = Aws.in_memory(root_mfa="hardware", root_password_last_used_days_ago=1)
    finding = next(f for f in RootHardening().audit(aws).findings if f.id == "root-not-used-recently")
    assert finding.status == "fail"
    assert "1 day(s) ago" in finding.evidence


def test_a_missing_root_row_is_unknown_not_a_pass() -> None:
    aws = Aws.in_memory(root_mfa="hardware", credential_report_root_row=False)
    report = RootHardening().audit(aws)
    assert not report.has_root_row
    root_checks = [f for f in report.findings if f.id.startswith("root-")]
    assert len(root_checks) == 5
    assert {f.status for f in root_checks} == {"unknown"}


def test_bad_input_is_a_typed_error_naming_the_field() -> None:
    for kwargs, field in [
        ({"account_alias": "Not_An_Alias"}, "account_alias"),
        ({"account_alias": "123456789012"}, "account_alias"),
        ({"root_access_keys": "burn"}, "root_access_keys"),
        ({"mfa": "sms"}, "mfa"),
        ({"root_usage_window_days": 0}, "root_usage_window_days"),
    ]:
        with pytest.raises(ValidationError) as caught:
            RootHardening(**kwargs)  # type: ignore[arg-type]
        assert caught.value.field == field
    with pytest.raises(ValidationError):
        Aws.in_memory(root_mfa="sms")  # type: ignore[arg-type]


def test_virtual_mfa_hands_its_secrets_over_once_and_never_prints_them() -> None:
    aws = Aws.in_memory()
    enrollment = VirtualMfa("break-glass", create_user=True).enroll(aws)
    assert isinstance(enrollment, MfaEnrollment)
    assert not enrollment.already_enabled
    assert enrollment.serial_number is not None and enrollment.serial_number.endswith(":mfa/break-glass")
    shown = repr(enrollment) + str(enrollment)
    seed = enrollment.take_seed()
    qr = enrollment.take_qr_code_png()
    assert seed is not None and len(seed) == 32
    assert qr is not None and len(qr) > 0
    assert enrollment.take_seed() is None and enrollment.take_qr_code_png() is None
    assert seed not in shown and "[REDACTED]" in shown
    assert seed not in repr(enrollment) + repr(aws) + str(aws.calls())

    again = VirtualMfa("break-glass").enroll(aws)
    assert again.already_enabled and again.take_seed() is None


def test_virtual_mfa_with_a_code_source_and_its_failures() -> None:
    aws = Aws.in_memory()
    seen: list[tuple[str, bytes]] = []

    def wrong(seed: str, qr: bytes) -> tuple[str, str]:
        seen.append((seed, qr))
        return ("000000", "000000")

    with pytest.raises(IamBootstrapError) as caught:
        VirtualMfa("ops", create_user=True).enroll(aws, wrong)
    assert "InvalidAuthenticationCode" in str(caught.value)
    assert seen and seen[0][0] not in str(caught.value)
    assert aws.calls()["iam:DeleteVirtualMFADevice"] == 1  # nothing orphaned

    class Refused(Exception):
        pass

    def refuse(seed: str, qr: bytes) -> tuple[str, str]:
        raise Refused("nobody scanned it")

    with pytest.raises(Refused):
        VirtualMfa("ops").enroll(aws, refuse)

    with pytest.raises(NotFoundError):
        VirtualMfa("nobody").enroll(aws)


@pytest.mark.asyncio
async def test_async_twins() -> None:
    aws = Aws.in_memory(caller="root", root_access_keys=1)
    spec = RootHardening(password_policy=PasswordPolicy.cis(), root_access_keys="delete")
    report = await spec.audit_async(aws)
    plan = await spec.plan_async(aws)
    assert plan.findings == report.findings
    await plan.apply_async(aws)
    assert (await spec.plan_async(aws)).is_empty()
    enrollment = await VirtualMfa("break-glass", create_user=True).enroll_async(aws)
    assert enrollment.take_seed() is not None


@pytest.mark.moto
def test_audit_and_fixes_on_moto(moto: MotoAccount) -> None:
    spec = RootHardening(password_policy=PasswordPolicy.cis(), account_alias=f"iamb-{moto.account_id}")
    report = spec.audit(moto.aws)
    # moto has no root user model: root checks are unknown, never a pass.
    assert not report.has_root_row
    assert {f.status for f in report.findings if f.id.startswith("root-")} == {"unknown"}
    spec.plan(moto.aws).apply(moto.aws)

    iam = moto.client("iam")
    assert iam.list_account_aliases()["AccountAliases"] == [f"iamb-{moto.account_id}"]
    assert iam.get_account_password_policy()["PasswordPolicy"]["MinimumPasswordLength"] == 14
    after = spec.audit(moto.aws)
    assert after.status("password-min-length-14") == "pass"
    assert after.status("account-alias-set") == "pass"
    assert spec.plan(moto.aws).is_empty()


@pytest.mark.moto
def test_harden_root_example_against_moto(moto_endpoint: str) -> None:
    urllib.request.urlopen(urllib.request.Request(f"{moto_endpoint}/moto-api/reset", method="POST"), timeout=60)
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1")
    command = [
        *example_command("harden_root"),
        "--endpoint-url", moto_endpoint, "--account-alias", "harden-root-example",
    ]  # fmt: skip
    first = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert first.returncode == 0, first.stderr
    assert "[UNKNOWN] critical      MFA is enabled for the root user" in first.stdout
    assert "set the account alias to `harden-root-example`" in first.stdout
    second = subprocess.run([*command, "--json"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=900, check=False)
    assert second.returncode == 0, second.stderr
    plan = json.loads(second.stdout)["plan"]  # one document: {"plan": ..., "outcome": ...}
    assert plan["changes"] == []
    assert status([Finding.from_dict(f) for f in plan["findings"]], "account-alias-set") == "pass"
