"""Run the real app as a subprocess on a free port, exactly as a user starts it (`python app.py`).

Shared by the browser tests and the concurrency test. Ollama's host points at
a closed port, so `auto` must fall back to the embedded model.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("RAG_TEST_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
]
SCREENSHOTS = PROJECT_ROOT / "artifacts" / "screenshots"
STARTUP_S = 180  # model-free start, but imports of torch/gradio are slow on a busy 2-core box


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class RunningApp:
    url: str
    process: subprocess.Popen
    log: Path

    def log_tail(self) -> str:
        return self.log.read_text(encoding="utf-8", errors="replace")[-3000:]


def app_env(**settings: str) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        GRADIO_SERVER_NAME="127.0.0.1", GRADIO_ANALYTICS_ENABLED="False",
        RAG_OLLAMA_HOST=f"http://127.0.0.1:{free_port()}",  # nothing listens there
        RAG_LLM="auto", PYTHONUNBUFFERED="1",
    )
    env.update(settings)
    return env


def build_index(env: dict[str, str], log: Path) -> None:
    """`rag index` in a subprocess: a no-op when the index is current."""
    with open(log, "a", encoding="utf-8") as out:
        done = subprocess.run([sys.executable, "-m", "rag.cli", "index"], cwd=PROJECT_ROOT, env=env,
                              stdout=out, stderr=subprocess.STDOUT, timeout=900)
    assert done.returncode == 0, f"rag index failed:\n{log.read_text(encoding='utf-8')[-2000:]}"


def start_app(env: dict[str, str], log: Path) -> RunningApp:
    port = free_port()
    env = {**env, "GRADIO_SERVER_PORT": str(port)}
    out = open(log, "a", encoding="utf-8")
    process = subprocess.Popen([sys.executable, "app.py"], cwd=PROJECT_ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    app = RunningApp(f"http://127.0.0.1:{port}", process, log)
    wait_until_up(app)
    return app


def wait_until_up(app: RunningApp) -> None:
    deadline = time.monotonic() + STARTUP_S
    while time.monotonic() < deadline:
        if app.process.poll() is not None:
            pytest.fail(f"the app exited with {app.process.returncode}:\n{app.log_tail()}")
        try:
            with urllib.request.urlopen(app.url + "/", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    stop_app(app)
    pytest.fail(f"the app did not answer at {app.url} within {STARTUP_S} s:\n{app.log_tail()}")


def stop_app(app: RunningApp) -> None:
    app.process.terminate()
    try:
        app.process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        app.process.kill()
        app.process.wait()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
