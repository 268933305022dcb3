"""Probe helpers: the CLI as a user runs it, and snapshots proving nothing else changed."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from rag.cli import main


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def error_line(code: int, err: str) -> str:
    """The one `error: ...` line of a failed command (no traceback, nothing else but warnings)."""
    assert code != 0, err
    assert "Traceback" not in err, err
    errors = [line for line in err.strip().splitlines() if line.startswith("error: ")]
    assert len(errors) == 1 and err.strip().splitlines()[-1] == errors[0], err
    return errors[0]


def assert_error(code: int, err: str, pattern: str) -> str:
    line = error_line(code, err)
    assert re.search(pattern, line), line
    return line


def snapshot(folder: Path) -> dict[str, str]:
    """Every path under folder (links not followed) with a hash of its bytes or its link target."""
    result = {}
    for path in sorted(Path(folder).rglob("*")):
        key = path.relative_to(folder).as_posix()
        if path.is_symlink():
            result[key] = "link:" + str(path.readlink())
        elif path.is_file():
            result[key] = hashlib.sha256(path.read_bytes()).hexdigest()
        else:
            result[key] = "dir"
    return result
