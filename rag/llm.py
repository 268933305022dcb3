"""Chat models behind one small interface: Ollama, embedded llama.cpp, a scripted fake
(and an OpenAI-compatible server, in rag/openai_chat.py).

The one required method is `stream(messages, ...) -> Iterator[str]` (text
deltas); `generate` and `count_tokens` are conveniences built on top.
`select_chat_model` picks a backend from the settings and says which in one line.
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import math
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Protocol

from rag.config import Settings
from rag.errors import RagError, one_line
from rag.llm_errors import (  # also re-exported: callers import the errors from here
    SCHEMA_REFUSAL_STATUS,
    SCHEMA_WORDS,
    LLMContextOverflow,
    LLMSchemaRejected,
    LLMStreamError,
    LLMUnavailable,
)
from rag.llm_errors import Overdue as _Overdue
from rag.openai_chat import OpenAIChat, api_key

# How long auto-selection waits for Ollama before using the embedded model.
PROBE_TIMEOUT_S = 2.0
SETUP_HINT = "run `make setup` (or `rag models fetch`)"


class OllamaUnreachable(LLMUnavailable):
    """The Ollama server did not answer."""


class OllamaModelMissing(LLMUnavailable):
    """Ollama answered but does not have the model."""


class OllamaTimeout(OllamaUnreachable):
    """Ollama did not finish within the one deadline of the question."""


class OllamaBadReply(LLMUnavailable):
    """Something answered at the Ollama address, but not in Ollama's chat format."""


class ChatModel(Protocol):
    backend: str  # "ollama" | "openai" | "embedded" | "fake"
    model: str

    def stream(
        self,
        messages: list[dict],
        *,
        json_schema: dict | None = None,
        max_tokens: int = 256,
        temperature: float = 0.0,
    ) -> Iterator[str]: ...


def generate(chat: ChatModel, messages: list[dict], **kwargs: Any) -> str:
    """The whole reply as one string."""
    return "".join(chat.stream(messages, **kwargs))


def count_tokens(chat: ChatModel, text: str) -> int:
    """Exact count where the backend has a tokenizer, else a cautious estimate."""
    counter = getattr(chat, "count_tokens", None)
    return counter(text) if callable(counter) else estimate_tokens(text)


def estimate_tokens(text: str) -> int:
    # Measured on the seeds with Qwen's tokenizer: ~1 token per Hangul syllable,
    # one per digit, ~4 other ASCII chars per token; 10% margin so trimming is safe.
    wide = sum(1 for ch in text if ord(ch) > 127)
    digits = sum(1 for ch in text if ch.isascii() and ch.isdigit())
    return math.ceil(1.1 * (wide + digits + (len(text) - wide - digits) / 4))


def _one_line(exc: BaseException) -> str:
    return one_line(exc, limit=200)


# --------------------------------------------------------------------- Ollama


class OllamaChat:
    """A model served by Ollama, through the official `ollama` client."""

    backend = "ollama"

    def __init__(self, host: str, model: str, timeout: float = 120.0, num_ctx: int | None = None) -> None:
        import ollama

        self.host = host
        self.model = model
        self.timeout = timeout
        self.num_ctx = num_ctx
        self._client = ollama.Client(host=host, timeout=timeout)

    def check(self, timeout: float | None = None) -> None:
        """Raise OllamaUnreachable / OllamaModelMissing unless the model can answer."""
        import ollama

        timeout = timeout or self.timeout
        client = ollama.Client(host=self.host, timeout=timeout)
        try:
            client.show(self.model)
        except Exception as exc:  # noqa: BLE001 - every failure becomes a one-line fix
            raise _OllamaFailure(self.host, self.model, timeout, schema_sent=False).error(exc, "") from None

    def stream(
        self,
        messages: list[dict],
        *,
        json_schema: dict | None = None,
        max_tokens: int = 256,
        temperature: float = 0.0,
    ) -> Iterator[str]:
        options: dict[str, Any] = {"temperature": temperature, "num_predict": max_tokens}
        if self.num_ctx:
            options["num_ctx"] = self.num_ctx
        # One deadline for the whole answer; httpx's own timeout only bounds each read.
        deadline = time.monotonic() + self.timeout
        received: list[str] = []
        finished = False
        try:
            parts = self._client.chat(
                model=self.model, messages=messages, stream=True, format=json_schema, options=options
            )
            for part in parts:
                if time.monotonic() > deadline:
                    raise _Overdue(f"no complete answer within {self.timeout:g} s")
                finished = bool(part.done)
                delta = part.message.content or ""
                if delta:
                    received.append(delta)
                    yield delta
        except Exception as exc:  # noqa: BLE001 - network errors come from several libraries
            failure = _OllamaFailure(self.host, self.model, self.timeout, json_schema is not None)
            raise failure.error(exc, "".join(received)) from None
        if not finished:  # a clean close without Ollama's final message is still a cut answer
            failure = _OllamaFailure(self.host, self.model, self.timeout, json_schema is not None)
            raise failure.error(_Truncated("the stream ended without its final message"), "".join(received))


class _Truncated(Exception):
    """The reply stream closed before Ollama's `done` message."""


@dataclass(frozen=True)
class _OllamaFailure:
    """Maps a client/transport exception to the one-line error the user can act on."""

    host: str
    model: str
    timeout: float
    schema_sent: bool

    def error(self, exc: Exception, partial: str) -> RagError:
        if partial:
            return LLMStreamError(
                f"the answer from Ollama at {self.host} broke off after {len(partial)} characters "
                f"({self._why(exc)}); the partial answer is shown: ask again", partial)
        return self._before_first_token(exc)

    def _why(self, exc: Exception) -> str:
        import httpx

        if isinstance(exc, (httpx.TimeoutException, _Overdue)):
            return f"no answer within the {self.timeout:g} s deadline, RAG_OLLAMA_TIMEOUT"
        return _one_line(exc)

    def _before_first_token(self, exc: Exception) -> RagError:
        import httpx
        import ollama
        import pydantic

        host = self.host
        if isinstance(exc, ollama.ResponseError):
            return self._response_error(exc)
        if isinstance(exc, (ConnectionError, httpx.ConnectError, httpx.ConnectTimeout)):
            return OllamaUnreachable(f"Ollama is not reachable at {host}: start it with `ollama serve`, or use --llm embedded")
        if isinstance(exc, (httpx.TimeoutException, _Overdue)):
            return OllamaTimeout(
                f"Ollama at {host} did not answer within {self.timeout:g} s: check `ollama ps`, "
                "raise RAG_OLLAMA_TIMEOUT, or use --llm embedded")
        if isinstance(exc, (json.JSONDecodeError, pydantic.ValidationError, AttributeError, TypeError,
                            httpx.DecodingError, _Truncated)):
            return OllamaBadReply(
                f"Ollama at {host} sent a reply that is not Ollama's chat format ({_one_line(exc)[:120]}): "
                "check that OLLAMA_HOST points at an Ollama server")
        return LLMUnavailable(f"Ollama at {host} failed before answering ({_one_line(exc)}): ask again, or use --llm embedded")

    def _response_error(self, exc: Any) -> RagError:
        if exc.status_code == 404 or "not found" in str(exc.error):
            return OllamaModelMissing(f"model {self.model} is not available in Ollama: run `ollama pull {self.model}`")
        if self.schema_sent and exc.status_code in SCHEMA_REFUSAL_STATUS and SCHEMA_WORDS.search(str(exc.error)):
            return LLMSchemaRejected(f"Ollama at {self.host} refused the JSON schema ({_one_line(exc)})")
        return LLMUnavailable(f"Ollama at {self.host} answered with an error ({exc.status_code}: {_one_line(exc)}): "
                              "check the server's log, or use --llm embedded")


def probe_ollama(host: str, model: str, timeout: float = PROBE_TIMEOUT_S) -> str | None:
    """None when Ollama at `host` answers and has `model`; else what to do about it."""
    try:
        OllamaChat(host, model, timeout=timeout).check()
    except LLMUnavailable as exc:
        return str(exc)
    return None


# ------------------------------------------------------------ embedded llama.cpp


@dataclass
class _LoadedModel:
    llama: Any  # llama_cpp.Llama
    # llama.cpp is not re-entrant; the UI serves several users from one process.
    lock: threading.Lock = field(default_factory=threading.Lock)
    # The model's memory after the latest prompt of each system message (one per language and
    # prompt): a Korean question after an English one reloads the Korean instructions, already
    # read, instead of reading them again (about 150 tokens, 3 s on two cores).
    warm: dict[str, Any] = field(default_factory=dict)


_LOADED: dict[tuple[str, int, int], _LoadedModel] = {}
_LOADING = threading.Lock()


def _open_gguf(path: Path, n_ctx: int, n_threads: int) -> Any:
    if not path.is_file():
        raise LLMUnavailable(f"LLM file missing: {path}; {SETUP_HINT}")
    try:
        import llama_cpp
    except ImportError:
        raise LLMUnavailable(f"llama-cpp-python is not installed; {SETUP_HINT}") from None
    try:
        return llama_cpp.Llama(
            model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, n_threads_batch=n_threads, verbose=False
        )
    except Exception as exc:  # noqa: BLE001 - llama.cpp reports a bad file as ValueError or RuntimeError
        raise LLMUnavailable(
            f"LLM file cannot be loaded: {path} ({_one_line(exc)}); delete it and {SETUP_HINT}"
        ) from None


def _load_once(path: Path, n_ctx: int, n_threads: int) -> _LoadedModel:
    """One llama.cpp instance per (file, context, threads) per process."""
    key = (str(path.resolve()), n_ctx, n_threads)
    with _LOADING:
        if key not in _LOADED:
            _LOADED[key] = _LoadedModel(_open_gguf(path, n_ctx, n_threads))
        return _LOADED[key]


class LlamaCppChat:
    """The embedded GGUF model through llama-cpp-python; loads on first use."""

    backend = "embedded"

    def __init__(self, gguf_path: str | Path, n_ctx: int = 4096, n_threads: int = 0) -> None:
        self.gguf_path = Path(gguf_path)
        self.model = self.gguf_path.stem
        self.n_ctx = n_ctx
        # 0 means every core (see Settings.n_threads).
        self.n_threads = n_threads or os.cpu_count() or 1
        self.last_usage: PromptUsage | None = None

    def load(self) -> _LoadedModel:
        return _load_once(self.gguf_path, self.n_ctx, self.n_threads)

    def count_tokens(self, text: str) -> int:
        return len(self.load().llama.tokenize(text.encode("utf-8"), add_bos=False, special=False))

    def stream(
        self,
        messages: list[dict],
        *,
        json_schema: dict | None = None,
        max_tokens: int = 256,
        temperature: float = 0.0,
        prefix_state: Path | None = None,
    ) -> Iterator[str]:
        """Text deltas; with `prefix_state` (rag/doc_states.py) the saved prefix is loaded first and
        only the rest of the prompt is read. `last_usage` then says how many prompt tokens were reused."""
        from rag.doc_states import prompt_tokens, restore

        loaded = self.load()
        response_format = {"type": "json_object", "schema": json_schema} if json_schema else None
        with loaded.lock:
            tokens = prompt_tokens(loaded.llama, messages)
            if prefix_state is not None:
                restore(loaded.llama, prefix_state)
            else:
                _rewarm(loaded, _instructions(messages), tokens)
            self.last_usage = _prompt_usage(loaded.llama, tokens)
            answered = False
            try:
                chunks = loaded.llama.create_chat_completion(
                    messages=messages,
                    stream=True,
                    max_tokens=max_tokens,
                    temperature=temperature,  # 0 means greedy in llama.cpp's sampler
                    response_format=response_format,
                )
                for chunk in chunks:
                    answered = True  # the prompt has been read
                    delta = chunk["choices"][0]["delta"].get("content")
                    if delta:
                        yield delta
            except ValueError as exc:
                if "context window" not in str(exc):
                    raise
                raise LLMContextOverflow(
                    f"the prompt does not fit the model's {self.n_ctx}-token context ({_one_line(exc)}): "
                    "ask a shorter question, lower the evidence count, or raise RAG_N_CTX"
                ) from None
            finally:
                if answered and prefix_state is None:  # a document state is kept on disk already
                    loaded.warm[_instructions(messages)] = _Memory.of(loaded.llama)


def _instructions(messages: list[dict]) -> str:
    """What every prompt of one kind and language starts with: its system message."""
    return next((m.get("content", "") for m in messages if m.get("role") == "system"), "")


@dataclass(frozen=True)
class _Memory:
    """The model's KV cache for the tokens it has read, without the logits (llama.cpp's
    sequence state: tens of MB, where a whole-context state with logits is hundreds)."""

    tokens: tuple[int, ...]
    kv: bytes

    @classmethod
    def of(cls, llama) -> "_Memory":
        import llama_cpp

        size = llama_cpp.llama_state_seq_get_size(llama._ctx.ctx, 0)
        buffer = (ctypes.c_uint8 * size)()
        written = llama_cpp.llama_state_seq_get_data(llama._ctx.ctx, buffer, size, 0)
        return cls(tuple(int(t) for t in llama.input_ids[: llama.n_tokens]), bytes(buffer)[:written])

    def restore(self, llama) -> bool:
        """Put this memory back (replacing sequence 0); False, with the model reset, if llama.cpp refuses."""
        import llama_cpp

        buffer = (ctypes.c_uint8 * len(self.kv)).from_buffer_copy(self.kv)
        if llama_cpp.llama_state_seq_set_data(llama._ctx.ctx, buffer, len(self.kv), 0) != len(self.kv):
            llama.reset()
            return False
        llama.input_ids[: len(self.tokens)] = self.tokens
        llama.n_tokens = len(self.tokens)
        llama._requires_eval = True  # no live logits: the rest of the prompt is evaluated first
        return True


def _rewarm(loaded: _LoadedModel, instructions: str, tokens: list[int]) -> None:
    """Load the memory kept for these instructions when it shares more of the prompt than the live one."""
    kept = loaded.warm.get(instructions)
    if kept is None:
        return
    live = _shared(loaded.llama.input_ids[: loaded.llama.n_tokens], tokens)
    if _shared(kept.tokens, tokens) > live and not kept.restore(loaded.llama):
        del loaded.warm[instructions]


def _shared(memory, tokens: list[int]) -> int:
    count = 0
    for a, b in zip(memory, tokens):
        if a != b:
            break
        count += 1
    return count


def embedded_model(chat) -> "LlamaCppChat | None":
    """The embedded llama.cpp model behind `chat` (itself, or the one a ReplayingChat wraps), or None."""
    while chat is not None and not isinstance(chat, LlamaCppChat):
        chat = getattr(chat, "inner", None)
    return chat


@dataclass(frozen=True)
class PromptUsage:
    prompt_tokens: int
    reused_tokens: int  # already in the model's memory (same prefix as the last prompt, or a loaded state)


def _prompt_usage(llama, tokens: list[int]) -> PromptUsage:
    reused = _shared(llama.input_ids[: llama.n_tokens], tokens)
    return PromptUsage(len(tokens), min(reused, max(0, len(tokens) - 1)))


# ------------------------------------------------------------------ scripted fake


class ReplayingChat:
    """Wraps a ChatModel and remembers each reply by its exact request.

    A request seen before is answered from memory (one delta) instead of the
    model: `rag eval --compare` runs two verifiers over one LLM call per
    question, and a JSONL `path` lets a later run re-check stored replies
    after a change to verification only. Greedy decoding makes this exact.
    """

    def __init__(self, inner: "ChatModel", path: Path | None = None) -> None:
        self.inner, self.path = inner, path
        self.backend, self.model = inner.backend, inner.model
        self.replayed = 0
        self._memory: dict[str, str] = {}
        if path is not None and path.is_file():
            for line in path.read_text(encoding="utf-8").splitlines():
                record = json.loads(line)
                self._memory[record["key"]] = record["reply"]

    def stream(self, messages: list[dict], **options: Any) -> Iterator[str]:
        key = self.key(messages, options)
        if key in self._memory:
            self.replayed += 1
            yield self._memory[key]
            return
        reply = ""
        try:
            for delta in self.inner.stream(messages, **options):
                reply += delta
                yield delta
        except GeneratorExit:
            # The reader stopped early (it had what it needed): greedy decoding replays the same prefix,
            # and the same reader stops at the same place, so the prefix is the reply to remember.
            self._remember(key, reply)
            raise
        self._remember(key, reply)

    def key(self, messages: list[dict], options: dict[str, Any]) -> str:
        """The request's identity. A saved document state only spares prefill: the messages already
        hold the document it was built from, so the state object is not part of the request."""
        wanted = {name: value for name, value in options.items() if name != "prefix_state"}
        request = json.dumps([self.model, messages, wanted], sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(request.encode()).hexdigest()

    def _remember(self, key: str, reply: str) -> None:
        self._memory[key] = reply
        if self.path is not None:
            with self.path.open("a", encoding="utf-8") as out:
                out.write(json.dumps({"key": key, "reply": reply}, ensure_ascii=False) + "\n")


class ScriptedChat:
    """A deterministic fake: each stream() call plays the next scripted reply.

    Replies come in 3-character deltas. `calls` records every request so a test
    can check what the prompt contained. `fail_after=n` breaks every stream
    after n deltas with LLMStreamError, like a server dying mid-answer;
    `failure` is raised instead of the first delta, like a server that is down.
    """

    backend = "fake"
    delta_chars = 3

    def __init__(
        self, replies: list[str], fail_after: int | None = None, model: str = "scripted", failure: RagError | None = None
    ) -> None:
        self.replies = list(replies)
        self.fail_after = fail_after
        self.model = model
        self.failure = failure
        self.calls: list[dict[str, Any]] = []

    def stream(
        self,
        messages: list[dict],
        *,
        json_schema: dict | None = None,
        max_tokens: int = 256,
        temperature: float = 0.0,
        prefix_state: Any = None,
    ) -> Iterator[str]:
        if len(self.calls) >= len(self.replies):
            raise AssertionError(f"ScriptedChat has only {len(self.replies)} replies; a further call came")
        reply = self.replies[len(self.calls)]
        self.calls.append(
            {"messages": json.loads(json.dumps(messages)), "json_schema": json_schema,
             "max_tokens": max_tokens, "temperature": temperature, "prefix_state": prefix_state}
        )
        return self._play(reply)

    def _play(self, reply: str) -> Iterator[str]:
        if self.failure is not None:
            raise self.failure
        deltas = [reply[i : i + self.delta_chars] for i in range(0, len(reply), self.delta_chars)]
        for count, delta in enumerate(deltas):
            if self.fail_after is not None and count >= self.fail_after:
                raise LLMStreamError("the scripted answer broke off: ask again", "".join(deltas[:count]))
            yield delta

    @property
    def last_prompt(self) -> str:
        """All message contents of the latest call, joined: handy for `in` checks."""
        return "\n".join(m.get("content", "") for m in self.calls[-1]["messages"])


# ------------------------------------------------------------ auto fallback


class FallbackChat:
    """`--llm auto` once Ollama passed the probe: Ollama, and the embedded model
    from the first request Ollama fails before its first token (down, garbage,
    timeout). After that the embedded model answers: a server that just hung
    would cost every later question a whole timeout too.
    """

    def __init__(self, primary: ChatModel, fallback: Callable[[], ChatModel], notice: str) -> None:
        self.primary = primary
        self.active: ChatModel = primary
        self._make_fallback = fallback
        self._lock = threading.Lock()
        self.notice = notice  # "using ...": the latest word on which backend answers

    @property
    def backend(self) -> str:
        return self.active.backend

    @property
    def model(self) -> str:
        return self.active.model

    @property
    def fell_back(self) -> bool:
        return self.active is not self.primary

    def stream(self, messages: list[dict], **kwargs: Any) -> Iterator[str]:
        chat = self.active
        started = False
        try:
            for delta in chat.stream(messages, **kwargs):
                started = True
                yield delta
            return
        except (LLMSchemaRejected, LLMContextOverflow):
            raise  # the request, not the server, is the problem: the caller decides
        except RagError as problem:
            if started or chat is not self.primary or getattr(problem, "partial", ""):
                raise
            self._switch(problem)
        yield from self.active.stream(messages, **kwargs)

    def _switch(self, problem: RagError) -> None:
        with self._lock:
            if self.fell_back:
                return
            try:
                fallback = self._make_fallback()
            except LLMUnavailable as missing:
                raise LLMUnavailable(f"{problem}; and the embedded model is unusable too: {missing}") from None
            self.active = fallback
            self.notice = f"{problem}; answered with the embedded model {fallback.model} instead"


# ------------------------------------------------------------------- selection


def embedded_chat(settings: Settings) -> LlamaCppChat:
    """The embedded model; refuses at once when its file is missing (no lazy surprise)."""
    path = settings.resolved_gguf_path()
    if not path.is_file():
        raise LLMUnavailable(f"LLM file missing: {path}; {SETUP_HINT}")
    return LlamaCppChat(path, n_ctx=settings.n_ctx, n_threads=settings.n_threads)


def ollama_chat(settings: Settings) -> OllamaChat:
    return OllamaChat(
        settings.resolved_ollama_host(), settings.ollama_model, timeout=settings.ollama_timeout, num_ctx=settings.n_ctx
    )


def openai_chat(settings: Settings) -> OpenAIChat:
    """The configured OpenAI-compatible server; checked (reachable, serves the model) before use."""
    chat = OpenAIChat(settings.openai_base_url, settings.openai_model, timeout=settings.openai_timeout, key=api_key())
    chat.check()  # the user chose this server: its own deadline, not auto's short probe
    return chat


def select_chat_model(
    settings: Settings, *, embedded: Callable[[Settings], ChatModel] = embedded_chat
) -> tuple[ChatModel, str]:
    """The backend the settings ask for, and a one-line notice saying which it is."""
    if settings.llm == "embedded":
        chat = embedded(settings)
        return chat, f"using the embedded model {chat.model}"
    if settings.llm == "openai":
        server = openai_chat(settings)
        return server, f"using model {server.model} of the OpenAI-compatible server at {server.where}"
    remote = ollama_chat(settings)
    try:
        remote.check(timeout=PROBE_TIMEOUT_S)
    except LLMUnavailable as problem:
        if settings.llm == "ollama":
            raise
        return _fall_back(settings, remote, problem, embedded)
    notice = f"using Ollama model {remote.model} at {remote.host}"
    if settings.llm == "ollama":
        return remote, notice
    return FallbackChat(remote, lambda: embedded(settings), notice), notice


def _fall_back(
    settings: Settings, remote: OllamaChat, problem: LLMUnavailable, embedded: Callable[[Settings], ChatModel]
) -> tuple[ChatModel, str]:
    try:
        chat = embedded(settings)
    except LLMUnavailable as missing:
        raise LLMUnavailable(f"{problem}; and the embedded model is unusable too: {missing}") from None
    if isinstance(problem, OllamaModelMissing):
        why = f"Ollama at {remote.host} has no model {remote.model} (`ollama pull {remote.model}`)"
    elif isinstance(problem, OllamaUnreachable):
        why = f"Ollama not reachable at {remote.host}"
    else:
        why = f"Ollama at {remote.host} failed ({problem})"
    return chat, f"{why}: using the embedded model {chat.model}"
