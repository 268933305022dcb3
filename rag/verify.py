"""Verification: the model's raw reply -> a verified Answer (or a fallback, or abstention).

Every answer sentence is checked against the evidence sentence it cites
(rag.citations); a sentence that cannot support an answer to this question
at all (off topic) is not allowed as a citation; unsupported claims are
dropped and listed in the Answer's notes.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from rag import citations as cit
from rag.language import ABSTAIN_TEXT, EXTRACTIVE_PREFIX, has_hangul
from rag.types import Answer, Citation, Evidence

if TYPE_CHECKING:
    from rag.pipeline import Pipeline

# Extractive fallback only when the best sentence holds most of the question's words.
EXTRACTIVE_MIN_COVERAGE = 0.75
# A cited sentence must hold at least this share of the best sentence's question words
# (Korean questions; see citations.on_topic).
ON_TOPIC_SHARE = 0.6
# English questions: a sentence mentions a name when one of its Korean words is this
# close to it (query embeddings; 쿠알라룸푸르~"Kuala Lumpur" 0.85, 취리히~"Zurich" 0.59,
# unrelated words 0.3-0.5), and within NAME_MARGIN of the name's best match in the evidence.
NAME_MIN_SIMILARITY = 0.5
NAME_MARGIN = 0.1
# A name an English answer adds must match a word of the cited sentence this closely
# (Barcelona~바르셀로나 0.93, Kuala Lumpur~쿠알라룸푸르 0.85; other cities 0.45-0.6).
CLAIM_NAME_SIMILARITY = 0.75

class AnswerVerifier:
    """Turns the raw reply into a verified Answer for one question."""

    def __init__(self, pipeline: "Pipeline", question: str, language: str, hits, evidence: list[Evidence]):
        from rag.retrieval import tokenize

        self.p, self.question, self.language = pipeline, question, language
        self.hits, self.evidence, self.tokenize = tuple(hits), evidence, tokenize
        self.texts = {e.n: e.sentence.text for e in evidence}
        chunk_text = {h.chunk.chunk_id: h.chunk.text for h in hits}
        self.contexts = {e.n: chunk_text.get(e.sentence.chunk_id, e.sentence.text) for e in evidence}
        self._eligible: set[int] | None = None
        self._window_cache: dict[int, str] | None = None

    def finish(self, buffer: str, error: str) -> Answer:
        reply = cit.parse_reply(buffer, len(self.evidence))
        if not reply.structured and buffer.lstrip().startswith("{"):
            reply = replace(reply, answer=cit.partial_answer(buffer))  # cut-off JSON
        notes = out_of_range_notes(reply) + ((f"error: {error}",) if error else ())
        if not self.evidence or (cit.model_abstained(reply.answer) and not error):
            return self._abstain(notes)
        claims = [self._verify(text, reply.cited) for text in cit.split_claims(reply.answer)]
        kept = [c for c in claims if c.supported]
        dropped = tuple(f"dropped unsupported claim: {c.text} ({c.reason})" for c in claims if not c.supported)
        repaired = tuple(f"{c.reason}: {c.text}" for c in kept if c.repaired)
        if kept:
            return self._answer(kept, notes + repaired + dropped)
        return self._fallback(notes + dropped)

    def _verify(self, claim: str, cited: tuple[int, ...]) -> cit.Claim:
        def similarity(text: str, n: int) -> float:
            sentence = self.p.similarity(text, self.evidence[n - 1].sentence.sentence_id)
            return max(sentence, self._names_found(text, n))

        eligible = self._on_topic()
        texts = {n: t for n, t in self.texts.items() if n in eligible}
        cited = tuple(n for n in cited if n in eligible)
        claim, corrections = cit.correct_misread_amounts(claim, list(texts.values()))
        checked = cit.verify_claim(claim, cited, self.question, texts, self.tokenize, similarity, self.contexts)
        if corrections and checked.supported:
            return replace(checked, reason="; ".join(filter(None, [*corrections, checked.reason])), repaired=True)
        return checked

    def _on_topic(self) -> set[int]:
        """Evidence that can support an answer to this question at all.

        Korean questions: the sentence (with the one before it) must share enough
        of the question's words, and name the X of an "X의 Y" question. English questions share no words with Korean
        text: the sentence must mention one of the names the question asks about
        ("Kuala Lumpur" ~ 쿠알라룸푸르), compared by the multilingual embedder.
        """
        if self._eligible is None:
            windows = self._windows()
            if self.language == "ko":
                self._eligible = (cit.on_topic(self.question, windows, self.tokenize, ON_TOPIC_SHARE)
                                  & cit.about_the_possessor(self.question, windows))
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

    def _names_found(self, claim: str, n: int) -> float:
        """1.0 when every name an English claim adds ("Barcelona") matches a Korean word
        of the cited sentence (바르셀로나) closely; 0.0 otherwise."""
        if self.language == "ko":
            return 0.0
        asked = {name.lower() for name in cit.names_in_question(self.question)}
        names = [name for name in cit.names_in_question(claim) if name.lower() not in asked]
        words = [t for t in set(self.tokenize(self._windows()[n])) if has_hangul(t) and len(t) > 1]
        if not names or not words:
            return 0.0
        scores = self.p.embedder.embed_batch(names, "query") @ self.p.embedder.embed_batch(words, "query").T
        return 1.0 if float(scores.max(axis=1).min()) >= CLAIM_NAME_SIMILARITY else 0.0

    def _windows(self) -> dict[int, str]:
        if self._window_cache is None:
            self._window_cache = self._build_windows()
        return self._window_cache

    def _build_windows(self) -> dict[int, str]:
        """Each evidence sentence with the one before it: "넓이는 1,729㎢" is about the
        canton named in the previous sentence."""
        previous = self.p.index.previous_text
        return {e.n: " ".join(filter(None, (previous(e.sentence), e.sentence.text))) for e in self.evidence}

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
        best = max(self.evidence, key=lambda e: e.score)
        if self._coverage(best.sentence.text) >= EXTRACTIVE_MIN_COVERAGE and not cit.answer_kind_mismatch(
                self.question, best.sentence.text):
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


def out_of_range_notes(reply: cit.Reply) -> tuple[str, ...]:
    return tuple(f"out-of-range citation [{n}] removed" for n in reply.out_of_range)
