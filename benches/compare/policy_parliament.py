"""Parliament's side of the policy-throughput comparison: passes over a JSON-lines corpus on
demand, so `policy_throughput` can time both sides the same way, interleaved.

    python policy_parliament.py POLICIES.jsonl

Prints one JSON line with what it read (`policies`, `bytes`: the Rust side checks they are
its own), then, for every line it reads on stdin, runs one pass (`analyze_policy_string` on
every policy, in file order) and prints `{"seconds", "crashes", "findings"}` as one JSON
line. Exits at the end of stdin. The first pass is as cold as the Rust side's first one:
parliament caches its IAM definition lookups, so the caller runs one untimed warm-up pass
on each side.

Crashes (parliament raises on a few AWS managed policies) are counted, not fatal.
"""

import json
import sys
import time

import parliament


def one_pass(lines: list[str]) -> dict:
    crashes = 0
    findings = 0
    started = time.perf_counter()
    for line in lines:
        try:
            findings += len(parliament.analyze_policy_string(line).findings)
        except Exception:  # noqa: BLE001 - counting parliament's own failures is the point
            crashes += 1
    return {"seconds": time.perf_counter() - started, "crashes": crashes, "findings": findings}


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    total = sum(len(line.encode("utf-8")) for line in lines)
    print(json.dumps({"policies": len(lines), "bytes": total, "version": parliament.__version__}), flush=True)
    for _ in sys.stdin:
        print(json.dumps(one_pass(lines)), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
