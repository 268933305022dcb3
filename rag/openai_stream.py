"""OpenAI's chat wire format, read: server-sent events, streamed chunks, model lists, error bodies.

rag/openai_chat.py talks to the server; this module only reads what comes back
and names each way it can be wrong.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator

import httpx

from rag.errors import RagError, one_line


class StreamReading:
    """One streamed reply as it arrives: the text so far, how it ended, and whether the schema held."""

    def __init__(self, schema_sent: bool) -> None:
        self.schema_sent = schema_sent
        self.text = ""  # what was yielded
        self.held = ""  # leading whitespace, held until the first visible character is known
        self.done = False
        self.finish_reason = ""

    @property
    def finished(self) -> bool:
        return self.done or bool(self.finish_reason)

    def take(self, payload: str) -> Iterator[str]:
        if payload.strip() == "[DONE]":
            self.done = True
            return
        delta = self._content(payload)
        if not delta:
            return
        if not self.text and not (self.held + delta).strip():
            self.held += delta
            return
        if not self.text:
            delta, self.held = self.held + delta, ""
            if self.schema_sent and not delta.lstrip().startswith("{"):
                raise SchemaNotApplied(f"accepted, but the reply began {delta.strip()[:30]!r}")
        self.text += delta
        yield delta

    def _content(self, payload: str) -> str:
        try:
            event = json.loads(payload)
        except json.JSONDecodeError:
            raise Malformed(f"a data line is not JSON: {payload[:60]!r}") from None
        if not isinstance(event, dict):
            raise Malformed(f"a data line is not a JSON object: {payload[:60]!r}")
        if "error" in event:
            raise ServerSaid(*error_fields(event))
        choices = event.get("choices")
        if not isinstance(choices, list):
            raise Malformed(f"an event without choices: {payload[:60]!r}")
        if not choices:
            return ""  # e.g. a closing usage event
        choice = choices[0] if isinstance(choices[0], dict) else {}
        delta = choice.get("delta") or {}
        content = delta.get("content") if isinstance(delta, dict) else None
        if content is not None and not isinstance(content, str):
            raise Malformed(f"delta content is not text: {payload[:60]!r}")
        self.finish_reason = choice.get("finish_reason") or self.finish_reason
        return content or ""


def sse_data(lines: Iterable[str]) -> Iterator[str]:
    """The data of each server-sent event (`data:` lines up to a blank line), in order.

    Comments (": ping") and other fields are skipped; an event the stream cut
    before its blank line is dropped, as the SSE standard says.
    """
    data: list[str] = []
    for line in lines:
        if not line.strip():
            if data:
                yield "\n".join(data)
            data = []
        elif line.startswith("data:"):
            data.append(line[5:].removeprefix(" "))


def require_stream(response: httpx.Response) -> None:
    if response.status_code != 200:
        response.read()
        raise HttpError(response.status_code, *error_text(response))
    kind = response.headers.get("content-type", "")
    if "text/event-stream" not in kind:
        raise Malformed(f"content type {kind.split(';')[0] or 'none'}, not text/event-stream")


def model_ids(response: httpx.Response) -> list[str]:
    try:
        listed = response.json()["data"]
        return [str(m["id"]) for m in listed]
    except (ValueError, KeyError, TypeError) as exc:
        raise Malformed(f"GET /models is not a model list ({one_line(exc, 60)})") from None


def error_text(response: httpx.Response) -> tuple[str, str]:
    """(message, code) from an error body: OpenAI's {"error": {...}}, FastAPI's {"detail": ...}, or text."""
    try:
        body = response.json()
    except ValueError:
        return response.text[:300] or response.reason_phrase, ""
    return error_fields(body) if isinstance(body, dict) else (str(body)[:300], "")


def error_fields(body: dict) -> tuple[str, str]:
    error = body.get("error", body)
    if isinstance(error, dict):
        message = error.get("message") or error.get("detail") or json.dumps(error, ensure_ascii=False)
        code = error.get("code")
        return (message if isinstance(message, str) else json.dumps(message, ensure_ascii=False),
                code if isinstance(code, str) else "")
    return str(error), ""


class HttpError(Exception):
    def __init__(self, status: int, message: str, code: str = "") -> None:
        super().__init__(f"HTTP {status}: {message}")
        self.status, self.message, self.code = status, message, code


class ServerSaid(Exception):
    """An error event inside a stream that had started (HTTP 200)."""

    def __init__(self, message: str, code: str = "") -> None:
        super().__init__(f"the server reported: {message}")
        self.message, self.code = message, code


class Malformed(Exception):
    """The reply is not OpenAI's chat stream."""


class Truncated(Exception):
    """The stream closed before [DONE] or a finish_reason."""


class SchemaNotApplied(RagError):
    """This response_format form was refused, or accepted and not applied: try the next form."""
