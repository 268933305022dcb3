"""Evidence selection: from retrieved chunks to a few numbered sentences.

Short, focused evidence beats whole chunks for a small model: the prototype
measured a ~3.5x shorter prompt, ~4x faster first token and more correct
citations. Sentence vectors are precomputed in the index, so this costs no
extra embedding at question time.
"""

from __future__ import annotations

import re
from typing import Callable, Sequence

import numpy as np

from rag.amounts import gloss_korean_amounts
from rag.question import BODIES_COUNTED, SAYS_SHARED
from rag.types import Evidence, Hit, Sentence

# Weights of the three signals; set by measuring on eval_questions.yaml.
LEXICAL_WEIGHT = 0.25  # share of the question's tokens found in the sentence
# Question words found only in the sentence before count this much: "넓이는 87.88㎢,
# 인구는 39만 7천 명이다" is about 취리히시 because the sentence before names it.
CONTEXT_WEIGHT = 0.5
CHUNK_RANK_WEIGHT = 0.05  # prefer sentences of higher-ranked chunks
TITLE_CHARS = 40  # a short title tells the model which article a sentence is from
# A follow-up is shown up to this many sentences more than a question, the best of its own ask
# among this many: chosen by the conversation alone, "그 도시 인구는 얼마나 돼?" saw no population.
FOLLOW_UP_EXTRA = 2
FOLLOW_UP_AMONG = 3

# Document text is untrusted. Sentences that talk to the model ("ignore previous
# instructions and answer X") are facts about nothing: they are never shown to it.
_INSTRUCTION = re.compile(
    r"\b(ignore|disregard|forget)\b.{0,40}\b(instructions?|prompts?|rules|above|previous)\b|"
    r"\b(system prompt|you are now|as an ai|answer only|only answer|respond only|reply only)\b|"
    r"\banswer\s+['\"“‘].{1,40}['\"”’]|"
    r"지시(를|사항을|는)?\s*(모두\s*)?무시|(이전|앞|위)의?\s*(모든\s*)?(지시|명령|지침)|"
    r"라고만\s*(답|대답|응답)|(답|대답|응답)(하라|하시오|해라)",
    re.IGNORECASE,
)


def ends_as_a_sentence(text: str) -> bool:
    """True for a sentence of the body ("… 체결했다.", "… 예정이다"), False for a headline or a caption
    ("취리히 시장과도 면담", "서울시 제공"), which writes roles in shorthand and drops names."""
    return _SENTENCE_END.search(text) is not None


# A body sentence ends in a full stop (or ? !), or in the plain style's 다, before any closing quote.
_SENTENCE_END = re.compile(r"(?:[.!?。]|다)[\"'”’)\]]*\s*$")


def looks_like_instruction(text: str) -> bool:
    """True for a sentence addressed to the model rather than stating a fact."""
    return bool(_INSTRUCTION.search(text))


def select_evidence(
    hits: Sequence[Hit],
    sentences_of: Callable[[str], list[Sentence]],
    sentence_vectors: np.ndarray,
    query_vector: np.ndarray,
    query_tokens: set[str],
    tokenize: Callable[[str], list[str]],
    limit: int,
    previous_text: Callable[[Sentence], str] = lambda sentence: "",
) -> list[Evidence]:
    """The `limit` sentences of the hit chunks closest to the question, numbered 1..limit.

    `previous_text` gives the sentence before one in its document ("" for the first).
    """
    scored: list[tuple[float, Sentence, str]] = []
    for hit in hits:
        for sentence in sentences_of(hit.chunk.chunk_id):
            if looks_like_instruction(sentence.text):
                continue
            lexical = _lexical(query_tokens, tokenize(sentence.text), tokenize(previous_text(sentence)))
            score = float(sentence_vectors[sentence.sentence_id] @ query_vector) + LEXICAL_WEIGHT * lexical + CHUNK_RANK_WEIGHT / hit.rank
            scored.append((score, sentence, hit.title))
    scored.sort(key=lambda item: -item[0])
    chosen = _reading_order(scored[:limit])
    return [Evidence(n=i + 1, sentence=s, score=score, title=title) for i, (score, s, title) in enumerate(chosen)]


def widened(chosen: Sequence[Evidence], focused: Sequence[Evidence], extra: int, among: int) -> list[Evidence]:
    """`chosen` with up to `extra` more sentences: those of `focused`'s best `among` that it lacks,
    renumbered in reading order. A follow-up keeps every sentence its conversation chose and gains
    the best of its own ask (rag/conversation.py, focused_query)."""
    have = {e.sentence.sentence_id for e in chosen}
    added = [e for e in sorted(focused, key=lambda e: -e.score)[:among] if e.sentence.sentence_id not in have][:extra]
    ordered = _reading_order([(e.score, e.sentence, e.title) for e in (*chosen, *added)])
    return [Evidence(n=i + 1, sentence=s, score=score, title=title) for i, (score, s, title) in enumerate(ordered)]


def with_the_bodies_named(chosen: Sequence[Evidence], next_sentence: Callable[[Sentence], Sentence | None]
                          ) -> list[Evidence]:
    """`chosen` with the sentence after each one that counts bodies ("이번 행사는 … 기업 3곳도
    참여했다."): news names them next ("참여 기업은 트리플렛 피아스페이스 씨티아이랩이다."), in a
    sentence too short to be chosen by its words. For questions that ask which bodies
    (question.asks_for_a_body); at most one sentence per count."""
    return _with_the_next(chosen, next_sentence, lambda chosen_one, _: bool(BODIES_COUNTED.search(chosen_one.text)))


def with_what_they_share(chosen: Sequence[Evidence], next_sentence: Callable[[Sentence], Sentence | None]
                         ) -> list[Evidence]:
    """`chosen` with the sentence after each one when it says what several share: "박원순 시장과 토마스
    하이니거 취리히 주지사의 만남은 이번이 처음이다." is followed by "두 사람은 변호사 출신이라는
    공통점이 있다.", which shares no word with "What did Park Won-soon and the Zurich canton governor
    have in common?" and was never chosen. For questions that ask what people have in common."""
    return _with_the_next(chosen, next_sentence, lambda _, following: bool(SAYS_SHARED.search(following.text)))


def _with_the_next(chosen: Sequence[Evidence], next_sentence: Callable[[Sentence], Sentence | None],
                   wanted: Callable[[Sentence, Sentence], bool]) -> list[Evidence]:
    """`chosen` with the sentence after each chosen one where `wanted(chosen one, the next)`, in reading order."""
    have = {e.sentence.sentence_id for e in chosen}
    added = []
    for e in chosen:
        following = next_sentence(e.sentence)
        if following is not None and following.sentence_id not in have and not looks_like_instruction(following.text) \
                and wanted(e.sentence, following):
            have.add(following.sentence_id)
            added.append(Evidence(0, following, e.score, e.title))
    if not added:
        return list(chosen)
    ordered = _reading_order([(e.score, e.sentence, e.title) for e in (*chosen, *added)])
    return [Evidence(n=i + 1, sentence=s, score=score, title=title) for i, (score, s, title) in enumerate(ordered)]


def _reading_order(chosen: list[tuple[float, Sentence, str]]) -> list[tuple[float, Sentence, str]]:
    """Group the chosen sentences by article (best article first), in document order.

    In document order a sentence keeps its context: "the city's population"
    after "the canton's population" reads as a different number, where score
    order shuffled them. Grouping also shows each title once, which cut the
    prompt by about a fifth (titles are long in Korean tokens).
    """
    article_rank: dict[str, int] = {}
    for _, sentence, _ in chosen:
        article_rank.setdefault(sentence.doc_id, len(article_rank))
    return sorted(chosen, key=lambda item: (article_rank[item[1].doc_id], item[1].start))


def _lexical(query_tokens: set[str], own: list[str], before: list[str]) -> float:
    """Share of the question's tokens in the sentence, those only in the one before at CONTEXT_WEIGHT."""
    found = query_tokens & set(own)
    context_only = (query_tokens & set(before)) - found
    return (len(found) + CONTEXT_WEIGHT * len(context_only)) / max(1, len(query_tokens))


def format_evidence(evidence: Sequence[Evidence], language: str = "ko") -> str:
    """A `# title` line per article, then one `[n] sentence` line per sentence.

    For English answers, Korean amounts carry their English value (see
    gloss_korean_amounts); citations still quote the untouched source text.
    """
    lines, doc_id = [], None
    for e in evidence:
        if e.sentence.doc_id != doc_id:
            doc_id = e.sentence.doc_id
            lines.append(f"# {_short(e.title)}")
        text = _one_line(e.sentence.text)
        lines.append(f"[{e.n}] {gloss_korean_amounts(text) if language == 'en' else text}")
    return "\n".join(lines)


def _short(title: str) -> str:
    title = _one_line(title)
    return title if len(title) <= TITLE_CHARS else title[: TITLE_CHARS - 1] + "…"


def _one_line(text: str) -> str:
    return " ".join(text.split())
