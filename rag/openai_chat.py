"""A model behind an OpenAI-compatible chat API: llama.cpp's server, vLLM, LM Studio and others.

Plain HTTP (httpx): POST {base_url}/chat/completions with `stream: true`, then
read the server-sent events (`data: {...}` lines, `data: [DONE]` last) and
yield each `choices[0].delta.content`. The JSON schema travels in
`response_format`: OpenAI's `json_schema` form first, llama-cpp-python's
`json_object` + `schema` form when a server refuses that. A server that
refuses both, or accepts the schema but does not apply it (its reply does not
start with "{"), raises LLMSchemaRejected before any text, so the pipeline
asks again without it and reads the reply as text with [n] markers. Failures
are the classes and one-line messages of the Ollama backend.
"""

from __future__ import annotations

import json
import os
import re
import time
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import httpx

from rag.errors import RagError, one_line
from rag.llm_errors import (
    SCHEMA_REFUSAL_STATUS,
    SCHEMA_WORDS,
    LLMContextOverflow,
    LLMSchemaRejected,
    LLMStreamError,
    LLMUnavailable,
    Overdue,
)
from rag.openai_stream import (
    HttpError,
    Malformed,
    SchemaNotApplied,
    ServerSaid,
    StreamReading,
    Truncated,
    error_text,
    model_ids,
    require_stream,
    sse_data,
)

# Where the key may come from, first wins; it is sent only to the configured server.
KEY_VARIABLES = ("RAG_OPENAI_API_KEY", "OPENAI_API_KEY")
# response_format forms, the standard one first; a refused form is not sent again.
SCHEMA_STYLES = ("json_schema", "json_object")
SCHEMA_NAME = "answer"
# How servers say "no such model" (vLLM: "The model `x` does not exist.") and "too long".
MODEL_MISSING_WORDS = re.compile(r"model\b.*\b(?:not exist|does not exist|not found|unknown|no such)", re.IGNORECASE)
CONTEXT_WORDS = re.compile(r"context[ _](?:length|window|size)|maximum context|too many tokens", re.IGNORECASE)
# llama-cpp-python's server reports a request it cannot validate (an unknown response_format type)
# as HTTP 500 naming the field: a refusal of that form too, unlike any other 500.
FORMAT_FIELD = re.compile(r"response_format")
START_HINT = "start it (e.g. `python -m llama_cpp.server --model FILE.gguf`) or set RAG_OPENAI_BASE_URL"
ROOT_HINT = "set RAG_OPENAI_BASE_URL to the server's API root (it usually ends in /v1)"


class OpenAIUnreachable(LLMUnavailable):
    """Nothing answered at the configured address."""


class OpenAIModelMissing(LLMUnavailable):
    """The server answered but does not serve the model (or serves several and none was chosen)."""


class OpenAITimeout(OpenAIUnreachable):
    """The server did not finish within the one deadline of the question."""


class OpenAIBadReply(LLMUnavailable):
    """Something answered at the address, but not with OpenAI's chat API."""


def api_key(environ: Mapping[str, str] | None = None) -> str:
    env = os.environ if environ is None else environ
    return next((env[name].strip() for name in KEY_VARIABLES if env.get(name, "").strip()), "")


def api_root(base_url: str) -> str:
    """The URL requests are made under (the same forms url_problem accepts: host:port or a URL)."""
    text = base_url.strip()
    return (text if "://" in text else f"http://{text}").rstrip("/")


def shown_url(url: str) -> str:
    """The URL without any user:password part, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    netloc = (f"[{host}]" if ":" in host else host) + (f":{parts.port}" if parts.port else "")
    return urlunsplit((parts.scheme, netloc, parts.path, "", ""))


class OpenAIChat:
    """A model served behind an OpenAI-compatible `/chat/completions`, streamed."""

    backend = "openai"

    def __init__(self, base_url: str, model: str = "", timeout: float = 120.0, key: str = "") -> None:
        self.base_url = api_root(base_url)
        self.where = shown_url(self.base_url)
        self.model = model
        self.timeout = timeout
        self._key = key
        self._styles = list(SCHEMA_STYLES)  # the forms this server has not refused yet

    def __repr__(self) -> str:  # never the key
        return f"OpenAIChat({self.where!r}, model={self.model!r})"

    # ------------------------------------------------------------ start-up check
    def check(self, timeout: float | None = None) -> None:
        """Raise unless the server answers and serves the model; with no model set, take the one it lists."""
        timeout = timeout or self.timeout
        try:
            with self._client(timeout) as client:
                response = client.get(f"{self.base_url}/models", headers=self._headers())
            if response.status_code != 200:
                raise HttpError(response.status_code, *error_text(response))
            served = model_ids(response)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a one-line fix
            if isinstance(exc, HttpError) and exc.status == 404:
                raise OpenAIBadReply(f"no OpenAI-compatible API at {self.where} (GET /models: 404): {ROOT_HINT}") from None
            raise self._failure(exc, "", schema_sent=False) from None
        self._require_model(served)

    def _require_model(self, served: list[str]) -> None:
        listed = ", ".join(served[:8]) or "none"
        if not self.model and len(served) == 1:
            self.model = served[0]
        elif not self.model:
            raise OpenAIModelMissing(f"the server at {self.where} serves {len(served)} models ({listed}): "
                                     "choose one with RAG_OPENAI_MODEL (or --model)")
        elif self.model not in served:
            raise OpenAIModelMissing(f"model {self.model} is not served at {self.where} (it serves: {listed}): "
                                     "set RAG_OPENAI_MODEL (or --model) to one of them")

    # ------------------------------------------------------------ answering
    def stream(
        self,
        messages: list[dict],
        *,
        json_schema: dict | None = None,
        max_tokens: int = 256,
        temperature: float = 0.0,
    ) -> Iterator[str]:
        if not self.model:
            self.check()
        deadline = time.monotonic() + self.timeout  # one deadline for the whole answer, retries included
        while True:
            style = self._style(json_schema)
            body = {"model": self.model, "messages": messages, "stream": True, "max_tokens": max_tokens,
                    "temperature": temperature}
            if style:
                body["response_format"] = _response_format(style, json_schema)
            try:
                yield from self._answer(body, deadline, schema_sent=style is not None)
                return
            except SchemaNotApplied as refused:
                if style in self._styles:  # two app sessions may learn the same refusal at once
                    self._styles.remove(style)
                if not self._styles:
                    raise LLMSchemaRejected(f"the server at {self.where} does not apply a JSON schema "
                                            f"({refused}): the reply is read as text") from None

    def _style(self, json_schema: dict | None) -> str | None:
        if json_schema is None:
            return None
        if not self._styles:
            raise LLMSchemaRejected(f"the server at {self.where} does not apply a JSON schema: the reply is read as text")
        return self._styles[0]

    def _answer(self, body: dict, deadline: float, schema_sent: bool) -> Iterator[str]:
        reading = StreamReading(schema_sent)
        try:
            with self._client(self.timeout) as client, client.stream(
                    "POST", f"{self.base_url}/chat/completions", json=body,
                    headers=self._headers() | {"Accept": "text/event-stream"}) as response:
                require_stream(response)
                for payload in sse_data(response.iter_lines()):
                    if time.monotonic() > deadline:
                        raise Overdue(f"no complete answer within {self.timeout:g} s")
                    yield from reading.take(payload)
        except SchemaNotApplied:
            raise
        except Exception as exc:  # noqa: BLE001 - network errors come from several layers
            raise self._failure(exc, reading.text, schema_sent) from None
        if not reading.finished and not reading.text:
            raise self._why_silent(body, deadline)
        if not reading.finished:  # a clean close without [DONE] or a finish_reason is still a cut answer
            raise self._failure(Truncated("the stream ended before its last event"), reading.text, schema_sent)
        if schema_sent and reading.finish_reason != "length" and not _is_json_object(reading.text):
            raise LLMStreamError(f"the server at {self.where} sent a reply that is not the JSON object its schema "
                                 f"asked for ({reading.text.strip()[:60]!r}): ask again, or use --llm embedded",
                                 reading.text)

    def _why_silent(self, body: dict, deadline: float) -> RagError:
        """A stream closed before its first word gives no reason (llama-cpp-python's server does this for a
        prompt over its context): one request without streaming, for a single token, asks for it."""
        probe = {k: v for k, v in body.items() if k != "response_format"} | {"stream": False, "max_tokens": 1}
        try:
            with self._client(max(0.1, deadline - time.monotonic())) as client:
                response = client.post(f"{self.base_url}/chat/completions", json=probe, headers=self._headers())
        except Exception:  # noqa: BLE001 - the probe only looks for a reason; its own failure is no news
            response = None
        if response is not None and response.status_code != 200:
            return _ErrorMap(self, schema_sent=False).status_error(HttpError(response.status_code,
                                                                                *error_text(response)))
        return LLMUnavailable(f"the server at {self.where} closed the answer's stream before its first word, "
                              "without saying why: see the server's log, or use --llm embedded")

    # ------------------------------------------------------------ plumbing
    def _client(self, timeout: float) -> httpx.Client:
        # trust_env=False: no proxy variables or .netrc; requests go to the configured server only.
        return httpx.Client(timeout=timeout, trust_env=False, follow_redirects=False)

    def _headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self._key}"} if self._key else {}

    def _scrub(self, text: str) -> str:
        """A server may echo the key in its error message; it never reaches ours."""
        return text.replace(self._key, "***") if self._key else text

    def _failure(self, exc: Exception, partial: str, schema_sent: bool) -> RagError:
        if partial:
            return LLMStreamError(f"the answer from the server at {self.where} broke off after {len(partial)} "
                                  f"characters ({self._why(exc)}); the partial answer is shown: ask again", partial)
        return _ErrorMap(self, schema_sent).before_first_token(exc)

    def _why(self, exc: Exception) -> str:
        if isinstance(exc, (httpx.TimeoutException, Overdue)):
            return f"no answer within the {self.timeout:g} s deadline, RAG_OPENAI_TIMEOUT"
        return self._scrub(one_line(exc, limit=200))


class _ErrorMap:
    """A transport or HTTP failure before the first token -> the one-line error the user can act on."""

    def __init__(self, chat: OpenAIChat, schema_sent: bool) -> None:
        self.chat, self.schema_sent = chat, schema_sent

    def before_first_token(self, exc: Exception) -> RagError:
        where = self.chat.where
        if isinstance(exc, HttpError):
            return self.status_error(exc)
        if isinstance(exc, (ConnectionError, httpx.ConnectError, httpx.ConnectTimeout)):
            return OpenAIUnreachable(f"no OpenAI-compatible server is reachable at {where}: {START_HINT}")
        if isinstance(exc, (httpx.TimeoutException, Overdue)):
            return OpenAITimeout(f"the server at {where} did not answer within {self.chat.timeout:g} s: "
                                 "check its load, raise RAG_OPENAI_TIMEOUT, or use --llm embedded")
        if isinstance(exc, ServerSaid):
            return self.said(0, exc.message, exc.code)
        if isinstance(exc, (Malformed, Truncated, httpx.DecodingError, json.JSONDecodeError)):
            return OpenAIBadReply(f"the server at {where} sent a reply that is not an OpenAI chat stream "
                                  f"({self.chat._scrub(one_line(exc, 120))}): {ROOT_HINT}")
        return LLMUnavailable(f"the server at {where} failed before answering ({self.chat._why(exc)}): "
                              "ask again, or use --llm embedded")

    def status_error(self, exc: HttpError) -> RagError:
        if exc.status in (401, 403):
            return LLMUnavailable(f"the server at {self.chat.where} refused the request ({exc.status}: "
                                  f"{self.chat._scrub(exc.message)}): set RAG_OPENAI_API_KEY (or OPENAI_API_KEY) "
                                  "to its key")
        if exc.status == 404 and not self._names_missing_model(exc.message, exc.code):
            return OpenAIBadReply(f"no OpenAI-compatible chat API at {self.chat.where} (POST /chat/completions: "
                                  f"404): {ROOT_HINT}")
        if self.schema_sent and self._refuses_the_form(exc):
            return SchemaNotApplied(f"refused: {exc.status} {one_line(exc.message, 120)}")
        return self.said(exc.status, exc.message, exc.code)

    def _refuses_the_form(self, exc: HttpError) -> bool:
        if CONTEXT_WORDS.search(exc.message) or self._names_missing_model(exc.message, exc.code):
            return False
        if exc.status == 500:
            return bool(FORMAT_FIELD.search(exc.message))
        return exc.status in SCHEMA_REFUSAL_STATUS and bool(SCHEMA_WORDS.search(exc.message))

    def said(self, status: int, message: str, code: str) -> RagError:
        """An error the server put into words (an HTTP error body, or an error event in the stream)."""
        chat, text = self.chat, self.chat._scrub(one_line(message, 200))
        if self._names_missing_model(message, code):
            return OpenAIModelMissing(f"model {chat.model} is not served at {chat.where} ({text}): "
                                      "set RAG_OPENAI_MODEL (or --model) to a model it serves")
        if code == "context_length_exceeded" or CONTEXT_WORDS.search(message):
            return LLMContextOverflow(f"the prompt does not fit the context of model {chat.model} at {chat.where} "
                                      f"({text}): ask a shorter question, or lower RAG_EVIDENCE_SENTENCES")
        return LLMUnavailable(f"the server at {chat.where} answered with an error ({status or 'in the stream'}: "
                              f"{text}): check the server's log, or use --llm embedded")

    @staticmethod
    def _names_missing_model(message: str, code: str) -> bool:
        return code == "model_not_found" or bool(MODEL_MISSING_WORDS.search(message))


def _response_format(style: str, schema: dict) -> dict[str, Any]:
    if style == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": SCHEMA_NAME, "schema": schema, "strict": True}}
    return {"type": "json_object", "schema": schema}


def _is_json_object(text: str) -> bool:
    try:
        return isinstance(json.loads(text), dict)
    except json.JSONDecodeError:
        return False
