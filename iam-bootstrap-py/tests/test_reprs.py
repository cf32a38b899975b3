"""Every class prints what it holds (never `<... object at 0x...>`, never a secret), and
`Bootstrap.from_dict` checks specs built in code."""

from __future__ import annotations

import json

import pytest

from iam_bootstrap import (
    AdminProvisioning,
    AssignmentSpec,
    Aws,
    Bootstrap,
    DirectoryGroupSpec,
    DirectoryUserSpec,
    IdentityCenterSpec,
    JobFunction,
    PasswordPolicy,
    PermissionSetSpec,
    PolicyDocument,
    RoleSpec,
    RootHardening,
    Trust,
    ValidationError,
    VirtualMfa,
)

SPEC = {
    "root": {"account_alias": "example-corp"},
    "roles": [{"name": "auditor", "trust": {"preset": "same_account_with_mfa", "max_mfa_age_seconds": 3600}}],
}


def everything() -> list[object]:
    aws = Aws.in_memory()
    user = DirectoryUserSpec("jdoe", given_name="Jane", family_name="Doe", email="jdoe@example.com")
    plan = PasswordPolicy.cis().plan(aws)
    enrollment = VirtualMfa("breakglass", create_user=True).enroll(aws)
    return [
        aws,
        Bootstrap.from_dict(SPEC),
        plan,
        plan.apply(aws),
        PasswordPolicy.cis(),
        PolicyDocument.allow(["s3:GetObject"], ["*"]),
        Trust.same_account_with_mfa(),
        RoleSpec("r", trust=Trust.same_account_with_mfa()),
        RootHardening(),
        RootHardening().audit(aws),
        VirtualMfa("breakglass"),
        enrollment,
        JobFunction.ViewOnlyAccess,
        user,
        DirectoryGroupSpec("Ops", members=["jdoe"]),
        PermissionSetSpec("Ops", session_duration="PT2H"),
        AssignmentSpec("Ops", group="Ops", accounts=["111111111111"]),
        IdentityCenterSpec(users=[user]),
        AdminProvisioning(user=user, accounts=["111111111111"]),
        *plan.changes,
        *RootHardening().audit(aws).findings,
    ]


def test_every_class_has_a_repr_that_says_what_it_holds() -> None:
    for value in everything():
        text = repr(value)
        assert " object at 0x" not in text, text
        assert text.startswith(type(value).__name__), text


def test_specs_print_their_content() -> None:
    assert repr(DirectoryGroupSpec("Ops", members=["jdoe"])) == 'DirectoryGroupSpec({"name":"Ops","description":"","members":["jdoe"]})'
    assert '"session_duration":"PT2H"' in repr(PermissionSetSpec("Ops", session_duration="PT2H"))
    assert "111111111111" in repr(AssignmentSpec("Ops", group="Ops", accounts=["111111111111"]))


def test_bootstrap_prints_python_booleans_and_role_names() -> None:
    assert repr(Bootstrap.from_dict(SPEC)) == "Bootstrap(root=True, admin=False, identity_center=False, roles=[\"auditor\"])"


def test_no_secret_reaches_a_repr() -> None:
    aws = Aws.in_memory()
    enrollment = VirtualMfa("breakglass", create_user=True).enroll(aws)
    shown = repr(enrollment) + str(enrollment)
    seed = enrollment.take_seed()
    assert seed and seed not in shown
    connected = Aws.connect(endpoint_url="http://127.0.0.1:9", region="us-east-1", access_key_id="AKIDEXAMPLE", secret_access_key="wJalrXUtnFEMI/K7MDENG")
    assert "wJalrXUtnFEMI" not in repr(connected)
    assert "AKIDEXAMPLE" not in repr(connected)


def test_aws_shows_where_calls_go() -> None:
    connected = Aws.connect(endpoint_url="http://127.0.0.1:9", region="eu-west-1", access_key_id="AKIDEXAMPLE", secret_access_key="s3cret")
    assert repr(connected) == "Aws(region='eu-west-1', endpoint_url='http://127.0.0.1:9')"
    assert (connected.region, connected.endpoint_url) == ("eu-west-1", "http://127.0.0.1:9")
    aws_itself = Aws.connect(region="us-east-2", access_key_id="AKIDEXAMPLE", secret_access_key="s3cret")
    assert repr(aws_itself) == "Aws(region='us-east-2')", "no endpoint shown for AWS's own"
    assert aws_itself.endpoint_url is None
    memory = Aws.in_memory()
    assert repr(memory) == "Aws.in_memory()"
    assert (memory.region, memory.endpoint_url) == (None, None)


def test_from_dict_is_from_json_of_the_same_spec() -> None:
    assert Bootstrap.from_dict(SPEC).to_json() == Bootstrap.from_json(json.dumps(SPEC)).to_json()
    assert Bootstrap.from_dict(SPEC).roles == ["auditor"]


def test_from_dict_rejects_a_bad_spec_with_its_path() -> None:
    with pytest.raises(ValidationError) as caught:
        Bootstrap.from_dict({"roles": [{"name": "bad name", "trust": {"preset": "same_account_with_mfa", "max_mfa_age_seconds": 3600}}]})
    assert caught.value.field.startswith("roles[0]")
    with pytest.raises(ValidationError):
        Bootstrap.from_dict({"roles": [{"name": object()}]})
