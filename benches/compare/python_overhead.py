"""Python overhead: the same loop through the Python bindings and in Rust, side by side.

One iteration: a fresh account; the admin bootstrap (20 accounts) planned and applied; five
roles (Lambda trust, ReadOnlyAccess, one inline policy) each planned and applied; the admin
planned again (must be empty). Both sides build their specs inside the loop. Run twice:

- on the in-memory account, whose assignments settle at once: no poll sleeps, no I/O, so
  the binding's own cost is all that differs (the worst case for Python);
- against moto over HTTP (`--endpoint`), a fresh moto account per iteration: what a user
  running the bootstrap from Python sees.

Best round of several, seconds per iteration; prints `ROW {...}` lines on stdout.

    python python_overhead.py --rust target/release/overhead_rust [--endpoint http://127.0.0.1:PORT]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import uuid

from iam_bootstrap import AdminProvisioning, Aws, DirectoryUserSpec, PolicyDocument, RoleSpec, Trust


def account(endpoint: str | None) -> Aws:
    if endpoint is None:
        # Assignments settle at once: a poll would sleep 5 ms and hide the work compared.
        return Aws.in_memory(assignment_polls=0)
    moto_account = f"{uuid.uuid4().int % 10**12:012d}"
    return Aws.connect(
        endpoint_url=endpoint,
        region="us-east-1",
        access_key_id="testing",
        secret_access_key="testing",
        headers=[("x-moto-account-id", moto_account)],
        emulator_gaps="moto",
    )


def iteration(endpoint: str | None, accounts: list[str]) -> int:
    aws = account(endpoint)
    admin = AdminProvisioning(
        user=DirectoryUserSpec("admin", given_name="Ada", family_name="Admin", email="admin@example.com"),
        group="Administrators",
        accounts=accounts,
    )
    admin.plan(aws).apply(aws)
    for n in range(5):
        role = RoleSpec(
            f"app-{n}",
            trust=Trust.service("lambda.amazonaws.com"),
            description=f"Runs function app-{n}",
            managed_policies=["arn:aws:iam::aws:policy/ReadOnlyAccess"],
            inline_policies=[
                (
                    "write-logs",
                    PolicyDocument.allow(
                        ["logs:CreateLogStream", "logs:PutLogEvents"],
                        [f"arn:aws:logs:*:*:log-group:/aws/lambda/app-{n}:*"],
                    ),
                )
            ],
        )
        role.plan(aws).apply(aws)
    if not admin.plan(aws).is_empty():
        raise RuntimeError("not converged")
    return sum(aws.calls().values())


def compare(rust: str, endpoint: str | None, accounts: int, iterations: int, rounds: int) -> None:
    targets = [f"{111_111_111_111 + i:012d}" for i in range(accounts)]
    calls = iteration(endpoint, targets)  # warm-up
    best = float("inf")
    for _ in range(rounds):
        started = time.perf_counter()
        for _ in range(iterations):
            iteration(endpoint, targets)
        best = min(best, (time.perf_counter() - started) / iterations)

    command = [rust, "--accounts", str(accounts), "--iterations", str(iterations), "--rounds", str(rounds)]
    if endpoint is not None:
        command += ["--endpoint", endpoint]
    out = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
    if out["calls_per_iteration"] != calls:
        sys.exit(f"the two loops differ: {calls} calls in Python, {out['calls_per_iteration']} in Rust")
    theirs = out["seconds_per_iteration"]
    ratio = best / theirs
    where = "moto over HTTP" if endpoint else "InMemory, CPU only"
    print(f"{where}: python {best * 1e3:.3f} ms, rust {theirs * 1e3:.3f} ms per iteration, {calls} calls", file=sys.stderr)
    unit, scale = ("ms", 1e3) if endpoint else ("us", 1e6)
    line = {
        "what": f"Python vs Rust, same loop on {where}: admin bootstrap ({accounts} accounts) + 5 roles + converged re-plan ({calls} calls)",
        "ours": f"{best * scale:.1f} {unit}",
        "baseline": f"{theirs * scale:.1f} {unit} (Rust)",
        "ratio": f"{ratio:.2f}x",
        "target": "<= 1.20x",
        "met": ratio <= 1.2,
    }
    print("ROW " + json.dumps(line), flush=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rust", required=True, help="the overhead_rust binary")
    parser.add_argument("--endpoint", help="also compare against moto at this URL")
    parser.add_argument("--accounts", type=int, default=20)
    args = parser.parse_args()
    compare(args.rust, None, args.accounts, iterations=200, rounds=5)
    if args.endpoint:
        compare(args.rust, args.endpoint, args.accounts, iterations=3, rounds=3)


if __name__ == "__main__":
    main()
