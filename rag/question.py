"""The question, read once: its language, the nouns and names it asks about, and what kind of answer it wants.

Every check reads this profile instead of re-tokenizing the question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.amounts import counter_after, numbers_in
from rag.language import detect_language, has_hangul
from rag.morph import morphemes, nouns

# English words that carry no fact (the question's own words are excluded separately).
ENGLISH_FILLER = frozenset({
    "the", "a", "an", "is", "are", "was", "were", "be", "been", "of", "in", "on", "at", "to", "and",
    "or", "for", "with", "by", "as", "it", "its", "this", "that", "these", "those", "he", "she",
    "they", "his", "her", "their", "from", "about", "has", "have", "had", "did", "does", "do",
    "which", "what", "who", "when", "where", "how", "there", "also", "than", "more", "most", "some", "not",
    "both", "each", "all", "one", "answer", "evidence", "according", "document", "documents", "article",
})
# Korean nouns that name nothing in particular.
KOREAN_FILLER = frozenset({"것", "수", "등", "및", "위", "답", "증거", "문서", "기사", "내용", "관련", "경우", "정도", "때"})

_NAME = re.compile(r"[A-Z][\w'’-]*(?:[ \t]+(?:bin[ \t]+|van[ \t]+)?[A-Z][\w'’-]*)*")
_NOT_NAMES = ENGLISH_FILLER | {
    "whom", "whose", "why", "can", "could", "will", "would", "tell", "name", "list", "give", "please",
    # dates are checked as numbers, not as names ("in July" is 7월 in the source)
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
    # titles and generic heads written with a capital: the name is the word beside them
    "mayor", "deputy", "vice", "governor", "city", "canton", "province", "state", "university", "president",
    "minister", "ministry", "metropolitan", "government", "republic", "district", "mr", "mrs", "ms", "dr",
}
_TIME_YEAR = re.compile(r"(?<!\d)((?:19|20)\d\d)\s*년(?:에|도에|에는)|\bin ((?:19|20)\d\d)\b")
# English administrative units and the suffix Korean writes them with: the canton of Zurich is 취리히주,
# the city of Zurich 취리히시.
PLACE_UNITS = {"canton": "주", "state": "주", "province": "성", "city": "시", "district": "구", "county": "군"}
_PLACE_UNIT = re.compile(r"\b(canton|state|province|city|district|county) of ([A-Z][\w'’-]+)", re.IGNORECASE)
_POSSESSOR = re.compile(r"([0-9A-Za-z\uac00-\ud7a3·]{2,})의(?=\s)")

# (kind, what the question says, what an answer of that kind must state).
# A year is not an age; a population is not an area.
_KINDS = (
    ("an age", re.compile(r"\bhow old\b|\bage\b|나이|몇\s*살", re.IGNORECASE),
     re.compile(r"\d+\s*(세|살)|\d+\s*years?\s*old|\baged?\s*\d+", re.IGNORECASE)),
    ("a birth year", re.compile(r"년생|\bborn\b|출생|태어", re.IGNORECASE),
     re.compile(r"년생|\bborn\b|출생|태어", re.IGNORECASE)),
    # "the area of X" is a size; "which area of Seoul" is a place
    ("an area", re.compile(r"면적|넓이|\bthe (land |total |surface )?area of\b", re.IGNORECASE),
     re.compile(r"㎢|㎡|km2|km²|m2|m²|제곱|square|헥타르|hectare|\bha\b|평\b", re.IGNORECASE)),
    # "몇 년에 격상" asks for a year: "15년" (how long) is not one
    ("a year", re.compile(r"몇\s*년(에|도)|몇\s*년\s*(부터|까지)|\b(what|which) year\b|\bin what year\b", re.IGNORECASE),
     re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)|'\d\d(?!\d)")),
    ("a number or date", re.compile(
        r"얼마|몇|언제|\bhow (many|much|long|old)\b|\bwhen\b|\b(what|which) year\b|\bwhat percentage\b", re.IGNORECASE),
     re.compile(
        r"\d|\b(one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|forty|fifty|"
        r"hundred|thousand|dozen|once|twice|first|second|third)\b|"
        r"(한|두|세|네|다섯|여섯|일곱|여덟|아홉|열|첫)\s*(번|곳|개|명|회|차례|해|째)", re.IGNORECASE)),
)


@dataclass(frozen=True)
class QuestionProfile:
    text: str
    language: str  # "ko" | "en": the answer's language
    words: frozenset[str]  # nouns (Korean) and content words (English, lower-cased) it says
    names: tuple[str, ...]  # proper names it asks about (English), for matching Korean text by sound
    possessors: tuple[str, ...]  # X of a Korean "X의 Y" question
    place_units: tuple[tuple[str, str], ...]  # English "the canton of Zurich": (Korean suffix 주, name Zurich)
    numbers: frozenset[float]
    years: frozenset[float]  # years the question sets the time by ("2014년에", "in 2014")
    kinds: tuple[tuple[str, re.Pattern], ...]  # (kind, what an answer must state) it asks for
    proper_nouns: tuple[str, ...] = ()  # Korean proper nouns it names (타슈켄트, 모로조프)
    counts: str = ""  # what a "몇 표" / "how many companies" question counts (amounts.counter_after)

    def says(self, word: str) -> bool:
        """True when the question already says `word` (an answer repeating it adds nothing)."""
        word = word.lower()
        return word in self.words or word in _compact(self.text).lower()


def profile_question(question: str) -> QuestionProfile:
    return QuestionProfile(
        text=question,
        language=detect_language(question),
        words=frozenset(_words(question)),
        names=tuple(names_in(question)),
        possessors=tuple(_POSSESSOR.findall(question + " ")),
        place_units=tuple((PLACE_UNITS[unit.lower()], name) for unit, name in _PLACE_UNIT.findall(question)),
        numbers=frozenset(numbers_in(question)),
        years=frozenset(float(m.group(1) or m.group(2)) for m in _TIME_YEAR.finditer(question)),
        kinds=tuple((kind, states) for kind, asks, states in _KINDS if asks.search(question)),
        proper_nouns=tuple(dict.fromkeys(m.form for m in morphemes(question) if m.tag == "NNP" and len(m.form) > 1)),
        counts=asked_counter(question),
    )


_HOW_MANY = re.compile(r"몇|\bhow many\b", re.IGNORECASE)


def asked_counter(question: str) -> str:
    """What a how-many question counts: "몇 표" votes, "how many companies" companies; "" when unsaid."""
    match = _HOW_MANY.search(question)
    return counter_after(question, match.end()) if match else ""


def _words(text: str) -> list[str]:
    korean = [m.form for m in nouns(text) if has_hangul(m.form) and len(m.form) > 1]  # 시, 주: suffixes
    latin = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text) if w.lower() not in ENGLISH_FILLER]
    return korean + latin


def names_in(text: str) -> list[str]:
    """Proper names in English text ("Kuala Lumpur", "Hu Henghua"), possessives cut.

    Titles and generic heads at a name's edges are cut ("Mayor Hu" is Hu; "Smart
    City Expo" keeps its City); "Seoul-Tashkent" is two names. Short all-capital
    words (GDP, MOU) name concepts, not who or what is asked about.
    """
    names = []
    for match in _NAME.finditer(re.sub(r"-(?=[A-Z])", " / ", text)):
        words = [w.rstrip(".'’") for w in re.sub(r"['’]s\b", "", match.group(0)).split()]
        while words and _generic(words[0]):
            words.pop(0)
        while words and _generic(words[-1]):
            words.pop()
        if words and len(" ".join(words)) > 1:
            names.append(" ".join(words))
    return names


def _generic(word: str) -> bool:
    return word.lower() in _NOT_NAMES or (word.isupper() and len(word) <= 4)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)
