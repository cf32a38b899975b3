"""The policy language from Python: parse, validate, lint, evaluate, pack."""

from __future__ import annotations

import urllib.parse

import pytest

from iam_bootstrap import PolicyDocument, ValidationError, allows, lint, pack

DOC = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:GetObject"],"Resource":"arn:aws:s3:::b/*"}]}'


def test_round_trips_and_compares_semantically() -> None:
    doc = PolicyDocument.from_json(DOC)
    encoded = PolicyDocument.from_json(urllib.parse.quote(DOC))
    assert doc == encoded
    reordered = PolicyDocument.from_json(
        '{"Statement":{"Resource":["arn:aws:s3:::b/*"],"Action":"S3:getobject","Effect":"Allow"},"Version":"2012-10-17"}'
    )
    assert doc.semantic_eq(reordered)
    assert PolicyDocument.from_json(doc.to_json()) == doc
    assert doc.size() == len(doc.to_json().replace(" ", ""))
    added, removed = doc.diff(PolicyDocument.allow(["s3:PutObject"], ["arn:aws:s3:::b/*"]))
    assert len(added) == 1 and len(removed) == 1


def test_validation_errors_are_typed() -> None:
    with pytest.raises(ValidationError):
        PolicyDocument.from_json('{"Statement": [{"Effect": "Maybe", "Action": "s3:*", "Resource": "*"}]}')
    trust_in_identity = PolicyDocument.from_json(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject","Resource":"*"}]}'
    )
    with pytest.raises(ValidationError):
        trust_in_identity.validate("identity")
    with pytest.raises(ValidationError):
        PolicyDocument.allow(["s3:GetObject"], ["*"]).validate("no-such-context")


def test_validation_follows_the_kind_of_policy() -> None:
    no_version = PolicyDocument.from_json('{"Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}')
    # IAM refuses a managed policy without "Version": "2012-10-17"; an inline one is taken.
    with pytest.raises(ValidationError, match="2012-10-17"):
        no_version.validate("identity")
    no_version.validate("inline_identity")
    rcp = PolicyDocument.from_json(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:*","Resource":"*"}]}'
    )
    with pytest.raises(ValidationError):
        rcp.validate("rcp")
    odd = PolicyDocument.from_json(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"ssm:GetParameter","Resource":"arn:aws:ssm:*"}]}'
    )
    odd.validate("identity")
    assert "short_resource_arn" in {f.code for f in lint(odd, "identity")}
    # KMS takes a key policy statement without Resource (it has no effect): a finding there,
    # while every statement must name a principal.
    key_policy = PolicyDocument.from_json(
        '{"Version":"2012-10-17","Statement":[{"Sid":"Key users","Effect":"Allow",'
        '"Principal":{"AWS":"arn:aws:iam::111122223333:role/app"},"Action":"kms:Decrypt"}]}'
    )
    key_policy.validate("kms_key")
    assert "statement_without_resource" in {f.code for f in lint(key_policy, "kms_key")}
    with pytest.raises(ValidationError):
        PolicyDocument.allow(["kms:Decrypt"], ["*"]).validate("kms_key")
    # An unknown condition operator over an empty block tests nothing: IAM takes it.
    empty_block = PolicyDocument.from_json(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*",'
        '"Condition":{"StringEqual":{}}}]}'
    )
    empty_block.validate("identity")
    assert "unknown_operator_without_keys" in {f.code for f in lint(empty_block, "identity")}


def test_lint_findings_have_access_analyzer_severities() -> None:
    findings = lint(PolicyDocument.allow(["*"], ["*"]))
    codes = {f.code: f.severity for f in findings}
    assert codes["full_access"] == "SECURITY_WARNING"


def test_allows_follows_iam_evaluation() -> None:
    allow = PolicyDocument.allow(["s3:Get*"], ["arn:aws:s3:::b/*"])
    deny = PolicyDocument.from_json(
        '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"s3:GetObject","Resource":"arn:aws:s3:::b/secret"}]}'
    )
    assert allows([allow], "s3:GetObject", "arn:aws:s3:::b/x") == ("Allow", (0, 0))
    assert allows([allow, deny], "s3:GetObject", "arn:aws:s3:::b/secret")[0] == "ExplicitDeny"
    assert allows([allow], "s3:PutObject", "arn:aws:s3:::b/x") == ("ImplicitDeny", None)


def test_pack_fits_the_limit() -> None:
    docs = [PolicyDocument.allow(["s3:GetObject"], [f"arn:aws:s3:::bucket-{i:04}/*"]) for i in range(400)]
    packed = pack(docs, "managed")
    assert 1 < len(packed) < 10
    assert all(p.size() <= 6144 for p in packed)
    with pytest.raises(ValidationError):
        pack(docs, "managed", max_documents=1)


def test_access_checks() -> None:
    from iam_bootstrap import check_access_not_granted, check_no_new_access

    reader = PolicyDocument.allow(["s3:GetObject"], ["arn:aws:s3:::b/*"])
    assert check_access_not_granted([reader], ["s3:PutObject"], ["arn:aws:s3:::b/x"]) is None
    granted = check_access_not_granted([reader], ["s3:GetObject"], ["arn:aws:s3:::b/x"])
    assert granted is not None
    assert granted.to_dict() == {"action": "s3:GetObject", "resource": "arn:aws:s3:::b/x", "document": 0, "statement": 0}
    writer = PolicyDocument.allow(["s3:GetObject", "s3:PutObject"], ["arn:aws:s3:::b/*"])
    assert check_no_new_access([reader], [reader]) == []
    grants = check_no_new_access([reader], [writer])
    assert grants and grants[0].kind == "allowed"
