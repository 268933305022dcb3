"""Kill -9 a child process at a chosen point: the child writes a marker file when it reaches it."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]


def run_and_kill_at_marker(script: str, args: list[str], marker: Path, timeout: float = 300.0) -> None:
    """Run `python -c script *args`; SIGKILL it as soon as `marker` exists (it must get there)."""
    child = subprocess.Popen([sys.executable, "-c", script, *args],
                             env={**os.environ, "PYTHONPATH": str(PROJECT_ROOT)})
    try:
        # Generous: on a busy 2-core machine the child needs a while just to import torch and Kiwi.
        deadline = time.monotonic() + timeout
        while not marker.exists():
            assert child.poll() is None, "the child finished or crashed before it could be killed"
            assert time.monotonic() < deadline, "the child never reached the point to kill it"
            time.sleep(0.05)
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()


def index_killed_after_batches(embedder: str, kind: str | None = None) -> str:
    """Source of a `rag index` whose embedder (a class of rag.embeddings) touches the marker (argv 1)
    and hangs once it has embedded N batches (argv 2), counting only batches of `kind` when given."""
    counted = f"kind == {kind!r}" if kind else "True"
    return f"""
import sys, time
from pathlib import Path
from rag.embeddings import {embedder}
marker, after = Path(sys.argv[1]), int(sys.argv[2])
calls = [0]
real = {embedder}.embed_batch
def embed_batch(self, texts, kind):
    if {counted}:
        calls[0] += 1
        if calls[0] > after:
            marker.touch()
            time.sleep(600)
    return real(self, texts, kind)
{embedder}.embed_batch = embed_batch
from rag.cli import main
sys.exit(main(["index"]))
"""
