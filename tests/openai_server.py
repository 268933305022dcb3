"""Servers that speak the OpenAI chat API on loopback, for tests.

- `fake_openai(...)`: a stdlib HTTP server answering GET /v1/models and
  POST /v1/chat/completions (streamed as server-sent events: `data: {...}`
  lines, `data: [DONE]` last) from a script: missing models, streams that die
  mid-way, garbage, a hang, a trickle, refused or ignored schemas, error
  bodies in the forms real servers use. Fast.
- `openai_server(gguf)`: the real one, `python -m llama_cpp.server` (see
  tests/ollama_server.py:llama_cpp_server).
"""

from __future__ import annotations

import contextlib
import json
import socket
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler

from tests.ollama_server import LOOPBACK, serving

PIECE_CHARS = 4


@dataclass
class FakeOpenAI:
    """What the fake serves, and what it was asked (`requests`: path, JSON body, Authorization header)."""

    models: tuple[str, ...] = ("tiny",)
    reply: str = '{"answer": "Seoul is the capital.", "citations": [1]}'
    die_after: int | None = None  # cut the connection after this many events (no closing chunk)
    # How the chat endpoint misbehaves: "" (it does not), "garbage" (200 with an HTML page),
    # "hang" (says nothing until the test ends), "trickle" (one piece every 0.4 s), "malformed"
    # (a data line that is not JSON, after `good_events` good ones), "no-done" (ends cleanly without
    # finish_reason or [DONE]), "error-500", "context" (400 context_length_exceeded, as vLLM),
    # "context-silent" (an empty stream, and that 400 without streaming, as llama-cpp-python's server),
    # "silent" (an empty stream, and a completion without streaming), "error-event"
    # (an error object inside the stream), "refuse-json-schema" (HTTP 500 naming response_format for
    # type json_schema, as llama-cpp-python's server does), "refuse-schema" (400 for any response_format).
    chat_fault: str = ""
    good_events: int = 0
    api_key: str = ""  # when set, requests need `Authorization: Bearer <api_key>`
    base_url: str = ""
    requests: list[dict] = field(default_factory=list)
    stopped: threading.Event = field(default_factory=threading.Event)

    @property
    def chat_bodies(self) -> list[dict]:
        return [r["body"] for r in self.requests if r["path"].endswith("/chat/completions")]


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    fake: FakeOpenAI  # set on a per-server subclass

    def log_message(self, *args: object) -> None:  # keep test output clean
        pass

    def handle(self) -> None:
        try:
            super().handle()
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client stopped reading (a cut-off answer, a schema it saw was not applied)

    def do_GET(self) -> None:
        self._record(None)
        if not self._authorized():
            return
        if self.path == "/v1/models":
            self._json(200, {"object": "list", "data": [{"id": m, "object": "model"} for m in self.fake.models]})
        else:
            self._json(404, {"detail": "Not Found"})

    def do_POST(self) -> None:
        body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
        self._record(body)
        if not self._authorized():
            return
        if self.path != "/v1/chat/completions":
            self._json(404, {"detail": "Not Found"})
        elif body.get("model") not in self.fake.models:  # vLLM's answer
            self._json(404, {"object": "error", "message": f"The model `{body.get('model')}` does not exist.",
                             "type": "NotFoundError", "param": None, "code": 404})
        else:
            self._chat(body)

    def _record(self, body: dict | None) -> None:
        self.fake.requests.append({"path": self.path, "body": body, "authorization": self.headers.get("Authorization")})

    def _authorized(self) -> bool:
        given = self.headers.get("Authorization", "")
        if not self.fake.api_key or given == f"Bearer {self.fake.api_key}":
            return True
        self._json(401, {"error": {"message": f"Incorrect API key provided: {given.removeprefix('Bearer ')}",
                                   "type": "invalid_request_error", "code": "invalid_api_key"}})
        return False

    def _chat(self, body: dict) -> None:
        fault, kind = self.fake.chat_fault, (body.get("response_format") or {}).get("type")
        if fault == "hang":
            self.fake.stopped.wait(120)  # until the server is stopped
            self.close_connection = True
        elif fault == "garbage":
            self._raw(200, "text/html", b"<html><body>502 Bad Gateway</body></html>\n")
        elif fault == "error-500":
            self._json(500, {"error": {"message": "CUDA error: out of memory", "type": "internal_server_error"}})
        elif fault in ("context-silent", "silent") and body.get("stream"):
            self._stream(body.get("model", ""), "silent")
        elif fault == "silent":
            self._json(200, {"object": "chat.completion", "choices": [
                {"index": 0, "message": {"role": "assistant", "content": "Hi"}, "finish_reason": "length"}]})
        elif fault in ("context", "context-silent"):
            self._json(400, {"error": {"message": "This model's maximum context length is 4096 tokens. However, you "
                                       "requested 5000 tokens.", "type": "invalid_request_error",
                                       "param": "messages", "code": "context_length_exceeded"}})
        elif fault == "refuse-json-schema" and kind == "json_schema":  # llama-cpp-python 0.3's words, status and body
            self._json(500, {"error": {"message": "1 validation error: {'type': 'literal_error', 'loc': ('body', "
                                       "'response_format', 'type'), 'msg': \"Input should be 'text' or 'json_object'\", "
                                       "'input': 'json_schema'}", "type": "internal_server_error", "param": None,
                                       "code": None}})
        elif fault == "refuse-schema" and kind:
            self._json(400, {"error": {"message": "response_format is not supported by this server",
                                       "type": "invalid_request_error"}})
        else:
            self._stream(body.get("model", ""), fault)

    def _stream(self, model: str, fault: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream; charset=utf-8")
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        self._chunk(b": ping - keep-alive comment\r\n\r\n")
        for count, event in enumerate(_events(model, self.fake.reply, fault, self.fake.good_events)):
            if self.fake.die_after is not None and count >= self.fake.die_after:
                self.wfile.flush()
                self.connection.shutdown(socket.SHUT_RDWR)  # no closing chunk: a dead stream
                self.close_connection = True
                return
            if fault == "trickle" and count and self.fake.stopped.wait(0.4):
                return
            self._chunk(event)
        self._chunk(b"")

    def _json(self, status: int, payload: dict) -> None:
        self._raw(status, "application/json", json.dumps(payload).encode())

    def _raw(self, status: int, kind: str, data: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def _chunk(self, data: bytes) -> None:
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()


def _events(model: str, reply: str, fault: str, good: int) -> list[bytes]:
    """The reply as SSE events of PIECE_CHARS characters, then the finish event and [DONE] (CRLF ends lines,
    as sse-starlette writes them)."""
    def event(delta: dict, finish: str | None = None) -> dict:
        return {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}

    pieces = [reply[i : i + PIECE_CHARS] for i in range(0, len(reply), PIECE_CHARS)]
    payloads = [event({"role": "assistant", "content": ""})] + [event({"content": p}) for p in pieces]
    lines = [f"data: {json.dumps(p, ensure_ascii=False)}" for p in payloads]
    if fault == "silent":
        return []
    if fault == "malformed":
        return [f"{line}\r\n\r\n".encode() for line in lines[: good + 1] + ['data: {"choices": [{"delta": oops']]
    if fault == "error-event":
        lines = lines[: good + 1] + ['data: {"error": {"message": "the model crashed", "code": "server_error"}}']
        return [f"{line}\r\n\r\n".encode() for line in lines]
    if fault != "no-done":
        lines += [f"data: {json.dumps(event({}, 'stop'))}", "data: [DONE]"]
    return [f"{line}\r\n\r\n".encode() for line in lines]


@contextlib.contextmanager
def fake_openai(**script: object) -> Iterator[FakeOpenAI]:
    """A scripted OpenAI-compatible server on a free loopback port; stopped on exit."""
    fake = FakeOpenAI(**script)  # type: ignore[arg-type]
    with serving(fake, _Handler) as port:
        fake.base_url = f"http://{LOOPBACK}:{port}/v1"
        yield fake
