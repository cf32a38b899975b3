"""What the library returns, as typed records mirroring the Rust types field for field.

Every record is a frozen dataclass (so it compares, hashes, prints and pickles) with
`to_dict()` (the JSON form, as in `Plan.to_json()`) and `from_dict()`; Rust's `Vec`s are
tuples here, so records stay hashable. The `Literal` aliases name the closed sets of strings
(policy contexts, size limits, severities, ...) that arguments and fields take.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Mapping
from typing import TYPE_CHECKING, ClassVar, Literal, NamedTuple, TypeAlias, TypedDict, TypeVar, Union

if TYPE_CHECKING:
    from ._iam_bootstrap import PolicyDocument

__all__ = [
    "AnalyzerPolicyType",
    "AnalyzerResourceType",
    "AccessCheckOutcome",
    "AccessCheckReason",
    "FindingSource",
    "GateReport",
    "Placeholder",
    "Proposal",
    "UnusedAccess",
    "UnusedFinding",
    "ValidationFinding",
    "ValidationReport",
    "AccessGranted",
    "ChainEvaluation",
    "ApplyFinished",
    "ApplyStarted",
    "Change",
    "ChangeApplied",
    "ChangeFailed",
    "ChangeStarted",
    "CloudFormationResource",
    "CloudFormationTemplate",
    "Decision",
    "Evaluation",
    "Finding",
    "FindingStatus",
    "Json",
    "LintCode",
    "LintFinding",
    "LintSeverity",
    "ManualStep",
    "NewAccessKind",
    "NewGrant",
    "PolicyContext",
    "PolicyFinding",
    "ProgressEvent",
    "Severity",
    "SizeLimit",
]

Json: TypeAlias = Union[None, bool, int, float, str, list["Json"], dict[str, "Json"]]
"""A JSON value as Python holds it."""

PolicyContext: TypeAlias = Literal[
    "identity",
    "inline_identity",
    "trust",
    "resource",
    "s3_bucket",
    "kms_key",
    "permissions_boundary",
    "permission_set_inline",
    "scp",
    "rcp",
    "session",
]
"""Where a policy is used (Rust `PolicyContext`): decides its grammar and size limit.

`identity` is a managed policy (IAM refuses it without `"Version": "2012-10-17"`);
`inline_identity` an inline one (no version needed)."""

SizeLimit: TypeAlias = Literal[
    "trust",
    "managed",
    "role_inline",
    "user_inline",
    "group_inline",
    "permission_set_inline",
    "scp",
    "rcp",
    "session",
]
"""IAM's size quotas for policy documents (Rust `SizeLimit`)."""

LintSeverity: TypeAlias = Literal["ERROR", "SECURITY_WARNING", "WARNING", "SUGGESTION"]
"""How serious a lint finding is; Access Analyzer's names (Rust `LintSeverity`)."""

LintCode: TypeAlias = Literal[
    "invalid_policy",
    "outdated_version",
    "full_access",
    "wildcard_action",
    "service_wide_action",
    "permissions_management_on_all_resources",
    "write_on_all_resources",
    "allow_with_not_action",
    "allow_with_not_resource",
    "pass_role_on_all_resources",
    "assume_role_on_all_resources",
    "privilege_escalation",
    "public_principal_without_condition",
    "trust_without_mfa",
    "cross_account_trust_without_external_id",
    "federated_trust_without_condition",
    "service_principal_without_source",
    "redundant_action",
    "redundant_resource",
    "redundant_statement",
    "unknown_service",
    "unknown_action",
    "action_pattern_matches_nothing",
    "resource_type_mismatch",
    "resource_not_supported",
    "condition_key_not_applicable",
    "multivalued_key_without_set_operator",
]
"""What a lint finding is about (Rust `LintCode`)."""

FindingStatus: TypeAlias = Literal["pass", "fail", "unknown", "not_applicable"]
"""Whether an audit check passed (Rust `FindingStatus`)."""

Severity: TypeAlias = Literal["critical", "high", "medium", "low", "informational"]
"""How serious an audit finding is (Rust `FindingSeverity`; lints use `LintSeverity`)."""

Decision: TypeAlias = Literal["Allow", "ImplicitDeny", "ExplicitDeny"]
"""The outcome of an offline evaluation (Rust `Decision`)."""

NewAccessKind: TypeAlias = Literal["allowed", "deny_removed"]
"""Why `check_no_new_access` reports a grant (Rust `NewAccessKind`)."""

AnalyzerPolicyType: TypeAlias = Literal["IDENTITY_POLICY", "RESOURCE_POLICY", "SERVICE_CONTROL_POLICY"]
"""The policy type Access Analyzer checks a document as (Rust `AnalyzerPolicyType`)."""

AnalyzerResourceType: TypeAlias = Literal[
    "AWS::IAM::AssumeRolePolicyDocument",
    "AWS::S3::Bucket",
    "AWS::KMS::Key",
    "AWS::SQS::Queue",
    "AWS::SecretsManager::Secret",
    "AWS::Lambda::Function",
]
"""The resource a resource policy is attached to (Rust `AnalyzerResourceType`)."""

FindingSource: TypeAlias = Literal["offline", "access_analyzer", "both"]
"""Who reported a `validate_policy` finding (Rust `FindingSource`)."""

Capability: TypeAlias = Literal["root", "identity_center", "role", "organization"]
"""Which part of the guide a change belongs to."""

_R = TypeVar("_R", bound="_Record")


def _plain(value: object) -> Json:
    """A field value in its JSON form (tuples become lists, records dicts)."""
    if isinstance(value, _Record):
        return value.to_dict()
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if callable(to_dict := getattr(value, "to_dict", None)):  # a PolicyDocument
        return to_dict()  # type: ignore[no-any-return]
    raise TypeError(f"not a JSON value: {value!r}")


@dataclasses.dataclass(frozen=True)
class _Record:
    """Shared `to_dict`/`from_dict` of the records."""

    def to_dict(self) -> dict[str, Json]:
        """The record as plain Python objects (its JSON form)."""
        return {f.name: _plain(getattr(self, f.name)) for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls: type[_R], data: Mapping[str, object]) -> _R:
        """The record from its `to_dict()` form (lists may stand for tuples). A field with a
        default may be absent (JSON saved before the field existed, as Rust's serde reads it)."""
        values = {
            f.name: tuple(v) if isinstance(v := data[f.name], list) else v
            for f in dataclasses.fields(cls)
            if f.name in data or (f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING)
        }
        return cls(**values)


@dataclasses.dataclass(frozen=True)
class Change:
    """One write a plan will make (Rust `Change`).

    `str(change)` is the line the plan prints; `to_dict()` the JSON form of `Plan.to_json()`.

    Attributes:
        capability: `root`, `identity_center`, `role` or `organization`.
        action: what the change does (`update_password_policy`, `create_role`, ...).
        description: the change as printed in the plan.
        details: the change's own fields (names, before and after values), as in its JSON.
    """

    capability: Capability
    action: str
    description: str
    details: dict[str, Json] = dataclasses.field(hash=False)

    def __str__(self) -> str:
        return self.description

    def to_dict(self) -> dict[str, Json]:
        """The change as in `Plan.to_json()`: `capability`, `action` and its own fields."""
        data: dict[str, Json] = {"capability": self.capability, "action": self.action}
        data.update(self.details)
        return data


@dataclasses.dataclass(frozen=True)
class ManualStep(_Record):
    """Something a person has to do because no API can (Rust `ManualStep`).

    Attributes:
        id: a stable identifier (`root-mfa`).
        title: one line saying what to do.
        instructions: numbered instructions.
        verification: how the library verifies it (what the next audit reads).
    """

    id: str
    title: str
    instructions: tuple[str, ...]
    verification: str


@dataclasses.dataclass(frozen=True)
class Finding(_Record):
    """The result of one audit check (Rust `Finding`).

    Attributes:
        id: a stable identifier (`root-mfa-enabled`).
        status: `pass`, `fail`, `unknown` or `not_applicable` (root MFA when the root user
            has no credential for it to protect; the evidence says why).
        severity: how serious a failure is.
        title: what the check verifies.
        evidence: what was read that decided the status.
        cis: CIS AWS Foundations Benchmark v3.0.0 controls (`1.5`).
        prowler: the corresponding prowler checks (`iam_root_mfa_enabled`).
        cis_controls: every CIS control with its benchmark version
            (`CIS AWS Foundations Benchmark v7.0.0 2.5`).
    """

    id: str
    status: FindingStatus
    severity: Severity
    title: str
    evidence: str
    cis: tuple[str, ...]
    prowler: tuple[str, ...]
    cis_controls: tuple[str, ...] = ()


@dataclasses.dataclass(frozen=True)
class LintFinding(_Record):
    """One lint finding (Rust `LintFinding`).

    Attributes:
        code: the stable code (`wildcard_action`, `trust_without_mfa`, ...).
        severity: `ERROR`, `SECURITY_WARNING`, `WARNING` or `SUGGESTION`.
        statement: the statement's zero-based index, if the finding is about one.
        message: what is wrong.
    """

    code: LintCode
    severity: LintSeverity
    statement: int | None
    message: str


@dataclasses.dataclass(frozen=True)
class PolicyFinding(_Record):
    """A lint finding of a role spec and the policy it is about (Rust `PolicyFinding`).

    Attributes:
        policy: `trust`, `inline:NAME` or `customer:NAME`.
        finding: the finding.
    """

    policy: str
    finding: LintFinding

    @classmethod
    def from_dict(cls: type[_R], data: Mapping[str, object]) -> _R:
        finding = data["finding"]
        if not isinstance(finding, Mapping):
            raise TypeError("finding must be a mapping")
        return cls(policy=str(data["policy"]), finding=LintFinding.from_dict(finding))  # type: ignore[call-arg]


@dataclasses.dataclass(frozen=True)
class AccessGranted(_Record):
    """A grant `check_access_not_granted` found (Rust `AccessGranted`).

    Attributes:
        action: the action (or pattern) asked about.
        resource: the resource (or pattern) asked about.
        document: index of the document holding the allowing statement.
        statement: index of the allowing statement in that document.
    """

    action: str
    resource: str
    document: int
    statement: int


@dataclasses.dataclass(frozen=True)
class NewGrant(_Record):
    """One piece of new access `check_no_new_access` found (Rust `NewGrant`).

    Attributes:
        kind: `allowed` (an Allow of the new policies) or `deny_removed` (an old Deny gone).
        document: the document (of the new set for `allowed`, of the old for `deny_removed`).
        statement: the statement in that document.
        action: the action(s), e.g. `s3:PutObject` or `NotAction iam:*`.
        resource: the resource(s), e.g. `arn:aws:s3:::b/*`.
    """

    kind: NewAccessKind
    document: int
    statement: int
    action: str
    resource: str


@dataclasses.dataclass(frozen=True)
class ChainEvaluation(_Record):
    """A request's outcome through every policy type (Rust `ChainEvaluation`).

    Attributes:
        decision: `allow`, `implicit_deny` or `explicit_deny`.
        decided_by: the deciding statement (`{"layer": {"type": ...}, "document": i,
            "statement": j}`): the explicit deny, or the allow that granted; None for an
            implicit deny.
        allowed_by: for an allow, every allow the request needed, layer by layer.
        blocked_by: for a deny, the layer that blocked it (`{"type": "scp", "level": 1}`,
            `{"type": "permissions_boundary"}`, ...).
        explanation: the outcome in one line (`explicit deny by SCP level 1 document 0
            statement 0`).
    """

    decision: Literal["allow", "implicit_deny", "explicit_deny"]
    decided_by: dict[str, Json] | None
    allowed_by: tuple[dict[str, Json], ...]
    blocked_by: dict[str, Json] | None
    explanation: str

    def __str__(self) -> str:
        return self.explanation


class Evaluation(NamedTuple):
    """A decision and the statement that decided it (Rust `Evaluation`).

    A named tuple, so `decision, statement = allows(...)` still works.

    Attributes:
        decision: `Allow`, `ImplicitDeny` or `ExplicitDeny`.
        statement: `(document index, statement index)` of the deciding statement; None for
            an implicit deny.
    """

    decision: Decision
    statement: tuple[int, int] | None

    @property
    def allowed(self) -> bool:
        """Whether the request is allowed."""
        return self.decision == "Allow"

    def to_dict(self) -> dict[str, Json]:
        """The evaluation as plain Python objects."""
        return {"decision": self.decision, "statement": None if self.statement is None else list(self.statement)}


@dataclasses.dataclass(frozen=True)
class ProgressEvent(_Record):
    """What happens while a plan is applied (Rust `ProgressEvent`); one subclass per kind.

    `event` names the kind as in the JSON form (`change_applied`).
    """

    event: ClassVar[str] = ""

    def to_dict(self) -> dict[str, Json]:
        data: dict[str, Json] = {"event": self.event}
        data.update(super().to_dict())
        return data

    @classmethod
    def from_dict(cls: type[_R], data: Mapping[str, object]) -> _R:
        """The event from its JSON form; on `ProgressEvent`, picks the subclass by `event`."""
        if cls is ProgressEvent:
            for kind in _PROGRESS_EVENTS:
                if kind.event == data["event"]:
                    return kind.from_dict(data)  # type: ignore[return-value]
            raise ValueError(f"unknown progress event {data['event']!r}")
        return super().from_dict(data)


@dataclasses.dataclass(frozen=True)
class ApplyStarted(ProgressEvent):
    """Applying starts; `total` changes."""

    event: ClassVar[str] = "started"
    total: int


@dataclasses.dataclass(frozen=True)
class ChangeStarted(ProgressEvent):
    """A change starts: `step` (its index in the plan) and `change` (as printed)."""

    event: ClassVar[str] = "change_started"
    step: int
    change: str


@dataclasses.dataclass(frozen=True)
class ChangeApplied(ProgressEvent):
    """The change at `step` was applied."""

    event: ClassVar[str] = "change_applied"
    step: int


@dataclasses.dataclass(frozen=True)
class ChangeFailed(ProgressEvent):
    """The change at `step` failed; `error` says why, in one line."""

    event: ClassVar[str] = "change_failed"
    step: int
    error: str


@dataclasses.dataclass(frozen=True)
class ApplyFinished(ProgressEvent):
    """Applying ended: `applied` changes were applied; `failed` says whether one failed."""

    event: ClassVar[str] = "finished"
    applied: int
    failed: bool


_PROGRESS_EVENTS: tuple[type[ProgressEvent], ...] = (
    ApplyStarted,
    ChangeStarted,
    ChangeApplied,
    ChangeFailed,
    ApplyFinished,
)


class CloudFormationResource(TypedDict):
    """One resource of a template: `AWS::IAM::Role` or `AWS::IAM::ManagedPolicy`."""

    Type: str
    Properties: dict[str, Json]


class CloudFormationTemplate(TypedDict):
    """`RoleSpec.to_cloudformation()`: the role and its policies, for StackSets."""

    AWSTemplateFormatVersion: str
    Description: str
    Resources: dict[str, CloudFormationResource]
    Outputs: dict[str, dict[str, Json]]


def _document(data: object) -> PolicyDocument:
    """A policy document from its JSON form (as records carry it)."""
    from ._iam_bootstrap import PolicyDocument

    return PolicyDocument.from_json(json.dumps(data))


def _mapping(data: object, what: str) -> Mapping[str, object]:
    if not isinstance(data, Mapping):
        raise TypeError(f"{what} must be a mapping")
    return data


@dataclasses.dataclass(frozen=True)
class AccessCheckReason(_Record):
    """Why a custom policy check failed (Rust `AccessCheckReason`).

    Attributes:
        description: the checker's description.
        statement: the zero-based statement it is about, if the checker named one.
    """

    description: str
    statement: int | None


@dataclasses.dataclass(frozen=True)
class AccessCheckOutcome(_Record):
    """What a custom policy check answered (Rust `AccessCheckOutcome`).

    Attributes:
        passes: `PASS` (True) or `FAIL`.
        message: the checker's message.
        reasons: why it failed, one per statement that grants what was asked about.
    """

    passes: bool
    message: str
    reasons: tuple[AccessCheckReason, ...]

    @classmethod
    def from_dict(cls: type[_R], data: Mapping[str, object]) -> _R:
        reasons = data["reasons"]
        if not isinstance(reasons, (list, tuple)):
            raise TypeError("reasons must be a list")
        return cls(  # type: ignore[call-arg]
            passes=bool(data["passes"]),
            message=str(data["message"]),
            reasons=tuple(AccessCheckReason.from_dict(_mapping(r, "a reason")) for r in reasons),
        )


def _outcome(data: object) -> AccessCheckOutcome | None:
    return None if data is None else AccessCheckOutcome.from_dict(_mapping(data, "an outcome"))


@dataclasses.dataclass(frozen=True)
class GateReport(_Record):
    """What `AccessGates.check` checked (Rust `GateReport`); None: the gate did not run.

    Attributes:
        no_new_access: `CheckNoNewAccess` against the deployed role (None also for a new role).
        access_not_granted: `CheckAccessNotGranted`, every entry.
        no_public_trust: `CheckNoPublicAccess` on the trust policy.
    """

    no_new_access: AccessCheckOutcome | None
    access_not_granted: AccessCheckOutcome | None
    no_public_trust: AccessCheckOutcome | None

    @classmethod
    def from_dict(cls: type[_R], data: Mapping[str, object]) -> _R:
        return cls(  # type: ignore[call-arg]
            no_new_access=_outcome(data["no_new_access"]),
            access_not_granted=_outcome(data["access_not_granted"]),
            no_public_trust=_outcome(data["no_public_trust"]),
        )


@dataclasses.dataclass(frozen=True)
class ValidationFinding(_Record):
    """One finding of `validate_policy` (Rust `ValidationFinding`).

    Attributes:
        source: `offline` (the lint only), `access_analyzer` (AWS only) or `both`.
        severity: the more serious of the two when both reported it.
        lint_code: the offline lint's code, when it reported it or AWS's code maps to one.
        issue_code: Access Analyzer's `issueCode`, when it reported it.
        statement: the zero-based statement, when known.
        message: the explanation (Access Analyzer's when both reported it).
        learn_more: Access Analyzer's documentation link, when it reported it.
    """

    source: FindingSource
    severity: LintSeverity
    lint_code: LintCode | None
    issue_code: str | None
    statement: int | None
    message: str
    learn_more: str | None


@dataclasses.dataclass(frozen=True)
class ValidationReport(_Record):
    """What `validate_policy` found (Rust `ValidationReport`).

    Attributes:
        context: the kind of policy it was validated as.
        findings: every finding, most serious first.
    """

    context: PolicyContext
    findings: tuple[ValidationFinding, ...]

    @property
    def has_errors(self) -> bool:
        """Whether a finding is an error (IAM would reject the policy)."""
        return any(f.severity == "ERROR" for f in self.findings)

    def from_source(self, source: FindingSource) -> tuple[ValidationFinding, ...]:
        """The findings `source` reported."""
        return tuple(f for f in self.findings if f.source == source)

    @classmethod
    def from_dict(cls: type[_R], data: Mapping[str, object]) -> _R:
        findings = data["findings"]
        if not isinstance(findings, (list, tuple)):
            raise TypeError("findings must be a list")
        return cls(  # type: ignore[call-arg]
            context=data["context"],
            findings=tuple(ValidationFinding.from_dict(_mapping(f, "a finding")) for f in findings),
        )


@dataclasses.dataclass(frozen=True)
class Placeholder(_Record):
    """A placeholder AWS left in a generated resource, to fill (Rust `Placeholder`).

    Attributes:
        statement: the zero-based statement.
        resource: the resource, as generated (`arn:aws:s3:::${BucketName}/${ObjectName}`).
        names: the placeholder names in it (`BucketName`).
    """

    statement: int
    resource: str
    names: tuple[str, ...]


@dataclasses.dataclass(frozen=True)
class Proposal(_Record):
    """A reviewable change to a role: its policies replaced by a narrower one (Rust `Proposal`).

    Attributes:
        role: the role.
        summary: one line for the reviewer ("tighten role X to what it used between ...").
        current: what the role's policies grant now, as one document.
        proposed: what it would grant.
        removed_actions: actions the current policies name that the proposal drops.
        placeholders: placeholders still to fill before applying.
        findings: the offline lint's findings on the proposal.
        narrower: the evaluator's verdict: True when the proposal grants nothing new.
    """

    role: str
    summary: str
    current: PolicyDocument = dataclasses.field(hash=False)
    proposed: PolicyDocument = dataclasses.field(hash=False)
    removed_actions: tuple[str, ...]
    placeholders: tuple[Placeholder, ...]
    findings: tuple[LintFinding, ...]
    narrower: bool

    def __str__(self) -> str:
        return self.summary

    @classmethod
    def from_dict(cls: type[_R], data: Mapping[str, object]) -> _R:
        placeholders = data["placeholders"]
        findings = data["findings"]
        removed = data["removed_actions"]
        if not isinstance(placeholders, (list, tuple)) or not isinstance(findings, (list, tuple)):
            raise TypeError("placeholders and findings must be lists")
        if not isinstance(removed, (list, tuple)):
            raise TypeError("removed_actions must be a list")
        return cls(  # type: ignore[call-arg]
            role=str(data["role"]),
            summary=str(data["summary"]),
            current=_document(data["current"]),
            proposed=_document(data["proposed"]),
            removed_actions=tuple(str(a) for a in removed),
            placeholders=tuple(Placeholder.from_dict(_mapping(p, "a placeholder")) for p in placeholders),
            findings=tuple(LintFinding.from_dict(_mapping(f, "a finding")) for f in findings),
            narrower=bool(data["narrower"]),
        )


@dataclasses.dataclass(frozen=True)
class UnusedFinding(_Record):
    """One piece of unused access (Rust `UnusedFinding`).

    Attributes:
        namespace: the service namespace (`ec2`).
        action: the action (`PutObject`), or None when the whole service is unused.
        last_used: when it was last used (ISO-8601), if ever in IAM's tracking period.
        message: one line for the reviewer.
    """

    namespace: str
    action: str | None
    last_used: str | None
    message: str


@dataclasses.dataclass(frozen=True)
class UnusedAccess(_Record):
    """What `unused_access` found (Rust `UnusedAccess`).

    Attributes:
        role: the role.
        days: access unused for this many days counts.
        findings: every unused service and action.
        proposal: the role's policies without them (None when nothing can be dropped).
    """

    role: str
    days: int
    findings: tuple[UnusedFinding, ...]
    proposal: Proposal | None

    @classmethod
    def from_dict(cls: type[_R], data: Mapping[str, object]) -> _R:
        findings = data["findings"]
        if not isinstance(findings, (list, tuple)):
            raise TypeError("findings must be a list")
        proposal = data["proposal"]
        return cls(  # type: ignore[call-arg]
            role=str(data["role"]),
            days=int(str(data["days"])),
            findings=tuple(UnusedFinding.from_dict(_mapping(f, "a finding")) for f in findings),
            proposal=None if proposal is None else Proposal.from_dict(_mapping(proposal, "a proposal")),
        )


# Public home: `iam_bootstrap.Finding` (pickle looks classes up by module and name).
for _name in __all__:
    _value = globals()[_name]
    if isinstance(_value, type):
        _value.__module__ = "iam_bootstrap"
del _name, _value
