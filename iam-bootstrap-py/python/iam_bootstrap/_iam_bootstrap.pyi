"""Type stubs for the compiled extension module (hand-written; checked by mypy.stubtest)."""

from collections.abc import Callable, Coroutine, Generator, Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any, Generic, Literal, TypeVar, final

from iam_bootstrap.results import (
    AccessCheckOutcome,
    AccessGranted,
    AnalyzerPolicyType,
    AnalyzerResourceType,
    ChainEvaluation,
    Change,
    CloudFormationTemplate,
    Evaluation,
    Finding,
    GateReport,
    Json,
    LintFinding,
    ManualStep,
    NewGrant,
    PolicyContext,
    PolicyFinding,
    Placeholder,
    ProgressEvent,
    Proposal,
    SizeLimit,
    UnusedAccess,
    ValidationReport,
)

_T = TypeVar("_T")

__all__ = [
    "DriftReport",
    "OperationPreferences",
    "OrgStackSet",
    "StackSetOutcome",
    "StackSetPlan",
    "audit_drift",
    "audit_drift_async",
    "AccessAnalyzer",
    "AccessGates",
    "AccountSpec",
    "AdminProvisioning",
    "AssignmentSpec",
    "AsyncCall",
    "AuditReport",
    "Aws",
    "Bootstrap",
    "DirectoryGroupSpec",
    "DirectoryUserSpec",
    "EnablePlan",
    "GeneratedPolicy",
    "GenerationRequest",
    "IdentityCenterSpec",
    "JobFunction",
    "MfaEnrollment",
    "OrgRoot",
    "OrgRootReport",
    "Outcome",
    "PasswordPolicy",
    "PermissionSetSpec",
    "Plan",
    "PolicyDocument",
    "RemovalOutcome",
    "RemovalPlan",
    "Revocation",
    "RoleSpec",
    "RootHardening",
    "Trust",
    "VirtualMfa",
    "allows",
    "check_access_not_granted",
    "check_no_new_access",
    "evaluate_chain",
    "expand_actions",
    "generate_policy",
    "generate_policy_async",
    "least_privilege_permission_set",
    "lint",
    "pack",
    "propose",
    "propose_async",
    "required_policy",
    "unused_access",
    "unused_access_async",
    "validate_policy",
    "validate_policy_async",
    "__version__",
]

__version__: str

@final
class AsyncCall(Coroutine[Any, Any, _T], Generic[_T]):
    """What every `_async` function returns: a coroutine over one call into the library.

    Nothing runs until it is awaited, so `await`, `asyncio.run`, `asyncio.create_task` and
    `TaskGroup.create_task` all accept it. It runs the call on the library's runtime, off the
    event loop; cancelling the task that awaits it stops the call (the Rust work is dropped).
    Await it once.
    """

    def __await__(self) -> Generator[Any, None, _T]: ...
    def __next__(self) -> Any: ...
    def send(self, value: Any, /) -> Any: ...
    def throw(self, typ: Any, val: Any = None, tb: Any = None, /) -> Any: ...
    def close(self) -> None: ...

@final
class Aws:
    """A connection to an AWS account: real AWS, an endpoint such as a local emulator, or an
    in-memory account."""

    @staticmethod
    def in_memory(
        *,
        caller: Literal["role", "root"] = "role",
        root_access_keys: int = 0,
        root_access_key_last_used_days_ago: int | None = None,
        root_mfa: Literal["none", "virtual", "hardware"] = "none",
        root_password_last_used_days_ago: int | None = ...,
        root_signing_certificate: bool = False,
        credential_report_root_row: bool = True,
        # Identity Center (#5)
        assignment_polls: int = 1,
        provisioning_polls: int = 1,
        identity_center_instances: int = 1,
        fail_assignments_to: dict[str, str] | None = None,
        max_outstanding_assignments: int = 10,
        # Access Analyzer (#19)
        trails: list[str] | None = None,
        activity: Mapping[str, Sequence[tuple[str, float] | tuple[str, float, str]]] | None = None,
        analysis_job_polls: int = 0,
        # Organizations (#15)
        organization: list[str] | None = None,
        account_limit: int | None = None,
        create_account_polls: int = 0,
        # StackSets (#20)
        organization_accounts: dict[str, str] | None = None,
        fail_stack_instances: dict[str, str] | None = None,
        # Centralized root access (#16)
        member_roots: Mapping[str, Mapping[str, object]] | None = None,
    ) -> Aws:
        """A fresh in-memory account (no AWS account or credentials needed).

        The keyword arguments set up what emulators cannot model: who calls (a role session
        or the root user) and the root user's access keys, MFA, last sign-in and signing
        certificate. `credential_report_root_row=False` drops the `<root_account>` row from
        the credential report, as moto does.

        Identity Center (#5):
            assignment_polls: how many times an assignment's status reads IN_PROGRESS.
            provisioning_polls: how many times a provisioning status reads IN_PROGRESS.
            identity_center_instances: 0 (not enabled), 1 or more.
            fail_assignments_to: account ID -> failure reason for assignments that end FAILED.
            max_outstanding_assignments: more creations in progress than this are throttled.

        Access Analyzer (#19):
            trails: CloudTrail trail ARNs policy generation can read (any other trail fails
                the job with `RESOURCE_NOT_FOUND_ERROR`).
            activity: principal ARN -> the calls it made, as `(action, days_ago)` or
                `(action, days_ago, resource)` (resources as AWS generates them, with
                placeholders such as `arn:aws:s3:::${BucketName}/${ObjectName}`).
            analysis_job_polls: how many polls a generation or last-accessed job answers
                IN_PROGRESS before it completes.
        Organizations (#15):
            organization: the account manages an organization with these OU paths
                (`["/Workloads/Prod", "/Sandbox"]`; `[]` for the root alone).
            account_limit: how many accounts the organization may hold (a creation past it
                ends FAILED with `ACCOUNT_LIMIT_EXCEEDED`).
            create_account_polls: how many times a creation's status reads IN_PROGRESS.

        StackSets (#20):
            organization_accounts: member account ID -> its OU path (`/Workloads/Prod`),
                for StackSet rollouts to reach (creates the organization if needed).
            fail_stack_instances: account ID -> CloudFormation's status reason for every
                StackSet operation on that account (the account's result is FAILED).

        Raises:
            ValidationError: `caller` or `root_mfa` is not one of the allowed values, or an
                account ID in `fail_assignments_to` is not 12 digits.
        """
    @staticmethod
    def connect(
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        profile: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        headers: list[tuple[str, str]] | None = None,
        emulator_gaps: Literal["moto"] | None = None,
        timeout: float | None = None,
        attempt_timeout: float | None = None,
        connect_timeout: float | None = None,
        max_attempts: int | None = None,
    ) -> Aws:
        """Connects to AWS (or `endpoint_url`) with the usual configuration chain.

        The settings are checked at once, before anything is loaded or sent. Static
        credentials need both `access_key_id` and `secret_access_key`.

        Args:
            timeout: seconds a call may take in all, retries included (default 120).
            attempt_timeout: seconds one attempt may take (default 30); a timed-out attempt
                is retried while `timeout` allows.
            connect_timeout: seconds establishing a connection may take (default 5).
            max_attempts: attempts per call for retryable errors, at least 1 (default 5).
            A call that runs out of time raises `TimeoutError`.

        Plans read everything AWS reports about what they converge, so drift made by hand
        (a permission set's boundary or tags, a change whose provisioning never ran) is
        found. `emulator_gaps="moto"` declares what moto cannot answer (permission-set
        boundary and tag calls, the provisioning-status filter): plans skip exactly those
        reads, and that drift goes unseen. Never set it against AWS.

        Raises:
            ValidationError: `endpoint_url` is not an http(s) URL with a host, only one of
                `access_key_id` and `secret_access_key` is given, a timeout is not a number
                of seconds above zero, `max_attempts` is 0, an extra header is not valid
                HTTP, `emulator_gaps` is not `"moto"`, or `max_attempts` is out of range;
                `.field` names the argument.
        """
    @property
    def region(self) -> str | None:
        """The region calls go to (`None` in memory, or when none was resolved)."""
    @property
    def endpoint_url(self) -> str | None:
        """The endpoint calls go to, if one was set (`None`: AWS's own, or in memory)."""
    def calls(self) -> dict[str, int]:
        """Calls made so far, by operation (`{"iam:GetRole": 2}`)."""

@final
class Bootstrap:
    """Root hardening, the Identity Center administrator, permission sets and least-privilege
    roles in one document."""

    @staticmethod
    def from_toml(text: str) -> Bootstrap:
        """Parses and checks a TOML document.

        Raises:
            ValidationError: the document is invalid; `.field` is the key's whole path, `.line` its line.
        """
    @staticmethod
    def from_json(text: str) -> Bootstrap:
        """Parses and checks a JSON document."""
    @staticmethod
    def from_dict(data: Mapping[str, object]) -> Bootstrap:
        """Checks a spec built in code: the dict `to_json()` describes.

        Raises:
            ValidationError: the spec is invalid; `.field` is the path (`roles[0].name`).
        """
    def to_toml(self) -> str:
        """The spec as TOML."""
    def to_json(self) -> str:
        """The spec as JSON."""
    def required_policy(self) -> PolicyDocument:
        """The least-privilege policy that lets a principal plan and apply this spec."""
    @property
    def roles(self) -> list[str]:
        """The names of the roles."""
    @property
    def name(self) -> str:
        """The spec's name (`"default"` when omitted): what it tags its roles and policies with."""
    @property
    def prune(self) -> bool:
        """Whether plans also delete the roles and policies this spec owns and no longer names."""
    def plan(self, aws: Aws, *, prune: bool | None = None) -> Plan:
        """Plans the three steps (reads only), merged in dependency order.

        Args:
            aws: the account.
            prune: overrides the spec's own `prune` setting when given.
        """
    def plan_async(self, aws: Aws, *, prune: bool | None = None) -> AsyncCall[Plan]:
        """Call `plan` asynchronously."""
    def destroy_plan(self, aws: Aws) -> Plan:
        """A plan deleting every role and customer managed policy this spec owns, and nothing else.

        Reads only; apply it with `allow_deletions=True`.
        """
    def destroy_plan_async(self, aws: Aws) -> AsyncCall[Plan]:
        """Call `destroy_plan` asynchronously."""
    def plan_steps(self, aws: Aws) -> list[tuple[str, Plan]]:
        """One plan per step of the guide."""
    def plan_stacksets(self, aws: Aws) -> list[StackSetPlan]:
        """Plans the `[[stacksets]]` rollouts (reads only), one plan per entry, in order.

        They stay beside `plan`'s shared plan; `apply` rolls them out (and waits for their
        operations) before the Identity Center step.
        """
    def plan_stacksets_async(self, aws: Aws) -> AsyncCall[list[StackSetPlan]]:
        """Call `plan_stacksets` asynchronously."""
    @property
    def stacksets(self) -> list[str]:
        """The StackSet names of the `[[stacksets]]` entries."""
    @property
    def accounts(self) -> list[str]:
        """The names of the member accounts the spec wants in the organization."""
    def apply(
        self,
        aws: Aws,
        *,
        concurrency: int = 8,
        progress: Callable[[ProgressEvent], object] | None = None,
        allow_deletions: bool = False,
    ) -> Outcome:
        """Plans and applies in stages: the `accounts` first (created, placed, tagged),
        then the `[[stacksets]]` rollouts (waited for), then every other step, planned once
        they exist, so selectors reach new accounts and permission sets find their policies.

        Raises:
            ApplyError: a step failed; a failed creation's cause is an `AsyncFailedError`
                whose `reason` is AWS's (`EMAIL_ALREADY_EXISTS`, `ACCOUNT_LIMIT_EXCEEDED`).
            PreconditionError: the account is in no organization, or an OU is missing; a
                StackSet rollout left accounts failed (`reason == "stack_set_rollout_failed"`,
                the accounts in `problem`): nothing after it was started.
        """
    def apply_async(
        self,
        aws: Aws,
        *,
        concurrency: int = 8,
        progress: Callable[[ProgressEvent], object] | None = None,
        allow_deletions: bool = False,
    ) -> AsyncCall[Outcome]:
        """Call `apply` asynchronously."""

@final
class AccountSpec:
    """A member account: found by its root user's email (never created twice), created
    with `CreateAccount` when missing, then moved into its OU and tagged."""

    def __new__(
        cls,
        name: str,
        email: str,
        *,
        ou: str | None = None,
        tags: Mapping[str, str] | None = None,
        role_name: str | None = None,
    ) -> AccountSpec:
        """Checks every field.

        Raises:
            ValidationError: `.field` is `name`, `email`, `ou`, `tags.<key>` or `role_name`.
        """
    @property
    def name(self) -> str:
        """The account's name."""
    @property
    def email(self) -> str:
        """Its root user's email."""
    @property
    def ou(self) -> str | None:
        """Its OU as given (an ID or a path), or `None` for the root."""
    @property
    def tags(self) -> dict[str, str]:
        """Its tags."""
    def to_dict(self) -> dict[str, object]:
        """The spec as a dict, the form `Bootstrap.from_dict` takes under `accounts`."""

@final
class Plan:
    """What a spec would change: changes, manual steps and findings."""

    @property
    def changes(self) -> list[Change]:
        """The changes, in the order they will be made (`str(change)` is the printed line)."""
    @property
    def manual_steps(self) -> list[ManualStep]:
        """What a person must do by hand."""
    @property
    def selections(self) -> list[str]:
        """How each account selector resolved (`OU Root/Workloads (3 nested OUs) -> 42 accounts`)."""
    @property
    def findings(self) -> list[Finding]:
        """What the audit found."""
    def is_empty(self) -> bool:
        """Whether there is nothing to write."""
    @property
    def deletions(self) -> int:
        """How many changes delete a resource (marked `[DELETE]`; they need `allow_deletions=True`)."""
    def to_json(self) -> str:
        """The whole plan as JSON."""
    @classmethod
    def from_json(cls, json: str) -> Plan:
        """Reads a plan saved with `to_json` (planned in CI, reviewed, applied later).

        The plan is `"loaded"`: applying it first reads each resource it writes again (one
        read each) and refuses a plan the account has moved away from (`StalePlanError`,
        nothing written). Unpickling goes through this; `copy.copy` and `copy.deepcopy` keep
        the origin of the plan they copy.

        Args:
            json: what `to_json` returned.

        Raises:
            ValidationError: the text is not a plan.
        """
    def __reduce__(self) -> tuple[Any, tuple[str]]: ...
    def __copy__(self) -> Plan: ...
    def __deepcopy__(self, memo: Any, /) -> Plan: ...
    @property
    def origin(self) -> Literal["planned", "loaded"]:
        """`"planned"`: just computed, applied without reading again; `"loaded"`: from
        `from_json` or unpickling, checked against the account before the first write."""
    def to_dict(self) -> dict[str, Json]:
        """The whole plan as plain Python objects."""
    def apply(
        self,
        aws: Aws,
        *,
        concurrency: int = 8,
        progress: Callable[[ProgressEvent], object] | None = None,
        allow_deletions: bool = False,
        check_observed: bool | None = None,
    ) -> Outcome:
        """Applies the changes (independent ones concurrently) and stops at the first failure.

        Args:
            aws: the account.
            concurrency: how many independent changes may run at once.
            progress: called with each progress event (`ChangeApplied(step=3)`, ...), from the
                thread that applied the change; what it raises is printed, not propagated.
            allow_deletions: lets a plan that deletes resources (a prune or a destroy) run.
            check_observed: `None` (default): a loaded plan (`origin == "loaded"`) is read
                again before the first write, a plan just computed is not; `True` checks any
                plan, `False` none.

        Raises:
            ApplyError: a step failed; `.step` is its zero-based index, `.cause` (also
                `__cause__`) the step's own error (`AccessDeniedError`, `AsyncFailedError`, ...).
            StalePlanError: the account changed since the plan was made (a saved plan);
                nothing was written.
            PreconditionError: the plan deletes resources and `allow_deletions` is not set
                (reason `deletions_not_allowed`); nothing was called.
            ValidationError: `concurrency` is negative or too large.
        """
    def apply_async(
        self,
        aws: Aws,
        *,
        concurrency: int = 8,
        progress: Callable[[ProgressEvent], object] | None = None,
        allow_deletions: bool = False,
        check_observed: bool | None = None,
    ) -> AsyncCall[Outcome]:
        """Call `apply` asynchronously."""
    def __len__(self) -> int: ...

@final
class Outcome:
    """What `Plan.apply` did."""

    @property
    def applied(self) -> list[str]:
        """The changes applied, as printed."""
    @property
    def calls(self) -> dict[str, int]:
        """Calls made while applying, by operation."""
    @property
    def writes(self) -> int:
        """How many calls wrote."""
    @property
    def reads(self) -> int:
        """How many calls read."""
    def to_json(self) -> str:
        """The outcome as JSON."""

@final
class PasswordPolicy:
    """The account password policy to converge to; `None` fields keep the account's values."""

    def __new__(
        cls,
        *,
        minimum_password_length: int | None = None,
        require_symbols: bool | None = None,
        require_numbers: bool | None = None,
        require_uppercase_characters: bool | None = None,
        require_lowercase_characters: bool | None = None,
        allow_users_to_change_password: bool | None = None,
        max_password_age_days: int | None = None,
        passwords_never_expire: bool = False,
        password_reuse_prevention: int | None = None,
        hard_expiry: bool | None = None,
    ) -> PasswordPolicy:
        """Builds and validates the policy.

        Raises:
            ValidationError: a value is out of range; `.field` names it.
        """
    @staticmethod
    def cis(*, max_password_age_days: int | None = None) -> PasswordPolicy:
        """The CIS benchmark policy: 14+ characters, 24 remembered, all character classes."""
    def plan(self, aws: Aws) -> Plan:
        """Reads the account and returns the plan that converges it (reads only)."""
    def plan_async(self, aws: Aws) -> AsyncCall[Plan]:
        """Call `plan` asynchronously."""
    @property
    def minimum_password_length(self) -> int | None: ...
    @property
    def password_reuse_prevention(self) -> int | None: ...

@final
class PolicyDocument:
    """An IAM policy document, parsed from any JSON form AWS accepts (URL-encoded too)."""

    @staticmethod
    def from_json(text: str) -> PolicyDocument:
        """Parses raw JSON or the URL-encoded text IAM returns.

        Raises:
            ValidationError: the text is not a policy document.
        """
    @staticmethod
    def allow(actions: list[str], resources: list[str]) -> PolicyDocument:
        """One statement allowing `actions` on `resources`."""
    def to_json(self) -> str:
        """Compact JSON, in AWS's element order."""
    def to_json_pretty(self) -> str:
        """Indented JSON."""
    def to_dict(self) -> dict[str, Json]:
        """The document as plain Python objects."""
    def size(self) -> int:
        """Size as IAM counts it: non-whitespace characters."""
    def validate(self, context: PolicyContext = "identity") -> None:
        """Checks grammar and size for `context`.

        Raises:
            ValidationError: the document is invalid there.
        """
    def semantic_eq(self, other: PolicyDocument) -> bool:
        """Whether the documents mean the same."""
    def diff(self, new: PolicyDocument) -> tuple[list[str], list[str]]:
        """Statements (JSON) added and removed going to `new`."""
    def __len__(self) -> int: ...
    def __eq__(self, other: object) -> bool: ...

def lint(document: PolicyDocument, context: PolicyContext = "identity") -> list[LintFinding]:
    """Lint findings for `document` used as `context`."""

def allows(
    documents: list[PolicyDocument],
    action: str,
    resource: str,
    *,
    context: Mapping[str, str | Sequence[str]] | Iterable[tuple[str, str | Sequence[str]]] | None = None,
) -> Evaluation:
    """Evaluates a request like IAM does.

    Args:
        documents: the policies (one set: a principal's identity policies, say).
        action: the action (`s3:GetObject`).
        resource: the resource ARN.
        context: context keys and their value or values (`{"aws:SecureTransport": "true"}`).

    Returns:
        The decision and the (document, statement) that decided it (None for an implicit deny).
    """

def expand_actions(pattern: str) -> list[str]:
    """Every action of the embedded action catalog that `pattern` (`s3:Get*`) matches.

    Case is ignored; an unknown service or a pattern that matches nothing gives [].
    """

def evaluate_chain(
    action: str,
    resource: str,
    *,
    principal: str,
    context: Mapping[str, str | Sequence[str]] | Iterable[tuple[str, str | Sequence[str]]] | None = None,
    identity: list[PolicyDocument] = ...,
    resource_policy: PolicyDocument | None = None,
    resource_kind: Literal["other", "role_trust", "kms_key"] = "other",
    resource_account: str | None = None,
    permissions_boundary: PolicyDocument | None = None,
    session_policy: PolicyDocument | None = None,
    scps: list[list[PolicyDocument]] = ...,
    rcps: list[list[PolicyDocument]] = ...,
) -> ChainEvaluation:
    """Evaluates a request through every policy type, as AWS does.

    Args:
        action: the action (`s3:GetObject`).
        resource: the resource ARN.
        principal: the caller's ARN (a user, or a role session `arn:aws:sts::...:assumed-role/...`).
        context: context keys and their value or values.
        identity: the caller's identity-based policies.
        resource_policy: the resource's policy (`resource_kind` says if it is a role's trust
            policy or a KMS key policy, which must allow even in the same account).
        resource_account: the resource's account when its ARN has none (S3).
        permissions_boundary: the caller's permissions boundary.
        session_policy: the session policy.
        scps: SCPs per level, the organization root first; each level must allow.
        rcps: RCPs per level, as for `scps`.

    Raises:
        ValidationError: `resource_kind` is not one of the three.
    """

def check_access_not_granted(
    documents: list[PolicyDocument], actions: list[str], resources: list[str]
) -> AccessGranted | None:
    """None when no pair of `actions` x `resources` is granted; else the first grant."""

def check_no_new_access(old: list[PolicyDocument], new: list[PolicyDocument]) -> list[NewGrant]:
    """The accesses `new` grants that `old` does not (empty when none)."""

def pack(
    documents: list[PolicyDocument], limit: SizeLimit = "managed", max_documents: int | None = None
) -> list[PolicyDocument]:
    """Packs the statements into the fewest documents that each fit `limit`.

    Raises:
        ValidationError: a statement cannot fit, or more than `max_documents` are needed.
    """

@final
class Trust:
    """Who may assume a role."""

    @staticmethod
    def service(service: str, source_arns: list[str] | None = None) -> Trust:
        """An AWS service, on behalf of this account only."""
    @staticmethod
    def third_party(account: str, external_id: str) -> Trust:
        """A third party's account that must present `external_id`."""
    @staticmethod
    def account_with_mfa(account: str) -> Trust:
        """People in another account of yours, with MFA."""
    @staticmethod
    def same_account_with_mfa() -> Trust:
        """People in this account, with MFA."""
    @staticmethod
    def github_actions(repository: str, git_ref: str) -> Trust:
        """GitHub Actions workflows of `repository` for `git_ref`."""
    @staticmethod
    def saml(provider: str) -> Trust:
        """Federation through a SAML provider of this account."""
    @staticmethod
    def custom(document: PolicyDocument) -> Trust:
        """A custom trust policy."""

@final
class RoleSpec:
    """A least-privilege IAM role, checked offline when constructed."""

    def __new__(
        cls,
        name: str,
        *,
        trust: Trust,
        path: str | None = None,
        description: str | None = None,
        max_session_seconds: int = 3600,
        tags: list[tuple[str, str]] | None = None,
        managed_policies: list[str] | None = None,
        inline_policies: list[tuple[str, PolicyDocument]] | None = None,
        customer_policies: list[tuple[str, PolicyDocument]] | None = None,
        boundary_arn: str | None = None,
        boundary_policy: str | None = None,
        adopt: bool = False,
        allow_security_warnings: bool = False,
        pack_inline_policies: bool = False,
        access_gates: AccessGates | None = None,
    ) -> RoleSpec:
        """Builds and checks the role offline.

        `access_gates`: Access Analyzer checks planning must pass (see `AccessGates`).

        Raises:
            ValidationError: a name, path, size, quota, lint or gate input check failed;
                `.field` says where (`access_gates.access_not_granted[0].actions[0]`).
        """
    @property
    def name(self) -> str: ...
    @property
    def access_gates(self) -> AccessGates:
        """The Access Analyzer gates planning must pass (empty: none)."""
    @property
    def lint_findings(self) -> list[PolicyFinding]:
        """Lint findings kept for review, each with the policy it is about."""
    def plan(self, aws: Aws) -> Plan:
        """Reads the account and plans the differences (reads only).

        Raises:
            PreconditionError: `reason="access_check_failed"` when one of the spec's access
                gates refuses the change; `problem` names the role, the gate and the reason.
        """
    def plan_async(self, aws: Aws) -> AsyncCall[Plan]:
        """Call `plan` asynchronously."""
    def to_cloudformation(self) -> CloudFormationTemplate:
        """The role as a CloudFormation template."""

def required_policy(specs: list[RoleSpec]) -> PolicyDocument:
    """The least-privilege policy that lets a principal plan and apply `specs`."""

@final
class RootHardening:
    """Step one of the guide: audit the root user and plan its hardening.

    `root_access_keys`: "keep" (report them; the plan carries a manual step), "deactivate",
    or "delete" (needs a root session; otherwise a manual step, or `PreconditionError` at plan
    time with `require_root_caller=True`). `mfa`: "hardware" (CIS 1.6) or "any".
    `check_password_expiry` adds the opt-in 90-day expiry check.
    """

    def __new__(
        cls,
        *,
        password_policy: PasswordPolicy | None = None,
        account_alias: str | None = None,
        root_access_keys: Literal["keep", "deactivate", "delete"] = "keep",
        deactivate_before_delete: bool = False,
        require_root_caller: bool = False,
        mfa: Literal["hardware", "any"] = "hardware",
        root_usage_window_days: int = 1,
        check_password_expiry: bool = False,
    ) -> RootHardening:
        """Builds and validates the spec.

        Raises:
            ValidationError: a value is invalid; `.field` names it.
        """
    def audit(self, aws: Aws) -> AuditReport:
        """Reads the account and returns the audit (no writes).

        Raises:
            TimeoutError: the credential report was not ready in time.
        """
    def audit_async(self, aws: Aws) -> AsyncCall[AuditReport]:
        """Call `audit` asynchronously."""
    def plan(self, aws: Aws) -> Plan:
        """Audits, then returns the changes, manual steps and findings (reads only).

        Raises:
            PreconditionError: root keys must be removed, the caller is not root and
                `require_root_caller` is set; the message says what to do.
        """
    def plan_async(self, aws: Aws) -> AsyncCall[Plan]:
        """Call `plan` asynchronously."""
    def plan_from_audit(self, report: AuditReport) -> Plan:
        """The plan for an audit this spec already made (no call)."""

@final
class AuditReport:
    """What the root audit read and its findings (each with `cis` and `prowler` mappings)."""

    @property
    def findings(self) -> list[Finding]:
        """The findings, each mapped to CIS controls and prowler checks."""
    def failed(self) -> list[Finding]:
        """Findings that failed."""
    def unknown(self) -> list[Finding]:
        """Findings that could not be decided (e.g. no `<root_account>` row)."""
    def status(self, check_id: str) -> Literal["pass", "fail", "unknown", "not_applicable"] | None:
        """The status of one check, None if it did not run."""
    @property
    def caller_arn(self) -> str:
        """The caller's ARN."""
    @property
    def account_id(self) -> str:
        """The account ID."""
    @property
    def caller_is_root(self) -> bool:
        """Whether the caller is the root user."""
    @property
    def root_mfa(self) -> Literal["absent", "virtual", "hardware", "unknown"]:
        """The root user's MFA."""
    @property
    def has_root_row(self) -> bool:
        """Whether the credential report has a `<root_account>` row."""
    @property
    def account_alias(self) -> str | None:
        """The account alias, if any."""
    def to_json(self) -> str:
        """The whole report as JSON (it holds no secrets)."""
    def to_dict(self) -> dict[str, Json]:
        """The whole report as plain Python objects."""

@final
class VirtualMfa:
    """Enrolls a virtual MFA device for one IAM user (a break-glass user, say)."""

    def __new__(
        cls,
        user_name: str,
        *,
        device_name: str | None = None,
        path: str | None = None,
        create_user: bool = False,
    ) -> VirtualMfa:
        """Validates the names.

        Raises:
            ValidationError: a name or the path is invalid; `.field` names it.
        """
    def enroll(self, aws: Aws, codes: Callable[[str, bytes], tuple[str, str]] | None = None) -> MfaEnrollment:
        """Creates the device, gets two consecutive codes, enables it.

        Args:
            aws: the account.
            codes: called with the base32 seed and the QR code PNG, returns two consecutive
                TOTP codes; None computes them from the seed.

        Raises:
            NotFoundError: the user does not exist and `create_user` is False.
            IamBootstrapError: the codes were rejected (the new device was deleted again).
        """
    def enroll_async(
        self, aws: Aws, codes: Callable[[str, bytes], tuple[str, str]] | None = None
    ) -> AsyncCall[MfaEnrollment]:
        """Call `enroll` asynchronously."""
    @property
    def user_name(self) -> str: ...
    @property
    def device_name(self) -> str: ...

@final
class MfaEnrollment:
    """The result of `VirtualMfa.enroll`; the secrets can be taken once and never print."""

    @property
    def serial_number(self) -> str | None:
        """The device's serial number."""
    @property
    def serial_numbers(self) -> list[str]:
        """Every serial number (several only if the user already had devices)."""
    @property
    def already_enabled(self) -> bool:
        """True if the user already had MFA and nothing was written."""
    def take_seed(self) -> str | None:
        """The base32 seed, the first time only (then None)."""
    def take_qr_code_png(self) -> bytes | None:
        """The QR code PNG, the first time only (then None)."""

@final
class JobFunction:
    """An AWS managed policy for a job function, with its real ARN."""

    AdministratorAccess: JobFunction
    PowerUserAccess: JobFunction
    ReadOnlyAccess: JobFunction
    ViewOnlyAccess: JobFunction
    SecurityAudit: JobFunction
    Billing: JobFunction
    DatabaseAdministrator: JobFunction
    NetworkAdministrator: JobFunction
    SystemAdministrator: JobFunction
    DataScientist: JobFunction
    SupportUser: JobFunction

    @property
    def arn(self) -> str:
        """The policy ARN (`arn:aws:iam::aws:policy/job-function/ViewOnlyAccess`)."""
    @property
    def policy_name(self) -> str:
        """The policy name (`ViewOnlyAccess`)."""
    @staticmethod
    def all() -> list[JobFunction]:
        """Every job function."""
    def permission_set(self) -> PermissionSetSpec:
        """The lesser-privilege preset: this policy, a description, a 1-hour session (4 for read-only)."""
    def __int__(self) -> int: ...

def least_privilege_permission_set(
    name: str,
    document: PolicyDocument,
    *,
    allow_security_warnings: bool = False,
    session_duration: str | None = None,
) -> PermissionSetSpec:
    """A permission set granting exactly `document` inline, held to the least-privilege lint bar.

    Raises:
        ValidationError: the document is invalid, too large, or has a SECURITY_WARNING finding.
    """

@final
class DirectoryUserSpec:
    """A user in the Identity Center identity store (created when missing, never rewritten)."""

    def __new__(
        cls,
        user_name: str,
        *,
        given_name: str,
        family_name: str,
        email: str,
        display_name: str | None = None,
    ) -> DirectoryUserSpec:
        """Validates the user; `display_name` defaults to "given family".

        Raises:
            ValidationError: a field is invalid; `.field` names it.
        """
    @property
    def user_name(self) -> str: ...
    @property
    def display_name(self) -> str: ...
    @property
    def email(self) -> str: ...

@final
class DirectoryGroupSpec:
    """A group in the identity store and the users that must be in it."""

    def __new__(
        cls, name: str, *, description: str | None = None, members: list[str] | None = None
    ) -> DirectoryGroupSpec:
        """Validates the group.

        Raises:
            ValidationError: a field is invalid; `.field` names it.
        """
    @property
    def name(self) -> str: ...
    @property
    def members(self) -> list[str]: ...

@final
class PermissionSetSpec:
    """A permission set, converged field by field and policy by policy."""

    def __new__(
        cls,
        name: str,
        *,
        description: str | None = None,
        session_duration: str | None = None,
        relay_state: str | None = None,
        managed_policies: list[str | JobFunction] | None = None,
        customer_managed_policies: list[str] | None = None,
        inline_policy: str | Mapping[str, object] | None = None,
        permissions_boundary: str | None = None,
        tags: dict[str, str] | None = None,
        adopt: bool = False,
    ) -> PermissionSetSpec:
        """Validates the set before any API call.

        Args:
            name: 1 to 32 characters of `[\\w+=,.@-]`.
            session_duration: ISO-8601, `PT1H` (default) to `PT12H`.
            managed_policies: AWS managed policy ARNs or `JobFunction`s.
            customer_managed_policies: `"name"` or `"/path/name"`.
            inline_policy: an identity policy (JSON text or a dict), at most 10,240
                non-whitespace characters.
            permissions_boundary: an AWS managed policy ARN, a customer managed policy
                (`"name"` or `"/path/name"`), or `"none"`; left as it is when not given.
            tags: tags the set must carry (`managed-by` is reserved for the library).
            adopt: converge an existing set of this name the library did not create.

        Raises:
            ValidationError: a field is invalid; `.field` names it.
        """
    @property
    def name(self) -> str: ...
    @property
    def session_duration(self) -> str: ...
    @property
    def managed_policies(self) -> list[str]: ...

@final
class AssignmentSpec:
    """A user or group gets a permission set in accounts (exactly one of `group`, `user`)."""

    def __new__(
        cls,
        permission_set: str,
        *,
        accounts: list[str | dict[str, str | bool | list[str]]],
        group: str | None = None,
        user: str | None = None,
    ) -> AssignmentSpec:
        """Validates the assignment.

        `accounts` takes account IDs and, in an organization, selectors resolved when the
        spec is planned: `{"ou": "Root/Workloads"}` (by path or `ou-...` ID; nested OUs
        count unless `"recursive": False`), `{"tag": "env=prod"}`,
        `{"organization": True}`, each with an optional `"except": [account IDs]`. Only
        ACTIVE accounts are targeted; the plan shows how each selector resolved.

        Raises:
            ValidationError: a field is invalid; `.field` names it (`accounts[1].ou`).
        """

@final
class IdentityCenterSpec:
    """Users, groups, permission sets and assignments in one Identity Center instance."""

    def __new__(
        cls,
        *,
        users: list[DirectoryUserSpec] | None = None,
        groups: list[DirectoryGroupSpec] | None = None,
        permission_sets: list[PermissionSetSpec] | None = None,
        assignments: list[AssignmentSpec] | None = None,
        instance_arn: str | None = None,
        max_outstanding_assignments: int = 10,
        name: str | None = None,
        prune: bool = False,
        remove_users: list[str] | None = None,
        remove_groups: list[str] | None = None,
    ) -> IdentityCenterSpec:
        """Validates the whole spec (names listed twice, accounts repeated, an
        `instance_arn` that is not `arn:aws:sso:::instance/ssoins-...`, ...).

        `name` is what the permission sets it creates are tagged with (`"default"` when not
        given); with `prune=True` plans also delete what the spec owns and no longer names.
        The identity store cannot tag users or groups, so they are deleted only when listed
        in `remove_users` / `remove_groups`.

        Raises:
            ValidationError: a field is invalid; `.field` names it (`instance_arn`).
        """
    @staticmethod
    def from_json(text: str) -> IdentityCenterSpec:
        """Parses and validates a spec written as JSON.

        Raises:
            ValidationError: the text is not a valid spec; the message names the field.
        """
    def to_json(self) -> str:
        """The spec as JSON."""
    @property
    def name(self) -> str:
        """The spec's name: what its permission sets are tagged with."""
    @property
    def prune(self) -> bool:
        """Whether plans also delete what this spec owns and no longer names."""
    def plan(self, aws: Aws, *, prune: bool | None = None) -> Plan:
        """Reads the instance and returns the plan that converges it (reads only).
        `prune`, if given, overrides the spec's own setting.

        Raises:
            PreconditionError: Identity Center is not enabled, the spec names something
                that does not exist, or it would rewrite a permission set it does not own.
        """
    def plan_async(self, aws: Aws, *, prune: bool | None = None) -> AsyncCall[Plan]:
        """Call `plan` asynchronously."""
    def destroy_plan(self, aws: Aws) -> Plan:
        """A plan that deletes everything this spec owns in Identity Center (the
        assignments of its permission sets, then the sets; the memberships it lists; the
        users and groups it lists for removal), in reverse dependency order, and nothing
        else (reads only; apply it with `allow_deletions=True`)."""
    def destroy_plan_async(self, aws: Aws) -> AsyncCall[Plan]:
        """Call `destroy_plan` asynchronously."""

@final
class Revocation:
    """Revoking one person's access: out of the groups that grant it (`Administrators`
    unless named), and with `delete_user=True` the user deleted after its assignments of
    the permission sets of the spec named `spec`."""

    def __new__(
        cls,
        user_name: str,
        *,
        groups: list[str] | None = None,
        delete_user: bool = False,
        spec: str | None = None,
        instance_arn: str | None = None,
    ) -> Revocation:
        """Raises:
            ValidationError: a name is invalid; `.field` names it (`user`, `groups[0]`).
        """
    @property
    def user_name(self) -> str:
        """The user."""
    @property
    def groups(self) -> list[str]:
        """The groups the user leaves."""
    @property
    def delete_user(self) -> bool:
        """Whether the user is deleted too."""
    def plan(self, aws: Aws) -> Plan:
        """Reads the instance and returns the revocation's plan (reads only; every change
        deletes: apply it with `allow_deletions=True`). A revocation already carried out
        plans nothing."""
    def plan_async(self, aws: Aws) -> AsyncCall[Plan]:
        """Call `plan` asynchronously."""

@final
class AdminProvisioning:
    """The guide's administrator: the user, an `Administrators` group with the user in it, an
    `AdministratorAccess` permission set with one-hour sessions, the group assigned the set in
    each account, and the set provisioned."""

    def __new__(
        cls,
        *,
        user: DirectoryUserSpec,
        accounts: list[str | dict[str, str | bool | list[str]]],
        group: str = ...,
        group_description: str | None = None,
        permission_set: str = ...,
        session_duration: str = ...,
        instance_arn: str | None = None,
        adopt_permission_set: bool = False,
        max_outstanding_assignments: int = 10,
    ) -> AdminProvisioning:
        """Validates the preset.

        Raises:
            ValidationError: a field is invalid; `.field` names it (`accounts[1]`, `group`,
                `instance_arn`).

        `accounts` takes the forms `AssignmentSpec` does: IDs and selector dicts.
        """
    @property
    def spec(self) -> IdentityCenterSpec:
        """The general spec this preset stands for."""
    def to_json(self) -> str:
        """The preset as JSON."""
    def plan(self, aws: Aws) -> Plan:
        """Reads the instance and returns the plan that converges it (reads only).

        Raises:
            PreconditionError: see `IdentityCenterSpec.plan`.
        """
    def plan_async(self, aws: Aws) -> AsyncCall[Plan]:
        """Call `plan` asynchronously."""

@final
class AccessGates:
    """IAM Access Analyzer's custom policy checks as plan gates for a role.

    `no_new_access`: `CheckNoNewAccess` against the deployed role's policies (a new role has
    nothing to compare with); `allow_new_access`: new access it finds is reviewed and
    allowed; `access_not_granted`: `(actions, resources)` pairs the role must never grant
    (empty resources: any); `no_public_trust`: `CheckNoPublicAccess` on the trust policy.
    """

    def __new__(
        cls,
        *,
        no_new_access: bool = False,
        allow_new_access: bool = False,
        access_not_granted: list[tuple[list[str], list[str]]] | None = None,
        no_public_trust: bool = False,
    ) -> AccessGates:
        """Checks the gates offline.

        Raises:
            ValidationError: `allow_new_access` without `no_new_access`, an entry with
                neither actions nor resources, more than 100 of either, an action that is
                not `service:Action`, or a resource that is not an ARN.
        """
    @property
    def no_new_access(self) -> bool: ...
    @property
    def allow_new_access(self) -> bool: ...
    @property
    def access_not_granted(self) -> list[tuple[list[str], list[str]]]: ...
    @property
    def no_public_trust(self) -> bool: ...
    def check(self, spec: RoleSpec, aws: Aws) -> GateReport:
        """Runs the gates on what `spec` would make of the role.

        Raises:
            PreconditionError: `reason="access_check_failed"` for the first gate that fails.
        """
    def check_async(self, spec: RoleSpec, aws: Aws) -> AsyncCall[GateReport]:
        """Call `check` asynchronously."""
    def plan(self, spec: RoleSpec, aws: Aws) -> Plan:
        """Runs these gates, then plans the role (which runs the spec's own gates)."""
    def plan_async(self, spec: RoleSpec, aws: Aws) -> AsyncCall[Plan]:
        """Call `plan` asynchronously."""
    def to_dict(self) -> dict[str, Json]:
        """The gates as in a spec file's `access_gates` table."""
    def __eq__(self, other: object) -> bool: ...

@final
class AccessAnalyzer:
    """Access Analyzer's custom policy checks, called directly through `aws`."""

    def __new__(cls, aws: Aws) -> AccessAnalyzer: ...
    def check_no_new_access(
        self, new: PolicyDocument, existing: PolicyDocument, *, policy_type: AnalyzerPolicyType = "IDENTITY_POLICY"
    ) -> AccessCheckOutcome:
        """`CheckNoNewAccess`: whether `new` grants anything `existing` does not."""
    def check_no_new_access_async(
        self, new: PolicyDocument, existing: PolicyDocument, *, policy_type: AnalyzerPolicyType = "IDENTITY_POLICY"
    ) -> AsyncCall[AccessCheckOutcome]:
        """Call `check_no_new_access` asynchronously."""
    def check_access_not_granted(
        self,
        document: PolicyDocument,
        actions: list[str],
        resources: list[str] | None = None,
        *,
        policy_type: AnalyzerPolicyType = "IDENTITY_POLICY",
    ) -> AccessCheckOutcome:
        """`CheckAccessNotGranted`: whether `document` grants any of `actions` (on `resources`).

        Raises:
            ValidationError: bad input (as `AccessGates`), before any call.
        """
    def check_access_not_granted_async(
        self,
        document: PolicyDocument,
        actions: list[str],
        resources: list[str] | None = None,
        *,
        policy_type: AnalyzerPolicyType = "IDENTITY_POLICY",
    ) -> AsyncCall[AccessCheckOutcome]:
        """Call `check_access_not_granted` asynchronously."""
    def check_no_public_access(
        self, document: PolicyDocument, *, resource_type: AnalyzerResourceType = "AWS::IAM::AssumeRolePolicyDocument"
    ) -> AccessCheckOutcome:
        """`CheckNoPublicAccess`: whether a resource (or trust) policy lets anyone in."""
    def check_no_public_access_async(
        self, document: PolicyDocument, *, resource_type: AnalyzerResourceType = "AWS::IAM::AssumeRolePolicyDocument"
    ) -> AsyncCall[AccessCheckOutcome]:
        """Call `check_no_public_access` asynchronously."""

def validate_policy(aws: Aws, document: PolicyDocument, context: PolicyContext = "identity") -> ValidationReport:
    """`ValidatePolicy` and the offline lint together; each finding says who reported it."""

def validate_policy_async(
    aws: Aws, document: PolicyDocument, context: PolicyContext = "identity"
) -> AsyncCall[ValidationReport]:
    """Call `validate_policy` asynchronously."""

@final
class GenerationRequest:
    """What to generate a policy from: a role's activity in a CloudTrail trail."""

    def __new__(
        cls,
        role: str,
        *,
        trail: str,
        access_role: str,
        days: int | None = None,
        start: str | datetime | None = None,
        end: str | datetime | None = None,
        regions: list[str] | None = None,
    ) -> GenerationRequest:
        """The last `days` days (default 90), or `start` to `end` (default now).

        Raises:
            ValidationError: an empty window, one longer than 90 days, `days` and `start`
                both given, a trail that is not a CloudTrail ARN or an access role that is
                not an IAM role ARN.
        """
    def to_dict(self) -> dict[str, Json]: ...

@final
class GeneratedPolicy:
    """A policy generated from CloudTrail, ready for review."""

    @property
    def role(self) -> str: ...
    @property
    def start(self) -> str: ...
    @property
    def end(self) -> str: ...
    @property
    def document(self) -> PolicyDocument:
        """The generated policies as one document."""
    @property
    def placeholders(self) -> list[Placeholder]:
        """Resource placeholders to fill before use (`${BucketName}`)."""
    @property
    def trail_complete(self) -> bool:
        """Whether AWS read the whole trail."""
    def to_dict(self) -> dict[str, Json]: ...

def generate_policy(aws: Aws, request: GenerationRequest) -> GeneratedPolicy:
    """`StartPolicyGeneration`, then `GetGeneratedPolicy` until the job ends (bounded).

    Raises:
        NotFoundError: the role does not exist.
        AsyncFailedError: the job failed or was cancelled; `.reason` is AWS's code and message.
        TimeoutError: the job did not end in time (it is cancelled first).
    """

def generate_policy_async(aws: Aws, request: GenerationRequest) -> AsyncCall[GeneratedPolicy]:
    """Call `generate_policy` asynchronously."""

def propose(aws: Aws, generated: GeneratedPolicy) -> Proposal:
    """The proposal to tighten the role to what it used in the window (lint and evaluator checked)."""

def propose_async(aws: Aws, generated: GeneratedPolicy) -> AsyncCall[Proposal]:
    """Call `propose` asynchronously."""

def unused_access(aws: Aws, role: str, days: int = 90) -> UnusedAccess:
    """What `role` has not used for `days` days (IAM's service-last-accessed report, polled
    within bounds), with a proposed narrower policy.

    Raises:
        NotFoundError: the role does not exist.
        AsyncFailedError: the report failed; `.reason` is IAM's code and message.
        TimeoutError: the report did not finish in time.
    """

def unused_access_async(aws: Aws, role: str, days: int = 90) -> AsyncCall[UnusedAccess]:
    """Call `unused_access` asynchronously."""


@final
class OperationPreferences:
    """How a StackSet operation rolls out, checked when constructed."""

    def __new__(
        cls,
        *,
        max_concurrent_count: int | None = None,
        max_concurrent_percentage: int | None = None,
        failure_tolerance_count: int | None = None,
        failure_tolerance_percentage: int | None = None,
        region_order: list[str] | None = None,
        parallel_regions: bool = False,
    ) -> OperationPreferences:
        """CloudFormation's defaults (one account at a time, no failure tolerated) unless set.

        Raises:
            ValidationError: a count or percentage out of range, a failure tolerance not
                below the concurrency, a malformed or repeated region; `.field` says which.
        """
    def to_dict(self) -> dict[str, Any]: ...

@final
class OrgStackSet:
    """A role or customer managed policies in every account of some OUs (nested OUs
    included) or of the whole organization, deployed by one service-managed StackSet with
    automatic deployment."""

    def __new__(
        cls,
        *,
        regions: list[str],
        role: RoleSpec | None = None,
        policies: list[tuple[str, PolicyDocument]] | None = None,
        name: str | None = None,
        ous: list[str] | None = None,
        organization: bool = False,
        preferences: OperationPreferences | None = None,
        retain_stacks_on_account_removal: bool = False,
        spec_name: str | None = None,
        permission_set: PermissionSetSpec | None = None,
    ) -> OrgStackSet:
        """Checks the rollout offline: exactly one of `role` and `policies` (then `name` is
        required, unless `permission_set` is given: then every customer managed policy the
        set references must be among `policies`, and the name is
        `iam-bootstrap-ps-<set>`), at least one OU (`Root/Workloads` or `ou-...`) or
        `organization=True`, regions each once. Apply a permission set's policies before
        its assignments, so provisioning finds them in every account.

        Raises:
            ValidationError: `.field` says which input (`stack_set.regions[1]`).
        """
    @property
    def name(self) -> str: ...
    def template(self) -> dict[str, Any]:
        """The CloudFormation template every account gets."""
    def plan(self, aws: Aws) -> StackSetPlan:
        """Reads the organization and the StackSet and plans the rollout (reads only).

        Raises:
            PreconditionError: no organization, an unknown OU, or a StackSet of that name
                the spec does not own (`reason == "stack_set_not_owned"`).
        """
    def plan_async(self, aws: Aws) -> AsyncCall[StackSetPlan]: ...

@final
class StackSetPlan:
    """What applying an `OrgStackSet` would do; `str()` prints it for review."""

    @property
    def is_empty(self) -> bool:
        """Whether applying it writes nothing."""
    def to_dict(self) -> dict[str, Any]:
        """change, targets, resolutions, deploy_to, add, update, retry, remove (instances as
        `{"account", "region"}`), running, preferences."""
    def apply(self, aws: Aws, *, allow_deletions: bool = False) -> StackSetOutcome:
        """Waits for a running operation, creates or updates the StackSet, deploys, polls
        each operation with a bounded backoff.

        Raises:
            PreconditionError: the plan removes instances and `allow_deletions` is False.
        """
    def apply_async(self, aws: Aws, *, allow_deletions: bool = False) -> AsyncCall[StackSetOutcome]: ...

@final
class StackSetOutcome:
    """What an apply did: its operations, every account's result, its own calls."""

    @property
    def is_success(self) -> bool: ...
    @property
    def failed(self) -> list[dict[str, Any]]:
        """The failed accounts: `{"account", "region", "status": "failed", "reason"}`."""
    def to_dict(self) -> dict[str, Any]: ...

@final
class DriftReport:
    """What a StackSet drift audit found."""

    @property
    def drifted(self) -> list[dict[str, Any]]:
        """The drifted instances: `{"account", "region", "status", "resources"}`."""
    def to_dict(self) -> dict[str, Any]: ...

def audit_drift(aws: Aws, name: str, *, preferences: OperationPreferences | None = None) -> DriftReport:
    """Starts drift detection on the StackSet `name`, polls it, reports per account
    (read-only)."""

def audit_drift_async(
    aws: Aws, name: str, *, preferences: OperationPreferences | None = None
) -> AsyncCall[DriftReport]: ...
@final
class OrgRoot:
    """Root user hardening across an organization through centralized root access: enable
    it (a plan), audit every selected member account's root user in an `sts:AssumeRoot`
    session, remove the root credentials opted into. Session credentials never leave the
    library."""

    def __new__(
        cls,
        aws: Aws,
        *,
        ou: str | None = None,
        except_accounts: Sequence[str] | None = None,
        concurrency: int = 16,
        sts_rate: int = 600,
        session_seconds: int = 900,
    ) -> OrgRoot:
        """Checks every setting before any call.

        Raises:
            ValidationError: `.field` is `ou`, `except`, `concurrency`, `sts_rate` or
                `session_seconds` (1 to 900).
        """
    def plan_enable(self) -> EnablePlan:
        """What enabling centralized root access still needs (reads only).

        Raises:
            PreconditionError: the caller is neither the management account nor IAM's
                delegated administrator, or the organization lacks all features.
        """
    def plan_enable_async(self) -> AsyncCall[EnablePlan]:
        """Call `plan_enable` asynchronously."""
    def apply_enable(self, plan: EnablePlan) -> None:
        """Makes the plan's writes (none for an empty plan)."""
    def apply_enable_async(self, plan: EnablePlan) -> AsyncCall[None]:
        """Call `apply_enable` asynchronously."""
    def audit(self) -> OrgRootReport:
        """Audits every selected member account's root user (one AssumeRoot session each)."""
    def audit_async(self) -> AsyncCall[OrgRootReport]:
        """Call `audit` asynchronously."""
    def plan_removal(self, kinds: Sequence[str]) -> RemovalPlan:
        """Plans deleting the root credentials of `kinds` (`"login-profile"`,
        `"access-keys"`, `"signing-certificates"`, `"mfa-devices"`) in every selected account.

        Raises:
            ValidationError: `.field` is `fix` (an unknown or no kind), before any call.
        """
    def plan_removal_async(self, kinds: Sequence[str]) -> AsyncCall[RemovalPlan]:
        """Call `plan_removal` asynchronously."""
    def apply_removal(self, plan: RemovalPlan) -> RemovalOutcome:
        """Applies a removal plan: one delete session per account; already gone is done."""
    def apply_removal_async(self, plan: RemovalPlan) -> AsyncCall[RemovalOutcome]:
        """Call `apply_removal` asynchronously."""

@final
class EnablePlan:
    """What enabling centralized root access still needs."""

    @property
    def steps(self) -> list[Literal["trusted_access_for_iam", "root_credentials_management", "root_sessions"]]:
        """The writes, in order."""
    def is_empty(self) -> bool:
        """Whether there is nothing to write."""
    def to_dict(self) -> dict[str, Json]:
        """The plan as plain Python objects."""

@final
class OrgRootReport:
    """The organization's root audit: per account, per finding, totals."""

    @property
    def centralized_root(self) -> Finding:
        """The organization-level finding `centralized-root-access-enabled`."""
    def findings(self, account: str) -> list[Finding]:
        """One account's findings (empty unless audited)."""
    @property
    def results(self) -> dict[str, Literal["audited", "failed", "skipped"]]:
        """Each account's result."""
    @property
    def totals(self) -> dict[str, Json]:
        """Accounts audited, failed, skipped, failing, and pass/fail/n.a./unknown per finding."""
    def to_json(self) -> str:
        """The report as JSON (it holds no credentials)."""
    def to_dict(self) -> dict[str, Json]:
        """The report as plain Python objects."""

@final
class RemovalPlan:
    """The root credentials to delete, per account."""

    def is_empty(self) -> bool:
        """Whether nothing is to be deleted."""
    @property
    def changes(self) -> dict[str, list[str]]:
        """The deletions per account, as printed."""
    def to_dict(self) -> dict[str, Json]:
        """The plan as plain Python objects."""

@final
class RemovalOutcome:
    """What applying a removal plan did, per account."""

    def all_done(self) -> bool:
        """Whether no account failed."""
    @property
    def failed(self) -> dict[str, str]:
        """The accounts that failed, with why."""
    def to_json(self) -> str:
        """The outcome as JSON."""
    def to_dict(self) -> dict[str, Json]:
        """The outcome as plain Python objects."""
