"""The round-one answer verifier, kept runnable as a baseline for `rag eval --compare`.

Do not build on it: it accepts a claim when an embedding-similar sentence
exists (similarity counted as support) and repairs citations to such
sentences. Measured on unseen questions, one shown answer in five was wrong.
The current verifier is rag/verify.py with the named checks in rag/checks.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import Callable, Sequence

import numpy as np

from rag.amounts import correct_misread_amounts, numbers_in, unsupported_numbers
from rag.language import ABSTAIN_TEXT, has_hangul
from rag.reply import Reply, model_abstained, parse_reply, partial_answer, split_claims, strip_markers
from rag.types import Answer, Citation, Evidence

_FILLER = {
    "the", "a", "an", "is", "are", "was", "were", "be", "been", "of", "in", "on", "at", "to", "and",
    "or", "for", "with", "by", "as", "it", "its", "this", "that", "these", "those", "he", "she",
    "they", "his", "her", "their", "from", "about", "has", "have", "had", "did", "do", "does",
    "which", "what", "who", "when", "where", "how", "answer", "evidence", "according", "document",
    "documents", "article", "there", "also", "than", "more", "most", "some", "not",
    "하", "되", "있", "이", "그", "것", "수", "등", "및", "위", "대하", "통하", "답", "증거", "문서", "기사",
}




@dataclass(frozen=True)
class Claim:
    """One answer sentence and the evidence numbers that support it (after verification)."""

    text: str
    cites: tuple[int, ...]
    supported: bool
    reason: str = ""
    repaired: bool = False




Tokenizer = Callable[[str], list[str]]
Similarity = Callable[[str, int], float]  # (claim, evidence number) -> cosine


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)


def korean_names_in_parentheses(claim: str) -> list[str]:
    """Korean terms an English answer carries in parentheses: "Hu Henghua (후헝화)"."""
    return [t.strip() for t in re.findall(r"\(([^()]*)\)", claim) if has_hangul(t)]


def new_content(claim: str, question: str, tokenize: Tokenizer) -> set[str]:
    """The claim's content words that the question did not already say."""
    asked = set(tokenize(question))
    return {t for t in tokenize(claim) if t not in asked and t not in _FILLER and not t.isdigit() and not _bound(t)}


def _bound(token: str) -> bool:
    """One Hangul syllable (시, 명, 개, 년): a suffix or counter, not a fact ("충칭시" for a name)."""
    return len(token) == 1 and has_hangul(token)


def check_support(
    claim: str,
    source: str,
    question: str,
    tokenize: Tokenizer,
    similarity: float | None = None,
    context: str = "",
    vocabulary: frozenset[str] = frozenset(),
    min_overlap: float = 0.5,
    min_similarity: float = 0.55,
) -> str:
    """'' when `source` supports `claim`, else the reason it does not.

    `context` is the passage around the source sentence (its chunk): a claim that
    repeats the question's terms must cite a passage that is about them
    ("Kuala Lumpur's GDP is 19%" citing a sentence about Tashkent fails).
    `vocabulary` holds the tokens of all evidence shown; terms outside it
    (English names of Korean-only text) cannot be checked and are let through.
    """
    missing = unsupported_numbers(claim, source, question)
    if missing:
        return f"number {missing[0]:g} not in the cited text"
    off_topic = _question_terms_missing(claim, question, context or source, tokenize, vocabulary)
    if off_topic:
        return f"the cited passage is not about {off_topic[0]}"
    claim_numbers = numbers_in(claim) - numbers_in(question)
    content = new_content(claim, question, tokenize)
    if not content and not claim_numbers:
        return "says nothing the question did not"
    names = korean_names_in_parentheses(claim)
    absent = [n for n in names if _compact(n) not in _compact(source)]
    if absent:
        return f"name {absent[0]} not in the cited text"
    if claim_numbers or names:
        return ""
    return _lexical_or_semantic(claim, source, content, tokenize, similarity, min_overlap, min_similarity)


def _question_terms_missing(claim, question, context, tokenize, vocabulary) -> list[str]:
    repeated = set(tokenize(claim)) & set(tokenize(question))
    checkable = {t for t in repeated if t not in _FILLER and not t.isdigit() and (has_hangul(t) or t in vocabulary)}
    present = _compact(context).lower()  # substring test: robust to how the tokenizer cut the context
    return sorted(t for t in checkable if t not in present)


def _lexical_or_semantic(claim, source, content, tokenize, similarity, min_overlap, min_similarity) -> str:
    if has_hangul(claim):
        source_tokens = set(tokenize(source))
        overlap = len(content & source_tokens) / max(1, len(content))
        if overlap >= min_overlap:
            return ""
    if similarity is not None and similarity >= min_similarity:
        return ""
    return "content not found in the cited text"


def verify_claim(
    claim: str,
    cites: Sequence[int],
    question: str,
    evidence_texts: dict[int, str],
    tokenize: Tokenizer,
    similarity: Similarity | None = None,
    contexts: dict[int, str] | None = None,
) -> Claim:
    """Keep a claim whose cited sentence supports it; else repair the citation; else reject."""
    mismatch = answer_kind_mismatch(question, claim)
    if mismatch:
        return Claim(claim, tuple(cites), False, reason=mismatch)
    contexts = contexts or {}
    vocabulary = frozenset(t for text in evidence_texts.values() for t in tokenize(text))

    def reason_for(n: int) -> str:
        sim = similarity(claim, n) if similarity else None
        return check_support(claim, evidence_texts[n], question, tokenize, sim, contexts.get(n, ""), vocabulary)

    reasons = [(n, reason_for(n)) for n in cites]
    for n, reason in reasons:
        if not reason:
            return Claim(claim, (n,), True)
    first = reasons[0][1] if reasons else "no citation"
    for n in _repair_order(claim, cites, evidence_texts, tokenize):
        if not reason_for(n):
            return Claim(claim, (n,), True, reason=f"repaired: {first}", repaired=True)
    return Claim(claim, tuple(cites), False, reason=first)


# (what the question asks, what the claim must then state): a year is not an age,
# a population is not an area.
_KINDS = [
    ("an age", re.compile(r"\bhow old\b|\bage\b|나이|몇\s*살", re.IGNORECASE),
     re.compile(r"\d+\s*(세|살)|\d+\s*years?\s*old|\baged?\s*\d+", re.IGNORECASE)),
    ("a birth year", re.compile(r"년생|\bborn\b|출생|태어", re.IGNORECASE),
     re.compile(r"년생|\bborn\b|출생|태어", re.IGNORECASE)),
    # "the area of X" is a size; "which area of Seoul" is a place
    ("an area", re.compile(r"면적|넓이|\bthe (land |total |surface )?area of\b", re.IGNORECASE),
     re.compile(r"㎢|㎡|km2|km²|m2|m²|제곱|square|헥타르|hectare|\bha\b|평\b", re.IGNORECASE)),
]
_ASKS_QUANTITY = re.compile(
    r"얼마|몇|언제|\bhow (many|much|long|old)\b|\bwhen\b|\b(what|which) year\b|\bwhat percentage\b", re.IGNORECASE)
_STATES_QUANTITY = re.compile(
    r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
    r"hundred|thousand|dozen|once|twice|first|second|third)\b|"
    r"(한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|첫)\s*(번|곳|개|명|회|차례|해|째)",
    re.IGNORECASE,
)


def answer_kind_mismatch(question: str, claim: str) -> str:
    """Why the claim cannot answer this kind of question ("how old", "몇 명"), or "".

    A quantity or date question answered without any number, an age question
    answered with a year, an area answered with a population: the model copied
    a nearby figure instead of answering. "How old is Hu Henghua?" -> "2003"
    (the year he won an award); "쿠알라룸푸르의 면적은?" -> "207만명".
    """
    for kind, asks, states in _KINDS:
        if asks.search(question) and not states.search(claim):
            return f"the question asks for {kind}; the claim states none"
    if _ASKS_QUANTITY.search(question) and not _STATES_QUANTITY.search(strip_markers(claim)):
        return "the question asks for a number or date; the claim states none"
    return ""


def question_coverage(question: str, text: str, tokenize: Tokenizer) -> float:
    """Share of the question's content words that `text` holds."""
    asked = {t for t in tokenize(question) if t not in _FILLER}
    return len(asked & set(tokenize(text))) / max(1, len(asked))


def on_topic(question: str, evidence_texts: dict[int, str], tokenize: Tokenizer, share: float) -> set[int]:
    """Evidence numbers whose sentence holds at least `share` of the best sentence's question words.

    The small model often copies a number from a sentence that merely mentions
    the topic ("WeGO ... 120여개 도시" for "how many attended the assembly?");
    such a sentence cannot support the answer.
    """
    coverage = {n: question_coverage(question, text, tokenize) for n, text in evidence_texts.items()}
    best = max(coverage.values(), default=0.0)
    return {n for n, c in coverage.items() if best == 0 or c >= share * best}


_POSSESSOR = re.compile(r"([0-9A-Za-z\uac00-\ud7a3·]{2,})의(?=\s)")


def possessors_in_question(question: str) -> list[str]:
    """Korean "X의 Y" questions ask for an attribute of X: "취리히시의 인구" -> ["취리히시"]."""
    return _POSSESSOR.findall(question + " ")


def about_the_possessor(question: str, windows: dict[int, str]) -> set[int]:
    """Evidence numbers whose window names every possessor the question asks about.

    A possessor no window names verbatim is not required (the text may call it
    otherwise). This stops the canton's population answering for the city: both
    sentences say 인구, only one window says 취리히시.
    """
    compact = {n: _compact(text).lower() for n, text in windows.items()}
    required = [p.lower() for p in possessors_in_question(question)
                if any(p.lower() in text for text in compact.values())]
    return {n for n, text in compact.items() if all(p in text for p in required)}


_NAME = re.compile(r"[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*)*")
_NOT_NAMES = {
    "what", "when", "which", "who", "whom", "whose", "where", "why", "how", "did", "does", "do", "is",
    "are", "was", "were", "the", "a", "an", "in", "on", "at", "of", "for", "according", "can", "could",
    "will", "would", "has", "have", "had", "and", "or", "tell", "name", "list", "give",
    # dates are checked as numbers, not as names ("in July" is 7월 in the source)
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
}


def names_in_question(question: str) -> list[str]:
    """Proper names in an English question ("Kuala Lumpur", "Hu Henghua"), possessives cut."""
    names = []
    for match in _NAME.finditer(question):
        words = [w for w in re.sub(r"['’]s\b", "", match.group(0)).split()
                 if w.lower() not in _NOT_NAMES and not _concept(w)]
        if words and len(" ".join(words)) > 1:
            names.append(" ".join(words))
    return names


def _concept(word: str) -> bool:
    """Short all-capital words (GDP, AI, IT, MOU) name concepts, not the entity asked about."""
    return word.isupper() and len(word) <= 4


def _repair_order(claim: str, cites: Sequence[int], evidence_texts: dict[int, str], tokenize: Tokenizer) -> list[int]:
    """Uncited sentences, those sharing most of the claim's words first."""
    words = set(tokenize(claim))
    others = [n for n in evidence_texts if n not in cites]
    return sorted(others, key=lambda n: (-len(words & set(tokenize(evidence_texts[n]))), n))



EXTRACTIVE_PREFIX = {
    "ko": "문서에서 가장 관련 있는 문장입니다:",
    "en": "The closest passage in the documents says:",
}
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

class PreviousVerifier:
    """Turns the raw reply into a verified Answer for one question."""

    def __init__(self, index, embedder, question: str, language: str, hits, evidence: list[Evidence]):
        from rag.retrieval import tokenize

        self.index, self.embedder = index, embedder
        self.question, self.language = question, language
        self.hits, self.evidence, self.tokenize = tuple(hits), evidence, tokenize
        self.texts = {e.n: e.sentence.text for e in evidence}
        chunk_text = {h.chunk.chunk_id: h.chunk.text for h in hits}
        self.contexts = {e.n: chunk_text.get(e.sentence.chunk_id, e.sentence.text) for e in evidence}
        self._eligible: set[int] | None = None
        self._window_cache: dict[int, str] | None = None

    def finish(self, buffer: str, error: str = "") -> Answer:
        reply = parse_reply(buffer, len(self.evidence))
        if not reply.structured and buffer.lstrip().startswith("{"):
            reply = replace(reply, answer=partial_answer(buffer))  # cut-off JSON
        notes = out_of_range_notes(reply) + ((f"error: {error}",) if error else ())
        if not self.evidence or (model_abstained(reply.answer) and not error):
            return self._abstain(notes)
        claims = [self._verify(text, reply.cited) for text in split_claims(reply.answer)]
        kept = [c for c in claims if c.supported]
        dropped = tuple(f"dropped unsupported claim: {c.text} ({c.reason})" for c in claims if not c.supported)
        repaired = tuple(f"{c.reason}: {c.text}" for c in kept if c.repaired)
        if kept:
            return self._answer(kept, notes + repaired + dropped)
        return self._fallback(notes + dropped)

    def _verify(self, claim: str, cited: tuple[int, ...]) -> Claim:
        def similarity(text: str, n: int) -> float:
            sentence = self._similarity(text, self.evidence[n - 1].sentence.sentence_id)
            return max(sentence, self._names_found(text, n))

        eligible = self._on_topic()
        texts = {n: t for n, t in self.texts.items() if n in eligible}
        cited = tuple(n for n in cited if n in eligible)
        claim, corrections = correct_misread_amounts(claim, list(texts.values()))
        checked = verify_claim(claim, cited, self.question, texts, self.tokenize, similarity, self.contexts)
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
                self._eligible = (on_topic(self.question, windows, self.tokenize, ON_TOPIC_SHARE)
                                  & about_the_possessor(self.question, windows))
            else:
                self._eligible = self._mentioning_names(windows)
        return self._eligible

    def _mentioning_names(self, windows: dict[int, str]) -> set[int]:
        names = names_in_question(self.question)
        if not names:
            return set(windows)
        words = {n: [t for t in set(self.tokenize(w)) if has_hangul(t) and len(t) > 1] for n, w in windows.items()}
        vocabulary = sorted({t for ts in words.values() for t in ts})
        if not vocabulary:
            return set(windows)
        scores = self.embedder.embed_batch(names, "query") @ self.embedder.embed_batch(vocabulary, "query").T
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
        asked = {name.lower() for name in names_in_question(self.question)}
        names = [name for name in names_in_question(claim) if name.lower() not in asked]
        words = [t for t in set(self.tokenize(self._windows()[n])) if has_hangul(t) and len(t) > 1]
        if not names or not words:
            return 0.0
        scores = self.embedder.embed_batch(names, "query") @ self.embedder.embed_batch(words, "query").T
        return 1.0 if float(scores.max(axis=1).min()) >= CLAIM_NAME_SIMILARITY else 0.0

    def _similarity(self, text: str, sentence_id: int) -> float:
        """Cosine of the claim with an evidence sentence: the round-one 'support' (one embedding per claim)."""
        from rag.embeddings import embed_query

        if getattr(self, "_last_claim", (None,))[0] != text:
            self._last_claim = (text, embed_query(self.embedder, text))
        return float(np.asarray(self.index.sentence_vectors[sentence_id]) @ self._last_claim[1])

    def _windows(self) -> dict[int, str]:
        if self._window_cache is None:
            self._window_cache = self._build_windows()
        return self._window_cache

    def _build_windows(self) -> dict[int, str]:
        """Each evidence sentence with the one before it: "넓이는 1,729㎢" is about the
        canton named in the previous sentence."""
        previous = self.index.previous_text
        return {e.n: " ".join(filter(None, (previous(e.sentence), e.sentence.text))) for e in self.evidence}

    def _answer(self, claims: list[Claim], notes: tuple[str, ...]) -> Answer:
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
        if self._coverage(best.sentence.text) >= EXTRACTIVE_MIN_COVERAGE and not answer_kind_mismatch(
                self.question, best.sentence.text):
            text = f"{EXTRACTIVE_PREFIX[self.language]} “{best.sentence.text}” [1]"
            return self._make(text, False, (self._citation(1, best),), notes + ("extractive fallback",))
        return self._abstain(notes)

    def _coverage(self, sentence: str) -> float:
        return question_coverage(self.question, sentence, self.tokenize)

    def _abstain(self, notes: tuple[str, ...]) -> Answer:
        return self._make(ABSTAIN_TEXT[self.language], True, (), notes)

    def _citation(self, n: int, evidence: Evidence) -> Citation:
        s = evidence.sentence
        doc = self.index.documents[s.doc_id]
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


def out_of_range_notes(reply: Reply) -> tuple[str, ...]:
    return tuple(f"out-of-range citation [{n}] removed" for n in reply.out_of_range)
