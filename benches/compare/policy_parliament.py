"""Audit every policy of a JSON-lines corpus with parliament; print throughput as JSON.

Crashes (parliament raises on a few AWS managed policies) are counted, not fatal.
"""
import json
import sys
import time

import parliament


def main(path: str) -> None:
    with open(path, encoding="utf-8") as f:
        lines = [line for line in f.read().splitlines() if line.strip()]
    total = sum(len(line.encode("utf-8")) for line in lines)
    crashes = 0
    findings = 0
    started = time.perf_counter()
    for line in lines:
        try:
            findings += len(parliament.analyze_policy_string(line).findings)
        except Exception:  # noqa: BLE001 - counting parliament's own failures is the point
            crashes += 1
    seconds = time.perf_counter() - started
    json.dump(
        {
            "policies": len(lines),
            "bytes": total,
            "seconds": seconds,
            "mb_per_s": total / 1e6 / seconds,
            "crashes": crashes,
            "findings": findings,
        },
        sys.stdout,
    )
    print()


if __name__ == "__main__":
    main(sys.argv[1])
