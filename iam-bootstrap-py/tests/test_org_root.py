"""Root user hardening across an organization from Python (centralized root access), on the
in-memory organization: enable as a plan, the AssumeRoot audit, removal, convergence, per-account
results, bad input, and the `_async` twins. moto serves none of these APIs."""

from __future__ import annotations

import asyncio
import json

import pytest

import iam_bootstrap as ib

MEMBERS = {
    "111111111111": {"password": True, "access_keys": ["AKIAROOTA00000000001"], "signing_certificates": ["CERTA"]},
    "222222222222": {},
    "333333333333": {"password": True, "mfa_devices": ["arn:aws:iam::333333333333:mfa/root"], "ou": "/Workloads"},
}


def _org_root(**kwargs: object) -> ib.OrgRoot:
    return ib.OrgRoot(ib.Aws.in_memory(member_roots=MEMBERS), **kwargs)  # type: ignore[arg-type]


def test_enable_audit_remove_and_converge() -> None:
    org_root = _org_root()
    plan = org_root.plan_enable()
    assert plan.steps == ["trusted_access_for_iam", "root_credentials_management", "root_sessions"]
    org_root.apply_enable(plan)
    assert org_root.plan_enable().is_empty()

    report = org_root.audit()
    assert report.centralized_root.status == "pass"
    assert report.centralized_root.cis_controls == ("CIS AWS Foundations Benchmark v7.0.0 2.1.1",)
    results = report.results
    assert results["111111111111"] == "audited" and results["123456789012"] == "skipped"
    mfa = report.findings("222222222222")[0]
    assert mfa.id == "root-mfa-enabled" and mfa.status == "not_applicable"
    assert "nothing for MFA to protect" in mfa.evidence
    failing = {f.id for f in report.findings("111111111111") if f.status == "fail"}
    assert {"root-access-keys-absent", "root-login-profile-absent"} <= failing
    assert report.totals["audited"] == 3
    assert json.loads(report.to_json())["totals"]["failing_accounts"] == 2
    assert "111111111111" in str(report) and "OrgRootReport(" in repr(report)

    removal = org_root.plan_removal(["login-profile", "access-keys"])
    assert set(removal.changes) == {"111111111111", "333333333333"}
    outcome = org_root.apply_removal(removal)
    assert outcome.all_done() and outcome.failed == {}
    assert org_root.plan_removal(["login-profile", "access-keys"]).is_empty()
    # The old plan again: everything already gone, which is success.
    assert org_root.apply_removal(removal).all_done()


def test_the_selector_and_the_async_twins() -> None:
    org_root = _org_root(ou="Root/Workloads")

    async def run() -> tuple[ib.OrgRootReport, ib.RemovalOutcome]:
        await org_root.apply_enable_async(await org_root.plan_enable_async())
        report = await org_root.audit_async()
        plan = await org_root.plan_removal_async(["mfa-devices"])
        return report, await org_root.apply_removal_async(plan)

    report, outcome = asyncio.run(run())
    assert list(report.results) == ["333333333333"]
    assert outcome.all_done()
    assert repr(org_root) == "OrgRoot(accounts=OU Root/Workloads)"


def test_bad_input_is_a_validation_error_before_any_call() -> None:
    aws = ib.Aws.in_memory(member_roots=MEMBERS)
    with pytest.raises(ib.ValidationError) as err:
        ib.OrgRoot(aws, session_seconds=901)
    assert err.value.field == "session_seconds"
    with pytest.raises(ib.ValidationError) as err:
        ib.OrgRoot(aws).plan_removal(["passwords"])
    assert err.value.field == "fix"
    with pytest.raises(ib.ValidationError):
        ib.Aws.in_memory(member_roots={"111111111111": {"pasword": True}})
    assert aws.calls() == {}


def test_outside_an_organization_is_a_typed_precondition() -> None:
    with pytest.raises(ib.PreconditionError) as err:
        ib.OrgRoot(ib.Aws.in_memory()).audit()
    assert err.value.reason == "not_in_organization"


def test_a_spec_with_an_org_root_section_loads_and_plans() -> None:
    text = (
        "[org_root]\n"
        'accounts = { organization = true, except = ["222222222222"] }\n'
        "enable = true\n"
        'remove = ["login-profile", "access-keys"]\n'
    )
    spec = ib.Bootstrap.from_toml(text)
    section = json.loads(spec.to_json())["org_root"]
    assert section["enable"] is True
    assert section["remove"] == ["login-profile", "access-keys"]
    # The shared plan leaves the section out (it is planned beside it, in Rust).
    assert spec.plan(ib.Aws.in_memory(member_roots=MEMBERS)).is_empty()
    with pytest.raises(ib.ValidationError) as err:
        ib.Bootstrap.from_toml('[org_root]\nremove = ["login-profile", "passwords"]\n')
    assert "org_root.remove[1]" in str(err.value)
