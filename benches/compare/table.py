"""Renders the `ROW {...}` lines every comparison printed as one Markdown table.

    python table.py ROWS_FILE MACHINE_FILE
"""

from __future__ import annotations

import json
import sys


def main(rows_path: str, machine_path: str) -> int:
    rows = []
    with open(rows_path, encoding="utf-8") as f:
        for line in f:
            if line.startswith("ROW "):
                rows.append(json.loads(line[4:]))
    with open(machine_path, encoding="utf-8") as f:
        machine = f.read().strip()
    print(machine)
    print()
    print("| # | comparison | iam-bootstrap | baseline | ratio | target | met |")
    print("|---|---|---:|---:|---:|---|---|")
    for n, r in enumerate(rows, 1):
        met = "yes" if r["met"] else "**no**"
        print(f"| {n} | {r['what']} | {r['ours']} | {r['baseline']} | {r['ratio']} | {r['target']} | {met} |")
    missed = [r["what"] for r in rows if not r["met"]]
    print()
    print(f"{len(rows) - len(missed)} of {len(rows)} targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2]))
