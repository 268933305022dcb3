"""Roles and their sides: the place news text attaches to a person's title.

"김태균 서울시 행정1부시장" is Seoul's deputy mayor and "이스마디 빈 사키린 쿠알라룸푸르
부시장" Kuala Lumpur's. An agreement has two sides, and the small model answers a
question about one side with the other side's person. One sentence may name him
without his side ("김태균 행정1부시장(우)은 …"), so a person's side is read from every
place his document names him.
"""

from __future__ import annotations

import re
from functools import lru_cache

from rag.question import APPOSITIVE_TITLES, TITLE, ends_in_possessive, korean_title
from rag.transliterate import find_name

PARTICLE = re.compile(r"(에서는|에서|에선|으로|에게|께서|은|는|이|가|의|에|와|과|을|를|로|도)$")
PLACE_SUFFIX = re.compile(r"(?<=..)(시|주|구|군|도|성)$")
_HANGUL_WORD = re.compile(r"[\uac00-\ud7a3][\uac00-\ud7a3\d]*")
# A Latin spelling in brackets after a Korean name: "마우흐(Corine Mauch)", "토마스 하이니거 (Thomas Heiniger)".
LATIN_GLOSS = r"\s*\(\s*([A-Z][A-Za-z.'’-]*(?:\s+[A-Za-z.'’-]+){0,4})\s*\)"


def latin_after(name: str, text: str) -> str:
    """The Latin spelling the text writes right after a Korean name (마우흐(Corine Mauch) -> Corine
    Mauch), or "". The name must start a word: 하이니거 is not the end of another."""
    match = re.search(rf"(?<![\uac00-\ud7a3]){re.escape(name)}{LATIN_GLOSS}", text)
    return match.group(1) if match else ""
# Countries, as news text puts them before a foreign city and its official ("러시아 울랴놉스크 주지사").
COUNTRY = re.compile(
    r"^(러시아|중국|일본|미국|영국|독일|프랑스|스위스|스페인|이탈리아|캐나다|호주|인도|베트남|태국|필리핀|"
    r"말레이시아|인도네시아|싱가포르|몽골|우즈베키스탄|카자흐스탄|키르기스스탄|남아공|이집트|브라질|멕시코)$")
# How far after a name its title may come: a three-word name, then its place.
_REACH = 4
# Words of a title line are joined by hyphens and dots as well as spaces ("박원순 시장-취리히 주지사").
_WORD_BREAK = re.compile(r"[\s\-–—·/]+")
_SENTENCE_END = re.compile(r"[.!?]['\"’”)]*$")
# A word of a name, or the place between it and its title: bare Hangul. A word ending in a particle
# ends the name ("쿠알라룸푸르에서 이스마디 빈 사키린"); 이, 가 and 도 are left out, as foreign names
# end in them (세르게이, 페코이).
_NAME_WORD = re.compile(r"[\uac00-\ud7a3]+")
ENDS_IN_PARTICLE = re.compile(r"(에서|에게|으로|께서|은|는|을|를|의|와|과|에)$")


def bare(word: str) -> str:
    """A word without punctuation or a trailing particle: "쿠알라룸푸르에서" -> 쿠알라룸푸르."""
    word = word.strip(",.·'\"‘’“”()[]<>?!")
    stem = PARTICLE.sub("", word)
    return stem if len(stem) >= 2 else word


def is_place(word: str, document: str) -> bool:
    """A Korean word the document uses as a place: it carries a place suffix (서울시), the document
    writes it with one (충칭시를), or as where something happens (쿠알라룸푸르에서, 타슈켄트를
    방문). A person's name is none of these."""
    word = bare(word)
    if len(word) < 2 or not _HANGUL_WORD.fullmatch(word):
        return False
    if PLACE_SUFFIX.search(word):
        return True
    suffixed = r"(?:시|주|구|군|성)(?:[은는이가의와과을를에]|에서|\s|$)"  # 충칭시를, 취리히주의
    return bool(re.search(re.escape(word) + r"(?:(?:시|주|구|군|도|성)?(?:에서|[을를]\s*방문)|" + suffixed + ")", document))


# What people do for a living, as news names it ("변호사 출신", "human rights lawyer"): a word of these
# in a compound names one too (인권변호사). A title (시장, 주지사) names a post, also an answer.
_OCCUPATIONS_KO = ("변호사", "법조인", "판사", "검사", "의사", "약사", "간호사", "교사", "교수", "교육자", "학자", "연구원",
                   "과학자", "기술자", "엔지니어", "공무원", "외교관", "군인", "경찰", "기자", "언론인", "방송인", "작가",
                   "예술가", "음악가", "화가", "배우", "가수", "선수", "기업인", "기업가", "사업가", "경영인", "경제인",
                   "회계사", "세무사", "변리사", "은행원", "회사원", "정치인", "정치가", "운동가", "활동가", "건축가",
                   "디자이너", "개발자", "농부", "노동자", "목사", "신부", "승려", "관료", "행정가", "경제학자", "법률가")
# The Korean word news uses for an English occupation: "They were both lawyers" is stated where the
# text says 변호사, not by any sentence that merely sounds like a career.
ENGLISH_OCCUPATIONS = {
    "lawyer": "변호사", "attorney": "변호사", "judge": "판사", "prosecutor": "검사", "doctor": "의사", "physician": "의사",
    "nurse": "간호사", "teacher": "교사", "professor": "교수", "scholar": "학자", "researcher": "연구원",
    "scientist": "과학자", "civil servant": "공무원", "diplomat": "외교관", "soldier": "군인", "journalist": "기자",
    "reporter": "기자", "writer": "작가", "author": "작가", "artist": "예술가", "musician": "음악가", "actor": "배우",
    "singer": "가수", "athlete": "선수", "entrepreneur": "기업가", "businessman": "사업가", "accountant": "회계사",
    "banker": "은행원", "politician": "정치인", "activist": "활동가", "architect": "건축가", "designer": "디자이너",
    "developer": "개발자", "farmer": "농부", "pastor": "목사", "priest": "신부", "economist": "경제학자", "bureaucrat": "관료",
}
ENGLISH_OCCUPATION = re.compile(r"\b(" + "|".join(ENGLISH_OCCUPATIONS) + r")s?\b", re.IGNORECASE)
# English says more of them than the table words as Korean: a post ("officials", "executives"), a group.
_MORE_OCCUPATIONS_EN = r"engineers?|officials?|police|actress(?:es)?|businessmen|executives?|workers?"
OCCUPATION = re.compile("|".join(_OCCUPATIONS_KO) + r"|\b(?:" + "|".join(f"{word}s?" for word in ENGLISH_OCCUPATIONS)
                        + "|" + _MORE_OCCUPATIONS_EN + r")\b", re.IGNORECASE)


def title_of(word: str) -> str:
    """The plain role a word of the text gives ("충칭시장과의" -> 시장), or ""."""
    word = word.strip(",.·'\"‘’“”")
    return korean_title(word) or korean_title(bare(word))


def up_to_the_title(word: str) -> str:
    """The word up to the end of its title: "충칭시장과의" -> 충칭시장, "부시장과" -> 부시장."""
    word = bare(word.strip(",.·'\"‘’“”"))
    match = TITLE.search(word)
    return word[: match.end(1)] if match else word


def role_place(words: list[str], i: int, document: str) -> str:
    """The place of the title in words[i]: its own prefix (충칭시장 -> 충칭) or the word before it
    (서울시 행정1부시장 -> 서울시), when that is a place and not the first word (the name's own)."""
    word = bare(re.sub(r"\([^()]*\)", "", words[i]))
    match = TITLE.search(word)
    prefix = bare(word[: match.start(1)]) if match else ""
    if len(prefix) >= 2 and is_place(prefix, document):
        return prefix
    if i > 1 and is_place(words[i - 1], document):
        return bare(words[i - 1])
    return ""


def city_of_a_country(words: list[str], i: int) -> str:
    """The word between a country and the title words[i]: a city of that country, though the document
    never writes it as a place elsewhere ("미시만가 남아공 츠와네 시장": 츠와네, not a name), or ""."""
    return bare(words[i - 1]) if i >= 2 and COUNTRY.match(words[i - 2]) else ""


@lru_cache(maxsize=256)  # asked again for every place a fact is found
def attached_places(key: str, document: str) -> set[str]:
    """Every place the document attaches to the person whose name starts with `key`."""
    places = set()
    for match in re.finditer(r"(?<![\uac00-\ud7a3A-Za-z])" + re.escape(key), document):
        words = re.sub(r"\([^()]*\)", " ", document[match.start() : match.start() + 120]).split()
        reach = _REACH + 1 + any(COUNTRY.match(w) for w in words[: _REACH + 1])  # "미시만가 남아공 츠와네 시장"
        words = words[:reach]
        for i in range(1, len(words)):
            if title_of(words[i]):
                place = role_place(words, i, document)
                if not place:
                    place = city_of_a_country(words, i)
                    if place:
                        places.add(bare(words[i - 2]))  # the country is his side too ("Which South African mayor")
                if place:
                    places.add(place)
                    if i >= 2 and COUNTRY.match(words[i - 2]) and bare(words[i - 1]) == place:
                        places.add(bare(words[i - 2]))  # "모로조프 러시아 울랴놉스크 주지사": Russian too
                break
    return places


@lru_cache(maxsize=64)
def role_places(document: str) -> set[str]:
    """Every place the document gives a title to (the sides it tells of)."""
    words = re.sub(r"\([^()]*\)", " ", document).split()
    places = set()
    for i, word in enumerate(words):
        if title_of(word):
            place = role_place(words, i, document) if i > 0 else ""
            if place:
                places.add(place)
    return places


def person_key(span: str) -> str:
    """The first Korean word of a found name (이스마디 of "이스마디 빈 사키린"), "" when it has none."""
    word = next(iter(_HANGUL_WORD.findall(span)), "")
    return bare(word) if len(word) >= 2 else ""


def names_place(side: str, document: str, name_similarity: float, short_spelling: float) -> bool:
    """The document names the asked side as a place. An English side ("the Hanoi mayor") is a place
    by how the question says it, and Hanoi in a list of cities counts; a Korean one is read from the
    word before the title ("대표발의한 시의원"), so the document must use it as a place."""
    if _HANGUL_WORD.search(side):
        return is_place(side, document) or side in role_places(document)
    return find_name(side, document, name_similarity, short_spelling) is not None


def same_place(side: str, place: str, name_similarity: float, short_spelling: float) -> bool:
    """`side` (as the question writes it: 쿠알라룸푸르, 서울, "Kuala Lumpur") is `place` (as the text does)."""
    stem = PLACE_SUFFIX.sub("", place)
    if _HANGUL_WORD.search(side):
        side = PLACE_SUFFIX.sub("", bare(side))
        return side == stem or side == place
    return find_name(side, stem, name_similarity, short_spelling) is not None


def title_after(sentence: str, end: int, words: int = 3) -> str:
    """The role the words right after a name give it ("(Thomas Heiniger) 취리히 주지사와" -> 주지사), or "".

    A possessive ends the search: in "스타트업 이큐브랩의 권순범 대표" the 대표 is 이큐브랩's, not the
    startup, so no title follows 스타트업 or 이큐브랩. So does the end of a sentence."""
    own = re.match(r"[^\s(]*", sentence[end:]).group()  # the rest of the name's own word
    if own.strip("'\"‘’“”") == "의" or ends_in_possessive(own) or _SENTENCE_END.search(own):  # "이큐브랩|의", "체결|했다."
        return ""
    rest = re.sub(r"\([^()]*\)", " ", sentence[end + len(own):])
    for raw in [w for w in _WORD_BREAK.split(rest) if w][:words]:
        word = raw.strip(",.·'\"‘’“”")
        role = korean_title(word)
        if role:
            return role
        if ends_in_possessive(word) or _SENTENCE_END.search(raw) or _CLAUSE_VERB.search(word):
            return ""
    return ""


# A verb ending its clause ends the search too: in "스위스 행정대학원을 졸업하고 취리히 시의원을 거쳐"
# the council seat is the mayor's, not the graduate school's.
_CLAUSE_VERB = re.compile(r"(?:하|되|했|됐|해|돼)(?:고|며|면서|서)$")


def title_before(sentence: str, start: int) -> str:
    """The role the word right before a name gives it in apposition ("정부 관계자 올자 스태닉 마릭은"
    -> 관계자), or "". Only titles news writes before a name: "대표 국제기구로" makes no one a 대표."""
    before = re.search(r"(\S+)\s+$", sentence[:start])
    role = title_of(before.group(1)) if before and before.group(1) == bare(before.group(1)) else ""
    return role if role in APPOSITIVE_TITLES else ""


def called_by_a_title(word: str, document: str) -> bool:
    """The document writes `word` as part of a name with a title after it ("권순범 대표", "이스마디 빈
    사키린 쿠알라룸푸르 부시장"): it is a person's. A word that ends in its title ("전성수 서초구청장")
    is judged by the name before the title. Only bare words may come between, the rest of a
    name and its place: a kind of company ("스타트업 이큐브랩의 … 대표") or an event ("체결에 앞서
    박원순 시장은") is no one's name."""
    if not word:
        return False
    name, _, last = word.rpartition(" ")
    if name and title_of(last) and called_by_a_title(name, document):
        return True  # the word brings its title along ("전성수 서초구청장"): the name before it is the person
    for match in re.finditer(re.escape(word), document):
        if match.start() and _HANGUL_WORD.match(document, match.start() - 1):
            continue  # inside another word
        if title_before(document, match.start()):
            return True
        rest = re.sub(r"^\([^()]*\)", "", document[match.end():])  # 마우흐(Corine Mauch) 취리히 시장
        if rest[:1] not in ("", " "):
            continue  # the word goes on: "체결했다", "충칭시장"
        words = [w for w in _WORD_BREAK.split(re.sub(r"\([^()]*\)", " ", rest)) if w]
        for between in words[: _REACH + 1]:  # the name's other words, a country, a place
            if title_of(between):
                return True
            if not _NAME_WORD.fullmatch(between) or ENDS_IN_PARTICLE.search(between):
                break
    return False
