"""Python overhead: the same loop through the Python bindings and in Rust, side by side.

One iteration: a fresh account; the admin bootstrap (20 accounts) planned and applied; five
roles (Lambda trust, ReadOnlyAccess, one inline policy) each planned and applied; the admin
planned again (must be empty). Both sides build their specs inside the loop. Run twice:

- on the in-memory account, whose assignments settle at once: no poll sleeps, no I/O, so
  the binding's own cost is all that differs (the worst case for Python);
- against moto over HTTP (`--endpoint`), a fresh moto account per iteration: what a user
  running the bootstrap from Python sees.

Rounds interleaved between the two sides, best round of each, seconds per iteration; prints
`ROW {...}` lines on stdout.

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


def admin_spec(accounts: list[str]) -> AdminProvisioning:
    return AdminProvisioning(
        user=DirectoryUserSpec("admin", given_name="Ada", family_name="Admin", email="admin@example.com"),
        group="Administrators",
        accounts=accounts,
    )


def role_spec(n: int) -> RoleSpec:
    return RoleSpec(
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


def iteration(endpoint: str | None, accounts: list[str]) -> int:
    aws = account(endpoint)
    admin = admin_spec(accounts)
    admin.plan(aws).apply(aws)
    for n in range(5):
        role_spec(n).plan(aws).apply(aws)
    if not admin.plan(aws).is_empty():
        raise RuntimeError("not converged")
    return sum(aws.calls().values())


def compare(rust: str, endpoint: str | None, accounts: int, iterations: int, rounds: int) -> None:
    """`rounds` rounds of `iterations` iterations on each side, interleaved (the side that goes
    first alternates; the Rust binary runs one round per invocation, after its own warm-up
    iteration), so a change in machine load lands on both; the best round of each side."""
    targets = [f"{111_111_111_111 + i:012d}" for i in range(accounts)]
    calls = iteration(endpoint, targets)  # warm-up
    command = [rust, "--accounts", str(accounts), "--iterations", str(iterations), "--rounds", "1"]
    if endpoint is not None:
        command += ["--endpoint", endpoint]
    python_rounds: list[float] = []
    rust_rounds: list[dict] = []

    def python_round() -> None:
        started = time.perf_counter()
        for _ in range(iterations):
            iteration(endpoint, targets)
        python_rounds.append((time.perf_counter() - started) / iterations)

    def rust_round() -> None:
        out = json.loads(subprocess.run(command, check=True, capture_output=True, text=True).stdout)
        if out["calls_per_iteration"] != calls:
            sys.exit(f"the two loops differ: {calls} calls in Python, {out['calls_per_iteration']} in Rust")
        rust_rounds.append(out)

    for n in range(rounds):
        for side in (python_round, rust_round) if n % 2 == 0 else (rust_round, python_round):
            side()
    best = min(python_rounds)
    theirs = min(r["seconds_per_iteration"] for r in rust_rounds)
    ratio = best / theirs
    where = "moto over HTTP" if endpoint else "InMemory, CPU only"
    print(f"{where}: python {best * 1e3:.3f} ms, rust {theirs * 1e3:.3f} ms per iteration, {calls} calls", file=sys.stderr)
    print(f"{where}: rounds (ms), python {[round(t * 1e3, 3) for t in python_rounds]}", file=sys.stderr)
    print(f"{where}: rounds (ms), rust   {[round(r['seconds_per_iteration'] * 1e3, 3) for r in rust_rounds]}", file=sys.stderr)
    if endpoint is None:
        # The caller's own code, timed the same way on both sides: the specs built alone.
        specs = float("inf")
        for _ in range(rounds):
            started = time.perf_counter()
            for _ in range(iterations):
                admin_spec(targets)
                for n in range(5):
                    role_spec(n)
            specs = min(specs, (time.perf_counter() - started) / iterations)
        rust_specs = min(r["specs_seconds_per_iteration"] for r in rust_rounds)
        print(
            f"{where}: building the specs alone: python {specs * 1e6:.1f} us, rust {rust_specs * 1e6:.1f} us per iteration"
            f" ({(specs - rust_specs) * 1e6:.1f} us of the {(best - theirs) * 1e6:.1f} us difference)",
            file=sys.stderr,
        )
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
