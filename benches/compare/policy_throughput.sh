#!/usr/bin/env bash
# One run, one table: iam-bootstrap parse+validate+lint vs plain serde_json parsing vs
# parliament, all over the same bytes (every AWS managed policy moto ships, one JSON
# document per line), plus the ratios. Each comparison times its two sides the same way:
# a warm-up pass each, then the same number of interleaved passes, median of each side.
#
#   PYTHON=/path/to/python benches/compare/policy_throughput.sh
#
# PYTHON defaults to the repository's .venv (scripts/test creates it with moto and
# parliament==1.6.4). IAM_BOOTSTRAP_MANAGED_POLICIES may point at moto's managed-policy JSON;
# otherwise it is read from the installed moto package.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

CORPUS="${IAM_BOOTSTRAP_MANAGED_POLICIES:-}"
if [ -z "$CORPUS" ]; then
    CORPUS="$WORK/managed_policies.json"
    "$PYTHON" -c "from moto.iam.aws_managed_policies import aws_managed_policies_data as d; open('$CORPUS', 'w').write(d)"
fi
# The exact bytes both sides read: json.dumps of each document, one per line.
"$PYTHON" - "$CORPUS" "$WORK/policies.jsonl" <<'PY'
import json, sys
corpus = json.load(open(sys.argv[1], encoding="utf-8"))
with open(sys.argv[2], "w", encoding="utf-8") as out:
    for name in sorted(corpus):
        out.write(json.dumps(corpus[name]["Document"]) + "\n")
PY
cargo build --release --quiet -p iam-bootstrap-benches --bin policy_throughput
echo "measuring (parliament's passes take seconds each: about a minute)..." >&2
"${CARGO_TARGET_DIR:-$ROOT/target}/release/policy_throughput" "$WORK/policies.jsonl" \
    --parliament "$PYTHON" "$ROOT/benches/compare/policy_parliament.py"
