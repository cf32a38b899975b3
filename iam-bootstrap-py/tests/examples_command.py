"""How the tests start an example program (the recipes in examples/examples)."""

from __future__ import annotations

import os
from pathlib import Path


def example_command(name: str) -> list[str]:
    """The command line that runs example `name`, before its own flags.

    scripts/test has built every example already, with the features its other builds share,
    and names their directory in IAM_BOOTSTRAP_EXAMPLES_DIR: running those binaries costs
    nothing, where `cargo run` would resolve the examples' features alone and compile the AWS
    SDKs once more. Without it (a developer running pytest by hand), `cargo run` builds them.
    """
    built = os.environ.get("IAM_BOOTSTRAP_EXAMPLES_DIR")
    if built:
        program = Path(built) / name
        if not program.is_file():
            raise FileNotFoundError(f"IAM_BOOTSTRAP_EXAMPLES_DIR has no example {name!r}: {program}")
        return [str(program)]
    return ["cargo", "run", "--quiet", "-p", "iam-bootstrap-examples", "--example", name, "--"]
