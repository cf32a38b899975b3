"""The bad-input catalog through the Python bindings: malformed names, paths, ARNs, account
IDs, durations, emails, policy JSON, oversized documents and spec files. Each row must raise
`ValidationError` whose `.field` is exactly the path of what is wrong (the spec's own keys,
`roles[0].name`, `admin.accounts[0]`), named in the message. What a row proves depends on where
it is refused: most rows are refused by a constructor or a spec-file parser, before there is
anything to plan, and prove the field is named; rows that yield a spec go on to plan it, and for
them the empty call counter proves validation comes before any API call. The line of a spec-file
key is checked by the Rust catalog (tests/offline/bad_input.rs)."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

from iam_bootstrap import (
    AdminProvisioning,
    AssignmentSpec,
    Aws,
    Bootstrap,
    DirectoryGroupSpec,
    DirectoryUserSpec,
    IdentityCenterSpec,
    PasswordPolicy,
    PermissionSetSpec,
    PolicyDocument,
    RoleSpec,
    RootHardening,
    Trust,
    ValidationError,
    VirtualMfa,
    least_privilege_permission_set,
    pack,
)

LAMBDA = Trust.service("lambda.amazonaws.com")


def role(name: str = "app", **kwargs: Any) -> RoleSpec:
    kwargs.setdefault("trust", LAMBDA)
    return RoleSpec(name, **kwargs)


def user(**kwargs: Any) -> DirectoryUserSpec:
    fields = {"given_name": "Jane", "family_name": "Doe", "email": "jane@example.com"}
    fields.update(kwargs)
    name = fields.pop("user_name", "jdoe")
    return DirectoryUserSpec(name, **fields)


def admin(**kwargs: Any) -> AdminProvisioning:
    kwargs.setdefault("user", user())
    kwargs.setdefault("accounts", ["111111111111"])
    return AdminProvisioning(**kwargs)


def allow(action: str = "s3:GetObject", resource: str = "*") -> PolicyDocument:
    return PolicyDocument.allow([action], [resource])


def doc(statement: dict[str, Any], version: str = "2012-10-17") -> str:
    return json.dumps({"Version": version, "Statement": [statement]})


def big_policy(chars: int) -> PolicyDocument:
    return PolicyDocument.allow(["s3:GetObject"], [f"arn:aws:s3:::bucket-{i:06}/*" for i in range(chars // 30)])


ROLE_TOML = '[[roles]]\nname = "app"\ntrust = { preset = "service", service = "lambda.amazonaws.com" }\n'
ADMIN_TOML = (
    '[admin]\naccounts = ["111111111111"]\n{extra}\n[admin.user]\nuser_name = "jdoe"\n'
    'given_name = "J"\nfamily_name = "D"\nemail = "j@example.com"\n'
)
PS_TOML = '[[identity_center.permission_sets]]\nname = "Ops"\n{extra}\n'
A = "a"

# (what, field the error must name, what to do with an in-memory account)
Row = tuple[str, str, Callable[[Aws], object]]

ROWS: list[Row] = [
    # ------------------------------------------------------------------ names
    ("empty role name", "name", lambda aws: role("").plan(aws)),
    ("role name with a space", "name", lambda aws: role("my role").plan(aws)),
    ("role name of 65 characters", "name", lambda aws: role(A * 65).plan(aws)),
    ("role name with a slash", "name", lambda aws: role("a/b").plan(aws)),
    ("role name with a non-ASCII letter", "name", lambda aws: role("rôle").plan(aws)),
    ("role name with a NUL", "name", lambda aws: role("a\0b").plan(aws)),
    ("inline policy name with a space", "inline_policies.my policy", lambda aws: role(inline_policies=[("my policy", allow())]).plan(aws)),
    ("customer policy name with a star", "customer_policies[0].name", lambda aws: role(customer_policies=[("p*", allow())]).plan(aws)),
    ("customer policy named twice", "customer_policies[1].name", lambda aws: role(customer_policies=[("p", allow()), ("P", allow("s3:PutObject"))]).plan(aws)),
    ("reserved identity-store user name", "user_name", lambda aws: user(user_name="Administrator")),
    ("identity-store user name with a space", "user_name", lambda aws: user(user_name="jane doe")),
    ("empty identity-store user name", "user_name", lambda aws: user(user_name="")),
    ("empty given name", "given_name", lambda aws: user(given_name="")),
    ("given name with a newline", "given_name", lambda aws: user(given_name="Ja\nne")),
    ("family name of 1,025 characters", "family_name", lambda aws: user(family_name=A * 1025)),
    ("empty display name", "display_name", lambda aws: user(display_name="")),
    ("empty group name", "name", lambda aws: DirectoryGroupSpec("")),
    ("group member with a space", "members[0]", lambda aws: DirectoryGroupSpec("Ops", members=["a b"])),
    ("permission set name of 33 characters", "name", lambda aws: PermissionSetSpec(A * 33)),
    ("permission set name with a space", "name", lambda aws: PermissionSetSpec("Read Only")),
    ("permission set description of 701 characters", "description", lambda aws: PermissionSetSpec("Ops", description=A * 701)),
    ("empty permission set description", "description", lambda aws: PermissionSetSpec("Ops", description="")),
    ("relay state of 241 characters", "relay_state", lambda aws: PermissionSetSpec("Ops", relay_state=A * 241)),
    ("empty admin group", "group", lambda aws: admin(group="").plan(aws)),
    ("admin permission set with a slash", "permission_set", lambda aws: admin(permission_set="Admin/Access").plan(aws)),
    ("MFA user name with a space", "user", lambda aws: VirtualMfa("break glass")),
    ("MFA device name with a slash", "device_name", lambda aws: VirtualMfa("ok", device_name="a/b")),
    ("MFA device name of 227 characters", "device_name", lambda aws: VirtualMfa("ok", device_name=A * 227)),
    ("least-privilege set with a bad name", "name", lambda aws: least_privilege_permission_set("a b", allow("s3:GetObject", "arn:aws:s3:::b/*"))),
    # ------------------------------------------------------------------ paths
    ("role path without slashes", "path", lambda aws: role(path="service").plan(aws)),
    ("role path without a trailing slash", "path", lambda aws: role(path="/service").plan(aws)),
    ("role path with an empty segment", "path", lambda aws: role(path="/a//b/").plan(aws)),
    ("role path with a space", "path", lambda aws: role(path="/a b/").plan(aws)),
    ("role path of 513 characters", "path", lambda aws: role(path="/" + A * 511 + "/").plan(aws)),
    ("MFA path without slashes", "path", lambda aws: VirtualMfa("ok", path="nope")),
    ("customer managed policy path without slashes", "customer_managed_policies[0].path", lambda aws: PermissionSetSpec("Ops", customer_managed_policies=["team/pol"])),
    # ------------------------------------------------------------------ ARNs
    ("managed policy that is not an ARN", "managed_policies[0]", lambda aws: role(managed_policies=["ReadOnlyAccess"]).plan(aws)),
    ("managed policy ARN of S3", "managed_policies[0]", lambda aws: role(managed_policies=["arn:aws:s3:::bucket"]).plan(aws)),
    ("managed policy ARN of a role", "managed_policies[0]", lambda aws: role(managed_policies=["arn:aws:iam::123456789012:role/x"]).plan(aws)),
    ("managed policy ARN with too few parts", "managed_policies[0]", lambda aws: role(managed_policies=["arn:aws:iam"]).plan(aws)),
    ("boundary that is not an ARN", "boundary", lambda aws: role(boundary_arn="PowerUserAccess").plan(aws)),
    ("boundary ARN of an S3 object", "boundary", lambda aws: role(boundary_arn="arn:aws:s3:::b/k").plan(aws)),
    ("boundary naming an undefined policy", "boundary", lambda aws: role(boundary_policy="missing").plan(aws)),
    ("permission set policy of a customer account", "managed_policies[0]", lambda aws: PermissionSetSpec("Ops", managed_policies=["arn:aws:iam::123456789012:policy/mine"])),
    ("permission set policy listed twice", "managed_policies[1]", lambda aws: PermissionSetSpec("Ops", managed_policies=["arn:aws:iam::aws:policy/ReadOnlyAccess"] * 2)),
    ("permission set boundary that is not an ARN", "permissions_boundary", lambda aws: PermissionSetSpec("Ops", permissions_boundary="arn:aws:s3:::x")),
    ("service trust that is not a service", "trust.service", lambda aws: role(trust=Trust.service("lambda")).plan(aws)),
    ("service trust with a space", "trust.service", lambda aws: role(trust=Trust.service("lambda .amazonaws.com")).plan(aws)),
    ("GitHub repository without an owner", "trust.repository", lambda aws: role(trust=Trust.github_actions("repo", "refs/heads/main")).plan(aws)),
    ("GitHub repository with three parts", "trust.repository", lambda aws: role(trust=Trust.github_actions("a/b/c", "refs/heads/main")).plan(aws)),
    ("GitHub subject of any ref", "trust.subject", lambda aws: role(trust=Trust.github_actions("org/repo", "*")).plan(aws)),
    ("empty GitHub subject", "trust.subject", lambda aws: role(trust=Trust.github_actions("org/repo", "")).plan(aws)),
    ("SAML provider with a slash", "trust.provider", lambda aws: role(trust=Trust.saml("a/b")).plan(aws)),
    ("external ID of one character", "trust.external_id", lambda aws: role(trust=Trust.third_party("111122223333", "x")).plan(aws)),
    ("external ID with a space", "trust.external_id", lambda aws: role(trust=Trust.third_party("111122223333", "a b")).plan(aws)),
    # ------------------------------------------------------------------ account IDs
    ("third-party account of 11 digits", "trust.account", lambda aws: role(trust=Trust.third_party("11112222333", "ext-id")).plan(aws)),
    ("account with MFA that has a letter", "trust.account", lambda aws: role(trust=Trust.account_with_mfa("11112222333x")).plan(aws)),
    ("admin account of 11 digits", "accounts[0]", lambda aws: admin(accounts=["11111111111"]).plan(aws)),
    ("admin second account with a letter", "accounts[1]", lambda aws: admin(accounts=["111111111111", "22222222222x"]).plan(aws)),
    ("admin account with dashes", "accounts[0]", lambda aws: admin(accounts=["1111-2222-3333"]).plan(aws)),
    ("admin without accounts", "accounts", lambda aws: admin(accounts=[]).plan(aws)),
    ("assignment account with a space", "accounts[0]", lambda aws: AssignmentSpec("Ops", group="Ops", accounts=[" 11111111111"])),
    ("assignment with an account twice", "accounts[1]", lambda aws: AssignmentSpec("Ops", group="Ops", accounts=["111111111111"] * 2)),
    ("assignment to both a user and a group", "principal", lambda aws: AssignmentSpec("Ops", group="Ops", user="jdoe", accounts=["111111111111"])),
    ("assignment to nobody", "principal", lambda aws: AssignmentSpec("Ops", accounts=["111111111111"])),
    ("assignment of a full-width account", "accounts[0]", lambda aws: AssignmentSpec("Ops", group="Ops", accounts=["１１１１２２２２３３３３"])),
    ("a user defined twice", "users[1].user_name", lambda aws: IdentityCenterSpec(users=[user(), user()]).plan(aws)),
    ("instance ARN of a permission set", "instance_arn", lambda aws: IdentityCenterSpec(instance_arn="arn:aws:sso:::permissionSet/ssoins-0000000000000001/ps-0000000000000001")),
    ("admin instance ARN too short", "instance_arn", lambda aws: admin(instance_arn="arn:aws:sso:::instance/ssoins-1").plan(aws)),
    ("in-memory account failing a bad account", "fail_assignments_to", lambda aws: Aws.in_memory(fail_assignments_to={"12": "x"})),
    # ------------------------------------------------------------------ aliases and choices
    ("alias with uppercase", "account_alias", lambda aws: RootHardening(account_alias="Example").plan(aws)),
    ("alias of 12 digits", "account_alias", lambda aws: RootHardening(account_alias="123456789012").plan(aws)),
    ("alias of two characters", "account_alias", lambda aws: RootHardening(account_alias="ab").plan(aws)),
    ("alias starting with a hyphen", "account_alias", lambda aws: RootHardening(account_alias="-corp").plan(aws)),
    ("alias with two hyphens", "account_alias", lambda aws: RootHardening(account_alias="a--b").plan(aws)),
    ("alias with an underscore", "account_alias", lambda aws: RootHardening(account_alias="a_b").plan(aws)),
    ("root keys to shred", "root_access_keys", lambda aws: RootHardening(root_access_keys="shred")),  # type: ignore[arg-type]
    ("an MFA kind that does not exist", "mfa", lambda aws: RootHardening(mfa="sms")),  # type: ignore[arg-type]
    ("a caller that does not exist", "caller", lambda aws: Aws.in_memory(caller="admin")),  # type: ignore[arg-type]
    ("a root MFA that does not exist", "root_mfa", lambda aws: Aws.in_memory(root_mfa="sms")),  # type: ignore[arg-type]
    ("a policy context that does not exist", "context", lambda aws: allow().validate("everywhere")),
    ("a size limit that does not exist", "limit", lambda aws: pack([allow()], "huge")),
    # ------------------------------------------------------------------ durations and ranges
    ("role session of 59 minutes", "max_session_seconds", lambda aws: role(max_session_seconds=3599).plan(aws)),
    ("role session of 13 hours", "max_session_seconds", lambda aws: role(max_session_seconds=13 * 3600).plan(aws)),
    ("session duration of 30 minutes", "session_duration", lambda aws: PermissionSetSpec("Ops", session_duration="PT30M")),
    ("session duration of 13 hours", "session_duration", lambda aws: PermissionSetSpec("Ops", session_duration="PT13H")),
    ("session duration that is not a duration", "session_duration", lambda aws: PermissionSetSpec("Ops", session_duration="one hour")),
    ("empty session duration", "session_duration", lambda aws: PermissionSetSpec("Ops", session_duration="")),
    ("session duration in days", "session_duration", lambda aws: PermissionSetSpec("Ops", session_duration="P1D")),
    ("negative session duration", "session_duration", lambda aws: PermissionSetSpec("Ops", session_duration="-PT1H")),
    ("admin session of 24 hours", "session_duration", lambda aws: admin(session_duration="PT24H").plan(aws)),
    ("root usage window of zero days", "root_usage_window_days", lambda aws: RootHardening(root_usage_window_days=0)),
    ("root usage window of 100,000 days", "root_usage_window_days", lambda aws: RootHardening(root_usage_window_days=100_000)),
    ("password minimum length 5", "password_policy.minimum_password_length", lambda aws: PasswordPolicy(minimum_password_length=5).plan(aws)),
    ("password minimum length 129", "password_policy.minimum_password_length", lambda aws: PasswordPolicy(minimum_password_length=129).plan(aws)),
    ("password max age 0", "password_policy.max_password_age", lambda aws: PasswordPolicy(max_password_age_days=0).plan(aws)),
    ("password max age 1,096", "password_policy.max_password_age", lambda aws: PasswordPolicy(max_password_age_days=1096).plan(aws)),
    ("password reuse 25", "password_policy.password_reuse_prevention", lambda aws: PasswordPolicy(password_reuse_prevention=25).plan(aws)),
    ("password reuse 0", "password_policy.password_reuse_prevention", lambda aws: PasswordPolicy(password_reuse_prevention=0).plan(aws)),
    ("deactivating kept root keys", "deactivate_before_delete", lambda aws: RootHardening(deactivate_before_delete=True)),
    ("eleven outstanding assignments", "max_outstanding_assignments", lambda aws: IdentityCenterSpec(max_outstanding_assignments=11)),
    ("no outstanding assignments", "max_outstanding_assignments", lambda aws: IdentityCenterSpec(max_outstanding_assignments=0)),
    # ------------------------------------------------------------------ emails
    ("email without an @", "email", lambda aws: user(email="jane.example.com")),
    ("email without a domain dot", "email", lambda aws: user(email="jane@example")),
    ("email with two @", "email", lambda aws: user(email="a@b@example.com")),
    ("email with a space", "email", lambda aws: user(email="jane doe@example.com")),
    ("email with an empty local part", "email", lambda aws: user(email="@example.com")),
    ("email with a trailing dot", "email", lambda aws: user(email="jane@example.com.")),
    ("email with two dots", "email", lambda aws: user(email="jane@example..com")),
    ("email of 129 characters", "email", lambda aws: user(email=A * 117 + "@example.com")),
    ("email with a non-ASCII letter", "email", lambda aws: user(email="jané@example.com")),
    ("admin with a bad email", "email", lambda aws: admin(user=user(email="nope")).plan(aws)),
    # ------------------------------------------------------------------ tags and texts
    ("role tag with the aws: prefix", "tags.aws:x", lambda aws: role(tags=[("aws:x", "1")]).plan(aws)),
    ("role tag with the AWS: prefix", "tags.AWS:x", lambda aws: role(tags=[("AWS:x", "1")]).plan(aws)),
    ("role tag that is the ownership marker", "tags.managed-by", lambda aws: role(tags=[("managed-by", "me")]).plan(aws)),
    ("role tag key of 129 characters", "tags.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", lambda aws: role(tags=[(A * 129, "1")]).plan(aws)),
    ("role tag value of 257 characters", "tags.k", lambda aws: role(tags=[("k", A * 257)]).plan(aws)),
    ("role tag key with braces", "tags.{k}", lambda aws: role(tags=[("{k}", "v")]).plan(aws)),
    ("role tag value with a semicolon", "tags.k", lambda aws: role(tags=[("k", "a;b")]).plan(aws)),
    ("fifty role tags", "tags", lambda aws: role(tags=[(f"k{n}", "v") for n in range(50)]).plan(aws)),
    ("permission set tag with the aws: prefix", "tags.aws:x", lambda aws: PermissionSetSpec("Ops", tags={"aws:x": "1"})),
    ("permission set tag with the AWS: prefix", "tags.AWS:x", lambda aws: PermissionSetSpec("Ops", tags={"AWS:x": "1"})),
    ("permission set tag key with a star", "tags.a*", lambda aws: PermissionSetSpec("Ops", tags={"a*": "1"})),
    ("permission set ownership tag", "tags.managed-by", lambda aws: PermissionSetSpec("Ops", tags={"managed-by": "me"})),
    ("role description of 1,001 characters", "description", lambda aws: role(description=A * 1001).plan(aws)),
    ("role description with an emoji", "description", lambda aws: role(description="deploys 🚀").plan(aws)),
    # ------------------------------------------------------------------ policy JSON
    ("inline policy granting everything", "inline_policies.all", lambda aws: role(inline_policies=[("all", allow("*", "*"))]).plan(aws)),
    ("custom trust without a principal", "trust", lambda aws: role(trust=Trust.custom(allow("sts:AssumeRole"))).plan(aws)),
    ("policy that is not JSON", "policy", lambda aws: PolicyDocument.from_json("{not json")),
    ("policy that is an array", "policy", lambda aws: PolicyDocument.from_json("[]")),
    ("policy with an unknown element", "policy", lambda aws: PolicyDocument.from_json(doc({"Effect": "Allow", "Actions": "s3:*", "Resource": "*"}))),
    ("policy with a duplicate element", "policy", lambda aws: PolicyDocument.from_json('{"Version":"2012-10-17","Version":"2012-10-17","Statement":[]}')),
    ("policy whose action is a number", "policy", lambda aws: PolicyDocument.from_json(doc({"Effect": "Allow", "Action": 5, "Resource": "*"}))),
    ("policy with an empty statement list", "policy", lambda aws: PolicyDocument.from_json('{"Version":"2012-10-17","Statement":[]}').validate()),
    ("identity policy without a resource", "policy", lambda aws: PolicyDocument.from_json(doc({"Effect": "Allow", "Action": "s3:GetObject"})).validate("identity")),
    ("permission set inline policy that is not JSON", "inline_policy", lambda aws: PermissionSetSpec("Ops", inline_policy="{not json")),
    ("permission set inline policy with a bad effect", "inline_policy", lambda aws: PermissionSetSpec("Ops", inline_policy=doc({"Effect": "Maybe", "Action": "s3:*", "Resource": "*"}))),
    ("permission set inline policy with a principal", "inline_policy", lambda aws: PermissionSetSpec("Ops", inline_policy=doc({"Effect": "Allow", "Principal": "*", "Action": "s3:*", "Resource": "*"}))),
    ("permission set inline policy with an unknown version", "inline_policy", lambda aws: PermissionSetSpec("Ops", inline_policy=doc({"Effect": "Allow", "Action": "s3:GetObject", "Resource": "*"}, "2013-01-01"))),
    ("permission set inline policy that is empty", "inline_policy", lambda aws: PermissionSetSpec("Ops", inline_policy="")),
    ("permission set inline dict with a bad action", "inline_policy", lambda aws: PermissionSetSpec("Ops", inline_policy={"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "GetObject", "Resource": "*"}]})),
    ("least-privilege set granting everything", "permission_sets.Ops.inline_policy", lambda aws: least_privilege_permission_set("Ops", allow("*", "*"))),
    # ------------------------------------------------------------------ oversized documents
    ("inline policies over 10,240 characters", "inline_policies", lambda aws: role(inline_policies=[("big", big_policy(11_000))]).plan(aws)),
    ("customer policy over 6,144 characters", "customer_policies[0].document", lambda aws: role(customer_policies=[("big", big_policy(7_000))]).plan(aws)),
    ("permission set inline policy over 10,240", "inline_policy", lambda aws: PermissionSetSpec("Ops", inline_policy=big_policy(11_000).to_json())),
    ("twenty-one managed policies on a role", "managed_policies", lambda aws: role(managed_policies=[f"arn:aws:iam::aws:policy/P{n}" for n in range(21)]).plan(aws)),
    ("twenty-one policies on a permission set", "managed_policies", lambda aws: PermissionSetSpec("Ops", managed_policies=[f"arn:aws:iam::aws:policy/P{n}" for n in range(21)])),
    ("an identity document over 6,144 characters", "policy", lambda aws: big_policy(7_000).validate("identity")),
    ("a service control policy over 5,120 characters", "policy", lambda aws: big_policy(7_000).validate("scp")),
    # ------------------------------------------------------------------ spec files
    ("not TOML at all", "spec", lambda aws: Bootstrap.from_toml("this is not toml").plan(aws)),
    ("an unclosed table", "spec", lambda aws: Bootstrap.from_toml("[root\n").plan(aws)),
    ("an unknown section", "colour", lambda aws: Bootstrap.from_toml('colour = "red"\n').plan(aws)),
    ("a bad alias in a spec", "root.account_alias", lambda aws: Bootstrap.from_toml('[root]\naccount_alias = "Not Valid"\n').plan(aws)),
    ("root keys to shred in a spec", "root.root_access_keys", lambda aws: Bootstrap.from_toml('[root]\nroot_access_keys = "shred"\n').plan(aws)),
    ("a string password length", "root.password_policy.minimum_password_length", lambda aws: Bootstrap.from_toml('[root.password_policy]\nminimum_password_length = "x"\n').plan(aws)),
    ("a password length of 200", "root.password_policy.minimum_password_length", lambda aws: Bootstrap.from_toml("[root.password_policy]\nminimum_password_length = 200\n").plan(aws)),
    ("roles as a table", "roles", lambda aws: Bootstrap.from_toml('[roles]\nname = "x"\n').plan(aws)),
    ("a role without a trust", "roles[0]", lambda aws: Bootstrap.from_toml('[[roles]]\nname = "app"\n').plan(aws)),
    ("a role with a bad name", "roles[0].name", lambda aws: Bootstrap.from_toml(ROLE_TOML.replace('"app"', '"bad name"')).plan(aws)),
    ("a role with an unknown field", "roles[0].colour", lambda aws: Bootstrap.from_toml(ROLE_TOML + 'colour = "red"\n').plan(aws)),
    ("a role with a short session", "roles[0].max_session_seconds", lambda aws: Bootstrap.from_toml(ROLE_TOML + "max_session_seconds = 60\n").plan(aws)),
    ("two roles of the same name", "roles[1].name", lambda aws: Bootstrap.from_toml(ROLE_TOML + ROLE_TOML.replace('"app"', '"APP"')).plan(aws)),
    ("an admin with a bad account", "admin.accounts[0]", lambda aws: Bootstrap.from_toml(ADMIN_TOML.format(extra="").replace("111111111111", "1")).plan(aws)),
    ("an admin with an unknown field", "admin.colour", lambda aws: Bootstrap.from_toml(ADMIN_TOML.format(extra='colour = "red"')).plan(aws)),
    ("a permission set with a bad session", "identity_center.permission_sets[0].session_duration", lambda aws: Bootstrap.from_toml(PS_TOML.format(extra='session_duration = "PT0H"')).plan(aws)),
    ("a permission set with a bad name", "identity_center.permission_sets[0].name", lambda aws: Bootstrap.from_toml(PS_TOML.format(extra="").replace('"Ops"', '"Read Only"')).plan(aws)),
    ("a deeply nested TOML array", "spec", lambda aws: Bootstrap.from_toml("x = " + "[" * 10_000 + "]" * 10_000 + "\n").plan(aws)),
    ("a JSON array", "spec", lambda aws: Bootstrap.from_json("[]").plan(aws)),
    ("JSON with trailing data", "spec", lambda aws: Bootstrap.from_json("{} {}").plan(aws)),
    ("not JSON at all", "spec", lambda aws: Bootstrap.from_json("roles: []").plan(aws)),
    ("a JSON role with an unknown preset", "roles[0].trust.preset", lambda aws: Bootstrap.from_json('{"roles": [{"name": "x", "trust": {"preset": "nope"}}]}').plan(aws)),
    ("a JSON bad alias", "root.account_alias", lambda aws: Bootstrap.from_json('{"root": {"account_alias": "UPPER"}}').plan(aws)),
    ("a deeply nested JSON array", "roles[0][0]", lambda aws: Bootstrap.from_json('{"roles": ' + "[" * 10_000 + "]" * 10_000 + "}").plan(aws)),
    ("an Identity Center spec with a bad account", "identity_center", lambda aws: IdentityCenterSpec.from_json('{"assignments": [{"permission_set": "Ops", "principal": {"group": "Ops"}, "accounts": ["1"]}]}').plan(aws)),
    ("an Identity Center spec that is not JSON", "identity_center", lambda aws: IdentityCenterSpec.from_json("{").plan(aws)),
]


def test_the_catalog_has_at_least_a_hundred_rows() -> None:
    assert len(ROWS) >= 100, len(ROWS)


@pytest.mark.parametrize(("what", "field", "attempt"), ROWS, ids=[row[0] for row in ROWS])
def test_bad_input_is_rejected_with_its_field_before_any_call(
    what: str, field: str, attempt: Callable[[Aws], object]
) -> None:
    aws = Aws.in_memory()
    with pytest.raises(ValidationError) as caught:
        attempt(aws)
    rejected = caught.value.field
    # The exact path, as the Rust catalog expects it (not a substring, not a section).
    assert rejected == field, f"{what}: .field is {rejected!r}, expected {field!r}: {caught.value}"
    assert f"invalid {field}" in str(caught.value), f"{what}: the message does not name {field!r}: {caught.value}"
    # Only rows that get as far as `plan` can make a call; for them this is the check that
    # validation comes before any API call. Rows refused by a constructor or a parser prove
    # the field is named (the account is never reached).
    assert aws.calls() == {}, f"{what}: API calls were made: {aws.calls()}"
