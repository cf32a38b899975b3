"""Exceptions: one class per Rust error, with attributes, chained causes, and pickling."""

from __future__ import annotations

import builtins
import multiprocessing
import pickle
import socket
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor

import pytest

import iam_bootstrap
from iam_bootstrap import (
    AccessDeniedError,
    AdminProvisioning,
    AlreadyExistsError,
    ApplyError,
    AsyncFailedError,
    Aws,
    CallTimeoutError,
    ConflictError,
    DirectoryUserSpec,
    IamBootstrapError,
    IdentityCenterSpec,
    LimitExceededError,
    NotFoundError,
    PasswordPolicy,
    PreconditionError,
    RoleSpec,
    RootHardening,
    ServiceError,
    StalePlanError,
    ThrottledError,
    TimeoutError,
    TransportError,
    Trust,
    ValidationError,
    VirtualMfa,
    pack,
)

ACCOUNTS = ["111111111111", "222222222222"]

# One of each class, built the way a test double (or a user's own code) builds them.
SAMPLES: list[IamBootstrapError] = [
    IamBootstrapError("boom"),
    ValidationError("invalid name: too long", field="roles[1].name", reason="too long"),
    NotFoundError("role `x` not found", kind="role", name="x"),
    AlreadyExistsError("role `x` already exists", kind="role", name="x"),
    AccessDeniedError("access denied calling iam:CreateRole", operation="iam:CreateRole"),
    ThrottledError("throttled calling iam:GetRole", operation="iam:GetRole"),
    ConflictError("conflict calling sso:CreatePermissionSet", operation="sso:CreatePermissionSet"),
    LimitExceededError("limit exceeded", operation="iam:AttachRolePolicy", limit="PoliciesPerRole: 10"),
    ServiceError("iam:GetRole failed with no error code", operation="iam:GetRole", code=None),
    PreconditionError("p; r", reason="not_owned", problem="p", remedy="r"),
    StalePlanError("stale", step=2, change="create role x", resource="role:x"),
    TransportError("unreachable", operation="iam:GetRole"),
    CallTimeoutError("no answer", operation="iam:GetRole"),
    AsyncFailedError("failed", operation="sso:CreateAccountAssignment", request_id="r-1", reason="suspended"),
    TimeoutError("gave up waiting", what="the credential report", waited=30.0),
    ApplyError(
        "plan step 2 (x) failed",
        step=2,
        change="x",
        cause=AccessDeniedError("access denied calling iam:CreateRole", operation="iam:CreateRole"),
    ),
]


def jane() -> DirectoryUserSpec:
    return DirectoryUserSpec("jdoe", given_name="Jane", family_name="Doe", email="jdoe@example.com")


def test_every_class_lives_in_the_package_and_derives_from_the_base() -> None:
    for name in iam_bootstrap.exceptions.__all__:
        cls = getattr(iam_bootstrap, name)
        assert cls.__module__ == "iam_bootstrap", name
        assert issubclass(cls, IamBootstrapError), name
    assert issubclass(TimeoutError, builtins.TimeoutError)
    assert issubclass(NotFoundError, LookupError)
    assert issubclass(ValidationError, ValueError)


@pytest.mark.parametrize("err", SAMPLES, ids=lambda e: type(e).__name__)
def test_pickling_keeps_the_class_message_and_attributes(err: IamBootstrapError) -> None:
    copy = pickle.loads(pickle.dumps(err))
    assert type(copy) is type(err)
    assert str(copy) == str(err)
    assert copy.args == err.args
    assert {k: v for k, v in vars(copy).items() if k != "cause"} == {
        k: v for k, v in vars(err).items() if k != "cause"
    }
    if isinstance(err, ApplyError):
        assert isinstance(copy, ApplyError)
        assert type(copy.cause) is AccessDeniedError
        assert copy.__cause__ is copy.cause
        assert copy.cause.operation == "iam:CreateRole"


def test_a_negative_or_huge_integer_is_a_validation_error_naming_the_argument() -> None:
    cases: list[tuple[Callable[[], object], str]] = [
        (lambda: PasswordPolicy(minimum_password_length=-1), "minimum_password_length"),
        (lambda: PasswordPolicy(password_reuse_prevention=2**70), "password_reuse_prevention"),
        (lambda: PasswordPolicy.cis(max_password_age_days=-5), "max_password_age_days"),
        (lambda: RootHardening(root_usage_window_days=-1), "root_usage_window_days"),
        (lambda: RoleSpec("r", trust=Trust.same_account_with_mfa(), max_session_seconds=-1), "max_session_seconds"),
        (lambda: IdentityCenterSpec(max_outstanding_assignments=256), "max_outstanding_assignments"),
        (lambda: AdminProvisioning(user=jane(), accounts=ACCOUNTS, max_outstanding_assignments=-1), "max_outstanding_assignments"),
        (lambda: pack([], max_documents=-1), "max_documents"),
        (lambda: Aws.in_memory(root_access_keys=-1), "root_access_keys"),
        (lambda: Aws.in_memory(identity_center_instances=-1), "identity_center_instances"),
        (lambda: PasswordPolicy.cis().plan(Aws.in_memory()).apply(Aws.in_memory(), concurrency=-1), "concurrency"),
        # Past any machine integer (±2**127 and beyond): still the argument's ValidationError.
        (lambda: PasswordPolicy(minimum_password_length=2**127), "minimum_password_length"),
        (lambda: PasswordPolicy(password_reuse_prevention=-(2**200)), "password_reuse_prevention"),
        (lambda: RootHardening(root_usage_window_days=10**100), "root_usage_window_days"),
        (lambda: RoleSpec("r", trust=Trust.same_account_with_mfa(), max_session_seconds=-(2**128)), "max_session_seconds"),
        (lambda: IdentityCenterSpec(max_outstanding_assignments=2**130), "max_outstanding_assignments"),
        (lambda: pack([], max_documents=2**200), "max_documents"),
        (lambda: Aws.in_memory(root_access_keys=2**127), "root_access_keys"),
        (lambda: Aws.in_memory(root_password_last_used_days_ago=-(2**127) - 1), "root_password_last_used_days_ago"),
        (lambda: Aws.in_memory(assignment_polls=2**64), "assignment_polls"),
        (lambda: PasswordPolicy.cis().plan(Aws.in_memory()).apply(Aws.in_memory(), concurrency=2**300), "concurrency"),
        (lambda: Aws.connect(endpoint_url="http://127.0.0.1:9", region="us-east-1", max_attempts=-1), "max_attempts"),
        (lambda: Aws.connect(endpoint_url="http://127.0.0.1:9", region="us-east-1", max_attempts=2**128), "max_attempts"),
    ]
    for call, field in cases:
        with pytest.raises(ValidationError) as caught:
            call()
        assert caught.value.field == field
        assert "must be between 0 and" in str(caught.value)
        assert not isinstance(caught.value, OverflowError)


def test_a_precondition_speaks_python_and_names_problem_and_remedy() -> None:
    aws = Aws.in_memory(root_access_keys=1)
    spec = RootHardening(root_access_keys="delete", require_root_caller=True)
    with pytest.raises(PreconditionError) as caught:
        spec.plan(aws)
    err = caught.value
    assert 'root_access_keys="keep"' in str(err)
    assert "RootAccessKeys" not in str(err)
    assert 'root_access_keys="keep"' in err.remedy
    assert "caller is" in err.problem


def test_apply_error_is_raised_from_the_typed_cause() -> None:
    plan = RootHardening(root_access_keys="delete").plan(Aws.in_memory(caller="root", root_access_keys=1))
    # Applied by a role session instead of the root user: the step's precondition fails.
    with pytest.raises(ApplyError) as caught:
        plan.apply(Aws.in_memory(caller="role", root_access_keys=1))
    err = caught.value
    assert isinstance(err.__cause__, PreconditionError)
    assert err.cause is err.__cause__
    assert err.step == 0
    assert err.change == str(plan.changes[0])
    assert isinstance(err.cause, PreconditionError)
    assert "root session" in err.cause.problem


def test_an_asynchronous_failure_has_its_own_class() -> None:
    aws = Aws.in_memory(fail_assignments_to={ACCOUNTS[1]: "account suspended"})
    admin = AdminProvisioning(user=jane(), accounts=ACCOUNTS)
    with pytest.raises(ApplyError) as caught:
        admin.plan(aws).apply(aws)
    cause = caught.value.cause
    assert isinstance(cause, AsyncFailedError)
    assert cause.operation == "sso:CreateAccountAssignment"
    assert cause.reason == "account suspended"
    assert cause.request_id


def test_not_found_carries_kind_and_name_and_is_a_lookup_error() -> None:
    with pytest.raises(LookupError) as caught:
        VirtualMfa("nobody").enroll(Aws.in_memory())
    err = caught.value
    assert isinstance(err, NotFoundError)
    assert (err.kind, err.name) == ("user", "nobody")
    assert err.operation == "iam:GetUser"
    assert str(err) == "user `nobody` not found calling iam:GetUser"


def test_access_denied_and_already_exists_carry_the_call_and_the_resource() -> None:
    denied = AccessDeniedError(
        "access denied calling iam:CreateRole on role `ci`", operation="iam:CreateRole", kind="role", name="ci"
    )
    assert (denied.operation, denied.kind, denied.name) == ("iam:CreateRole", "role", "ci")
    copy = pickle.loads(pickle.dumps(denied))
    assert (copy.operation, copy.kind, copy.name) == ("iam:CreateRole", "role", "ci")
    # A refusal of a call on no single resource (a list) names none.
    listing = AccessDeniedError("access denied calling iam:ListRoles", operation="iam:ListRoles")
    assert (listing.kind, listing.name) == (None, None)
    exists = AlreadyExistsError("role `ci` already exists", kind="role", name="ci")
    assert exists.operation is None


def test_a_connection_failure_is_a_transport_error() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # Nothing listens on the port any more: every attempt is refused.
    aws = Aws.connect(
        endpoint_url=f"http://127.0.0.1:{port}",
        region="us-east-1",
        access_key_id="testing",
        secret_access_key="testing",
    )
    with pytest.raises(TransportError) as caught:
        PasswordPolicy.cis().plan(aws)
    assert isinstance(caught.value, ConnectionError)  # the builtin, for generic handlers
    assert caught.value.operation.startswith("iam:")
    assert "Connection refused" in str(caught.value)


def _fail_in_child(kind: str) -> None:
    """Runs in a worker process; the exception travels back pickled."""
    if kind == "validation":
        PasswordPolicy(minimum_password_length=-1)
    else:
        aws = Aws.in_memory(fail_assignments_to={ACCOUNTS[1]: "account suspended"})
        AdminProvisioning(user=jane(), accounts=ACCOUNTS).plan(aws).apply(aws)


def test_exceptions_cross_a_process_pool() -> None:
    # spawn: a forked child may not use a runtime its parent started.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        with pytest.raises(ValidationError) as invalid:
            pool.submit(_fail_in_child, "validation").result()
        assert invalid.value.field == "minimum_password_length"
        with pytest.raises(ApplyError) as failed:
            pool.submit(_fail_in_child, "apply").result()
    # The pool replaces `__cause__` with the remote traceback; `.cause` keeps the typed one.
    assert isinstance(failed.value.cause, AsyncFailedError)
    assert failed.value.cause.reason == "account suspended"
    assert failed.value.step == 5
