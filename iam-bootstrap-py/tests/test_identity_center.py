"""Identity Center from Python: the admin preset, the general spec, job functions, async
states on the in-memory account, and what boto3 sees on moto."""

from __future__ import annotations

import json
import uuid

import pytest
from .examples_command import example_command

from iam_bootstrap import (
    AdminProvisioning,
    ApplyError,
    AssignmentSpec,
    Aws,
    DirectoryGroupSpec,
    DirectoryUserSpec,
    IamBootstrapError,
    IdentityCenterSpec,
    JobFunction,
    PermissionSetSpec,
    PreconditionError,
    Revocation,
    ValidationError,
)

from .conftest import MotoAccount

ADMIN = "arn:aws:iam::aws:policy/AdministratorAccess"
ACCOUNTS = ["111111111111", "222222222222", "333333333333"]


def jane(name: str = "jdoe") -> DirectoryUserSpec:
    return DirectoryUserSpec(name, given_name="Jane", family_name="Doe", email=f"{name}@example.com")


def test_admin_preset_applies_once_then_converges() -> None:
    aws = Aws.in_memory(assignment_polls=2)
    admin = AdminProvisioning(user=jane(), accounts=ACCOUNTS)
    plan = admin.plan(aws)
    assert len(plan) == 6
    assert str(plan.changes[0]) == "create Identity Center user `jdoe` (Jane Doe, jdoe@example.com)"
    assert any("assign group `Administrators` permission set `AdministratorAccess` in 3 account(s)" in str(c) for c in plan.changes)
    outcome = plan.apply(aws)
    assert outcome.calls["sso:CreateAccountAssignment"] == 3
    assert outcome.calls["sso:DescribeAccountAssignmentCreationStatus"] == 6

    again = admin.plan(aws)
    assert again.is_empty()
    assert again.apply(aws).reads == 0


def test_the_plan_is_data() -> None:
    aws = Aws.in_memory()
    data = AdminProvisioning(user=jane(), accounts=ACCOUNTS[:1]).plan(aws).to_dict()
    actions = [c["action"] for c in data["changes"]]
    assert actions == [
        "create_user",
        "create_group",
        "add_group_member",
        "create_permission_set",
        "attach_managed_policy",
        "create_account_assignments",
    ]
    assert all(c["capability"] == "identity_center" for c in data["changes"])
    assert data["changes"][3]["fields"]["session_duration"] == "PT1H"


def test_a_failed_assignment_raises_with_its_reason() -> None:
    aws = Aws.in_memory(assignment_polls=1, fail_assignments_to={ACCOUNTS[1]: "account suspended"})
    admin = AdminProvisioning(user=jane(), accounts=ACCOUNTS)
    with pytest.raises(ApplyError) as caught:
        admin.plan(aws).apply(aws)
    assert "account suspended" in str(caught.value)
    assert caught.value.step == 5
    # Only the failed account is left to do.
    assert [str(c) for c in admin.plan(aws).changes] == [
        "assign group `Administrators` permission set `AdministratorAccess` in 1 account(s) (222222222222), at most 10 at a time"
    ]


def test_identity_center_must_be_enabled() -> None:
    with pytest.raises(PreconditionError, match="IAM Identity Center is not enabled in this account/region"):
        AdminProvisioning(user=jane(), accounts=ACCOUNTS).plan(Aws.in_memory(identity_center_instances=0))


@pytest.mark.parametrize(
    ("build", "field"),
    [
        (lambda: DirectoryUserSpec("jdoe", given_name="J", family_name="D", email="nope"), "email"),
        (lambda: AdminProvisioning(user=jane(), accounts=[]), "accounts"),
        (lambda: AdminProvisioning(user=jane(), accounts=["12"]), "accounts[0]"),
        (lambda: AdminProvisioning(user=jane(), accounts=ACCOUNTS, session_duration="PT13H"), "session_duration"),
        (lambda: PermissionSetSpec("Too-long-name-for-a-permission-set"), "name"),
        (lambda: PermissionSetSpec("X", managed_policies=["arn:aws:iam::123456789012:policy/Mine"]), "managed_policies[0]"),
        (lambda: PermissionSetSpec("X", inline_policy={"Statement": []}), "inline_policy"),
        (lambda: AssignmentSpec("X", accounts=ACCOUNTS), "principal"),
        (
            lambda: IdentityCenterSpec(permission_sets=[PermissionSetSpec("A"), PermissionSetSpec("a")]),
            "permission_sets[1].name",
        ),
    ],
)
def test_bad_input_is_a_typed_error_naming_the_field(build, field: str) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as caught:
        build()
    assert caught.value.field == field


def test_job_functions_have_their_real_arns() -> None:
    assert JobFunction.ViewOnlyAccess.arn == "arn:aws:iam::aws:policy/job-function/ViewOnlyAccess"
    assert JobFunction.AdministratorAccess.arn == ADMIN
    assert len(JobFunction.all()) == 11
    aws = Aws.in_memory()
    spec = IdentityCenterSpec(
        permission_sets=[
            PermissionSetSpec(
                "Auditors",
                session_duration="PT4H",
                managed_policies=[JobFunction.SecurityAudit, JobFunction.ViewOnlyAccess],
                inline_policy={"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "s3:GetObject", "Resource": "*"}]},
            )
        ]
    )
    plan = spec.plan(aws)
    assert "attach AWS managed policy `ViewOnlyAccess` to permission set `Auditors`" in [str(c) for c in plan.changes]
    plan.apply(aws)
    assert spec.plan(aws).is_empty()


def test_a_spec_loads_from_json_with_validation() -> None:
    text = json.dumps(
        {
            "users": [{"user_name": "jdoe", "given_name": "Jane", "family_name": "Doe", "email": "j@example.com"}],
            "groups": [{"name": "Admins", "members": ["jdoe"]}],
            "permission_sets": [{"name": "Admin", "managed_policies": [ADMIN]}],
            "assignments": [{"permission_set": "Admin", "principal": {"group": "Admins"}, "accounts": ACCOUNTS}],
        }
    )
    spec = IdentityCenterSpec.from_json(text)
    assert json.loads(spec.to_json())["permission_sets"][0]["session_duration"] == "PT1H"
    aws = Aws.in_memory()
    spec.plan(aws).apply(aws)
    assert spec.plan(aws).is_empty()
    with pytest.raises(ValidationError, match=r"assignments\[0\]\.accounts\[1\]"):
        IdentityCenterSpec.from_json(text.replace("222222222222", "22"))


@pytest.mark.asyncio
async def test_async_twins() -> None:
    aws = Aws.in_memory()
    admin = AdminProvisioning(user=jane(), accounts=ACCOUNTS[:2], group="Ops", permission_set="OpsAdmin")
    plan = await admin.plan_async(aws)
    await plan.apply_async(aws)
    assert (await admin.plan_async(aws)).is_empty()
    assert (await admin.spec.plan_async(aws)).is_empty()


@pytest.mark.moto
def test_boto3_sees_the_admin_on_moto(moto: MotoAccount) -> None:
    suffix = uuid.uuid4().hex[:8]
    group, permission_set = f"Administrators-{suffix}", f"Admin-{suffix}"
    admin = AdminProvisioning(
        user=jane(f"admin-{suffix}"), accounts=[moto.account_id], group=group, permission_set=permission_set
    )
    admin.plan(moto.aws).apply(moto.aws)

    sso, store = moto.client("sso-admin"), moto.client("identitystore")
    instance = sso.list_instances()["Instances"][0]
    instance_arn, store_id = instance["InstanceArn"], instance["IdentityStoreId"]

    user_id = store.get_user_id(
        IdentityStoreId=store_id,
        AlternateIdentifier={"UniqueAttribute": {"AttributePath": "userName", "AttributeValue": f"admin-{suffix}"}},
    )["UserId"]
    group_id = store.get_group_id(
        IdentityStoreId=store_id,
        AlternateIdentifier={"UniqueAttribute": {"AttributePath": "displayName", "AttributeValue": group}},
    )["GroupId"]
    memberships = store.list_group_memberships(IdentityStoreId=store_id, GroupId=group_id)["GroupMemberships"]
    assert [m["MemberId"]["UserId"] for m in memberships] == [user_id]

    set_arn = next(
        arn
        for arn in sso.list_permission_sets(InstanceArn=instance_arn)["PermissionSets"]
        if sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=arn)["PermissionSet"]["Name"]
        == permission_set
    )
    described = sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=set_arn)["PermissionSet"]
    assert described["SessionDuration"] == "PT1H"
    policies = sso.list_managed_policies_in_permission_set(InstanceArn=instance_arn, PermissionSetArn=set_arn)
    assert [p["Arn"] for p in policies["AttachedManagedPolicies"]] == [ADMIN]

    assignments = sso.list_account_assignments(
        InstanceArn=instance_arn, AccountId=moto.account_id, PermissionSetArn=set_arn
    )["AccountAssignments"]
    assert [(a["PrincipalType"], a["PrincipalId"], a["AccountId"]) for a in assignments] == [
        ("GROUP", group_id, moto.account_id)
    ]

    # Converged: nothing to do, and applying makes no call.
    again = admin.plan(moto.aws)
    assert again.is_empty()
    assert again.apply(moto.aws).writes == 0


@pytest.mark.moto
def test_a_set_the_library_did_not_create_is_refused_until_adopted_on_moto(moto: MotoAccount) -> None:
    # A hand-made set with the preset's name and a different session: the plan would
    # rewrite it, so it must be adopted explicitly. moto cannot list sso-admin tags (HTTP
    # 500), so there the ownership check stops the plan with a service error rather than a
    # PreconditionError (that refusal is tested on the in-memory account); either way
    # nothing is written. With adopt it converges.
    sso = moto.client("sso-admin")
    instance = sso.list_instances()["Instances"][0]
    instance_arn = instance["InstanceArn"]
    theirs = sso.create_permission_set(
        InstanceArn=instance_arn, Name="AdministratorAccess", Description="by hand", SessionDuration="PT4H"
    )["PermissionSet"]["PermissionSetArn"]

    def session() -> str:
        described = sso.describe_permission_set(InstanceArn=instance_arn, PermissionSetArn=theirs)
        return str(described["PermissionSet"]["SessionDuration"])

    with pytest.raises(IamBootstrapError):
        AdminProvisioning(user=jane(), accounts=[moto.account_id]).plan(moto.aws)
    assert session() == "PT4H"
    assert moto.client("identitystore").list_users(IdentityStoreId=instance["IdentityStoreId"])["Users"] == []

    admin = AdminProvisioning(user=jane(), accounts=[moto.account_id], adopt_permission_set=True)
    admin.plan(moto.aws).apply(moto.aws)
    assert session() == "PT1H"
    assert admin.plan(moto.aws).is_empty()


def test_a_set_the_library_created_converges_without_adopting() -> None:
    aws = Aws.in_memory()
    other = IdentityCenterSpec(permission_sets=[PermissionSetSpec("AdministratorAccess", session_duration="PT4H")])
    other.plan(aws).apply(aws)  # created by the library: tagged, so owned
    admin = AdminProvisioning(user=jane(), accounts=ACCOUNTS[:1])
    admin.plan(aws).apply(aws)  # owned, so converged to one hour
    assert admin.plan(aws).is_empty()


def test_group_specs_validate_members() -> None:
    with pytest.raises(ValidationError) as caught:
        DirectoryGroupSpec("Admins", members=["a", "A"])
    assert caught.value.field == "members[1]"


@pytest.mark.moto
def test_provision_admin_example_against_moto(moto_endpoint: str) -> None:
    """The example with every flag, on moto's default account, checked with boto3."""
    import os
    import subprocess
    from pathlib import Path

    import boto3

    suffix = uuid.uuid4().hex[:8]
    user, group = f"ops-{suffix}", f"Ops-{suffix}"
    env = dict(os.environ, AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing", AWS_REGION="us-east-1")
    command = [
        *example_command("provision_admin"),
        "--endpoint-url", moto_endpoint, "--emulator-gaps", "moto", "--user-name", user, "--email", f"{user}@example.com",
        "--given-name", "Olga", "--family-name", "Ops", "--account-id", "111111111111",
        "--account-id", "222222222222", "--group", group, "--json",
    ]  # fmt: skip
    root = Path(__file__).resolve().parents[2]
    for _ in range(2):
        result = subprocess.run(command, cwd=root, env=env, capture_output=True, text=True, timeout=900, check=False)
        assert result.returncode == 0, result.stderr

    sso = boto3.client(
        "sso-admin", endpoint_url=moto_endpoint, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    store = boto3.client(
        "identitystore", endpoint_url=moto_endpoint, region_name="us-east-1", aws_access_key_id="testing", aws_secret_access_key="testing"
    )
    instance = sso.list_instances()["Instances"][0]
    group_id = store.get_group_id(
        IdentityStoreId=instance["IdentityStoreId"],
        AlternateIdentifier={"UniqueAttribute": {"AttributePath": "displayName", "AttributeValue": group}},
    )["GroupId"]
    set_arn = next(
        arn
        for arn in sso.list_permission_sets(InstanceArn=instance["InstanceArn"])["PermissionSets"]
        if sso.describe_permission_set(InstanceArn=instance["InstanceArn"], PermissionSetArn=arn)["PermissionSet"]["Name"]
        == "AdministratorAccess"
    )
    for account in ("111111111111", "222222222222"):
        assignments = sso.list_account_assignments(
            InstanceArn=instance["InstanceArn"], AccountId=account, PermissionSetArn=set_arn
        )["AccountAssignments"]
        # Exactly one: the second run created nothing.
        assert [a["PrincipalId"] for a in assignments if a["PrincipalId"] == group_id] == [group_id]
    # The second run planned nothing: its last JSON document is an outcome without writes.
    assert '"writes": 0' in result.stdout


def _team_a(*, sets: list[str], members: list[str], prune: bool = False) -> IdentityCenterSpec:
    """Team a: users alice and bob, group devs with `members`, the sets `sets`, each set
    assigned to devs in the first account."""
    return IdentityCenterSpec(
        name="team-a",
        prune=prune,
        users=[jane("alice"), jane("bob")],
        groups=[DirectoryGroupSpec("devs", members=members)],
        permission_sets=[PermissionSetSpec(s, managed_policies=[ADMIN]) for s in sets],
        assignments=[AssignmentSpec(s, group="devs", accounts=ACCOUNTS[:1]) for s in sets],
    )


def test_prune_and_destroy_identity_center() -> None:
    aws = Aws.in_memory(assignment_polls=2)
    team_a = _team_a(sets=["Dev", "Ops"], members=["alice", "bob"])
    assert (team_a.name, team_a.prune) == ("team-a", False)
    team_a.plan(aws).apply(aws)

    smaller = _team_a(sets=["Dev"], members=["alice"])
    assert smaller.plan(aws).deletions == 0, "without prune, what the spec dropped stays"
    plan = smaller.plan(aws, prune=True)
    actions = [c["action"] for c in plan.to_dict()["changes"]]
    assert actions == ["delete_account_assignments", "remove_group_member", "delete_permission_set"]
    assert plan.deletions == 3 and "[DELETE] delete permission set `Ops`" in str(plan)
    with pytest.raises(PreconditionError) as caught:
        plan.apply(aws)
    assert caught.value.reason == "deletions_not_allowed"
    plan.apply(aws, allow_deletions=True)
    assert smaller.plan(aws, prune=True).is_empty()

    destroy = smaller.destroy_plan(aws)
    assert [c["action"] for c in destroy.to_dict()["changes"]] == [
        "delete_account_assignments",
        "remove_group_member",
        "delete_permission_set",
    ]
    destroy.apply(aws, allow_deletions=True)
    assert smaller.destroy_plan(aws).is_empty()


def test_revoke_a_person() -> None:
    aws = Aws.in_memory()
    AdminProvisioning(user=jane(), accounts=ACCOUNTS[:1]).plan(aws).apply(aws)
    revoke = Revocation("jdoe", delete_user=True)
    assert (revoke.user_name, revoke.groups, revoke.delete_user) == ("jdoe", ["Administrators"], True)
    plan = revoke.plan(aws)
    assert [c["action"] for c in plan.to_dict()["changes"]] == ["remove_group_member", "delete_user"]
    plan.apply(aws, allow_deletions=True)
    assert revoke.plan(aws).is_empty()
    with pytest.raises(ValidationError) as caught:
        Revocation("jdoe", groups=[""])
    assert caught.value.field == "groups[0]"


@pytest.mark.asyncio
async def test_destroy_and_revocation_async_twins() -> None:
    aws = Aws.in_memory()
    spec = _team_a(sets=["Dev"], members=["alice"])
    await (await spec.plan_async(aws)).apply_async(aws)
    assert (await spec.plan_async(aws, prune=True)).is_empty()
    assert (await Revocation("alice", groups=["devs"]).plan_async(aws)).deletions == 1
    destroy = await spec.destroy_plan_async(aws)
    await destroy.apply_async(aws, allow_deletions=True)
    assert (await spec.destroy_plan_async(aws)).is_empty()
