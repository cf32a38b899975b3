"""The action catalog's expansion and the full evaluation chain from Python."""

import pytest

import iam_bootstrap
from iam_bootstrap import ChainEvaluation, PolicyDocument, evaluate_chain, expand_actions

USER = "arn:aws:iam::111122223333:user/jane"
OBJECT = "arn:aws:s3:::reports/a.csv"


def doc(effect: str, action: str) -> PolicyDocument:
    return PolicyDocument.from_json(
        f'{{"Version":"2012-10-17","Statement":[{{"Effect":"{effect}","Action":"{action}","Resource":"*"}}]}}'
    )


def test_expand_actions_uses_the_catalog() -> None:
    gets = expand_actions("s3:Get*")
    assert "s3:GetObject" in gets
    assert all(a.startswith("s3:Get") for a in gets)
    assert expand_actions("IAM:getrole") == ["iam:GetRole"]
    assert expand_actions("s3:GetObjects") == []
    assert expand_actions("nosuchservice:*") == []


def test_an_scp_deny_is_named() -> None:
    answer = evaluate_chain(
        "s3:GetObject",
        OBJECT,
        principal=USER,
        identity=[doc("Allow", "s3:*")],
        scps=[[doc("Allow", "*")], [doc("Allow", "*"), doc("Deny", "s3:GetObject")]],
    )
    assert isinstance(answer, ChainEvaluation)
    assert answer.decision == "explicit_deny"
    assert answer.blocked_by == {"type": "scp", "level": 1}
    assert answer.decided_by == {"layer": {"type": "scp", "level": 1}, "document": 1, "statement": 0}
    assert str(answer) == "explicit deny by SCP level 1 document 1 statement 0"


def test_an_allow_lists_every_layer() -> None:
    answer = evaluate_chain(
        "s3:GetObject",
        OBJECT,
        principal=USER,
        identity=[doc("Allow", "s3:GetObject")],
        permissions_boundary=doc("Allow", "s3:*"),
        scps=[[doc("Allow", "*")]],
        context={"aws:SecureTransport": "true"},
    )
    assert answer.decision == "allow"
    assert [r["layer"] for r in answer.allowed_by] == [
        {"type": "scp", "level": 0},
        {"type": "identity"},
        {"type": "permissions_boundary"},
    ]
    assert answer.blocked_by is None


def test_trust_and_key_policies_must_allow() -> None:
    answer = evaluate_chain(
        "kms:Decrypt",
        "arn:aws:kms:us-east-1:111122223333:key/k1",
        principal=USER,
        identity=[doc("Allow", "kms:Decrypt")],
        resource_policy=doc("Allow", "kms:Encrypt"),
        resource_kind="kms_key",
    )
    assert answer.decision == "implicit_deny"
    assert answer.blocked_by == {"type": "resource_based"}


def test_a_bad_resource_kind_is_a_validation_error() -> None:
    with pytest.raises(iam_bootstrap.ValidationError) as caught:
        evaluate_chain(
            "s3:GetObject",
            OBJECT,
            principal=USER,
            resource_policy=doc("Allow", "*"),
            resource_kind="bucket",  # type: ignore[arg-type]
        )
    assert caught.value.field == "resource_kind"
