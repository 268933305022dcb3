"""question -> Answer: the only place that wires the stages together.

retrieve (hybrid) -> pick evidence sentences -> generate JSON in the
question's language -> verify (rag/verify.py): every fact of the answer must
be stated in the sentence it cites, or it is dropped -> answer or abstain.
"""

from __future__ import annotations

import time
from dataclasses import replace
from typing import Callable, Iterator, Sequence


from rag.collection_terms import CollectionTerms
from rag.config import Settings
from rag.conversation import focused_query, question_for_the_model, standalone_query, with_earlier_turn
from rag.count_lookup import count_of_the_counted_thing, count_reply
from rag.date_lookup import date_of_the_asked_action, date_reply
from rag.doc_states import PROMPT_NAME, DocumentStates
from rag.errors import RagError, one_line
from rag.evidence import (FOLLOW_UP_AMONG, FOLLOW_UP_EXTRA, ends_as_a_sentence, format_evidence, looks_like_instruction, select_evidence,
                          widened, with_the_bodies_named, with_what_they_share)
from rag.kind_lookup import kind_reply, place_of_the_asked_kind
from rag.language import INCOMPLETE_MARK, OTHER_LANGUAGE_NOTE, detect_language, in_other_language
from rag.listed_lookup import listed_reply, place_listed_with_the_asked_year
from rag.llm import LLMSchemaRejected, LLMStreamError, embedded_model
from rag.prompts import load_prompt
from rag.question import asks_for_a_body, asks_what_people_share, profile_question
from rag.reply import partial_answer, strip_markers
from rag.role_lookup import lookup_reply, role_holder
from rag.second_ask import Rejection, merged, rejection_of
from rag.title_lookup import title_of_the_named, title_reply
from rag.types import Answer, Document, Evidence, Hit, Reasking, Retrieved, Timings, Turn
from rag.verify import AnswerVerifier

# Whole-document answers cite nothing themselves: code finds each fact in the document.
DOCUMENT_SCHEMA = {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}
# Constrained output: the answer comes first so it can stream to the user.
ANSWER_SCHEMA = {
    "type": "object",
    "properties": {
        "answer": {"type": "string"},
        "citations": {"type": "array", "items": {"type": "integer"}, "maxItems": 3},
    },
    "required": ["answer", "citations"],
}


class Pipeline:
    """Answers questions; heavy parts (index, embedder, LLM) load on first use.

    `make_verifier(pipeline, question, hits, evidence, history)` returns what turns the
    raw reply into an Answer (`.finish(buffer)`); the default is rag/verify.py.
    `rag eval --compare` passes the round-one verifier here as a baseline.
    """

    def __init__(self, settings: Settings, index=None, embedder=None, chat=None, make_verifier=None):
        self.settings = settings
        self._collection_terms: tuple[object, CollectionTerms] | None = None  # (the index it was read from, terms)
        self.make_verifier = make_verifier or span_verifier
        self.last_context = ""
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
    def collection_terms(self) -> CollectionTerms:
        """What every document says, read once per index (a new index after `rag add` is read anew)."""
        index = self.index
        if self._collection_terms is None or self._collection_terms[0] is not index:
            texts = (d.text for d in index.documents.values())
            self._collection_terms = (index, CollectionTerms.of(texts, self.settings.verify.common_term_documents))
        return self._collection_terms[1]

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

    def stream(self, question: str, history: Sequence[Turn] = ()) -> Iterator[Retrieved | str | Reasking | Answer]:
        """First what was retrieved (shown at once), then text deltas as the model writes,
        then exactly one verified Answer. When every claim of the reply was dropped, a Reasking
        (the text so far is withdrawn) and the deltas of a second, focused ask come before it."""
        started = time.perf_counter()
        question, question_notes = self._checked_question(question)
        language = detect_language(question)
        query = standalone_query(question, history)
        hits = self.retriever.search(query, k=self.settings.top_k)
        evidence = self._evidence(query, hits)
        focused = focused_query(question, history)
        if focused != query:  # a follow-up: the best sentences of its own ask too
            evidence = widened(evidence, self._evidence(focused, hits), FOLLOW_UP_EXTRA, FOLLOW_UP_AMONG)
        if asks_for_a_body(question):  # "기업 3곳도 참여했다": the names come in the sentence after
            evidence = with_the_bodies_named(evidence, self.index.next_sentence)
        if asks_what_people_share(question):  # "… 만남은 이번이 처음이다. 두 사람은 … 공통점이 있다."
            evidence = with_what_they_share(evidence, self.index.next_sentence)
        retrieval_ms = _ms(started)
        yield Retrieved(question, language, tuple(hits), tuple(sorted(evidence, key=lambda e: -e.score)), retrieval_ms)
        run = self._grounded_run(question, language, query, hits, evidence, history)
        buffer, error = yield from _read(run)
        first_token_ms = run.first_token_ms(started)
        answer = _cut_off(question, language, run.shown, hits, error) if error else run.finish(buffer)
        notes = list(run.notes)
        rejection = rejection_of(answer) if run.second is not None else None
        second = run.second(rejection) if rejection is not None else None
        if second is not None:  # every claim was dropped: once more, from the sentences that may support one
            yield Reasking(rejection.note_for(second.asks_model), second.asks_model)
            buffer, error = yield from _read(second)
            answer = _cut_off(question, language, second.shown, hits, error) if error else \
                merged(answer, second.finish(buffer), rejection, second.asks_model)
            notes += second.notes
        timings = Timings(retrieval_ms, first_token_ms, _ms(started))
        fell_back = getattr(self.chat, "fell_back", False)
        if fell_back:
            self.backend_notice = self.chat.notice
        yield replace(
            answer,
            timings=timings,
            backend=self.chat.backend,
            model=self.chat.model,
            retrieval_query=query,
            notes=tuple(question_notes) + ((self.backend_notice,) if fell_back else ()) + tuple(notes) + answer.notes,
            raw_reply=buffer,
            error=error,
        )

    def _checked_question(self, question: str) -> tuple[str, list[str]]:
        question = (question or "").strip()
        if not question:
            raise RagError("the question is empty: type a question")
        notes = [OTHER_LANGUAGE_NOTE] if in_other_language(question) else []
        limit = self.settings.max_question_chars
        if len(question) > limit:
            return question[:limit], notes + [f"question cut to its first {limit} characters"]
        return question, notes

    def _evidence(self, query: str, hits: list[Hit]) -> list[Evidence]:
        from rag.retrieval import tokenize

        return select_evidence(
            hits,
            self.index.sentences_of,
            self.index.sentence_vectors,
            self.retriever.query_vector(query),
            set(tokenize(query)),
            tokenize,
            self.settings.evidence_sentences,
            self.index.previous_text,
        )

    def _grounded_run(self, question, language, query, hits, evidence, history=()) -> "_Run":
        document = self._single_document(evidence)
        self.last_context = "sentences" if document is None else "document"  # what the model reads (benchmarks)
        if document is None:
            return self._evidence_run(question, language, hits, evidence, history=history)
        run = self._document_run(question, language, query, hits, evidence, document, history)
        if self.settings.second_ask:
            # The small model reading a whole article misses more often than reading six sentences:
            # after a dropped reply the evidence sentences are asked, so the document's speed is
            # kept where its reply holds.
            run.second = lambda rejection: self._evidence_run(question, language, hits, evidence, after_document=True,
                                                              history=history, lookup_only=rejection.lookup_only)
        return run

    def _evidence_run(self, question, language, hits, evidence, after_document=False, history=(),
                      lookup_only=False) -> "_Run | None":
        """The evidence-sentence design's ask, with its own second ask. After a dropped whole-document
        reply (`after_document`) it is that reply's second ask: then nothing where the model would not
        be asked (no sentence may support an answer, or a baseline answers), and no third."""
        verifier = self.make_verifier(self, question, hits, evidence, history)
        if not isinstance(verifier, AnswerVerifier):  # a baseline's verifier: one plain ask
            return None if after_document else self._sentence_run(question, language, hits, evidence, verifier, history)
        eligible = _renumbered(verifier.eligible_evidence())
        if not eligible:  # no sentence may support an answer: whatever the model wrote would be dropped
            return None if after_document else _Run(deltas=iter(()), finish=lambda _buffer: verifier.nothing_eligible())
        if after_document:  # the role's one holder, where the text gives one, before asking the model again
            looked_up = self._text_lookup_run(question, language, hits, eligible, verifier, history)
            if looked_up is not None or lookup_only:
                return looked_up
        if self.settings.shown_evidence_checked:
            return self._sentence_run(question, language, hits, eligible, history=history)
        run = self._sentence_run(question, language, hits, evidence, verifier, history)
        if self.settings.second_ask and not after_document:
            run.second = lambda rejection: self._second_run(question, language, hits, evidence, eligible, verifier, history,
                                                            lookup_only=rejection.lookup_only)
        return run

    def _second_run(self, question, language, hits, evidence, eligible, verifier, history=(),
                    lookup_only=False) -> "_Run | None":
        """What follows a reply whose every claim was dropped (rag/second_ask.py): the holder of the
        asked role read from the text, when exactly one is (rag/role_lookup.py); else the model asked
        once more with the sentences that may support an answer; else nothing, when those are all
        it was shown (the same prompt would get the same reply). After the model declined
        (`lookup_only`), only the holder. Decided only once a reply was dropped or declined: most
        replies are not, and reading the holders costs a pass over each document."""
        looked_up = self._text_lookup_run(question, language, hits, eligible, verifier, history)
        if looked_up is not None or lookup_only:  # after the model declined, only the text is read
            return looked_up
        if not self.settings.second_ask_narrowed:
            return None
        # Without the sentences where the reply's facts were found only at misplaced spots: shown
        # them again, the greedy model gives the same reply.
        rest = [e for e in eligible if e.sentence.sentence_id not in verifier.misplaced]
        if rest and len(rest) < len(evidence):
            return self._sentence_run(question, language, hits, _renumbered(rest), history=history)
        if len(eligible) < len(evidence):
            return self._sentence_run(question, language, hits, eligible, history=history)
        return None

    def _text_lookup_run(self, question, language, hits, eligible, verifier, history=()) -> "_Run | None":
        """The one holder of the asked role (rag/role_lookup.py), the title of the named person
        (rag/title_lookup.py), the one place of the asked kind
        (rag/kind_lookup.py) or the one date of the asked action (rag/date_lookup.py) that the
        eligible sentences give, as a reply; None when none or two.
        Where they give none, the rest of the top article is read too: "이어 라히모바 두르도나 타슈켄트
        부시장과의 공식 면담을 통해 …" lay in a chunk retrieval ranked below another article's, so no
        sentence shown named the Tashkent vice mayor. The added sentences pass the same evidence
        checks, and the one-holder rule then holds over more text."""
        read = self._read_from_the_text(verifier.profile, eligible, language)
        if read is None:
            eligible = self._with_the_top_article(question, hits, eligible, history)
            read = self._read_from_the_text(verifier.profile, eligible, language)
        return None if read is None else self._lookup_run(question, language, hits, eligible, *read, history=history)

    def _read_from_the_text(self, profile, eligible, language) -> tuple[str, str] | None:
        """A reply written by code from the eligible sentences, with the note that says so, or None."""
        documents = {e.n: self.index.documents[e.sentence.doc_id].text for e in eligible
                     if e.sentence.doc_id in self.index.documents}
        holder = role_holder(profile, eligible, documents, self.settings.verify)
        if holder is not None:
            return lookup_reply(holder, language), f"{holder.name}: read from the text as the holder of the asked role"
        titled = title_of_the_named(profile, eligible, documents, self.settings.verify)
        if titled is not None:
            return title_reply(titled, language), f"{titled.title}: read from the text as the title of the named person"
        place = place_of_the_asked_kind(profile, eligible)
        if place is not None:
            return kind_reply(place, language), f"{place.word}: read from the text as the one {place.kind.english.lower()} it names"
        dated = date_of_the_asked_action(profile, eligible)
        if dated is not None:
            return date_reply(dated, language), f"{dated.date}: read from the text as the date of the asked action"
        counted = count_of_the_counted_thing(profile, eligible)
        if counted is not None:
            return count_reply(counted), f"{counted.count}: read from the text as the count of the asked thing"
        listed = place_listed_with_the_asked_year(profile, eligible)
        if listed is not None:
            return listed_reply(listed, language), f"{listed.place}: read from the text as the place listed with the asked year"
        return None

    def _with_the_top_article(self, question, hits, eligible, history=()) -> list[Evidence]:
        """`eligible`, then every other sentence of the first one's article in reading order, kept
        where the evidence checks pass (rag/verify.py); `eligible` itself where it is empty. Not the
        headlines: they drop names ("스마트 도시정책 분야 화두 취리히 시장과도 면담" gave "도시정책
        분야 화두" as Zurich's mayor)."""
        if not eligible:
            return list(eligible)
        top = eligible[0]
        have = {e.sentence.sentence_id for e in eligible}
        rest = [Evidence(0, s, 0.0, top.title) for s in self.index.sentences_of_document(top.sentence)
                if s.sentence_id not in have and ends_as_a_sentence(s.text) and not looks_like_instruction(s.text)]
        if not rest:
            return list(eligible)
        whole = _renumbered([*eligible, *rest])
        return _renumbered(self.make_verifier(self, question, hits, whole, history).eligible_evidence())

    def _lookup_run(self, question, language, hits, eligible, reply: str, note: str, history=()) -> "_Run":
        """A reply code read from the text, citing its sentence, verified as the model's would be."""
        verifier = self.make_verifier(self, question, hits, eligible, history)
        return _Run(deltas=iter([reply]), finish=verifier.finish, notes=[note], asks_model=False)

    def _sentence_run(self, question, language, hits, evidence, verifier=None, history=()) -> "_Run":
        """The model reads the numbered evidence sentences and the question."""
        if verifier is None:
            verifier = self.make_verifier(self, question, hits, evidence, history)
        messages = load_prompt(self.settings.prompts_dir, "answer").render(
            language,
            question=question_for_the_model(question, history),
            evidence=format_evidence(evidence, language),
        )
        notes: list[str] = []
        deltas = _with_schema_fallback(self.chat, messages, self.settings, notes)
        return _Run(deltas=deltas, finish=verifier.finish, notes=notes)

    # ------------------------------------------------------------ whole-document answers
    def _single_document(self, evidence: list[Evidence]) -> Document | None:
        """The document to answer from whole, when the setting asks for it, the embedded model
        answers and most evidence lies in one document; else None (evidence sentences)."""
        if self.settings.answer_context != "document" or not evidence or self.states is None:
            return None
        doc_ids = [e.sentence.doc_id for e in evidence]
        top = doc_ids[0]
        if doc_ids.count(top) < self.settings.document_share * len(doc_ids):
            return None  # the evidence spans documents: one document's state would hide the others
        return self.index.documents[top]

    @property
    def states(self) -> DocumentStates | None:
        """Saved document states of the embedded model, or None when another backend answers."""
        if getattr(self, "_states", None) is None:
            embedded = embedded_model(self.chat)
            if embedded is None:
                return None
            prompt_path = self.settings.prompts_dir / f"{PROMPT_NAME}.yaml"
            self._states = DocumentStates(self.settings.index_dir / "states", embedded,
                                          load_prompt(self.settings.prompts_dir, PROMPT_NAME),
                                          prompt_path.read_text(encoding="utf-8"), self.settings.state_budget_mb << 20)
        return self._states

    def _document_run(self, question, language, query, hits, evidence, document: Document, history=()) -> "_Run":
        """The model reads the question after the document's saved state; code finds the citations."""
        try:
            state = self.states.ensure(document)
        except RagError:
            state = None  # too long for a state: the whole prompt is read (slower, same answer)
        messages = load_prompt(self.settings.prompts_dir, PROMPT_NAME).render(
            language, title=document.title, document=document.text, question=question_for_the_model(question, history))
        deltas = self.chat.stream(messages, json_schema=DOCUMENT_SCHEMA, max_tokens=self.settings.max_tokens,
                                  temperature=self.settings.temperature, prefix_state=state)
        ranked = self._document_sentences(document, evidence, query)
        verifier = self.make_verifier(self, question, hits, ranked, history)
        return _Run(deltas=deltas, finish=verifier.finish)

    def _document_sentences(self, document: Document, evidence: list[Evidence], query: str) -> list[Evidence]:
        """The document's sentences that may support the answer, numbered, nearest first: the retrieved
        evidence, then the sentences closest to the question, up to VerifyPolicy.document_sentences.
        The model read the whole document, but a fact is only accepted from near the question."""
        best = sorted((e for e in evidence if e.sentence.doc_id == document.doc_id), key=lambda e: -e.score)
        chosen = {e.sentence.sentence_id for e in best}
        vector = self.retriever.query_vector(query)
        rest = sorted((s for s in self.index.sentences if s.doc_id == document.doc_id and s.sentence_id not in chosen
                       and not looks_like_instruction(s.text)),  # never support from text that talks to the model
                      key=lambda s: -float(self.index.sentence_vectors[s.sentence_id] @ vector))
        ordered = [e.sentence for e in best] + rest
        limit = max(len(best), self.settings.verify.document_sentences)
        return [Evidence(n, sentence, 0.0, document.title) for n, sentence in enumerate(ordered[:limit], 1)]

    def windows(self, evidence: list[Evidence]) -> dict[int, str]:
        """Each evidence sentence with the one before it: "넓이는 1,729㎢" is about the
        canton named in the previous sentence."""
        previous = self.index.previous_text
        return {e.n: " ".join(filter(None, (previous(e.sentence), e.sentence.text))) for e in evidence}


def span_verifier(pipeline: Pipeline, question: str, hits: list[Hit], evidence: list[Evidence],
                  history: Sequence[Turn] = ()) -> AnswerVerifier:
    """The verifier that keeps only facts stated in the cited sentence (rag/verify.py); a follow-up's
    checks know whom it refers back to and what it rules out (rag/conversation.py)."""
    return AnswerVerifier(with_earlier_turn(profile_question(question), history), evidence, pipeline.windows(evidence),
                          pipeline.index.documents, hits, pipeline.settings.verify, pipeline.collection_terms)


def _renumbered(evidence: Sequence[Evidence]) -> list[Evidence]:
    return [replace(e, n=i) for i, e in enumerate(evidence, 1)]


def _with_schema_fallback(chat, messages, settings: Settings, notes: list[str]) -> Iterator[str]:
    """Stream with the JSON schema; only if the server refuses it (or, for OpenAI-compatible servers,
    accepts it without applying it), stream without, and say so in `notes`.

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
    except LLMSchemaRejected as refused:
        if sent:
            raise
        notes.append(f"the JSON schema was not applied ({one_line(refused, 160)}); the reply was read as text")
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
    """One answer being written: the model's deltas, how to verify the whole, and what the user saw so far."""

    def __init__(self, deltas, finish, notes=(), asks_model=True):
        self.deltas, self.finish = deltas, finish
        self.asks_model = asks_model  # False: a reply written by code (rag/role_lookup.py)
        self.notes = notes  # filled while the deltas are read (a schema the server did not apply)
        # what follows a dropped reply (rag/second_ask.py), decided only then; None from it: nothing may help
        self.second: Callable[[Rejection], _Run | None] | None = None
        self.shown = ""
        self.first_delta_at = 0.0  # perf_counter() when the first delta arrived

    def first_token_ms(self, started: float) -> float:
        return round(((self.first_delta_at or time.perf_counter()) - started) * 1000, 1)


def _read(run: _Run) -> Iterator[str]:
    """Yield the visible text as the model writes; return (the whole reply, the error that cut it off or "")."""
    buffer = ""
    try:
        for delta in run.deltas:
            run.first_delta_at = run.first_delta_at or time.perf_counter()
            buffer += delta
            yield from _visible_delta(run, buffer)
    except LLMStreamError as exc:
        if not run.shown.strip():
            raise  # nothing reached the user: a failure, never an answer
        return buffer, one_line(exc)  # the server died mid-stream: keep what arrived, marked
    return buffer, ""


def _visible_delta(run: _Run, buffer: str) -> Iterator[str]:
    """The new part of the answer text (the JSON "answer" value, not the braces)."""
    visible = strip_markers(partial_answer(buffer))
    if visible.startswith(run.shown) and len(visible) > len(run.shown):
        delta, run.shown = visible[len(run.shown) :], visible
        yield delta


def _ms(started: float) -> float:
    return round((time.perf_counter() - started) * 1000, 1)
