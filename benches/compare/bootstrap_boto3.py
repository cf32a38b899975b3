"""The baseline: the same bootstrap as a straightforward sequential boto3 script.

What a competent user writes without a library: look up the instance and the account, create
the user, the group, the membership, the permission set and its policy, create each account
assignment and wait until it settles, provision the set, create each role with its
policies. No reads to check what exists (it assumes a fresh account, so a second run fails:
`rerun` shows where). Asynchronous requests are waited for with the library's own rule
(`wait`), so neither side makes a call the other skips for a reason that holds only on moto.
The provisioning call stays: the library skips it on AWS too (a new set is provisioned by
its assignments), so that saving is the library's own.

`run(...)` returns the wall time and every HTTP request, counted with botocore's
`before-sign` event (one per attempt). The clients are built before the clock starts.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from typing import Any

import boto3
from botocore.exceptions import ClientError

ADMIN_POLICY = "arn:aws:iam::aws:policy/AdministratorAccess"
ROLE_MANAGED_POLICY = "arn:aws:iam::aws:policy/ReadOnlyAccess"


def clients(endpoint: str, account_id: str) -> tuple[dict[str, Any], Counter[str]]:
    """boto3 clients for one moto account, and the counter their requests feed."""
    session = boto3.session.Session(
        aws_access_key_id="testing", aws_secret_access_key="testing", region_name="us-east-1"
    )
    calls: Counter[str] = Counter()

    def count_and_tag(request: Any, event_name: str, **_: Any) -> None:
        # event_name is "before-sign.<service>.<Operation>".
        _, service, operation = event_name.split(".", 2)
        calls[f"{service}:{operation}"] += 1
        request.headers["x-moto-account-id"] = account_id

    made = {}
    for name in ("sts", "iam", "sso-admin", "identitystore"):
        client = session.client(name, endpoint_url=endpoint)
        client.meta.events.register("before-sign.*.*", count_and_tag)
        made[name] = client
    return made, calls


def wait(describe: Any, status: dict[str, Any], key: str, id_param: str, instance: str) -> None:
    """Settles an asynchronous request with the library's rule (its `WaitConfig::aws()`):
    poll only while the last answer says IN_PROGRESS, pausing 1 s before the first poll and
    doubling the pause up to 10 s. On AWS a creation's answer is IN_PROGRESS, so both sides
    poll; moto answers SUCCEEDED at once, so neither does."""
    pause = 1.0
    while status["Status"] == "IN_PROGRESS":
        time.sleep(pause)
        pause = min(pause * 2, 10.0)
        status = describe(InstanceArn=instance, **{id_param: status["RequestId"]})[key]
    if status["Status"] == "FAILED":
        raise RuntimeError(status.get("FailureReason", "failed"))


def bootstrap(c: dict[str, Any], accounts: list[str], roles: int) -> None:
    sso, ids, iam = c["sso-admin"], c["identitystore"], c["iam"]
    instance = sso.list_instances()["Instances"][0]
    arn, store = instance["InstanceArn"], instance["IdentityStoreId"]
    account = c["sts"].get_caller_identity()["Account"]

    user = ids.create_user(
        IdentityStoreId=store,
        UserName="admin",
        DisplayName="Ada Admin",
        Name={"GivenName": "Ada", "FamilyName": "Admin"},
        Emails=[{"Value": "admin@example.com", "Type": "work", "Primary": True}],
    )["UserId"]
    group = ids.create_group(IdentityStoreId=store, DisplayName="Administrators", Description="Administrators")[
        "GroupId"
    ]
    ids.create_group_membership(IdentityStoreId=store, GroupId=group, MemberId={"UserId": user})

    permission_set = sso.create_permission_set(
        InstanceArn=arn, Name="AdministratorAccess", Description="Full access", SessionDuration="PT1H"
    )["PermissionSet"]["PermissionSetArn"]
    sso.attach_managed_policy_to_permission_set(
        InstanceArn=arn, PermissionSetArn=permission_set, ManagedPolicyArn=ADMIN_POLICY
    )
    for target in accounts:
        created = sso.create_account_assignment(
            InstanceArn=arn,
            TargetId=target,
            TargetType="AWS_ACCOUNT",
            PermissionSetArn=permission_set,
            PrincipalType="GROUP",
            PrincipalId=group,
        )["AccountAssignmentCreationStatus"]
        wait(
            sso.describe_account_assignment_creation_status,
            created,
            "AccountAssignmentCreationStatus",
            "AccountAssignmentCreationRequestId",
            arn,
        )
    provisioned = sso.provision_permission_set(
        InstanceArn=arn, PermissionSetArn=permission_set, TargetType="ALL_PROVISIONED_ACCOUNTS"
    )["PermissionSetProvisioningStatus"]
    # (moto answers HTTP 500 to DescribePermissionSetProvisioningStatus, but settles at
    # once, so the rule never asks it.)
    wait(
        sso.describe_permission_set_provisioning_status,
        provisioned,
        "PermissionSetProvisioningStatus",
        "ProvisionPermissionSetRequestId",
        arn,
    )

    for n in range(roles):
        name = f"app-{n}"
        trust = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "TrustService",
                    "Effect": "Allow",
                    "Principal": {"Service": "lambda.amazonaws.com"},
                    "Action": "sts:AssumeRole",
                    "Condition": {"StringEquals": {"aws:SourceAccount": account}},
                }
            ],
        }
        iam.create_role(RoleName=name, AssumeRolePolicyDocument=json.dumps(trust), Description=f"Runs function {name}")
        iam.attach_role_policy(RoleName=name, PolicyArn=ROLE_MANAGED_POLICY)
        logs = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Effect": "Allow",
                    "Action": ["logs:CreateLogStream", "logs:PutLogEvents"],
                    "Resource": f"arn:aws:logs:*:*:log-group:/aws/lambda/{name}:*",
                }
            ],
        }
        iam.put_role_policy(RoleName=name, PolicyName="write-logs", PolicyDocument=json.dumps(logs))


def run(endpoint: str, account_id: str, accounts: list[str], roles: int) -> dict[str, Any]:
    c, calls = clients(endpoint, account_id)
    started = time.perf_counter()
    bootstrap(c, accounts, roles)
    seconds = time.perf_counter() - started
    return {"wall_s": seconds, "calls": sum(calls.values()), "by_operation": dict(calls)}


def rerun(endpoint: str, account_id: str, accounts: list[str], roles: int) -> dict[str, Any]:
    """Runs the script a second time in an account it already bootstrapped: where it stops."""
    c, calls = clients(endpoint, account_id)
    try:
        bootstrap(c, accounts, roles)
    except ClientError as e:
        return {
            "failed": True,
            "calls": sum(calls.values()),
            "operation": e.operation_name,
            "error": e.response.get("Error", {}).get("Code", "?"),
        }
    return {"failed": False, "calls": sum(calls.values())}
