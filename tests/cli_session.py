"""Run `cds` commands one after the other in this process, as a user's shell would run them,
and print for each its exit status, its output and the files it left under a folder.

    python tests/cli_session.py FOLDER '[["values", "export", ...], ["manage", "migrate", ...]]'

A step that starts with "manage" is a Django management command (to put the database in a
given state between steps). Used by tests/test_cli_database.py in a fresh process, so that
the settings are the ones `cds` reads from the environment, not the test suite's.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from chuyendoiso.cli import main


def files_under(folder: Path) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


def run(folder: Path, steps: list[list[str]]) -> list[dict[str, Any]]:
    done = []
    for step in steps:
        before = files_under(folder)
        if step[0] == "manage":
            from django.core.management import call_command

            call_command(*step[1:], verbosity=0)
            exit_code, output = 0, ""
        else:
            result = CliRunner().invoke(main, step)
            exit_code, output = result.exit_code, result.output
        new = sorted(files_under(folder) - before)
        done.append({"args": step, "exit_code": exit_code, "output": output, "new_files": new})
    return done


if __name__ == "__main__":
    print(json.dumps(run(Path(sys.argv[1]), json.loads(sys.argv[2]))))
