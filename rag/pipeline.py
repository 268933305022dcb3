"""question -> Answer: the only place that wires the stages together.

retrieve (hybrid) -> pick evidence sentences -> generate JSON in the
question's language -> parse and range-check [n] -> verify every claim
against the sentence it cites (repair the citation, or drop the claim) ->
answer, extractive fallback, or abstain.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Iterator, Sequence

import numpy as np

from rag import citations as cit
from rag.config import Settings
from rag.conversation import standalone_query
from rag.errors import RagError
from rag.errors import one_line
from rag.evidence import format_evidence, select_evidence
from rag.language import detect_language
from rag.language import INCOMPLETE_MARK
from rag.llm import LLMSchemaRejected, LLMStreamError
from rag.prompts import load_prompt
from rag.types import Answer, Citation, Hit, Timings, Turn
from rag.verify import AnswerVerifier, out_of_range_notes

# Constrained output: the answer comes first so it can stream to the user.
ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "answer": {"type": "string"},
        "citations": {"type": "array", "items": {"type": "integer"}, "maxItems": 3},
    },
    "required": ["answer", "citations"],
}
PLAIN_CHUNKS = 4  # the baseline prompt: top-4 whole chunks, as popular RAG apps do


class Pipeline:
    """Answers questions; heavy parts (index, embedder, LLM) load on first use."""

    def __init__(self, settings: Settings, index=None, embedder=None, chat=None, design: str = "grounded"):
        if design not in ("grounded", "plain"):
            raise RagError(f"unknown answer design {design!r}: use grounded or plain")
        self.settings = settings
        self.design = design
        self._index, self._embedder, self._chat = index, embedder, chat
        self._retriever = None
        self.backend_notice = ""

    # ------------------------------------------------------------ lazy parts
    @property
    def index(self):
        if self._index is None:
            from rag.index import load_index

            self._index = load_index(self.settings)
        return self._index

    @property
    def embedder(self):
        if self._embedder is None:
            from rag.embeddings import load_embedder

            self._embedder = load_embedder(self.settings)
        return self._embedder

    @property
    def retriever(self):
        if self._retriever is None:
            from rag.retrieval import Retriever

            self._retriever = Retriever(self.index, self.embedder, self.settings)
        return self._retriever

    @property
    def chat(self):
        if self._chat is None:
            from rag.llm import select_chat_model

            self._chat, self.backend_notice = select_chat_model(self.settings)
        return self._chat

    # ------------------------------------------------------------ answering
    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        final = None
        for item in self.stream(question, history):
            if isinstance(item, Answer):
                final = item
        assert final is not None  # stream always ends with an Answer
        return final

    def stream(self, question: str, history: Sequence[Turn] = ()) -> Iterator[str | Answer]:
        """Text deltas as the model writes, then exactly one verified Answer."""
        started = time.perf_counter()
        question, notes = self._checked_question(question)
        language = detect_language(question)
        query = standalone_query(question, history)
        hits = self.retriever.search(query, k=self.settings.top_k)
        retrieval_ms = _ms(started)
        if self.design == "plain":
            run = self._plain_run(question, language, hits)
        else:
            run = self._grounded_run(question, language, query, hits, history)
        buffer, first_token_ms, error = "", 0.0, ""
        try:
            for delta in run.deltas:
                if not first_token_ms:
                    first_token_ms = _ms(started)
                buffer += delta
                yield from _visible_delta(run, buffer)
        except LLMStreamError as exc:
            if not run.shown.strip():
                raise  # nothing reached the user: a failure, never an answer
            error = one_line(exc)  # the server died mid-stream: keep what arrived, marked
        timings = Timings(retrieval_ms, first_token_ms or _ms(started), _ms(started))
        answer = _cut_off(question, language, run.shown, hits, error) if error else run.finish(buffer, "")
        fell_back = getattr(self.chat, "fell_back", False)
        if fell_back:
            self.backend_notice = self.chat.notice
        yield replace(
            answer,
            timings=timings,
            backend=self.chat.backend,
            model=self.chat.model,
            retrieval_query=query,
            notes=tuple(notes) + ((self.backend_notice,) if fell_back else ()) + answer.notes,
            raw_reply=buffer,
            error=error,
        )

    def _checked_question(self, question: str) -> tuple[str, list[str]]:
        question = (question or "").strip()
        if not question:
            raise RagError("the question is empty: type a question")
        limit = self.settings.max_question_chars
        if len(question) > limit:
            return question[:limit], [f"question cut to its first {limit} characters"]
        return question, []

    def _grounded_run(self, question, language, query, hits, history) -> "_Run":
        from rag.retrieval import tokenize

        evidence = select_evidence(
            hits,
            self.index.sentences_of,
            self.index.sentence_vectors,
            self.retriever.query_vector(query),
            set(tokenize(query)),
            tokenize,
            self.settings.evidence_sentences,
            self.index.previous_text,
        )
        messages = load_prompt(self.settings.prompts_dir, "answer").render(
            language,
            question=question,
            evidence=format_evidence(evidence, language),
        )
        deltas = _with_schema_fallback(self.chat, messages, self.settings)
        verifier = AnswerVerifier(self, question, language, hits, evidence)
        return _Run(deltas=deltas, finish=verifier.finish, streams_json=True)

    def _plain_run(self, question, language, hits) -> "_Run":
        shown = list(hits[:PLAIN_CHUNKS])
        context = "\n\n".join(f"[{i}] {h.chunk.text}" for i, h in enumerate(shown, 1))
        messages = load_prompt(self.settings.prompts_dir, "plain").render(language, question=question, context=context)
        deltas = self.chat.stream(messages, max_tokens=self.settings.max_tokens, temperature=self.settings.temperature)
        return _Run(deltas=deltas, finish=lambda buffer, error: self._plain_answer(question, language, shown, buffer, error), streams_json=False)

    def _plain_answer(self, question, language, shown: list[Hit], buffer: str, error: str) -> Answer:
        reply = cit.parse_reply(buffer, len(shown))
        cites = tuple(self._chunk_citation(n, shown[n - 1]) for n in reply.cited)
        return Answer(
            question=question,
            language=language,
            text=buffer.strip(),
            abstained=cit.model_abstained(reply.answer),
            citations=cites,
            passages=tuple(shown),
            notes=out_of_range_notes(reply) + ((f"error: {error}",) if error else ()),
        )

    def _chunk_citation(self, n: int, hit: Hit) -> Citation:
        doc = self.index.documents[hit.chunk.doc_id]
        return Citation(n, doc.doc_id, hit.chunk.chunk_id, doc.title, doc.outlet, doc.date,
                        hit.chunk.start, hit.chunk.end, doc.text[hit.chunk.start : hit.chunk.end])

    def similarity(self, text: str, sentence_id: int) -> float:
        return float(np.asarray(self.index.sentence_vectors[sentence_id]) @ self._text_vector(text))

    def _text_vector(self, text: str) -> np.ndarray:
        """One embedding per claim: verification compares it with several sentences."""
        last = getattr(self, "_last_claim", None)  # one tuple: safe when users share a Pipeline
        if last is None or last[0] != text:
            from rag.embeddings import embed_query

            last = (text, embed_query(self.embedder, text))
            self._last_claim = last
        return last[1]


def _with_schema_fallback(chat, messages, settings: Settings) -> Iterator[str]:
    """Stream with the JSON schema; only if the server explicitly refuses it, stream without.

    Real Ollama and llama.cpp take a schema; some Ollama-compatible servers reject
    it. Free text with [n] markers is parsed and verified the same way. A timeout
    or a dead server is not a refusal: retrying would only double the wait.
    """
    options = {"max_tokens": settings.max_tokens, "temperature": settings.temperature}
    sent = False
    try:
        for delta in chat.stream(messages, json_schema=ANSWER_SCHEMA, **options):
            sent = True
            yield delta
        return
    except LLMSchemaRejected:
        if sent:
            raise
    yield from chat.stream(messages, **options)


def _cut_off(question: str, language: str, shown: str, hits, error: str) -> Answer:
    """The text that arrived before the backend failed, marked incomplete; never verified or cited."""
    return Answer(
        question=question,
        language=language,
        text=shown.strip() + INCOMPLETE_MARK[language],
        abstained=False,
        passages=tuple(hits),
        notes=(f"error: {error}",),
        error=error,
    )


class _Run:
    def __init__(self, deltas, finish, streams_json: bool):
        self.deltas, self.finish, self.streams_json = deltas, finish, streams_json
        self.shown = ""


def _visible_delta(run: _Run, buffer: str) -> Iterator[str]:
    """The new part of the answer text (the JSON "answer" value, not the braces)."""
    visible = cit.partial_answer(buffer) if run.streams_json else buffer
    visible = cit.strip_markers(visible) if run.streams_json else visible
    if visible.startswith(run.shown) and len(visible) > len(run.shown):
        delta, run.shown = visible[len(run.shown) :], visible
        yield delta


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
