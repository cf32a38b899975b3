"""The exception hierarchy: everything derives from `IamBootstrapError`."""

from ._iam_bootstrap import (
    AccessDeniedError,
    AlreadyExistsError,
    ApplyError,
    ConflictError,
    IamBootstrapError,
    NotFoundError,
    PreconditionError,
    ThrottledError,
    TimeoutError,
    ValidationError,
)

__all__ = [
    "AccessDeniedError",
    "AlreadyExistsError",
    "ApplyError",
    "ConflictError",
    "IamBootstrapError",
    "NotFoundError",
    "PreconditionError",
    "ThrottledError",
    "TimeoutError",
    "ValidationError",
]
