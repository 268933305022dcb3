"""Servers that speak Ollama's HTTP API on loopback, for tests.

- `fake_ollama(...)`: a stdlib HTTP server answering /api/tags, /api/show and
  /api/chat from a script (missing models, streams that die mid-way, garbage,
  a hang, a refused schema, a stream that ends without its final message). Fast.
- `ollama_server(gguf)`: a real one: llama-cpp-python's OpenAI-compatible
  server (`llama_cpp_server(gguf)`, also used on its own by the openai backend's
  tests) behind `ollama-proxy serve` (ollama-proxy-plus), see shared MODELS.md.
  Both processes bind 127.0.0.1 on free ports and are always stopped.

Fixtures `fake_ollama_server` and `real_ollama_server` wrap them; import them
into a test module to use them (`from tests.ollama_server import real_ollama_server`).
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from typing import Any
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

LOOPBACK = "127.0.0.1"


def free_port() -> int:
    """A port nothing listens on right now (also usable as a 'server down' address)."""
    with socket.socket() as sock:
        sock.bind((LOOPBACK, 0))
        return sock.getsockname()[1]


# ---------------------------------------------------------------- fake server


@dataclass
class FakeOllama:
    """What the fake serves, and what it was asked (`requests`: path + JSON body)."""

    models: tuple[str, ...] = ("tiny:latest",)
    reply: str = "Seoul is the capital."
    die_after: int | None = None  # close the connection after this many NDJSON lines
    # How /api/chat misbehaves: "" (it does not), "garbage" (200 with text that is not
    # NDJSON), "hang" (accepts, then says nothing until the test ends), "refuse-schema"
    # (400 naming the format when a schema is sent), "no-done" (ends cleanly without done).
    chat_fault: str = ""
    host: str = ""
    requests: list[dict] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)

    def knows(self, name: str) -> bool:
        return name in self.models or f"{name}:latest" in self.models


class _FakeHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: FakeOllama  # set on a per-server subclass

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def do_GET(self) -> None:
        self.fake.requests.append({"path": self.path, "body": None})
        if self.path == "/api/tags":
            self._json(200, {"models": [{"name": m, "model": m, "size": 1} for m in self.fake.models]})
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self.fake.requests.append({"path": self.path, "body": body})
        model = body.get("model", "")
        if self.path in ("/api/show", "/api/chat") and not self.fake.knows(model):
            self._json(404, {"error": f"model '{model}' not found"})
        elif self.path == "/api/show":
            self._json(200, {"modelfile": "", "details": {"family": "fake"}, "model_info": {},
                             "capabilities": ["completion"]})
        elif self.path == "/api/chat" and self.fake.chat_fault:
            self._misbehave(body)
        elif self.path == "/api/chat":
            self._stream_chat(model)
        else:
            self._json(404, {"error": "not found"})

    def _misbehave(self, body: dict) -> None:
        fault = self.fake.chat_fault
        if fault == "hang":
            self.fake.stopped.wait(120)  # until the server is stopped
            self.close_connection = True
        elif fault == "garbage":
            data = b"<html><body>502 Bad Gateway</body></html>\n"
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
        elif fault == "refuse-schema" and body.get("format"):
            self._json(400, {"error": "invalid format: json schema is not supported by this server"})
        elif fault == "refuse-schema":
            self._stream_chat(body.get("model", ""))
        elif fault == "no-done":
            self.send_response(200)
            self.send_header("Content-Type", "application/x-ndjson")
            self.send_header("Transfer-Encoding", "chunked")
            self.end_headers()
            for line in _chat_lines(body.get("model", ""), self.fake.reply)[:-1]:
                self._chunk(line)
            self._chunk(b"")
        else:
            raise ValueError(f"unknown chat_fault {fault!r}")

    def _json(self, status: int, payload: dict) -> None:
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _stream_chat(self, model: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        lines = _chat_lines(model, self.fake.reply)
        for count, line in enumerate(lines):
            if self.fake.die_after is not None and count >= self.fake.die_after:
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)  # no closing chunk: a dead stream
                self.close_connection = True
                return
            self._chunk(line)
        self._chunk(b"")

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()


def _chat_lines(model: str, reply: str) -> list[bytes]:
    pieces = [reply[i : i + 4] for i in range(0, len(reply), 4)]
    stamp = "2025-01-01T00:00:00Z"
    lines = [
        {"model": model, "created_at": stamp, "message": {"role": "assistant", "content": p}, "done": False}
        for p in pieces
    ]
    lines.append({"model": model, "created_at": stamp, "message": {"role": "assistant", "content": ""},
                  "done": True, "done_reason": "stop"})
    return [json.dumps(line).encode() + b"\n" for line in lines]


@contextlib.contextmanager
def serving(fake: Any, handler_base: type) -> Iterator[int]:
    """Serve a scripted fake (its `stopped` event, read by `handler_base` as `self.fake`) on a free
    loopback port; yields the port; stopped on exit."""
    handler = type("Handler", (handler_base,), {"fake": fake})
    server = ThreadingHTTPServer((LOOPBACK, 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield server.server_address[1]
    finally:
        fake.stopped.set()  # releases a hanging or trickling handler
        server.shutdown()
        server.server_close()


@contextlib.contextmanager
def fake_ollama(**script: object) -> Iterator[FakeOllama]:
    """A scripted Ollama on a free loopback port; stopped on exit."""
    fake = FakeOllama(**script)  # type: ignore[arg-type]
    with serving(fake, _FakeHandler) as port:
        fake.host = f"http://{LOOPBACK}:{port}"
        yield fake


@pytest.fixture
def fake_ollama_server() -> Iterator[FakeOllama]:
    with fake_ollama() as fake:
        yield fake


# ---------------------------------------------------------------- real server


@dataclass(frozen=True)
class OllamaServer:
    host: str  # e.g. http://127.0.0.1:41234
    model: str  # the alias the GGUF is served under


def _wait_ready(url: str, proc: subprocess.Popen, log: Path, deadline_s: float) -> None:
    deadline = time.monotonic() + deadline_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"{proc.args[:4]} exited with {proc.returncode}: {log.read_text()[-2000:]}")
        with contextlib.suppress(OSError):
            with urllib.request.urlopen(url, timeout=1) as resp:
                if resp.status == 200:
                    return
        time.sleep(0.2)
    raise RuntimeError(f"{url} not ready after {deadline_s} s: {log.read_text()[-2000:]}")


def _start(args: list[str], env: dict[str, str], log: Path, cwd: Path) -> subprocess.Popen:
    # Own session so teardown can stop the process and any children it spawned.
    with log.open("wb") as out:
        return subprocess.Popen(
            args, env=env, cwd=cwd, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def _stop(proc: subprocess.Popen) -> None:
    if proc.poll() is not None:
        return
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=10)


def _base_env() -> dict[str, str]:
    # A minimal environment: no API keys of the developer reach the proxy.
    keep = ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "VIRTUAL_ENV")
    return {k: os.environ[k] for k in keep if k in os.environ}


def _proxy_env(llama_port: int, alias: str) -> dict[str, str]:
    base_url = f"http://{LOOPBACK}:{llama_port}/v1"
    return _base_env() | {
        # Without these, model names with no "/" go to a public cloud endpoint.
        "PROVIDERS_OPENAI_BASE_URL": base_url,
        "PROVIDERS_OPENAI_API_KEY": "EMPTY",
        "PROVIDERS_LOCAL_BASE_URL": base_url,
        "PROVIDERS_LOCAL_API_KEY": "EMPTY",
        "EXTRA_MODELS": alias,
    }


@dataclass(frozen=True)
class LlamaCppServer:
    base_url: str  # the OpenAI-compatible API root, e.g. http://127.0.0.1:41234/v1
    model: str  # the alias the GGUF is served under
    log: Path  # the server's output


@contextlib.contextmanager
def llama_cpp_server(gguf: Path, alias: str = "qwen-test", n_threads: int = 2,
                     n_ctx: int = 4096) -> Iterator[LlamaCppServer]:
    """`python -m llama_cpp.server` (OpenAI-compatible) on a free loopback port; stopped on exit, also on failure."""
    if not Path(gguf).is_file():
        raise FileNotFoundError(f"LLM file missing: {gguf}; run `make setup` (or `rag models fetch`)")
    workdir = Path(tempfile.mkdtemp(prefix="llama-server-"))
    port = free_port()
    args = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--model_alias", alias,
            "--host", LOOPBACK, "--port", str(port), "--n_threads", str(n_threads), "--n_ctx", str(n_ctx)]
    proc = _start(args, _base_env(), workdir / "llama.log", workdir)
    try:
        _wait_ready(f"http://{LOOPBACK}:{port}/v1/models", proc, workdir / "llama.log", 120)
        yield LlamaCppServer(f"http://{LOOPBACK}:{port}/v1", alias, workdir / "llama.log")
    finally:
        _stop(proc)


@contextlib.contextmanager
def ollama_server(gguf: Path, alias: str = "qwen-test", n_threads: int = 2, n_ctx: int = 4096) -> Iterator[OllamaServer]:
    """llama.cpp's server + ollama-proxy on loopback; both stopped on exit, also on failure."""
    with llama_cpp_server(gguf, alias, n_threads, n_ctx) as llama:
        workdir = llama.log.parent
        llama_port = int(llama.base_url.rsplit(":", 1)[1].split("/")[0])
        proxy_port = free_port()
        proxy_args = [sys.executable, "-m", "ollama_proxy", "serve", "--host", LOOPBACK, "--port", str(proxy_port)]
        proxy = _start(proxy_args, _proxy_env(llama_port, alias), workdir / "proxy.log", workdir)
        try:
            _wait_ready(f"http://{LOOPBACK}:{proxy_port}/api/tags", proxy, workdir / "proxy.log", 60)
            yield OllamaServer(host=f"http://{LOOPBACK}:{proxy_port}", model=alias)
        finally:
            _stop(proxy)


def gguf_for_tests() -> Path:
    """The project's GGUF; a missing file fails the test with the set-up hint (never a skip)."""
    from rag.config import load_settings

    path = load_settings().resolved_gguf_path()
    if not path.is_file():
        pytest.fail(f"LLM file missing: {path}; run `make setup` (or `rag models fetch`)")
    return path


@pytest.fixture(scope="module")
def real_ollama_server() -> Iterator[OllamaServer]:
    with ollama_server(gguf_for_tests()) as server:
        yield server
