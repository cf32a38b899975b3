"""AWS's "Getting set up with IAM" guide as a library.

Plan from a typed spec (reads only), review the plan, apply it (writes, stops at the first
failure). A converged account plans to nothing::

    from iam_bootstrap import Aws, PasswordPolicy

    aws = Aws.in_memory()
    plan = PasswordPolicy.cis().plan(aws)
    print(plan)
    plan.apply(aws)
"""

from ._iam_bootstrap import (
    AdminProvisioning,
    AssignmentSpec,
    Aws,
    DirectoryGroupSpec,
    DirectoryUserSpec,
    IdentityCenterSpec,
    JobFunction,
    LintFinding,
    Outcome,
    PasswordPolicy,
    PermissionSetSpec,
    Plan,
    PolicyDocument,
    RoleSpec,
    Trust,
    __version__,
    allows,
    lint,
    pack,
    required_policy,
)
from .exceptions import (
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
    "AdminProvisioning",
    "AlreadyExistsError",
    "ApplyError",
    "AssignmentSpec",
    "Aws",
    "ConflictError",
    "DirectoryGroupSpec",
    "DirectoryUserSpec",
    "IamBootstrapError",
    "IdentityCenterSpec",
    "JobFunction",
    "LintFinding",
    "NotFoundError",
    "Outcome",
    "PasswordPolicy",
    "PermissionSetSpec",
    "Plan",
    "PolicyDocument",
    "PreconditionError",
    "RoleSpec",
    "ThrottledError",
    "TimeoutError",
    "Trust",
    "ValidationError",
    "__version__",
    "allows",
    "lint",
    "pack",
    "required_policy",
]
