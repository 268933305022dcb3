"""The one exception type users see, and what happens to every other one.

A RagError's message is a single line that says what happened and what to do
next; the CLI prints it as `error: <message>` and exits non-zero, without a
stack trace. Anything else that escapes is a bug: the user gets one line and
the path of a log file holding the traceback (`unexpected_failure`).
"""

from __future__ import annotations

import os
import time
import traceback
from pathlib import Path


class RagError(Exception):
    """A user-facing failure with an actionable one-line message."""

    exit_code = 1


# Exit code for a failure we did not foresee (a bug), apart from RagError's 1.
UNEXPECTED_EXIT_CODE = 2


def one_line(exc: BaseException, limit: int = 300) -> str:
    """The exception's message on one line (newlines from libraries would break the CLI contract)."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def unexpected_failure(exc: BaseException, log_dir: Path) -> str:
    """Log the traceback under log_dir; return the one line to show instead of it."""
    where = _write_log(exc, Path(log_dir))
    detail = f"details in {where}" if where else f"and the log folder {log_dir} is not writable"
    return f"unexpected failure ({type(exc).__name__}: {one_line(exc, 160)}); {detail}; please report it"


def _write_log(exc: BaseException, log_dir: Path) -> Path | None:
    try:
        log_dir.mkdir(parents=True, exist_ok=True)
        path = log_dir / f"failure-{time.strftime('%Y%m%d-%H%M%S')}-{os.getpid()}.log"
        path.write_text("".join(traceback.format_exception(exc)), encoding="utf-8")
    except OSError:
        return None
    return path
