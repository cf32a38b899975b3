"""The exception hierarchy: one class per error of the Rust library, all deriving from
`IamBootstrapError`, each carrying the attributes that say what failed.

The classes are plain Python (the extension raises them), so they take part in multiple
inheritance (`TimeoutError` is also the builtin one, `NotFoundError` a `LookupError`,
`ValidationError` a `ValueError`) and pickle with their attributes (`ProcessPoolExecutor`
sends them between processes). They report module `iam_bootstrap`, where they are exported.

`ApplyError` is raised *from* the typed error of the failed step (`__cause__`, also kept as
`.cause` because pickling drops `__cause__`)::

    try:
        plan.apply(aws)
    except ApplyError as err:
        if isinstance(err.cause, AccessDeniedError):
            print("missing permission for", err.cause.operation)
"""

from __future__ import annotations

import builtins
from typing import Any

__all__ = [
    "AccessDeniedError",
    "AlreadyExistsError",
    "ApplyError",
    "AsyncFailedError",
    "CallTimeoutError",
    "ConflictError",
    "IamBootstrapError",
    "LimitExceededError",
    "NotFoundError",
    "PreconditionError",
    "ServiceError",
    "StalePlanError",
    "ThrottledError",
    "TimeoutError",
    "TransportError",
    "ValidationError",
]


def _rebuild(cls: type[IamBootstrapError], args: tuple[object, ...]) -> IamBootstrapError:
    """Unpickles without calling `__init__` (whose keyword arguments are in the state)."""
    err = cls.__new__(cls, *args)
    err.args = args  # `OSError.__new__` (under `TimeoutError`) leaves them to `__init__`
    return err


class IamBootstrapError(Exception):
    """Base class of every iam_bootstrap error."""

    def __reduce__(self) -> tuple[Any, ...]:
        # The default (`cls(*args)`) would drop the keyword-only attributes.
        return (_rebuild, (type(self), self.args), dict(self.__dict__))


class ValidationError(IamBootstrapError, ValueError):
    """Input was rejected before any API call.

    Attributes:
        field: the path of the rejected field (`password_policy.minimum_length`, `roles[1].name`).
        reason: why, in words (the message without the field).
        line: the line of the rejected key in a spec file (1-based), or None.
    """

    field: str
    reason: str
    line: int | None

    def __init__(self, message: str, *, field: str, reason: str, line: int | None = None) -> None:
        super().__init__(message)
        self.field = field
        self.reason = reason
        self.line = line


class _ResourceError(IamBootstrapError):
    """A resource is missing or exists already (`kind` and `name` say which, `operation` the call)."""

    kind: str
    name: str
    operation: str | None

    def __init__(self, message: str, *, kind: str, name: str, operation: str | None = None) -> None:
        super().__init__(message)
        self.kind = kind
        self.name = name
        self.operation = operation


class NotFoundError(_ResourceError, LookupError):
    """A resource does not exist.

    Attributes:
        kind: what kind of resource (`role`, `permission_set`, ...).
        name: its name, ARN or ID.
        operation: the API operation that did not find it (`iam:AttachRolePolicy`), or None
            when the library looked for it in what a list call returned.
    """


class AlreadyExistsError(_ResourceError):
    """A resource exists already.

    Attributes:
        kind: what kind of resource (`role`, `permission_set`, ...).
        name: its name, ARN or ID.
        operation: the API operation that would have created it (`iam:CreateRole`), or None.
    """


class _OperationError(IamBootstrapError):
    """An API operation failed (`operation` is `service:Action`, e.g. `iam:CreateRole`)."""

    operation: str

    def __init__(self, message: str, *, operation: str) -> None:
        super().__init__(message)
        self.operation = operation


class AccessDeniedError(_OperationError):
    """The caller may not perform the operation.

    Attributes:
        operation: the refused API operation (`iam:CreateRole`).
        kind: what kind of resource it would have acted on (`role`), or None (a list call).
        name: that resource's name, ARN or ID, or None.
    """

    kind: str | None
    name: str | None

    def __init__(self, message: str, *, operation: str, kind: str | None = None, name: str | None = None) -> None:
        super().__init__(message, operation=operation)
        self.kind = kind
        self.name = name


class ThrottledError(_OperationError):
    """The service throttled the call and retries did not get through; `.operation` names it."""


class ConflictError(_OperationError):
    """The call conflicted with another one and retries did not get through; `.operation` names it."""


class LimitExceededError(_OperationError):
    """An account quota or service limit would be exceeded.

    Attributes:
        operation: the API operation that hit the limit.
        limit: what the service said about the limit (`Cannot exceed quota for PoliciesPerRole: 10`).
    """

    limit: str

    def __init__(self, message: str, *, operation: str, limit: str) -> None:
        super().__init__(message, operation=operation)
        self.limit = limit


class ServiceError(_OperationError):
    """Any other failure answered by a service, or no answer at all (a connection failure).

    Attributes:
        operation: the API operation that failed.
        code: the service's error code (`MalformedPolicyDocument`), None when it sent none
            (a connection failure or a timeout).
    """

    code: str | None

    def __init__(self, message: str, *, operation: str, code: str | None) -> None:
        super().__init__(message, operation=operation)
        self.code = code


class AsyncFailedError(_OperationError):
    """An asynchronous operation (an account assignment, a provisioning) reported failure.

    Attributes:
        operation: the operation whose status was polled.
        request_id: the request the service was tracking.
        reason: the service's failure reason.
    """

    request_id: str
    reason: str

    def __init__(self, message: str, *, operation: str, request_id: str, reason: str) -> None:
        super().__init__(message, operation=operation)
        self.request_id = request_id
        self.reason = reason


class PreconditionError(IamBootstrapError):
    """The account is not in a state where this can be done.

    Attributes:
        reason: why, as a stable name to match on (`not_owned`, `identity_center_not_enabled`,
            `ambiguous_instance`, `unknown_instance`, `not_root_session`, `missing_reference`,
            `role_path_mismatch`, `mfa_codes_unavailable`, `no_organizations_backend`,
            `no_access_analyzer_backend`, `access_check_failed`, `stale_plan`, `deletions_not_allowed`,
            `not_in_organization`, `management_account_reserved`,
            `organization_without_all_features`, `not_root_access_administrator`;
            `other` for a newer one).
        problem: what is missing or wrong.
        remedy: what to do about it.
    """

    reason: str
    problem: str
    remedy: str

    def __init__(self, message: str, *, reason: str, problem: str, remedy: str) -> None:
        super().__init__(message)
        self.reason = reason
        self.problem = problem
        self.remedy = remedy


class StalePlanError(PreconditionError):
    """A saved plan no longer matches the account: `resource` changed since it was planned.
    Nothing was written; plan again, review, apply the new plan.

    Attributes:
        step: the zero-based index of the first change that writes the resource.
        change: that change, as printed in the plan.
        resource: the resource that changed (`role:deployer`).
    """

    step: int
    change: str
    resource: str

    def __init__(self, message: str, *, step: int, change: str, resource: str) -> None:
        super().__init__(
            message,
            reason="stale_plan",
            problem=f"{resource} changed since the plan was made",
            remedy="plan again, review, apply the new plan",
        )
        self.step = step
        self.change = change
        self.resource = resource


class TimeoutError(IamBootstrapError, builtins.TimeoutError):  # noqa: A001 (mirrors the Rust variant)
    """A bounded wait gave up (also a builtin `TimeoutError`).

    Attributes:
        what: what was being waited for.
        waited: how long the wait lasted, in seconds.
    """

    what: str
    waited: float

    def __init__(self, message: str, *, what: str, waited: float) -> None:
        super().__init__(message)
        self.what = what
        self.waited = waited


class TransportError(_OperationError, builtins.ConnectionError):
    """The request never got an answer: the connection was refused or reset, the name did not
    resolve, or TLS failed (also a builtin `ConnectionError`); `.operation` names the call."""


class CallTimeoutError(_OperationError, builtins.TimeoutError):
    """One AWS call did not answer within the connect, attempt or operation timeout that
    `Aws.connect` set (also a builtin `TimeoutError`); `.operation` names the call."""


class ApplyError(IamBootstrapError):
    """A step of `Plan.apply` failed; the steps before it were applied.

    Raised from the step's own error, so `__cause__` (and `.cause`) is an
    `AccessDeniedError`, a `ThrottledError`, ...

    Attributes:
        step: the zero-based index of the failed change in `Plan.changes`.
        change: the failed change, as printed in the plan.
        cause: why it failed (the same object as `__cause__`).
    """

    step: int
    change: str
    cause: IamBootstrapError

    def __init__(self, message: str, *, step: int, change: str, cause: IamBootstrapError) -> None:
        super().__init__(message)
        self.step = step
        self.change = change
        self.cause = cause
        self.__cause__ = cause

    def __setstate__(self, state: dict[str, Any] | None) -> None:
        self.__dict__.update(state or {})
        self.__cause__ = self.cause


# Public home: `iam_bootstrap.ValidationError` (pickle looks the class up by module and name).
for _name in __all__:
    globals()[_name].__module__ = "iam_bootstrap"
_OperationError.__module__ = _ResourceError.__module__ = "iam_bootstrap.exceptions"
del _name
