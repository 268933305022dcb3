"""Verification: the model's reply -> an Answer whose every fact is a span of the sentence it cites.

1. Evidence checks (rag/checks.py) decide which evidence sentences may support
   an answer to this question at all.
2. The reply is parsed (rag/reply.py) and split into claims; claim checks
   decide whether each claim answers this question at all.
3. Each surviving claim's facts (rag/facts.py) must be found in the sentences
   it cites: the same value, the same Korean words, the same name. A fact the
   model cited wrongly but that an eligible evidence sentence states verbatim
   is re-cited there; a fact found nowhere sinks its claim. A claim that fails
   as a whole is retried clause by clause, so one bad item of a list does not
   drop the good ones.
4. Nothing survives: abstain. Every check's verdict is kept on the Answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from typing import AbstractSet, Mapping, Sequence

from rag.amounts import (counted_form, mend_added_years, mend_misread_magnitudes, mend_misread_short_years,
                         mend_short_year_months)
from rag.checks import (
    CLAIM_CHECKS, EVIDENCE_CHECKS, PLACEMENT_CHECKS, WHOLE_CLAIM_CHECKS, ClaimContext, EvidenceContext, PlacementContext,
    ANSWER_CHECKS, narrowed_to_the_place,
)
from rag.collection_terms import CollectionTerms
from rag.config import VerifyPolicy
from rag.english_dates import with_english_dates
from rag.english_names import with_english_names
from rag.facts import Fact, Place, facts_of, loanword_facts, locate, source_spelling, spelled_as_written, to_the_word_end
from rag.language import (ABSTAIN_TEXT, OTHER_LANGUAGE_ABSTAIN, in_other_language, without_repeated_asides,
                          without_unwritten_asides)
from rag.question import QuestionProfile
from rag.reply import Reply, model_abstained, parse_reply, partial_answer, split_claims
from rag.roles import bare
from rag.transliterate import keep_the_texts_hangul, mend_mixed_words, respell_persons
from rag.types import Answer, Citation, Document, Evidence, Hit, Verdict

# The verdict of the span rule itself: a fact of the claim found in no eligible evidence sentence.
FACTS_CHECK = "facts_in_cited_text"
MODEL_DECLINED = "the model found no answer"  # the note on an abstention the model chose

# Where a claim may be cut into clauses when it fails whole: list commas and conjunctions (", and"
# is one break: a kept "and 60 countries were represented" read as half a sentence).
# (Not inside parentheses: "110 cities (42 members, 68 non-members)" is one item.)
_CLAUSE_BREAK = re.compile(r"(?:(?<!\d),\s+(?:and\s+|or\s+)?|\s+and\s+|(?<=이며)\s+|(?<=이고)\s+|(?<=였고)\s+|(?<=했고)\s+|(?<=하고)\s+|\s+및\s+)"
                           r"(?![^()]*\))")


ORPHAN_CHECK = "leans_on_a_dropped_part"
# A clause that starts by pointing back at the one before ("…, and he took the job in 2019",
# "…이며 그는 2019년 취임했다") says something of whoever that clause named.
_POINTS_BACK = re.compile(r"^(?:(?:and|but|so|while)\s+)?(?:he|she|it|they|his|her|its|their|him|them|this|that)\b|^(?:그|그녀|그들|이들|이는|이곳|그곳)"
                          r"(?:는|은|가|이|의|도|를|에서)?\s", re.IGNORECASE)


@dataclass(frozen=True)
class Support:
    n: int  # evidence number
    start: int  # the fact span, offsets into the evidence sentence
    end: int


@dataclass(frozen=True)
class CheckedClaim:
    text: str
    supports: tuple[Support, ...]  # empty: not supported, dropped
    verdicts: tuple[Verdict, ...]
    dropped_parts: tuple[str, ...] = ()  # clauses of a list dropped while the rest was kept


# How many places of one sentence are tried for one fact before it counts as not stated there.
_PLACES_TRIED = 4


class AnswerVerifier:
    """Turns one raw reply into a verified Answer for one question."""

    def __init__(self, profile: QuestionProfile, evidence: Sequence[Evidence], windows: Mapping[int, str],
                 documents: Mapping[str, Document], hits: Sequence[Hit], policy: VerifyPolicy,
                 collection: CollectionTerms = CollectionTerms()):
        self.profile, self.evidence, self.windows = profile, list(evidence), dict(windows)
        self.documents, self.hits, self.policy = documents, tuple(hits), policy
        self.collection = collection
        self.sentences = {e.n: e.sentence.text for e in self.evidence}
        self.document_texts = {e.n: documents[e.sentence.doc_id].text for e in self.evidence
                               if e.sentence.doc_id in documents}
        self.library = tuple(d.text for d in documents.values())  # every document, for who a person is elsewhere
        self._judged: tuple[frozenset[int], tuple[Verdict, ...]] | None = None
        # Sentences where a fact of a checked claim was found only at places that failed a placement
        # check (the expo's dates for the day of a speech): a second ask is shown the others.
        self.misplaced: set[int] = set()

    def finish(self, buffer: str) -> Answer:
        reply = parse_reply(buffer, len(self.evidence))
        if not reply.structured and buffer.lstrip().startswith("{"):
            reply = Reply(partial_answer(buffer), reply.cited, reply.out_of_range, False)  # cut-off JSON
        notes = tuple(f"out-of-range citation [{n}] removed" for n in reply.out_of_range)
        if not self.evidence or model_abstained(reply.answer):
            return self._abstain(notes + (MODEL_DECLINED,), ())
        eligible, verdicts = self.eligible()
        checked = [self.check_claim(text, reply.cited, eligible) for text in split_claims(reply.answer)]
        verdicts += tuple(v for c in checked for v in c.verdicts)
        kept = [c for c in checked if c.supports]
        dropped = tuple(f"dropped: {c.text} ({_first_failure(c.verdicts)})" for c in checked if not c.supports)
        dropped += tuple(f"dropped part: {part}" for c in checked for part in c.dropped_parts)
        if not kept:
            return self._abstain(notes + dropped, verdicts)
        whole = " ".join(c.text for c in kept)
        for check in ANSWER_CHECKS:
            judged = check(self.profile, whole)
            if judged is None:
                continue
            verdicts += (judged,)
            if not judged.passed:
                return self._abstain(notes + dropped + (f"dropped: {judged.subject} ({judged.check}: {judged.reason})",),
                                     verdicts)
        return self._answer(kept, notes + dropped, verdicts)

    # ------------------------------------------------------------ evidence
    def eligible(self) -> tuple[frozenset[int], tuple[Verdict, ...]]:
        """The evidence sentences that may support an answer, and every evidence check's verdict.
        Judged once per verifier: the pipeline asks before the model is called, finish() after."""
        if self._judged is None:
            self._judged = self._judge_evidence()
        return self._judged

    def _judge_evidence(self) -> tuple[frozenset[int], tuple[Verdict, ...]]:
        verdicts, eligible = [], set()
        for n in self.sentences:
            ctx = EvidenceContext(self.profile, n, self.windows, self.policy, self.sentences,
                                  self.document_texts, self.collection)
            judged = [v for check in EVIDENCE_CHECKS if (v := check(ctx)) is not None]
            verdicts += judged
            if all(v.passed for v in judged):
                eligible.add(n)
        return frozenset(eligible), tuple(verdicts)

    def eligible_evidence(self) -> list[Evidence]:
        """The evidence sentences that may support an answer to this question, in their order."""
        eligible, _ = self.eligible()
        return [e for e in self.evidence if e.n in eligible]

    def nothing_eligible(self) -> Answer:
        """The abstention when no evidence sentence may support an answer (the model is not asked)."""
        _, verdicts = self.eligible()
        return self._abstain(("no evidence sentence is about what the question asks; the model was not asked",),
                             verdicts)

    # ------------------------------------------------------------ claims
    def check_claim(self, text: str, cited: Sequence[int], eligible: AbstractSet[int], split: bool = True) -> CheckedClaim:
        sentences = tuple(self.sentences[n] for n in sorted(eligible) if n in self.sentences)
        text = respell_persons(mend_mixed_words(text, sentences), sentences,
                               self.policy.name_similarity, self.policy.short_name_spelling)
        text = without_unwritten_asides(keep_the_texts_hangul(text, sentences), sentences)
        text = mend_short_year_months(mend_added_years(text, sentences), sentences)
        if self.profile.language == "en":
            text = mend_misread_short_years(mend_misread_magnitudes(text, sentences), sentences)
        facts = tuple(facts_of(text, self.profile))
        narrowed = narrowed_to_the_place(text, facts, self.profile, sentences, self.policy)
        if narrowed != text:
            text, facts = narrowed, tuple(facts_of(narrowed, self.profile))
        if self.profile.language == "en":
            facts += tuple(loanword_facts(text, facts, self.profile, sentences,
                                          (self.policy.name_similarity, self.policy.short_name_spelling)))
        ctx = ClaimContext(self.profile, text, facts, self.policy, self.collection,
                           tuple(dict.fromkeys(self.document_texts.values())), sentences)
        verdicts = [v for check in CLAIM_CHECKS if (v := check(ctx)) is not None]
        if all(v.passed for v in verdicts):
            supports, missing, placed, spellings = self._supports(facts, cited, eligible)
            verdicts += placed
            verdicts.append(Verdict(FACTS_CHECK, not missing, text,
                                    f"not stated in any eligible evidence sentence: {', '.join(missing)}" if missing else ""))
            if not missing:
                return CheckedClaim(with_source_spellings(text, spellings, self.profile.language,
                                                          self.profile.asks_how_many), supports, tuple(verdicts))
        salvage = split and not any(not v.passed and v.check in WHOLE_CLAIM_CHECKS for v in verdicts)
        clauses = [c.strip() for c in _CLAUSE_BREAK.split(text) if c and c.strip()] if salvage else []
        if len(clauses) > 1:
            parts = without_orphaned_parts([self.check_claim(c, cited, eligible, split=False) for c in clauses])
            kept = [p for p in parts if p.supports]
            if kept:
                joined = ", ".join(p.text for p in kept)
                return CheckedClaim(joined, tuple(s for p in kept for s in p.supports),
                                    tuple(verdicts) + tuple(v for p in parts for v in p.verdicts),
                                    tuple(p.text for p in parts if not p.supports))
        return CheckedClaim(text, (), tuple(verdicts))

    def _supports(self, facts: Sequence[Fact], cited: Sequence[int], eligible: AbstractSet[int]
                  ) -> tuple[tuple[Support, ...], list[str], tuple[Verdict, ...], tuple[tuple[str, str, str], ...]]:
        """The fewest sentences (cited ones first) that state every fact, with the span in each,
        the placement checks' failures (a place that fails one does not state the fact), and how
        the chosen sentences write its facts (a name's Korean spelling, an amount with its counter)."""
        order = [n for n in cited if n in eligible] + sorted(n for n in eligible if n not in cited)
        thresholds = (self.policy.name_similarity, self.policy.short_name_spelling)
        failed: list[Verdict] = []
        as_written = [spelled_as_written(f, [self.sentences[n] for n in order]) for f in facts]
        claim_facts = tuple(facts)
        places = {n: [self._placed(f, n, thresholds, not as_written[i], failed, claim_facts) for i, f in enumerate(facts)]
                  for n in order}
        chosen: list[int] = []
        uncovered = set(range(len(facts)))
        while uncovered and len(chosen) < self.policy.max_sentences_per_claim:
            best = max(order, key=lambda n: (sum(1 for i in uncovered if places[n][i]), -order.index(n)), default=None)
            if best is None or not any(places[best][i] for i in uncovered):
                break
            chosen.append(best)
            uncovered -= {i for i in uncovered if places[best][i]}
        if uncovered:
            return (), [facts[i].text for i in sorted(uncovered)], tuple(failed), ()
        spellings = tuple((fact.kind, fact.text, spelled) for i, fact in enumerate(facts)
                          for n in [next(n for n in chosen if places[n][i])]
                          if (spelled := _as_written(fact, self.sentences[n], places[n][i])))
        return tuple(_span(n, [p for p in places[n] if p]) for n in chosen), [], tuple(failed), spellings

    def _placed(self, fact: Fact, n: int, thresholds: tuple[float, float], by_sound: bool, failed: list[Verdict],
                claim_facts: tuple[Fact, ...]) -> Place | None:
        """The first place of sentence n that states `fact` and passes every placement check. A place
        that fails one is passed over for the next: "울랴놉스크" is in the dateline of "【울랴놉스크=뉴시스】
        … 울랴놉스크에서 열리는 총회" and, after it, where the assembly is held. Failures count only
        when no place passes."""
        sentence = self.sentences[n]
        searched, tried = sentence, []
        for _ in range(_PLACES_TRIED):
            place = locate(fact, searched, thresholds, by_sound=by_sound)
            if place is None:
                break
            ctx = PlacementContext(self.profile, fact, sentence, place.start, place.end,
                                   self.document_texts.get(n, ""), self.policy, claim_facts, self.library)
            judged = [v for check in PLACEMENT_CHECKS if (v := check(ctx)) is not None]
            if all(v.passed for v in judged):
                return place
            tried += [v for v in judged if not v.passed]
            searched = " " * place.end + sentence[place.end:]  # the same offsets, the failed place blanked
        failed += tried
        if tried:
            self.misplaced.add(self.evidence[n - 1].sentence.sentence_id)
        return None

    # ------------------------------------------------------------ the answer
    def _answer(self, claims: list[CheckedClaim], notes: tuple[str, ...], verdicts: tuple[Verdict, ...]) -> Answer:
        order: list[int] = []
        spans: dict[int, list[Support]] = {}
        parts = []
        for claim in claims:
            for s in claim.supports:
                if s.n not in order:
                    order.append(s.n)
                spans.setdefault(s.n, []).append(s)
            markers = "".join(f"[{order.index(n) + 1}]" for n in dict.fromkeys(s.n for s in claim.supports))
            parts.append(f"{self._shown(claim).rstrip()} {markers}")
        citations = tuple(self._citation(i + 1, n, _span(n, spans[n])) for i, n in enumerate(order))
        return self._make(" ".join(parts), False, citations, notes, verdicts)

    def _shown(self, claim: CheckedClaim) -> str:
        """The claim as the reader sees it: said once ("X (X)" is X; the facts were checked as the
        model wrote them), and in English answers, Korean names get their English name and Korean
        dates their English form."""
        text = without_repeated_asides(claim.text)
        if self.profile.language != "en":
            return text
        cited = [t for s in claim.supports for t in (self.sentences.get(s.n, ""), self.document_texts.get(s.n, ""))]
        return with_english_dates(with_english_names(text, cited))

    def _citation(self, number: int, n: int, span: Support) -> Citation:
        s = self.evidence[n - 1].sentence
        doc = self.documents[s.doc_id]
        quote = doc.text[s.start : s.end]
        return Citation(number, s.doc_id, s.chunk_id, doc.title, doc.outlet, doc.date, s.start, s.end,
                        quote, s.start + span.start, s.start + to_the_word_end(quote, span.end))

    def _abstain(self, notes: tuple[str, ...], verdicts: tuple[Verdict, ...]) -> Answer:
        # In another language the checks may have failed for that reason: never claim the documents lack it.
        text = OTHER_LANGUAGE_ABSTAIN if in_other_language(self.profile.text) else ABSTAIN_TEXT[self.profile.language]
        return self._make(text, True, (), notes, verdicts)

    def _make(self, text, abstained, citations, notes, verdicts) -> Answer:
        return Answer(question=self.profile.text, language=self.profile.language, text=text, abstained=abstained,
                      citations=citations, passages=self.hits, evidence=tuple(self.evidence), notes=notes,
                      verdicts=verdicts)


# Heads that go on with a place's name in an English claim: "Rezba Station", "Perdana Botanical Garden".
_NAME_GOES_ON = re.compile(r"(?:\s+(?:Station|Park|Botanical|Gardens?|Hall|Square|Street|Road|Tower|Bridge|Market|"
                           r"Cent(?:er|re)|Museum|Airport|Hotel|Labs?|Forum|Zone|Office|Building|Stadium|Palace|"
                           r"River|Lake|Island|Village|District)\b)*")


def _as_written(fact: Fact, sentence: str, place: Place) -> str:
    """How the sentence writes a fact: a name by its Korean spelling, an amount with its counter."""
    if fact.kind == "number":
        return _with_counted_noun(counted_form(sentence, place.start, place.end), sentence, place)
    return source_spelling(fact, sentence, place)


def _with_counted_noun(counted: str, sentence: str, place: Place) -> str:
    """A bare 개 glued to the noun it counts is shown with the noun: "11개구로 이뤄진" is 11개구
    (eleven districts), where "11개" alone would not say of what."""
    if not counted.endswith("개"):
        return counted
    word = re.match(r"[\uac00-\ud7a3]+", sentence[place.start + len(counted):])
    return bare(counted + word.group(0)) if word else counted


# A claim that is nothing but an amount: "60", "약 60.", "about 60", "115만 8천".
_BARE_AMOUNT = re.compile(r"\s*(?:약|about|around|approximately)?\s*[\d.,]+(?:\s*[천만억조]\s*[\d.,]*)*\s*[.。]?\s*",
                          re.IGNORECASE)


def with_source_spellings(claim: str, spellings: Sequence[tuple[str, str, str]], language: str = "en",
                          asks_how_many: bool = False) -> str:
    """A claim shown with what the cited sentence writes where the model wrote less. An English
    name given only in Latin letters is followed by the sentence's spelling, as the prompt asks:
    "Rezba Station (리즈바역)"; the reader finds it in the source whatever romanisation the model
    chose. A bare amount is shown with what the sentence counts: "60" to a how-many question is
    "60개국", or "60 (60개국)" in English (the checks placed it where the text counts the asked thing)."""
    amounts = [spelled for kind, _, spelled in spellings if kind == "number"]
    if asks_how_many and amounts and _BARE_AMOUNT.fullmatch(claim):
        return amounts[0] if language == "ko" else f"{claim.strip().rstrip('.')} ({amounts[0]})"
    for kind, name, spelled in spellings:
        if kind == "number":
            continue
        found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", claim)  # not inside a word: "SeoulAI칼리지"
        if found:
            end = found.end() + len(_NAME_GOES_ON.match(claim, found.end()).group(0))  # "Rezba Station"
            claim = f"{claim[:end]} ({spelled}){claim[end:]}"
    return claim


def _span(n: int, places: Sequence[Place | Support]) -> Support:
    return Support(n, min(p.start for p in places), max(p.end for p in places))


def _first_failure(verdicts: Sequence[Verdict]) -> str:
    failed = next((v for v in verdicts if not v.passed), None)
    return f"{failed.check}: {failed.reason}" if failed else "not supported"


def without_orphaned_parts(parts: Sequence[CheckedClaim]) -> list[CheckedClaim]:
    """The clauses of a claim, with one that points back at a dropped clause dropped too: in
    "Chongqing's mayor is Wang Xing and he took the job in 2019" the name was unsupported, so
    "he took the job in 2019" is about no one the text names (2019 was when Chongqing signed)."""
    out: list[CheckedClaim] = []
    for part in parts:
        orphaned = bool(out) and not out[-1].supports and _POINTS_BACK.match(part.text)
        if orphaned and part.supports:
            part = replace(part, supports=(), verdicts=part.verdicts + (
                Verdict(ORPHAN_CHECK, False, part.text, f"points back at a dropped part: {out[-1].text}"),))
        out.append(part)
    return out
