"""question -> Answer: the only place that wires the stages together.

retrieve (hybrid) -> pick evidence sentences -> generate JSON in the
question's language -> parse and range-check [n] -> verify every claim
against the sentence it cites (repair the citation, or drop the claim) ->
answer, extractive fallback, or abstain.
"""

from __future__ import annotations

import json
import sys
import time
from dataclasses import replace
from typing import Iterator, Sequence

import numpy as np

from rag import citations as cit
from rag.config import Settings
from rag.conversation import previous_question, standalone_query
from rag.errors import RagError
from rag.evidence import format_evidence, select_evidence
from rag.language import ABSTAIN_TEXT, EXTRACTIVE_PREFIX, detect_language, has_hangul
from rag.prompts import load_prompt
from rag.types import Answer, Citation, Evidence, Hit, Timings, Turn

# Constrained output: the answer comes first so it can stream to the user.
ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "answer": {"type": "string"},
        "citations": {"type": "array", "items": {"type": "integer"}, "maxItems": 3},
    },
    "required": ["answer", "citations"],
}
# Extractive fallback only when the best sentence holds most of the question's words.
EXTRACTIVE_MIN_COVERAGE = 0.6
# A cited sentence must hold at least this share of the best sentence's question words
# (Korean questions; see citations.on_topic).
ON_TOPIC_SHARE = 0.6
# English questions: a sentence mentions a name when one of its Korean words is this
# close to it (query embeddings; 쿠알라룸푸르~"Kuala Lumpur" 0.85, 취리히~"Zurich" 0.59,
# unrelated words 0.3-0.5), and within NAME_MARGIN of the name's best match in the evidence.
NAME_MIN_SIMILARITY = 0.5
NAME_MARGIN = 0.1
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
        except RagError as exc:
            if not _died_mid_stream(exc):
                raise
            error = str(exc)  # the server died mid-stream: keep what arrived
        timings = Timings(retrieval_ms, first_token_ms or _ms(started), _ms(started))
        answer = run.finish(buffer, error)
        yield replace(
            answer,
            timings=timings,
            backend=self.chat.backend,
            model=self.chat.model,
            retrieval_query=query,
            notes=tuple(notes) + answer.notes,
            raw_reply=buffer,
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
        )
        messages = load_prompt(self.settings.prompts_dir, "answer").render(
            language,
            question=question,
            evidence=format_evidence(evidence),
            previous=previous_question(question, history),
        )
        deltas = _with_schema_fallback(self.chat, messages, self.settings)
        verifier = _Verifier(self, question, language, hits, evidence)
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
            notes=_out_of_range_notes(reply) + ((f"error: {error}",) if error else ()),
        )

    def _chunk_citation(self, n: int, hit: Hit) -> Citation:
        doc = self.index.documents[hit.chunk.doc_id]
        return Citation(n, doc.doc_id, hit.chunk.chunk_id, doc.title, doc.outlet, doc.date,
                        hit.chunk.start, hit.chunk.end, doc.text[hit.chunk.start : hit.chunk.end])

    def similarity(self, text: str, sentence_id: int) -> float:
        from rag.embeddings import embed_query

        vector = embed_query(self.embedder, text)
        return float(np.asarray(self.index.sentence_vectors[sentence_id]) @ vector)


def _with_schema_fallback(chat, messages, settings: Settings) -> Iterator[str]:
    """Stream with the JSON schema; if the server refuses schemas before any text, stream without.

    Real Ollama and llama.cpp take a schema; some Ollama-compatible servers reject
    it. Free text with [n] markers is parsed and verified the same way.
    """
    from rag.llm import LLMStreamError

    options = {"max_tokens": settings.max_tokens, "temperature": settings.temperature}
    sent = False
    try:
        for delta in chat.stream(messages, json_schema=ANSWER_SCHEMA, **options):
            sent = True
            yield delta
        return
    except LLMStreamError as exc:
        if sent or exc.partial:
            raise
    yield from chat.stream(messages, **options)


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


class _Verifier:
    """Turns the raw reply into a verified Answer for one question."""

    def __init__(self, pipeline: Pipeline, question: str, language: str, hits, evidence: list[Evidence]):
        from rag.retrieval import tokenize

        self.p, self.question, self.language = pipeline, question, language
        self.hits, self.evidence, self.tokenize = tuple(hits), evidence, tokenize
        self.texts = {e.n: e.sentence.text for e in evidence}
        chunk_text = {h.chunk.chunk_id: h.chunk.text for h in hits}
        self.contexts = {e.n: chunk_text.get(e.sentence.chunk_id, e.sentence.text) for e in evidence}
        self._eligible: set[int] | None = None

    def finish(self, buffer: str, error: str) -> Answer:
        reply = cit.parse_reply(buffer, len(self.evidence))
        if not reply.structured and buffer.lstrip().startswith("{"):
            reply = replace(reply, answer=cit.partial_answer(buffer))  # cut-off JSON
        notes = _out_of_range_notes(reply) + ((f"error: {error}",) if error else ())
        if not self.evidence or (cit.model_abstained(reply.answer) and not error):
            return self._abstain(notes)
        claims = [self._verify(text, reply.cited) for text in cit.split_claims(reply.answer)]
        kept = [c for c in claims if c.supported]
        dropped = tuple(f"dropped unsupported claim: {c.text} ({c.reason})" for c in claims if not c.supported)
        if kept:
            return self._answer(kept, notes + dropped)
        return self._fallback(notes + dropped)

    def _verify(self, claim: str, cited: tuple[int, ...]) -> cit.Claim:
        similarity = lambda text, n: self.p.similarity(text, self.evidence[n - 1].sentence.sentence_id)
        eligible = self._on_topic()
        texts = {n: t for n, t in self.texts.items() if n in eligible}
        cited = tuple(n for n in cited if n in eligible)
        return cit.verify_claim(claim, cited, self.question, texts, self.tokenize, similarity, self.contexts)

    def _on_topic(self) -> set[int]:
        """Evidence that can support an answer to this question at all.

        Korean questions: the sentence (with the one before it) must share enough
        of the question's words. English questions share no words with Korean
        text: the sentence must mention one of the names the question asks about
        ("Kuala Lumpur" ~ 쿠알라룸푸르), compared by the multilingual embedder.
        """
        if self._eligible is None:
            windows = self._windows()
            if self.language == "ko":
                self._eligible = cit.on_topic(self.question, windows, self.tokenize, ON_TOPIC_SHARE)
            else:
                self._eligible = self._mentioning_names(windows)
        return self._eligible

    def _mentioning_names(self, windows: dict[int, str]) -> set[int]:
        names = cit.names_in_question(self.question)
        if not names:
            return set(windows)
        words = {n: [t for t in set(self.tokenize(w)) if has_hangul(t) and len(t) > 1] for n, w in windows.items()}
        vocabulary = sorted({t for ts in words.values() for t in ts})
        if not vocabulary:
            return set(windows)
        scores = self.p.embedder.embed_batch(names, "query") @ self.p.embedder.embed_batch(vocabulary, "query").T
        best_of = {t: scores[:, i] for i, t in enumerate(vocabulary)}
        eligible = set()
        for i, name in enumerate(names):
            overall = max(float(best_of[t][i]) for t in vocabulary)
            needed = max(NAME_MIN_SIMILARITY, overall - NAME_MARGIN)
            for n, w in windows.items():
                latin = name.lower() in w.lower()
                if latin or any(float(best_of[t][i]) >= needed for t in words[n]):
                    eligible.add(n)
        return eligible

    def _windows(self) -> dict[int, str]:
        """Each evidence sentence with the one before it: "넓이는 1,729㎢" is about the
        canton named in the previous sentence."""
        sentences = self.p.index.sentences
        windows = {}
        for e in self.evidence:
            s = e.sentence
            before = sentences[s.sentence_id - 1] if s.sentence_id > 0 else None
            windows[e.n] = (before.text + " " if before and before.doc_id == s.doc_id else "") + s.text
        return windows

    def _answer(self, claims: list[cit.Claim], notes: tuple[str, ...]) -> Answer:
        order: list[int] = []
        parts = []
        for claim in claims:
            for n in claim.cites:
                if n not in order:
                    order.append(n)
            markers = "".join(f"[{order.index(n) + 1}]" for n in claim.cites)
            parts.append(f"{claim.text} {markers}")
        cites = tuple(self._citation(i + 1, self.evidence[n - 1]) for i, n in enumerate(order))
        return self._make(" ".join(parts), False, cites, notes)

    def _fallback(self, notes: tuple[str, ...]) -> Answer:
        best = self.evidence[0]
        if self._coverage(best.sentence.text) >= EXTRACTIVE_MIN_COVERAGE:
            text = f"{EXTRACTIVE_PREFIX[self.language]} “{best.sentence.text}” [1]"
            return self._make(text, False, (self._citation(1, best),), notes + ("extractive fallback",))
        return self._abstain(notes)

    def _coverage(self, sentence: str) -> float:
        return cit.question_coverage(self.question, sentence, self.tokenize)

    def _abstain(self, notes: tuple[str, ...]) -> Answer:
        return self._make(ABSTAIN_TEXT[self.language], True, (), notes)

    def _citation(self, n: int, evidence: Evidence) -> Citation:
        s = evidence.sentence
        doc = self.p.index.documents[s.doc_id]
        return Citation(n, s.doc_id, s.chunk_id, doc.title, doc.outlet, doc.date, s.start, s.end, doc.text[s.start : s.end])

    def _make(self, text, abstained, cites, notes) -> Answer:
        return Answer(
            question=self.question,
            language=self.language,
            text=text,
            abstained=abstained,
            citations=cites,
            passages=self.hits,
            evidence=tuple(self.evidence),
            notes=notes,
        )


def _out_of_range_notes(reply: cit.Reply) -> tuple[str, ...]:
    return tuple(f"out-of-range citation [{n}] removed" for n in reply.out_of_range)


def _died_mid_stream(exc: RagError) -> bool:
    from rag.llm import LLMStreamError

    return isinstance(exc, LLMStreamError)


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)


# ---------------------------------------------------------------- CLI shell


def answer_to_json(answer: Answer) -> dict:
    return {
        "question": answer.question,
        "language": answer.language,
        "answer": answer.text,
        "abstained": answer.abstained,
        "citations": [
            {"n": c.n, "doc_id": c.doc_id, "chunk_id": c.chunk_id, "title": c.title, "outlet": c.outlet,
             "date": c.date, "start": c.start, "end": c.end, "quote": c.quote}
            for c in answer.citations
        ],
        "passages": [
            {"rank": h.rank, "score": round(h.score, 6), "doc_id": h.chunk.doc_id, "chunk_id": h.chunk.chunk_id,
             "title": h.title, "start": h.chunk.start, "end": h.chunk.end, "text": h.chunk.text}
            for h in answer.passages
        ],
        "backend": answer.backend,
        "model": answer.model,
        "timings": {"retrieval_ms": answer.timings.retrieval_ms, "first_token_ms": answer.timings.first_token_ms,
                    "total_ms": answer.timings.total_ms},
        "retrieval_query": answer.retrieval_query,
        "notes": list(answer.notes),
    }


def run_ask_command(settings: Settings, question: str, as_json: bool) -> int:
    pipeline = Pipeline(settings)
    _ = pipeline.chat  # choose the backend before streaming, and say which
    print(pipeline.backend_notice, file=sys.stderr)
    final = None
    for item in pipeline.stream(question):
        if isinstance(item, Answer):
            final = item
        elif not as_json:
            print(item, end="", flush=True)
    if as_json:
        print(json.dumps(answer_to_json(final), ensure_ascii=False, indent=2))
    else:
        _print_answer(final)
    return 0


def _print_answer(answer: Answer) -> None:
    print("\n")
    print(("Answer: " if answer.language == "en" else "답변: ") + answer.text)
    for note in answer.notes:
        print(f"  note: {note}", file=sys.stderr)
    if answer.citations:
        print("\nSources:")
    for c in answer.citations:
        meta = ", ".join(x for x in (c.title, c.outlet, c.date) if x)
        print(f"  [{c.n}] {meta} ({c.doc_id} {c.start}-{c.end})\n      “{c.quote}”")
    if answer.abstained and answer.passages:
        print("\nNearest passages:")
        for h in answer.passages[:3]:
            print(f"  {h.rank}. {h.title} ({h.chunk.doc_id}): {' '.join(h.chunk.text.split())[:160]}")
    t = answer.timings
    print(f"\n[{answer.backend} {answer.model} | retrieval {t.retrieval_ms:.0f} ms, first token {t.first_token_ms:.0f} ms, total {t.total_ms:.0f} ms]", file=sys.stderr)
