"""Type stubs for the compiled extension module (hand-written; checked by mypy.stubtest)."""

from typing import Any

__version__: str

class Aws:
    """A connection to an AWS account: real AWS, an endpoint such as a local emulator, or an
    in-memory account."""

    @staticmethod
    def in_memory() -> Aws:
        """A fresh in-memory account (no AWS account or credentials needed)."""
    @staticmethod
    def connect(
        *,
        endpoint_url: str | None = None,
        region: str | None = None,
        profile: str | None = None,
        access_key_id: str | None = None,
        secret_access_key: str | None = None,
        headers: list[tuple[str, str]] | None = None,
    ) -> Aws:
        """Connects to AWS (or `endpoint_url`) with the usual configuration chain.

        Raises:
            ValidationError: an extra header is not valid HTTP.
        """
    def calls(self) -> dict[str, int]:
        """Calls made so far, by operation (`{"iam:GetRole": 2}`)."""

class Plan:
    """What a spec would change: changes, manual steps and findings."""

    @property
    def changes(self) -> list[str]:
        """The changes, as printed (one line each)."""
    @property
    def manual_steps(self) -> list[dict[str, Any]]:
        """The manual steps (`id`, `title`, `instructions`, `verification`)."""
    @property
    def findings(self) -> list[dict[str, Any]]:
        """The audit findings (`id`, `status`, `severity`, `title`, `evidence`, `cis`, `prowler`)."""
    def is_empty(self) -> bool:
        """Whether there is nothing to write."""
    def to_json(self) -> str:
        """The whole plan as JSON."""
    def to_dict(self) -> dict[str, Any]:
        """The whole plan as plain Python objects."""
    def apply(self, aws: Aws) -> Outcome:
        """Applies the changes in order and stops at the first failure.

        Raises:
            ApplyError: a step failed; `.step` is its zero-based index.
        """
    async def apply_async(self, aws: Aws) -> Outcome:
        """Call `apply` asynchronously."""
    def __len__(self) -> int: ...

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
    async def plan_async(self, aws: Aws) -> Plan:
        """Call `plan` asynchronously."""
    @property
    def minimum_password_length(self) -> int | None: ...
    @property
    def password_reuse_prevention(self) -> int | None: ...

class IamBootstrapError(Exception):
    """Base class of every iam_bootstrap error."""

class ValidationError(IamBootstrapError):
    """Input was rejected before any API call; `.field` names the field."""

class NotFoundError(IamBootstrapError):
    """A resource does not exist."""

class AlreadyExistsError(IamBootstrapError):
    """A resource exists already."""

class AccessDeniedError(IamBootstrapError):
    """The caller may not perform the operation."""

class ThrottledError(IamBootstrapError):
    """The service throttled the call and retries did not get through."""

class ConflictError(IamBootstrapError):
    """The call conflicted with another one and retries did not get through."""

class PreconditionError(IamBootstrapError):
    """The account is not in a state where this can be done; the message says what to do."""

class TimeoutError(IamBootstrapError):
    """A bounded wait gave up."""

class ApplyError(IamBootstrapError):
    """A step of Plan.apply failed; `.step` is its index."""
