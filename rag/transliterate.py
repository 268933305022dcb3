"""English names against Hangul text: "Tashkent" is 타슈켄트, "Heiniger" is 하이니거.

The articles are Korean; an English answer or question names people and
places in Latin letters. Embeddings matched such names poorly (Tashkent was
closer to 우즈베키스탄 than to 타슈켄트), so names are compared by sound:
the Hangul is romanized (anyascii, Revised-Romanization-like), both sides are
reduced to a consonant key that absorbs the usual spelling differences
(r/l, p/f/b, k/g/q, silent final r, German final ch), and the keys are
compared by edit distance. Exonyms that are translations, not
transliterations (China = 중국), come from a small table; the Korean names
GeoNames gives the world's cities (Pittsburgh = 피츠버그, which English
spelling hides from the sound key) from rag/gazetteer.py.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

from anyascii import anyascii

from rag.gazetteer import korean_language_names, korean_names

# Names whose Korean form is a translation, not a transliteration.
EXONYMS = {
    "seoul": ("서울",), "korea": ("한국", "대한민국"), "south korea": ("한국", "대한민국"), "china": ("중국",), "chinese": ("중국",),
    "japan": ("일본",), "switzerland": ("스위스",), "swiss": ("스위스",), "germany": ("독일",),
    "united states": ("미국",), "america": ("미국",), "usa": ("미국",), "us": ("미국",),
    "united kingdom": ("영국",), "uk": ("영국",), "britain": ("영국",), "england": ("영국",),
    "europe": ("유럽",), "central asia": ("중앙아시아",), "asean": ("아세안",),
    "kyrgyz republic": ("키르기스 공화국", "키르기스스탄"), "zurich": ("취리히",), "new york": ("뉴욕",),
    "southeast asia": ("동남아",), "southeast": ("동남아", "동남"), "east asia": ("동아시아",), "middle east": ("중동",),
    "north america": ("북미",), "south america": ("남미",),
    # regions as users write them before a noun ("Which Central Asian city …"); not "Korean", which
    # also names a language ("the Korean name")
    "central asian": ("중앙아시아",), "southeast asian": ("동남아",), "east asian": ("동아시아",),
    "european": ("유럽",), "middle eastern": ("중동",),
    # cities users shorten to their initials ("the signatory from KL")
    "kl": ("쿠알라룸푸르",), "nyc": ("뉴욕",), "hcmc": ("호치민", "호찌민"),
}
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3]+")
# Particles and suffixes that follow a name in Korean text ("쿠알라룸푸르에서").
_PARTICLES = re.compile(r"(에서는|에서도|에서|에게|으로|로는|로|와의|과의|와|과|은|는|이|가|을|를|의|에|도|께서|씨)$")
# A topic or object particle ends the word it follows as a name: no name reads on across it
# ("서울은 바이오산업", Seoul is … bio-industry, sounded like "Seoul Baronghub").
_ENDS_A_NAME = re.compile(r"^(?:은|는|을|를)$")
# Hangul glued to a closing quote or bracket is the ending of a quoted clause ("…됐다”며"), no name:
# "며 “서울시" sounded like Maurice.
_CLOSING = re.compile(r"[”’»」』)\]]")
# A predicate is no name: "말했다" sounded like Maurice.
_PREDICATE = re.compile(r"(?:했|한|된|됐|있|없|었|였|겠|이|하)(?:다|며|고|으며)$")
# Administrative suffixes written onto a place name: 서초구 is Seocho, 세종시 is Sejong.
_PLACE_SUFFIX = re.compile(r"(?<=..)(특별시|광역시|특별자치시|시|구|군|주|도|국)$")


@dataclass(frozen=True)
class NameMatch:
    start: int  # offsets of the matched Hangul words in the searched text
    end: int
    score: float


def _after_a_closing_quote(text: str, start: int) -> bool:
    """The character before `start` closes a quote or bracket. A straight quote (' or ") closes only
    when glued to the text before it ("…됐다'며"); after a space it opens one, and in "유도하는 '북촌
    사물인터넷 실증지역'" 북촌 is a name."""
    before = text[start - 1] if start > 0 else ""
    if before in ("'", '"'):
        return start >= 2 and not text[start - 2].isspace() and text[start - 2] not in "([{“‘"
    return bool(before) and _CLOSING.match(before) is not None


def romanize(hangul: str) -> str:
    return anyascii(hangul).lower()


# Spellings of one sound class, longest first; what is left (vowels, h, w, y) is dropped.
_SOUND_CLASSES = (
    ("tch", "J"), ("sch", "S"), ("ch", "J"), ("sh", "S"), ("ph", "P"), ("th", "T"), ("ck", "K"), ("gh", ""),
    ("qu", "K"), ("ts", "J"), ("tz", "J"), ("ds", "J"), ("x", "KS"), ("c(?=[eiy])", "S"), ("j", "J"), ("z", "J"), ("s", "S"),
    ("k", "K"), ("g", "K"), ("q", "K"), ("c", "K"), ("t", "T"), ("d", "T"), ("p", "P"), ("b", "P"), ("f", "P"),
    ("v", "P"), ("l", "L"), ("r", "L"), ("m", "M"), ("n", "N"),
)
_SOUND = re.compile("|".join(f"({pattern})" for pattern, _ in _SOUND_CLASSES))


def sound_key(latin: str) -> str:
    """Consonant skeleton of a Latin spelling: "Tashkent" and "tasyukenteu" both give "TSKNT".

    Read word by word: the t ending "Trust" and the s starting "Square" are two sounds, not the ts
    of Tashkent, and "Trust Square" is 트러스트 스퀘어."""
    return re.sub(r"(.)\1+", r"\1", "".join(_word_sound(word) for word in latin.lower().split()))


def _word_sound(word: str) -> str:
    s = re.sub(r"[^a-z]", "", word)
    s = re.sub(r"ch$", "", s)  # German final ch: Mauch 마우흐, Zurich 취리히
    s = re.sub(r"(?<=[aeiou])re$", "e", s)  # English final -are, -ore, -ire: Square 스퀘어, Moore 무어
    s = re.sub(r"r(?![aeiouy])", "", s)  # silent r before a consonant or at the end: Heiniger 하이니거
    s = _SOUND.sub(lambda m: _SOUND_CLASSES[m.lastindex - 1][1], s)
    return re.sub(r"[a-z]", "", s)


def key_similarity(a: str, b: str) -> float:
    """1 - normalised edit distance of two sound keys."""
    if not a or not b:
        return 0.0
    return 1.0 - _edit_distance(a, b) / max(len(a), len(b))


def _edit_distance(a: str, b: str) -> int:
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


# A Korean word the model wrote with Latin letters for a syllable it could not spell: "울랴nop스크",
# "울랴 NOP스크" for 울랴놉스크 (a rare syllable its tokenizer splits).
_MIXED_WORD = re.compile(r"([\uac00-\ud7a3]+)\s?([A-Za-z]{1,4})([\uac00-\ud7a3]+)")


def mend_mixed_words(claim: str, sentences: Sequence[str]) -> str:
    """`claim` with each Korean word written partly in Latin letters replaced by the sentences' word
    that has the same Hangul on both sides and, between them, one or two syllables that sound like
    the Latin: "울랴nop스크" is 울랴놉스크. A word no sentence writes so is left as it is (and fails
    the checks as before): the mended word is the source's own, found verbatim."""
    def mended(m: re.Match) -> str:
        before, latin, after = m.groups()
        key = sound_key(latin)
        if len(key) < 2:  # "AI" keeps no consonant: it could sound like any vowel syllable
            return m.group(0)
        between = re.compile(re.escape(before) + r"([\uac00-\ud7a3]{1,2})" + re.escape(after))
        for sentence in sentences:
            for found in between.finditer(sentence):
                if sound_key(romanize(found.group(1))) == key:
                    return found.group(0)
        return m.group(0)
    return _MIXED_WORD.sub(mended, claim)


# Family names as Korean people write them in Latin letters (Kim, not Revised Romanization's Gim).
_FAMILY_NAMES = {
    "김": "Kim", "이": "Lee", "박": "Park", "최": "Choi", "정": "Jung", "강": "Kang", "조": "Cho", "윤": "Yoon",
    "장": "Jang", "임": "Lim", "한": "Han", "오": "Oh", "서": "Seo", "신": "Shin", "권": "Kwon", "황": "Hwang",
    "안": "Ahn", "송": "Song", "전": "Jeon", "홍": "Hong", "유": "Yoo", "고": "Ko", "문": "Moon", "양": "Yang",
    "손": "Son", "배": "Bae", "백": "Baek", "허": "Heo", "남": "Nam", "노": "Noh", "하": "Ha", "곽": "Kwak",
    "성": "Sung", "차": "Cha", "주": "Joo", "우": "Woo", "구": "Koo", "민": "Min", "류": "Ryu", "나": "Na",
    "진": "Jin", "지": "Ji", "엄": "Eom", "채": "Chae", "원": "Won", "천": "Cheon", "방": "Bang", "공": "Kong",
    "현": "Hyun", "함": "Ham", "변": "Byun", "염": "Yeom", "여": "Yeo", "추": "Choo", "도": "Do", "석": "Seok",
}
# A Korean person's name romanized as Korean names are: Kim Tae-gyun, Tae-gyun Kim.
ROMANIZED_PERSON = r"[A-Z][a-z]+ [A-Z][a-z]+-[a-z]+|[A-Z][a-z]+-[a-z]+ [A-Z][a-z]+"
# "Kim Jae-in (김태균)": such a name with its Hangul in parentheses.
_PERSON_AND_HANGUL = re.compile(r"\b(" + ROMANIZED_PERSON + r")(\s*\(([\uac00-\ud7a3]{2,4})\))")


def korean_family_name(hangul: str) -> str | None:
    """The English spelling of the common Korean family name `hangul` starts with, or None."""
    return _FAMILY_NAMES.get(hangul[:1])


def romanize_person(hangul: str) -> str:
    """A Korean person's name as English news writes it: 김태균 is Kim Tae-gyun."""
    family = _FAMILY_NAMES.get(hangul[0]) or anyascii(hangul[0]).capitalize()
    given = "-".join(anyascii(syllable).lower() for syllable in hangul[1:])
    return f"{family} {given.capitalize()}"


def respell_persons(claim: str, sentences: Sequence[str], min_similarity: float, min_short_spelling: float) -> str:
    """`claim` with a person's Latin name that sounds like no part of its own Hangul ("Kim Jae-in
    (김태균)") respelled from that Hangul ("Kim Tae-gyun (김태균)"), where an evidence sentence writes
    the Hangul as a whole word. The Hangul is the fact the sentence holds; the model's
    romanisation of it was wrong. Elsewhere the claim is left as it is, and the checks drop it."""
    def respelled(m: re.Match) -> str:
        latin, parenthesised, hangul = m.groups()
        if find_name(latin, hangul, min_similarity, min_short_spelling):
            return m.group(0)
        written = any(word == hangul or _PARTICLES.sub("", word) == hangul
                      for s in sentences for word in _HANGUL_WORD.findall(s))
        return romanize_person(hangul) + parenthesised if written else m.group(0)
    return _PERSON_AND_HANGUL.sub(respelled, claim)


# "Sergey Ivanovich Morozov (서게이 모로조프)": a Latin name of two words or more with Hangul in brackets.
_LATIN_AND_HANGUL = re.compile(r"\b([A-Z][A-Za-z.'-]*(?:\s+[A-Z][A-Za-z.'-]*)+)\s*\(([\uac00-\ud7a3]+(?:\s+[\uac00-\ud7a3]+){0,3})\)")


def keep_the_texts_hangul(claim: str, sentences: Sequence[str]) -> str:
    """`claim` with the Hangul it gives a Latin name replaced by the text's own, where a sentence
    writes that very Latin name in brackets after its Hangul: "Sergey Ivanovich Morozov (서게이
    모로조프)" becomes "Sergey Ivanovich Morozov (세르게이 모로조프)" when the text writes "세르게이
    모로조프(Sergey Ivanovich Morozov)". The Latin name is the fact the sentence holds, letter for
    letter; the model's own Hangul for it is a misspelling no sentence holds. Hangul some sentence
    writes is left as it is, and so is a name no sentence writes in Latin letters."""
    def kept(m: re.Match) -> str:
        latin, hangul = m.groups()
        if any(hangul in s for s in sentences):
            return m.group(0)
        words = len(hangul.split())
        written = re.compile(r"((?:[\uac00-\ud7a3]+\s+){%d}[\uac00-\ud7a3]+)\s*\(\s*%s\s*\)"
                             % (words - 1, re.escape(latin)), re.IGNORECASE)
        for sentence in sentences:
            found = written.search(sentence)
            if found:
                return m.group(0).replace(hangul, found.group(1))
        return m.group(0)
    return _LATIN_AND_HANGUL.sub(kept, claim)


def find_name(name: str, text: str, min_similarity: float, min_short_spelling: float = 0.6) -> NameMatch | None:
    """Where `text` (Korean) names `name` (Latin letters), or None.

    Tries the exonym table, the name spelled in Latin letters, then runs of
    1..max_words Hangul words (particles cut) compared by sound. A short key
    (two consonants or fewer: "Hu Henghua" is "N") says little, so it must
    match exactly and the spellings, vowels included, must be this alike.
    """
    exact = _exonym_or_latin(name, text)
    if exact or " ".join(name.lower().split()) in EXONYMS:
        return exact  # a translated name has no sound to match: "Central Asia" sounded like 선도도시
    key = sound_key(name)
    if not key:
        return None
    max_words = len(name.split()) + 1  # Korean may write a name in one word more or fewer
    best: NameMatch | None = None
    for words in _word_runs(text):
        found = _best_in_run(name, key, words, max_words, min_similarity, min_short_spelling)
        if found and (best is None or found.score > best.score):
            best = found
    if best and not _near_a_known_spelling(name, text[best.start : best.end], min_similarity):
        return None
    return best


def _near_a_known_spelling(name: str, found: str, min_similarity: float) -> bool:
    """A name whose Korean spellings the gazetteer gives is found by sound only in a word spelled
    near one of them: 울랴놉스크 is near 울리야놉스크 (Ulyanovsk), but 중앙아시아, whose sound key
    is one letter from Chongqing's, is nowhere near 충칭. A name the gazetteer lacks is not judged."""
    known = korean_names(name)
    spelled = romanize(re.sub(r"\s+", "", found))
    return not known or any(SequenceMatcher(None, spelled, romanize(form)).ratio() >= min_similarity for form in known)


def _word_runs(text: str) -> list[list[tuple[int, int, str]]]:
    """The Hangul words that may be (part of) a name, particles cut, as runs of words that only
    spaces part: a name of two words is never read across a predicate, a quote or a comma left
    out between them ("스타트업을 지원하고 블록체인" sounded like South African), nor after a topic or
    object particle."""
    runs: list[list[tuple[int, int, str]]] = [[]]
    last_end = 0
    for m in _HANGUL_WORD.finditer(text):
        usable = not _after_a_closing_quote(text, m.start()) and not _PREDICATE.search(m.group())
        if not usable or text[last_end : m.start()].strip():
            runs.append([])
        if usable:
            bare = _PARTICLES.sub("", m.group())
            runs[-1].append((m.start(), m.start() + len(bare), bare))
            if _ENDS_A_NAME.search(m.group()[len(bare):]):
                runs.append([])
        last_end = m.end()
    return [run for run in runs if run]


def _best_in_run(name: str, key: str, words: list[tuple[int, int, str]], max_words: int, min_similarity: float,
                 min_short_spelling: float) -> NameMatch | None:
    """The best match of `name` among 1..max_words consecutive words of one run (the first of equals)."""
    best: NameMatch | None = None
    for i in range(len(words)):
        for j in range(i + 1, min(i + max_words, len(words)) + 1):
            joined = "".join(w for _, _, w in words[i:j])
            end = words[j - 1][1]
            for readings in _readings(joined, compound_head=len(key) > 2 and j == i + 1):
                scored = [(_score(name, key, spelled, min_short_spelling), cut) for spelled, cut in readings]
                score, cut = max(scored)
                if score >= (min_similarity if cut == 0 else 1.0):
                    if best is None or score > best.score:
                        best = NameMatch(words[i][0], end - cut, score)
                    break  # the fullest reading that matches: 쿠알라룸푸르 is not 쿠알라룸푸 + 르
    return best


def _readings(hangul: str, compound_head: bool) -> list[list[tuple[str, int]]]:
    """How a run of Hangul words may spell a name, fullest first, each with how many trailing
    characters are not the name: whole or without an administrative suffix (취리히주); then, for one
    word and a name of three consonants or more, without a noun compounded onto it (노벨상 is 노벨 +
    상, "prize"), which must then sound exactly like the name. A short name ("Kim") is not read
    inside a longer word: 김치 is not Kim."""
    readings = [[(romanize(hangul), 0), (romanize(_PLACE_SUFFIX.sub("", hangul)), 0)]]
    if compound_head and len(hangul) > 2:
        readings.append([(romanize(hangul[:-1]), 1)])
    title = _TITLE_AFTER_PLACE.search(hangul) if " " not in hangul else None
    if title:
        readings.append([(romanize(_PLACE_SUFFIX.sub("", hangul[: title.start()])), len(title.group()))])
    return readings


# An office written onto its place in one word: 서초구청장 is Seocho's district head, 충칭시장 Chongqing's
# mayor. The place before it must then sound exactly like the name (a cut reading must score 1.0).
_TITLE_AFTER_PLACE = re.compile(r"(?<=[\uac00-\ud7a3]{2})(구청장|부시장|시장|주지사|도지사|지사|청장|군수|의장)$")


def _score(name: str, key: str, spelled: str, min_short_spelling: float) -> float:
    """How alike a name's sound key and a Hangul reading are; a short key must match exactly and be
    spelled alike. A key of four consonants or fewer that is one off must be spelled alike too,
    unless the reading only adds a sound after the whole name (리즈바역, LJPK, is "Rezba", LJP, and
    a station): "Li Qiang" (LKNK) is one consonant from 비공개 ("closed-door", PKNK), and "Science"
    (SNS) one from 선도도시 ("leading city", SNTS), each spelled nothing like it."""
    found = sound_key(spelled)
    score = key_similarity(key, found)
    if len(key) <= 2 and (score < 1.0 or _spelling_similarity(name, spelled) < min_short_spelling):
        return 0.0
    if (len(key) <= _NEAR_KEY_LENGTH and score < 1.0 and not found.startswith(key)
            and _spelling_similarity(name, spelled) < min_short_spelling):
        return 0.0
    return score


_NEAR_KEY_LENGTH = 4


def sounds_alike(hangul: str, other: str, min_similarity: float, min_short_spelling: float = 0.6) -> bool:
    """Two Hangul spellings of one name agree in sound, whole or in one word: "하이니커" is "하이니거",
    "서게이 모로조프" is "세르게이 이바노비치 모로조프"; "이상호" is not "이날 오후"."""
    def key(h: str) -> str:
        return sound_key(romanize(_PLACE_SUFFIX.sub("", _PARTICLES.sub("", h))))

    pairs = [(hangul.replace(" ", ""), other.replace(" ", ""))]
    pairs += [(a, b) for a in _HANGUL_WORD.findall(hangul) for b in _HANGUL_WORD.findall(other)]
    for a, b in pairs:
        ka, kb = key(a), key(b)
        if len(ka) <= 2 or len(kb) <= 2:  # a short key says little ("SN": 이상호 and 시엔): the spelling must agree
            if ka == kb and _spelling_similarity(romanize(a), romanize(b)) >= min_short_spelling:
                return True
        elif key_similarity(ka, kb) >= min_similarity:
            return True
    return False


def _spelling_similarity(a: str, b: str) -> float:
    letters = [re.sub(r"[^a-z]", "", x.lower()) for x in (a, b)]
    return SequenceMatcher(None, *letters).ratio()


def translated_names(name: str) -> tuple[str, ...]:
    """How Korean writes an English place name it translates or spells its own way: the exonym
    table's forms, then the gazetteer's, longest first ("Seoul" is 서울, "Uzbek" 우즈베키스탄), then
    the language it names ("English" is 영어)."""
    return (*EXONYMS.get(" ".join(name.lower().split()), ()), *sorted(korean_names(name), key=len, reverse=True),
            *korean_language_names(name))


def _exonym_or_latin(name: str, text: str) -> NameMatch | None:
    lowered = text.lower()
    spelled = lowered.find(name.lower())
    if spelled >= 0:
        return NameMatch(spelled, spelled + len(name), 1.0)
    words = re.findall(r"[A-Za-z]+", name)
    if len(words) >= 3:  # "Smart City Expo World Congress" is written SCEWC
        initials = re.search(r"(?<![A-Za-z])" + "".join(w[0] for w in words) + r"(?![A-Za-z])", text, re.IGNORECASE)
        if initials:
            return NameMatch(initials.start(), initials.end(), 1.0)
    for korean in translated_names(name):
        found = text.find(korean)
        if found >= 0:
            return NameMatch(found, found + len(korean), 1.0)
    return None
