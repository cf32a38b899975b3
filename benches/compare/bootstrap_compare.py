"""The bootstrap through iam-bootstrap vs the boto3 script, side by side against one moto.

Each repetition runs both in fresh moto accounts (the `x-moto-account-id` header), in
alternating order; wall times are medians, call counts must not vary. Prints the details
on stderr and `ROW {...}` lines (see benches/src/row.rs) on stdout.

    python bootstrap_compare.py --endpoint http://127.0.0.1:PORT --harness target/release/bootstrap_moto
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import uuid

import bootstrap_boto3


def fresh_account(endpoint: str) -> str:
    """A new moto account, warmed up outside both clocks.

    moto builds an account's backends on its first request (loading 1,500 AWS managed
    policies into IAM): 50 ms usually, 300 ms when the garbage collector runs. That noise
    would land on whichever side happened to go first, so one read per service is made
    here, creating nothing and counted by neither side.
    """
    account = f"{uuid.uuid4().int % 10**12:012d}"
    warm, _ = bootstrap_boto3.clients(endpoint, account)
    warm["sts"].get_caller_identity()
    warm["iam"].list_roles(MaxItems=1)
    warm["sso-admin"].list_instances()
    return account


def row(what: str, ours: str, baseline: str, ratio: str, target: str, met: bool) -> None:
    line = {"what": what, "ours": ours, "baseline": baseline, "ratio": ratio, "target": target, "met": met}
    print("ROW " + json.dumps(line), flush=True)


def library(harness: str, endpoint: str, accounts: int, roles: int) -> dict:
    out = subprocess.run(
        [harness, "--endpoint", endpoint, "--account-id", fresh_account(endpoint), "--accounts", str(accounts), "--roles", str(roles)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--harness", required=True)
    parser.add_argument("--accounts", type=int, default=20)
    parser.add_argument("--roles", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    targets = [f"{200_000_000_000 + i:012d}" for i in range(args.accounts)]

    ours, theirs = [], []
    for n in range(args.repeat):
        steps = [lambda: ours.append(library(args.harness, args.endpoint, args.accounts, args.roles)),
                 lambda: theirs.append(bootstrap_boto3.run(args.endpoint, fresh_account(args.endpoint), targets, args.roles))]
        for step in steps if n % 2 == 0 else reversed(steps):
            step()

    # What a second run of each does in an account it already bootstrapped (outside the clocks).
    again_account = fresh_account(args.endpoint)
    bootstrap_boto3.run(args.endpoint, again_account, targets, args.roles)
    script_again = bootstrap_boto3.rerun(args.endpoint, again_account, targets, args.roles)

    lib_calls = {r["fresh"]["http_requests"] for r in ours}
    script_calls = {r["calls"] for r in theirs}
    if len(lib_calls) != 1 or len(script_calls) != 1:
        sys.exit(f"call counts varied between repetitions: {lib_calls} {script_calls}")
    lib_calls_n, script_calls_n = lib_calls.pop(), script_calls.pop()
    fresh = ours[0]["fresh"]
    if fresh["http_requests"] != fresh["calls"]:
        print(f"note: {fresh['http_requests']} HTTP requests for {fresh['calls']} counted calls", file=sys.stderr)
    lib_wall = statistics.median(r["fresh"]["wall_s"] for r in ours)
    script_wall = statistics.median(r["wall_s"] for r in theirs)
    converged = ours[0]["converged"]
    bound = ours[0]["converged_read_bound"]

    print(f"library, fresh run ({ours[0]['changes']} changes): {json.dumps(fresh)}", file=sys.stderr)
    print(f"boto3 script: {json.dumps(theirs[0])}", file=sys.stderr)
    print(f"wall times (s), library: {sorted(round(r['fresh']['wall_s'], 4) for r in ours)}", file=sys.stderr)
    print(f"wall times (s), script:  {sorted(round(r['wall_s'], 4) for r in theirs)}", file=sys.stderr)
    print(f"library, converged re-run: {json.dumps(converged)}", file=sys.stderr)
    print("fewest reads that prove the converged re-run:", file=sys.stderr)
    for line in ours[0]["converged_read_bound_lines"]:
        print(line, file=sys.stderr)
    print(f"boto3 script, second run in the same account: {json.dumps(script_again)}", file=sys.stderr)

    shape = f"admin user+group+set, {args.accounts} assignments, {args.roles} roles"
    row(
        f"moto bootstrap ({shape}): calls made, library vs sequential boto3 script (both poll only while IN_PROGRESS)",
        f"{lib_calls_n} ({fresh['reads']} reads, {fresh['writes']} writes)",
        f"{script_calls_n}",
        f"{lib_calls_n / script_calls_n:.2f}x",
        "<= 1.00x",
        lib_calls_n <= script_calls_n,
    )
    row(
        f"moto bootstrap ({shape}): wall time, median of {args.repeat} alternating runs each",
        f"{lib_wall * 1e3:.0f} ms",
        f"{script_wall * 1e3:.0f} ms",
        f"{lib_wall / script_wall:.2f}x",
        "<= 1.00x",
        lib_wall <= script_wall,
    )
    if script_again["failed"]:
        baseline = f"script's second run fails at call {script_again['calls']} ({script_again['operation']}: {script_again['error']})"
    else:
        baseline = f"script's second run: {script_again['calls']} calls, no error"
    row(
        "moto bootstrap: converged re-run (plan + apply again)",
        f"{converged['writes']} writes, {converged['reads']} reads",
        baseline,
        "-",
        f"0 writes, reads <= {bound} (fewest that prove it)",
        converged["writes"] == 0 and ours[0]["changes_when_converged"] == 0 and converged["reads"] <= bound,
    )

if __name__ == "__main__":
    main()
