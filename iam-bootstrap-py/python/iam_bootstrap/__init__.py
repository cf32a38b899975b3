"""AWS's "Getting set up with IAM" guide as a library.

Plan from a typed spec (reads only), review the plan, apply it (writes, stops at the first
failure). A converged account plans to nothing::

    from iam_bootstrap import Aws, PasswordPolicy, RootHardening

    aws = Aws.in_memory()
    plan = PasswordPolicy.cis().plan(aws)
    print(plan)
    plan.apply(aws)

    spec = RootHardening(password_policy=PasswordPolicy.cis(), root_access_keys="delete")
    print(spec.audit(aws))        # findings mapped to CIS controls and prowler checks
    spec.plan(aws).apply(aws)     # plus manual steps for what no API can do (root MFA)
"""

from ._iam_bootstrap import (
    AdminProvisioning,
    AssignmentSpec,
    AsyncCall,
    AuditReport,
    Aws,
    Bootstrap,
    DirectoryGroupSpec,
    DirectoryUserSpec,
    IdentityCenterSpec,
    JobFunction,
    LintFinding,
    MfaEnrollment,
    Outcome,
    PasswordPolicy,
    PermissionSetSpec,
    Plan,
    PolicyDocument,
    RoleSpec,
    RootHardening,
    Trust,
    VirtualMfa,
    __version__,
    allows,
    check_access_not_granted,
    check_no_new_access,
    least_privilege_permission_set,
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
    "AsyncCall",
    "AuditReport",
    "Aws",
    "Bootstrap",
    "ConflictError",
    "DirectoryGroupSpec",
    "DirectoryUserSpec",
    "IamBootstrapError",
    "IdentityCenterSpec",
    "JobFunction",
    "LintFinding",
    "MfaEnrollment",
    "NotFoundError",
    "Outcome",
    "PasswordPolicy",
    "PermissionSetSpec",
    "Plan",
    "PolicyDocument",
    "PreconditionError",
    "RoleSpec",
    "RootHardening",
    "ThrottledError",
    "TimeoutError",
    "Trust",
    "ValidationError",
    "VirtualMfa",
    "__version__",
    "allows",
    "check_access_not_granted",
    "check_no_new_access",
    "least_privilege_permission_set",
    "lint",
    "pack",
    "required_policy",
]
