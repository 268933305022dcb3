"""Facts in an answer, and where a sentence states them (the span a citation carries).

A fact is what a claim adds to the question: a number (compared as a value),
a Korean noun (compared verbatim), an English name (its Korean form in
parentheses, its Latin spelling, or its sound against the Hangul), or a Korean
term an English answer quotes in parentheses. English common words cannot be
checked against Korean text and are not facts: a claim made only of them
states nothing checkable.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Sequence

from rag.amounts import COUNTED_BODIES, ENGLISH_MONTHS, amount_places, counter_after, counts_something_unnamed, same_count
from rag.language import OTHER_SCRIPT_RUN, has_hangul
from rag.morph import morphemes, nouns
from rag.question import AWARD, ENGLISH_FILLER, KOREAN_FILLER, QuestionProfile, names_in
from rag.reply import strip_markers
from rag.roles import ENGLISH_OCCUPATION, ENGLISH_OCCUPATIONS, PLACE_SUFFIX
from rag.transliterate import ROMANIZED_PERSON, find_name, sounds_alike

_PARENTHESES = re.compile(r"([^()]*?)\s*\(([^()]*)\)")
# Korean glued to a number is its counter ("60개국", "11개구"), checked with the number, no quoted name.
_HANGUL_RUN = re.compile(r"(?<![\d\uac00-\ud7a3])(?:[\uac00-\ud7a3][\uac00-\ud7a3\d\s·]*[\uac00-\ud7a3\d]|[\uac00-\ud7a3])")
# News writes a university short: 고려대학교 is 고려대 ("한국과학기술연구원·고려대가 운영하는").
_UNIVERSITY = re.compile(r"(?<=..)대학교?$")


@dataclass(frozen=True)
class Fact:
    kind: str  # "number" | "word" (Korean, verbatim) | "name" (English, by sound or parentheses)
    text: str  # as the claim writes it
    values: frozenset[float] = frozenset()  # numbers: the values it can be read as
    counts: str = ""  # numbers: what it counts ("people", "age"; amounts.counter_after), "" when unsaid
    korean: str = ""  # names: the Korean form the claim gives in parentheses, if any


@dataclass(frozen=True)
class Place:
    start: int  # offsets into the searched sentence
    end: int


# An English month is a value Korean text writes as a number: "November" is 11월. Full names,
# capitalised, as English writes them: "may" is also a verb.
_ENGLISH_MONTH = re.compile(r"\b(" + "|".join(ENGLISH_MONTHS) + r")\b")


# A Korean person's name romanized as Korean names are (Kim Tae-gyun, Tae-gyun Kim): its Hangul in
# parentheses must be the same name, not another person the sentence names.
_ROMANIZED_PERSON = re.compile(ROMANIZED_PERSON)
_COMMON_WORD = re.compile(r"(?<![A-Za-z'’-])[A-Za-z][a-z-]*[a-z](?![A-Za-z'’-])")


def facts_of(claim: str, profile: QuestionProfile) -> list[Fact]:
    """What `claim` states beyond the question, as checkable facts (see the module docstring)."""
    claim = strip_markers(claim)
    facts = _number_facts(claim, profile)
    if profile.language == "ko":
        facts += _korean_word_facts(claim, profile)
    else:
        facts += _month_facts(claim, profile) + _english_name_facts(claim, profile)
        facts += _occupation_facts(claim, profile, facts)
    return facts + _other_script_facts(claim, profile, facts)


def _occupation_facts(claim: str, profile: QuestionProfile, found: Sequence[Fact]) -> list[Fact]:
    """The occupations an English claim names, for a question about what someone does or what
    people share, each found as the Korean word news uses: "They were both lawyers" is stated where
    the text says 변호사. Without it such a claim stated nothing checkable and was dropped."""
    if not (profile.asks_occupation or profile.asks_in_common):
        return []
    have = {f.korean for f in found}
    facts = []
    for match in ENGLISH_OCCUPATION.finditer(_without_parentheses(claim)):
        korean = ENGLISH_OCCUPATIONS[match.group(1).lower()]
        if korean not in have and not profile.says(match.group(1)) and not profile.says(korean):
            have.add(korean)
            facts.append(Fact("name", match.group(0), korean=korean))
    return facts


def _other_script_facts(claim: str, profile: QuestionProfile, found: Sequence[Fact]) -> list[Fact]:
    """Words in another script ("Сергей Морозов", "重慶"), compared verbatim: the checks cannot read
    them otherwise, and a claim must not pass on what nobody checked."""
    said = {f.text for f in found}
    runs = dict.fromkeys(m.group(0) for m in OTHER_SCRIPT_RUN.finditer(claim))
    return [Fact("word", run) for run in runs if run not in said and not profile.says(run)]


def _number_facts(claim: str, profile: QuestionProfile) -> list[Fact]:
    facts = []
    for start, end, values in amount_places(claim):
        if not any(_same(v, q) for v in values for q in profile.numbers):
            # "140" for "how many companies" counts companies: 140개국 does not state it
            counts = _as_the_question_reads(counter_after(claim, end, start), profile)
            facts.append(Fact("number", claim[start:end].strip(), values, counts))
    return facts


def _as_the_question_reads(counts: str, profile: QuestionProfile) -> str:
    """What the claim's number counts, read as the question reads the same counter: after "몇 회
    정례회", a bare "333회" names the session (제333회), as the question's own 회 does, not a
    number of times. A number the claim leaves uncounted counts what the question counts."""
    if counts == "times" and profile.counts == "ordinal":
        return "ordinal"
    return counts or profile.counts


def _month_facts(claim: str, profile: QuestionProfile) -> list[Fact]:
    """The months an English claim names, as numbers counting months: "held every November" is
    found in "매년 11월", and "October 3" is no longer checked by its day alone."""
    months = dict.fromkeys(m.group(1) for m in _ENGLISH_MONTH.finditer(claim) if not profile.says(m.group(1)))
    return [Fact("number", month, frozenset({float(ENGLISH_MONTHS.index(month) + 1)}), "month") for month in months]


def _korean_word_facts(claim: str, profile: QuestionProfile) -> list[Fact]:
    seen, facts = set(), []
    # An award grade is a term even where Kiwi reads it otherwise ("미래, 은상 우수도시" as 은 + 상)
    for form in [*(m.form for m in nouns(claim)), *AWARD.findall(claim)]:
        if form in seen or profile.says(form) or form.lower() in KOREAN_FILLER or _bound(form) or form.isdigit():
            continue
        seen.add(form)
        facts.append(Fact("word", form))
    return facts


def loanword_facts(claim: str, facts: Sequence[Fact], profile: QuestionProfile, sentences: Sequence[str],
                   name_thresholds: tuple[float, float]) -> list[Fact]:
    """The common English words of an English claim that the sentences write as Korean loanwords,
    sound for sound ("blockchain" is 블록체인, "online" 온라인): checkable facts, where "tourism"
    (관광) is not. Only words that sound exactly like a Hangul word a sentence writes: a near sound
    is how names are found, and a common word found by one would be found anywhere."""
    said = " ".join(f.text for f in facts).lower()
    words = dict.fromkeys(w.lower() for w in _COMMON_WORD.findall(re.sub(r"\([^()]*\)", " ", claim)))
    found = []
    for word in words:
        if len(word) < 5 or word in ENGLISH_FILLER or word in said or profile.says(word):
            continue
        if any((m := find_name(word, s, *name_thresholds)) and m.score >= 1.0 and has_hangul(s[m.start:m.end])
               for s in sentences):
            found.append(Fact("name", word))
    return found


def _english_name_facts(claim: str, profile: QuestionProfile) -> list[Fact]:
    facts = []
    for before, inside in _PARENTHESES.findall(claim):
        if has_hangul(inside) and not profile.says(inside) and not _AMOUNT_ONLY.fullmatch(inside.strip()):
            named = (names_in(before) or [""])[-1]
            label = _beyond_the_question(named, profile)  # "": check the Korean only
            if named.lower() in profile.initialisms or (named and not label and _sounds_out(named, inside.strip())):
                continue  # the asked name again, in Korean: "SCEWC (스마트시티 국제행사)", "Seoul Bio Hub (서울 바이오허브)"
            if named and label and _a_clause(inside):  # "Seoul Baronghub (서울은 바이오산업)": the Latin name alone
                facts.append(Fact("name", label))
                continue
            facts.append(Fact("name", label or inside.strip(), korean=inside.strip()))
    echoes = _glossed_with_the_questions_words(claim, profile)
    for quoted in _HANGUL_RUN.findall(_without_parentheses(claim)):  # Korean the answer quotes: verbatim
        if not profile.says(quoted) and quoted.strip() not in echoes:
            facts.append(Fact("name", quoted.strip(), korean=quoted.strip()))
    named = {f.text.lower() for f in facts}
    for name in names_in(_without_parentheses(claim)):
        new = _beyond_the_question(name, profile)
        if new and new.lower() not in named:
            facts.append(Fact("name", new))
    return facts


# A Korean amount in brackets ("2.07 million (207만) people") is a number, checked as one, not a name:
# as a name it had to stand alone in the text, and "207만명" never did.
_AMOUNT_ONLY = re.compile(r"\d[\d.,]*\s*(?:[천만억조]\s*(?:\d[\d.,]*\s*)?)+")


# Hangul the claim glosses in Latin letters right after it: "'트러스트 스퀘어' (Trust Square)".
_LATIN_GLOSSED = re.compile(r"([\uac00-\ud7a3][\uac00-\ud7a3\s·]*[\uac00-\ud7a3]|[\uac00-\ud7a3])['’\"”]?\s*\(([A-Za-z][^()]*)\)")


def _glossed_with_the_questions_words(claim: str, profile: QuestionProfile) -> set[str]:
    """Korean the claim itself glosses with words the question says is the question's own name:
    "because he visited the '트러스트 스퀘어' (Trust Square)" answers "Why did Park stop by Trust
    Square?" with its own words, in Korean."""
    return {hangul.strip() for hangul, latin in _LATIN_GLOSSED.findall(claim)
            if all(profile.says(w) for w in re.findall(r"[A-Za-z][\w'’-]*", latin))}


# Particles that make a word the subject, topic or object of a clause: a name has none before its end.
_CLAUSE_PARTICLES = frozenset({"JX", "JKS", "JKO"})


def _a_clause(korean: str) -> bool:
    """The Korean in brackets is a piece of a clause, not a name: "서울은 바이오산업" ("Seoul is …
    bio-industry") glossed "Seoul Baronghub" is words copied from the cited sentence, not the
    organisation's name. A subject, topic or object particle before its last word gives it away."""
    tags = [m.tag for m in morphemes(korean.strip())]
    return any(tag in _CLAUSE_PARTICLES for tag in tags[:-1])


def _sounds_out(name: str, korean: str) -> bool:
    """`korean` is `name` written in Hangul, sound for sound and nothing more ("서울 바이오허브" for
    Seoul Bio Hub); "서울시 행정1부" for Seoul City Hall says more."""
    match = find_name(name, korean, 1.0, 1.0)
    return match is not None and match.score >= 1.0 and match.start == 0 and match.end == len(korean)


def _beyond_the_question(name: str, profile: QuestionProfile) -> str:
    """The part of a name the question did not say: "Chongqing Station" for a question about
    Chongqing is "Station", a generic word, so nothing; "Hu Henghua" stays whole."""
    asked = {w.lower() for n in profile.names for w in n.split()} | set(profile.words) | profile.initialisms
    words = name.split()
    if all(w.lower() in asked for w in words):
        return ""
    kept = [w for w in words if w.lower() not in asked]
    return name if len(kept) == len(words) else " ".join(w for w in names_in(" ".join(kept)))


def locate(fact: Fact, sentence: str, name_thresholds: tuple[float, float], by_sound: bool = True) -> Place | None:
    """Where `sentence` states `fact`, or None when it does not. Without `by_sound`, a name the
    claim gives in Korean is found only as written (see `spelled_as_written`)."""
    if fact.kind == "number":
        for start, end, values in amount_places(sentence):
            counts = counter_after(sentence, end, start)
            if not same_count(counts, fact.counts):
                continue  # the same number counting something else: "30살" is not "15시30분"
            if not counts and fact.counts in COUNTED_BODIES and counts_something_unnamed(sentence, end, start):
                continue  # "18제 전통풍모지구" is no count of people
            if any(_same(v, w) for v in values for w in fact.values):
                return Place(start, end)
        if fact.counts == "month" and _ENGLISH_MONTH.fullmatch(fact.text):  # an English document: "in March"
            written = re.search(r"\b" + fact.text + r"\b", sentence)
            return Place(written.start(), written.end()) if written else None
        return None
    if fact.kind == "word":
        # 세종시 is found as 세종 when the text writes it without its suffix.
        return (_verbatim(fact.text, sentence) or _verbatim(PLACE_SUFFIX.sub("", fact.text), sentence)
                or _verbatim(_UNIVERSITY.sub("대", fact.text), sentence))
    if fact.korean:
        if _one_syllable_for_a_name(fact, name_thresholds):
            return None
        found = (_verbatim(fact.korean, sentence, whole_word=True)
                 or _verbatim(_UNIVERSITY.sub("대", fact.korean), sentence, whole_word=True))
        if found and _ROMANIZED_PERSON.fullmatch(fact.text) and not find_name(fact.text, fact.korean, *name_thresholds):
            return None  # "Kim Jae-in (김태균)": the name written in Latin is someone else's
        if found or not by_sound or not fact.text[:1].isupper() or has_hangul(fact.text):
            return found  # only a capitalised name may fall back to its sound
    match = find_name(fact.text, sentence, *name_thresholds)  # a Korean spelling the model got wrong
    found = sentence[match.start:match.end] if match else ""
    if match and _one_syllable_unlike(fact.text, found, match.score):
        return None
    if fact.korean and has_hangul(found) and not sounds_alike(fact.korean, found, *name_thresholds):
        return None  # "Lee Sang-hoon (이상호)" is not 이날 오후: the model's own spelling must agree too
    return Place(match.start, match.end) if match else None


def _one_syllable_for_a_name(fact: Fact, name_thresholds: tuple[float, float]) -> bool:
    """A Latin name glossed with one Hangul syllable that does not sound like it ("Chengdu (총)")."""
    korean = fact.korean.strip()
    if len(korean) != 1 or not has_hangul(korean):
        return False
    sound = find_name(fact.text, korean, *name_thresholds)
    return _one_syllable_unlike(fact.text, korean, sound.score if sound else 0.0)


def _one_syllable_unlike(name: str, hangul: str, score: float) -> bool:
    """One Hangul syllable stands for a capitalised Latin name only when it sounds just like it:
    "Chengdu" shares only its first sounds with 총, and was found as the 총 of "총 350여명이
    참석한다" ("in all"); a syllable is as likely a particle, a counter or a word of the sentence.
    "Kim" is 김 exactly and stays."""
    return len(hangul.strip()) == 1 and has_hangul(hangul) and name[:1].isupper() and score < 1.0


def spelled_as_written(fact: Fact, sentences: Sequence[str]) -> bool:
    """The claim gives the name's Korean and one of `sentences` writes it so: the model spelled it
    right, so no other word may stand in for it by sound ("Kim Tae-gyun (김태균)" is not 검사관,
    whose sound key is one letter off, where the sentences naming 김태균 give him another role)."""
    return bool(fact.korean) and any(_verbatim(fact.korean, s, whole_word=True) for s in sentences)


def source_spelling(fact: Fact, sentence: str, place: Place) -> str:
    """How the sentence writes a name an English claim gives only in Latin letters, found there by
    sound: 리즈바역 for "Rezba Station". "" where the claim gives the Korean already, the sentence
    writes the name in Latin letters, or the sound match is only part of a word (보태니 of 보태니컬)."""
    written = sentence[place.start:place.end]
    if fact.kind != "name" or fact.korean or not has_hangul(written) or has_hangul(fact.text):
        return ""
    whole = _WORD_TAIL.fullmatch(_hangul_after(sentence, place.end)) is not None
    return written if whole else ""


def _verbatim(term: str, sentence: str, whole_word: bool = False) -> Place | None:
    """`term` in `sentence`, spaces ignored ("우호 도시" finds "우호도시"), case-folded.

    With `whole_word`, the word must end where the term does, but for a particle or a place
    suffix: "서울시 행정1부" is not stated by "서울시 행정1부시장은" (the deputy mayor, not the office).
    """
    letters = [re.escape(ch) for ch in term if not ch.isspace()]
    if not letters:
        return None
    for match in re.finditer(r"\s*".join(letters), sentence, re.IGNORECASE):
        if not whole_word or _WORD_TAIL.fullmatch(_hangul_after(sentence, match.end())):
            return Place(match.start(), match.end())
    return None


# What may follow a whole Korean word inside its written word: a place suffix, then a particle.
_WORD_TAIL = re.compile(
    r"(?:시|구|군|주|도|성)?(?:은|는|이|가|을|를|의|에|에서|에게|와|과|도|로|으로|만|까지|부터|께서|이며|이자|인|이다|"
    r"에는|에도|와의|과의|에서의|으로는|로는|로서|으로서|라는|이라는|란|이란|처럼|보다|하고|랑|이랑|"
    r"로부터|으로부터|에게서|한테|에서는|에서도|으로도|로도)?")  # "영국표준협회로부터": from the body named


def to_the_word_end(sentence: str, end: int) -> int:
    """Where a span ending at `end` should end so that it never cuts a Korean word: at the word's
    end, before its particle. Kiwi reads "라히모바 두르도나" as 두르도 + the particle 나, so the
    located name "라히모바 두르도" lost a syllable in the highlight."""
    if end <= 0 or not has_hangul(sentence[end - 1]):
        return end
    rest = _hangul_after(sentence, end)
    particle = _PARTICLE_AT_END.search(rest)
    return end + (particle.start() if particle else len(rest))


# A particle that ends a written word ("시장은": 은); the word's own syllables come before it.
_PARTICLE_AT_END = re.compile(r"(?:은|는|이|가|을|를|의|에|에서|에게|와|과|도|로|으로|와의|과의|에는|에도|한테|랑|이랑)$")


def _hangul_after(sentence: str, end: int) -> str:
    """The Hangul that continues the word at `end` ("" when the word ends there)."""
    match = re.match(r"[\uac00-\ud7a3]*", sentence[end:])
    return match.group(0) if match else ""


def _without_parentheses(text: str) -> str:
    return re.sub(r"\([^()]*\)", " ", text)


def _bound(form: str) -> bool:
    """One Hangul syllable (시, 명, 개, 년): a suffix or counter, not a fact ("충칭시" for a name)."""
    return len(form) == 1 and has_hangul(form)


def _same(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))
