"""A role lookup: the name the text gives the asked role, when the model's reply was dropped.

Asked "오세훈 시장이 충칭 가서 만난 충칭 시장은 누구예요?", the small model answers "충칭시장"
(an echo), though its evidence says "후헝화 충칭시장과의 비공개 면담에서". Who-questions that ask
for a role ("충칭 시장", "the Kuala Lumpur deputy mayor", "에어블랙 대표") were the largest class of
declined answers on the tuning splits, and a narrowed second ask did not help: the model echoes
again. News text writes a role holder the same way every time, name then (place) title:
"이스마디 빈 사키린 쿠알라룸푸르 부시장", "문헌규 대표" after "'에어블랙'의". So code reads it.

The lookup answers only when exactly one person holds the asked role (on the asked side, when
the question names one) across the evidence sentences that pass the evidence checks, and that
person is not one the question names. What it finds is written as a reply citing its sentence
and verified like the model's own: the same span, title and side checks decide.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Callable, Iterator, Mapping, Sequence, TypeVar

from anyascii import anyascii

from rag.config import VerifyPolicy
from rag.question import KOREAN_TITLE_WORDS, QuestionProfile
from rag.roles import COUNTRY, ENDS_IN_PARTICLE, bare, city_of_a_country, latin_after, role_place, same_place, title_of, up_to_the_title
from rag.transliterate import find_name
from rag.types import Evidence

T = TypeVar("T")

# Time words come before a name but are never part of it ("이날 오후 후헝화 충칭시장"), nor are words that
# join a sentence to the one before ("이어 라히모바 두르도나 타슈켄트 부시장과의"); nor is a country
# (roles.COUNTRY: "세르게이 모로조프 러시아 울랴놉스크 주지사"). Nor are the words of a list ("UAE․탄자니아
# 등 주한 대사 40여 명": 등, "and others") or of where a post is held (주한, "in Korea").
_NOT_A_NAME = re.compile(r"^(이날|당일|오전|오후|현지시간|지난|올해|이번|한편|또|특히|직접|처음|함께|각각|"
                         r"이어|이어서|이후|아울러|또한|그리고|"
                         r"등|및|외|총|약|주한|주재|현지)$")
_HAS_TITLE = re.compile(KOREAN_TITLE_WORDS)  # "시장인" (is a mayor) is no name
_BARE_WORD = re.compile(r"^[\uac00-\ud7a3]{1,8}$")  # 아베짐베토비치: a patronymic is long
_MAX_NAME_WORDS = 3
_COUNTED_AFTER = re.compile(r"\d[\d,]*\s*여?\s*명")
# A government body between a name and its title is the title's owner, not part of the name:
# "샤리포프 콩그랏바이 아베짐베토비치 우즈베키스탄 고등교육부 장관".
_MINISTRY = re.compile(r"[\uac00-\ud7a3]{2,}(?:부|처|청|위원회)")


@dataclass(frozen=True)
class Holder:
    n: int  # the evidence sentence that names them
    name: str  # as the sentence writes it (후헝화, 이스마디 빈 사키린)
    role: str  # the name and its title as the sentence writes them (후헝화 충칭시장)
    latin: str = ""  # the name in Latin letters when the sentence gives it ("(Corine Mauch)")


def role_holder(profile: QuestionProfile, evidence: Sequence[Evidence], documents: Mapping[int, str],
                policy: VerifyPolicy) -> Holder | None:
    """The one person the evidence gives the asked role, or None (no role asked, none found, or two)."""
    if not profile.specific_titles and not profile.sides and not profile.asks_counterpart:
        return None  # an "official" (관계자) may be anyone: the text names more than one
    # "who signed … on the Kuala Lumpur side": any title of that side; "협정 맺은 상대가 누구야?": any
    # titled person the question does not name, of the sentence that says most of the question
    found = _one_name_per_person([h for e in evidence for h in _holders_in(e, profile, documents.get(e.n, e.sentence.text), policy)])
    return the_one(found, lambda h: h.name, profile, evidence)


def _one_name_per_person(found: list[Holder]) -> list[Holder]:
    """A surname alone is the full name said before: "마우흐 취리히 시장" is "코린 마우흐 취리히 시장"."""
    full = {h.name: max((o for o in found if o.name.endswith(" " + h.name) or o.name == h.name),
                        key=lambda o: len(o.name)) for h in found}
    return [full[h.name] for h in found]


def words_shared(profile: QuestionProfile, sentence: str) -> int:
    """How many of the question's words and actions the sentence says: "우호도시 협정에 서명한 사람"
    is the signing sentence's deputy mayor, not the mayor met afterwards. An English question's
    verb counts by its Korean ("signed": 서명, 맺, 체결), as its words match no Korean sentence."""
    compact = re.sub(r"\s+", "", sentence).lower()
    return sum(1 for w in profile.words if w in compact) + sum(1 for a in profile.actions if a in compact)


def the_one(found: Sequence[T], value: Callable[[T], str], profile: QuestionProfile, evidence: Sequence[Evidence]) -> T | None:
    """The one value the lookups found (each found thing has the `n` of its sentence), or, of several,
    the one whose sentence says most of what the question says, if one does; else, of those, the one
    whose sentence retrieval ranked first (an English question's words match no Korean sentence, so
    its candidates tie on words: "At which Chongqing station … did Oh Se-hoon board a train?" found
    리즈바역 and the night tour's 장강역). The rank orders candidates only: each is verified."""
    if len({value(f) for f in found}) > 1:
        sentences = {e.n: e.sentence.text for e in evidence}
        shared = {value(f): words_shared(profile, sentences[f.n]) for f in found}
        found = [f for f in found if shared[value(f)] == max(shared.values())]
    if len({value(f) for f in found}) > 1:
        score = {e.n: e.score for e in evidence}
        best = max(score[f.n] for f in found)
        found = [f for f in found if score[f.n] == best]
    return found[0] if len({value(f) for f in found}) == 1 else None


def lookup_reply(holder: Holder, language: str) -> str:
    """The holder written as a model reply (rag/reply.py reads it): the name, cited to its sentence."""
    if language == "en":
        latin = holder.latin or " ".join(w.capitalize() for w in anyascii(holder.name).split())
        answer = f"{latin} ({holder.name})"
    else:
        answer = holder.role
    return json.dumps({"answer": answer, "citations": [holder.n]}, ensure_ascii=False)


def _holders_in(e: Evidence, profile: QuestionProfile, document: str, policy: VerifyPolicy) -> list[Holder]:
    text = e.sentence.text
    words = words_of(text)
    holders = []
    for i, word, place, first, end in titled_names(words, document):
        if profile.specific_titles and title_of(word) not in profile.specific_titles:
            continue
        owners = [words[first - 1] if first else "", *(w for w in words[end:i] if COUNTRY.match(w) or _MINISTRY.fullmatch(w))]
        if profile.sides and not _on_the_side(profile, place, owners, policy):
            continue
        name_words = words[first:end]
        if any(profile.says(w) for w in name_words) or named_in_english(profile, " ".join(name_words), policy):
            continue  # the question's own person ("오세훈 시장이 … 만난 충칭 시장", "Kim Tae-gyun")
        if len(name_words) == 1 and len(name_words[0]) == 1:
            continue  # "김 부시장은": a family name alone points back at someone named in full before
        name = " ".join(name_words)
        titled = " ".join(name_words + words[end:i] + [up_to_the_title(word)])
        holders.append(Holder(e.n, name, titled, latin_after(name, text)))
    return holders


def named_in_english(profile: QuestionProfile, name: str, policy: VerifyPolicy) -> bool:
    """An English question names this Korean name by its sound, whole or by one word ("Kim Tae-gyun"
    is 김태균; "Corine Mauch" is 마우흐, as news writes her after naming her once)."""
    parts = [p for english in profile.names for p in (english, *(w for w in english.split() if len(w) >= 4))]
    return any(find_name(part, name, policy.name_similarity, policy.short_name_spelling) for part in parts)


def people_titled(text: str, title: str, document: str) -> list[str]:
    """The names `text` gives the role `title` ("토마스 하이니거" for 주지사 in "… 토마스 하이니거(Thomas
    Heiniger) 취리히 주지사와 … 체결했다")."""
    words = words_of(text)
    return [" ".join(words[first:end]) for i, word, _, first, end in titled_names(words, document) if title_of(word) == title]


def words_of(text: str) -> list[str]:
    return re.sub(r"\([^()]*\)", " ", text).split()  # 마우흐(Corine Mauch) 취리히 시장: the Latin is read apart


def titled_names(words: list[str], document: str) -> Iterator[tuple[int, str, str, int, int]]:
    """Each titled word with the name before it: (its index, the word, the role's place, where the
    name starts, where it ends)."""
    for i, word in enumerate(words):
        if not title_of(word) or _COUNTED_AFTER.match(" ".join(words[i + 1 : i + 3])):
            continue  # "주한 대사 40여 명": a title with a count of people after it is many people, none named
        place = role_place(words, i, document) or city_of_a_country(words, i)
        end = i - 1 if place and i > 0 and place == bare(words[i - 1]) else i  # the name ends before its place
        while end > 0 and (COUNTRY.match(words[end - 1]) or _MINISTRY.fullmatch(words[end - 1])):
            end -= 1  # … and its country or ministry ("모로조프 러시아 울랴놉스크 주지사", "… 우즈베키스탄 고등교육부 장관")
        first = _name_start(words, end)
        if first is not None:
            yield i, word, place, first, end


def _name_start(words: list[str], end: int) -> int | None:
    """Where the name that ends before words[end] starts: up to three bare Hangul words, stopping at a
    word with a particle, a time word, a title or a place. None when there is no such word."""
    first = end
    while first > 0 and end - first < _MAX_NAME_WORDS and _may_be_part_of_a_name(words[first - 1]):
        first -= 1
    return first if first < end else None


def _may_be_part_of_a_name(word: str) -> bool:
    return bool(_BARE_WORD.match(word)) and not (_NOT_A_NAME.match(word) or COUNTRY.match(word)
                                                 or _HAS_TITLE.search(word) or ENDS_IN_PARTICLE.search(word))


def _on_the_side(profile: QuestionProfile, place: str, owners: list[str], policy: VerifyPolicy) -> bool:
    """The role is the asked side's: its place is that side (충칭시장), or the word before the name
    says whose it is ("'에어블랙'의 문헌규 대표"), or the country before its place does ("South
    African" for "남아공 츠와네 시장")."""
    thresholds = (policy.name_similarity, policy.short_name_spelling)
    owners = [re.sub(r"['\"‘’“”]", "", bare(o.strip("'\"‘’“”"))) for o in owners]  # '에어블랙'의 -> 에어블랙
    return any(same_place(side, where, *thresholds) for side in profile.sides for where in (place, *owners) if where)

