"""The question, read once: its language, the nouns and names it asks about, and what kind of answer it wants.

Every check reads this profile instead of re-tokenizing the question.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from rag.actions import asked_actions, asked_to_become
from rag.amounts import counter_after, numbers_in
from rag.gazetteer import country_code, is_country, well_known_place
from rag.language import detect_language, has_hangul
from rag.morph import morphemes, nouns
from rag.transliterate import EXONYMS

# English words that carry no fact (the question's own words are excluded separately).
ENGLISH_FILLER = frozenset({
    "the", "a", "an", "is", "are", "was", "were", "be", "been", "of", "in", "on", "at", "to", "and",
    "or", "for", "with", "by", "as", "it", "its", "this", "that", "these", "those", "he", "she",
    "they", "his", "her", "their", "from", "about", "has", "have", "had", "did", "does", "do",
    "which", "what", "who", "when", "where", "how", "there", "also", "than", "more", "most", "some", "not",
    "both", "each", "all", "one", "answer", "evidence", "according", "document", "documents", "article",
})
# Closed-class words that start an answer with a capital and name nothing ("Every 5 years"). Kept
# apart from ENGLISH_FILLER, whose words also leave a question's content words.
FUNCTION_WORDS = frozenset({
    "every", "any", "no", "yes", "only", "just", "once", "twice", "per", "over", "under", "after", "before",
    "since", "until", "during", "between", "into", "within", "around", "roughly", "approximately", "nearly",
    "almost", "we", "you", "i", "our", "your", "them", "if", "but", "so", "then", "here", "such", "other",
    "another", "many", "much", "few", "several", "through", "throughout", "across", "along", "among", "amid",
    "toward", "towards", "upon", "without", "against", "beyond", "via", "like", "unlike", "near", "despite",
})
# Korean news leaves its own country unsaid: "한국 도시" asks about a city the article names, not
# one it calls Korean, so these are no proper noun a sentence's article must name (nor is "Korean"
# in "Which Korean city has applied …?").
HOME_COUNTRY = frozenset({"한국", "대한민국", "우리나라"})
_HOME_COUNTRY_EN = re.compile(r"\b(?:South\s+)?Korean?s?\b")
# Korean nouns that name nothing in particular.
# 가칭 ("working title") is a note a text brackets after a name, no fact about it; 이유 ("the reason
# is …") frames the answer to 왜, the reason itself is in the words after it.
KOREAN_FILLER = frozenset({"것", "수", "등", "및", "위", "답", "증거", "문서", "기사", "내용", "관련", "경우", "정도", "때", "가칭",
                           "이유"})

# Latin letters only: in "WeGO総会には何人が…" the name is WeGO, not the Japanese after it.
_LATIN = r"[A-Za-z0-9\u00C0-\u024F'’-]"
_NAME = re.compile(r"[A-Z]" + _LATIN + r"*(?:[ \t]+(?:bin[ \t]+|van[ \t]+)?[A-Z]" + _LATIN + r"*)*")
_NOT_NAMES = ENGLISH_FILLER | FUNCTION_WORDS | {
    "whom", "whose", "why", "can", "could", "will", "would", "tell", "name", "list", "give", "please",
    # dates are checked as numbers, not as names ("in July" is 7월 in the source)
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday", "friday",
    "saturday", "sunday",
    # titles and generic heads written with a capital: the name is the word beside them
    "mayor", "deputy", "vice", "governor", "city", "canton", "province", "state", "university", "president",
    "minister", "ministry", "metropolitan", "government", "republic", "district", "mr", "mrs", "ms", "dr",
    # ordinals heading a title: "First Vice Mayor for Administration (행정1부시장)" (its Korean is the fact)
    "first", "second", "third", "fourth", "fifth",
}
# A where-question about the place itself: "Where is Kuala Lumpur?", "쿠알라룸푸르는 어디에 있어?",
# "위치가 어디야", "what country is it in"; not where something was done there ("Where did they plant
# a tree?", "Where was the assembly held?").
_DONE = r"(?!located\b|situated\b|based\b)(?:held|built|made|done|won|given|shown|run|sent|\w{3,}ed)\b"
_WHERE_IT_LIES = re.compile(r"^\W*where(?:'s|\s+(?:is|was|are|were))\s+(?![^?]*\b" + _DONE + r")"
                            r"(?:the\s+)?(?:city\s+of\s+)?[\w\s'’-]{1,40}?"
                            r"(?:\s+(?:located|situated|found))?\s*\??\s*$|\b(?:located|situated|lies?)\b|"
                            r"\b(?:which|what)\s+country\b|어느\s*나라|무슨\s*나라|위치|어디에\s*있", re.IGNORECASE)
# A year the question sets its time by: "2014년에", "in 2014" (엔: 에는, spoken), and a year that
# names what is asked of: "2018년 세계대학순위", "2023 SCEWC에는", "the 2015 ranking", "month of 2019".
# A year that opens or closes a span ("2020년까지", "2006년 이후", "since 2006") sets no time.
_TIME_YEAR = re.compile(
    r"(?<!\d)((?:19|20)\d\d)(?:\s*년(?:에|도에|에는|엔|도엔)|(?:\s*년도?)?\s+(?!까지|부터|이후|이래|이전|동안|만에|(?:전|후)(?![가-힣]))"
    r"(?=[가-힣A-Za-z])|\s*년\s+(?=\d{1,2}\s*월))|\b(?:in|of|the|during)\s+((?:19|20)\d\d)\b(?!\s*(?:years?|people)\b)",
    re.IGNORECASE)
# English administrative units and the suffix Korean writes them with: the canton of Zurich is 취리히주,
# the city of Zurich 취리히시.
PLACE_UNITS = {"canton": "주", "state": "주", "province": "성", "city": "시", "district": "구", "county": "군"}
_PLACE_UNIT = re.compile(r"\b(canton|state|province|city|district|county) of ([A-Z][\w'’-]+)", re.IGNORECASE)
_POSSESSOR = re.compile(r"([0-9A-Za-z\uac00-\ud7a3·]{2,})의(?=\s)")

# The kinds of _KINDS below that make a when-question.
_WHEN_KINDS = frozenset({"a year", "a date", "a month"})
# The kinds of _KINDS below that a unit states, which a question may write for its answer ("몇 ㎢").
MEASURE_KINDS = frozenset({"an area", "a sum of money"})
# (kind, what the question says, what an answer of that kind must state).
# A year is not an age; a population is not an area.
_KINDS = (
    # "몇 회 정례회", "At which session of the council": a numbered session (제333회, the 333rd), no date
    ("a session number", re.compile(r"몇\s*회\s*[\uac00-\ud7a3]*회|\b(?:which|what)\s+(?:\w+\s+)?session\b", re.IGNORECASE),
     re.compile(r"\d+\s*(?:회|차)|\d+\s*(?:st|nd|rd|th)\b|\bsession\s+(?:no\.?\s*)?\d+", re.IGNORECASE)),
    # "How many days was the trip?", "며칠 동안 머물렀어?": a length in days (or a span of dates), not
    # "5 years", which counts the years of a partnership
    ("a number of days", re.compile(r"\bhow many (?:days|nights)\b|며칠\s*(?:동안|간)|몇\s*일\s*(?:동안|간)|몇\s*박", re.IGNORECASE),
     re.compile(r"\d\s*(?:일|박)|\bdays?\b|\bnights?\b|\bweeks?\b|하루|이틀|사흘|나흘|닷새|엿새|이레|일주일|"
                r"\b(january|february|march|april|may|june|july|august|september|october|november|december)\b",
                re.IGNORECASE)),
    ("an age", re.compile(r"\bhow old\b|\bage\b|나이|몇\s*살", re.IGNORECASE),
     re.compile(r"\d+\s*(세|살)|\d+\s*years?\s*old|\baged?\s*\d+", re.IGNORECASE)),
    ("a birth year", re.compile(r"년생|\bborn\b|출생|태어", re.IGNORECASE),
     re.compile(r"년생|\bborn\b|출생|태어", re.IGNORECASE)),
    # "the area of X" is a size; "which area of Seoul" is a place
    ("an area", re.compile(r"면적|넓이|\bthe (land |total |surface )?area of\b", re.IGNORECASE),
     re.compile(r"㎢|㎡|km2|km²|m2|m²|제곱|square|헥타르|hectare|\bha\b|평\b", re.IGNORECASE)),
    # "연간 예산은 얼마" asks for a sum: "5년 마다" is a number but no money; "상금을 얼마나 받아" is not
    # answered by "18개 우수도시"
    # "How much annual funding does the ordinance set aside?" asks for money too: "5 years" is none
    ("a sum of money", re.compile(r"예산|비용|금액|자본금|투자액|사업비|상금|포상금|지원금|기금|재원|\bbudget\b|\bcost\b|"
                                  r"\bhow much money\b|\bfunding\b|\bfunds?\b|\bcapital\b|\bprize money\b|\bcash prize\b",
                                  re.IGNORECASE),
     re.compile(r"\d\s*(?:조|억|만|천)?\s*(?:원|달러|유로|위안|엔)|\b(?:won|dollars?|euros?|yuan|usd|krw)\b|[$€¥₩]\s*\d|"
                r"\d\s*(?:조|억|trillion|billion|million)", re.IGNORECASE)),
    # "몇 년에 격상", "맺은 건 몇 년이야" ask for a year: "15년" (how long) is not one. "교류한 지 몇 년이야"
    # asks how long, so a 지 before 몇 년 leaves it a number; "몇 년에 한 번" asks how often ("5년마다").
    ("a year", re.compile(r"몇\s*년(에|도)(?!\s*(?:한|1)\s*(?:번|차례|회))|몇\s*년\s*(부터|까지)|(?<!지 )(?<!지)몇\s*년\s*(이|인)|"
                          r"\b(what|which) year\b|\bin what year\b", re.IGNORECASE),
     re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)|'\d\d(?!\d)")),
    # "언제 맺었어" asks for a date: "5년째 되는 해" counts years, it dates nothing. "when" asks
    # only where a question starts ("When did …", "…, and when", "Since when …"): "who did he sign
    # with when he was in Zurich" asks for a person.
    # "며칠에 체결했어?" and "on what date" ask for a day; "며칠 동안" asks how long.
    # A keyword query asks by its last nouns: "WeGO 총회 개최 도시 및 기간" asks where and when.
    ("a date", re.compile(r"언제|(?:^\s*|[,;]\s*|\band\s+|\bsince\s+)when\b|며칠(?!\s*(?:동안|간|째|씩))|"
                          r"\bon (?:what|which) (?:day|date)\b|\b(?:what|which) date\b|"
                          r"(?:날짜|일시|기간|일정|개최일|체결일)(?:은|는|이|가|을|를)?\s*(?:[?.]|$|알려|뭐|및|와|과|,|랑)",
                          re.IGNORECASE),
     re.compile(r"(?<!\d)(1[89]\d\d|20\d\d)(?!\d)|'\d\d(?!\d)|\d\s*(월|일|시|분)|\d:\d\d|\d{1,2}(st|nd|rd|th)\b|"
                r"오전|오후|\b(january|february|march|april|may|june|july|august|september|october|november|"
                r"december|monday|tuesday|wednesday|thursday|friday|saturday|sunday|[ap]\.?m\b)", re.IGNORECASE)),
    # "몇 시에 열렸어?", "What time did it start?" ask for a time of day: "7월 22일부터 27일까지" is a
    # span of days. "몇 시간" asks how long.
    ("a time of day", re.compile(r"몇\s*시(?![간즌대])|\bwhat time\b|\bat what hour\b", re.IGNORECASE),
     re.compile(r"\d\s*시|\d:\d\d|오전|오후|정오|자정|\b[ap]\.?m\b|o['’]clock|\bnoon\b|\bmidnight\b", re.IGNORECASE)),
    # "month and year please", "몇 월에": a year alone ("2019") is half of it.
    ("a month", re.compile(r"몇\s*월|\bmonth\b", re.IGNORECASE),
     re.compile(r"\d\s*월|\d{4}[./-]\d{1,2}\b|'\d\d\.\d{1,2}\b|\b(january|february|march|april|may|june|july|august|"
                r"september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept?|oct|nov|dec)\b", re.IGNORECASE)),
    # "How long was that speech?" asks how long something took or lasted: a day of the month ("the
    # 7th (7일)") is no length of time; a period ("from 2022", "7월 22일부터") or a distance may be one.
    ("a length of time", re.compile(r"\bhow long\b|얼마나\s*(?:오래|걸)|몇\s*시간", re.IGNORECASE),
     re.compile(r"\d[\d,.]*\s*(?:시간|분|초|주|개월|달|년|hours?|hrs?|minutes?|mins?|seconds?|days?|weeks?|months?|years?|"
                r"decades?|km|kilomet|met(?:er|re)s?|킬로|미터)|\d\s*일\s*(?:간|동안)|"
                r"\b(?:an?|one|two|three|four|five|six|seven|eight|nine|ten|half an?|several|a few)\s+"
                r"(?:hours?|minutes?|days?|weeks?|months?|years?|decades?)\b|"
                r"하루|이틀|사흘|나흘|닷새|엿새|이레|일주일|\bsince\b|부터|까지|이후|만에|\bfrom\b|\buntil\b|\bthrough\b|"
                r"\d\s*(?:st|nd|rd|th)?\s*(?:[~∼～–—-]|\bto\b)\s*\d", re.IGNORECASE)),
    ("a number or date", re.compile(
        r"얼마|몇|언제|\bhow (many|much|long|old)\b|(?:^\s*|[,;]\s*|\band\s+)when\b|\b(what|which) year\b|"
        r"\bwhat percentage\b", re.IGNORECASE),
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
    two_part: bool = False  # asks two things ("who …, and what year …"): a claim may answer either
    proper_nouns: tuple[str, ...] = ()  # Korean proper nouns it names (타슈켄트, 모로조프)
    counts: str = ""  # what a "몇 표" / "how many companies" question counts (amounts.counter_after)
    titles: frozenset[str] = frozenset()  # the role a who-question asks for (시장 for "쿠알라룸푸르 시장은 누구")
    sides: tuple[str, ...] = ()  # the place whose person a who-question asks for ("쿠알라룸푸르 쪽에서", "Tashkent vice mayor")
    # A place's official the question speaks of, by place and role: ("취리히", {"시장"}) for "취리히 시장이랑 만난 게 몇 시였어?"
    officials: tuple[tuple[str, frozenset[str]], ...] = ()
    asks_now: bool = False  # asks how things stand now ("지금 입주해 있는", "right now"), not what is planned
    asks_settled: bool = False  # asks what was finally chosen or decided ("최종 뽑힌 데가", "was elected"), not proposed
    award: str = ""  # the award grade the question asks about ("동상" for "동상은 어느 도시가", "the bronze")
    asks_which_award: bool = False  # asks what award someone won ("고양시는 무슨 상 받았어요?", "What prize did Goyang win?")
    asks_to_come: bool = False  # asks about what is still to come ("supposed to be finished", "완공 예정")
    other_year: str = ""  # "last" or "next": the question is set in the year before or after ("작년", "next year")
    asks_earlier_one: bool = False  # asks about the previous time of an event ("지난 WeGO 총회", "the previous assembly")
    asks_for_a_body: bool = False  # asks which company, startup or institution ("which startup", "어느 기업")
    asks_for_companies: bool = False  # the body asked is a company ("참여 기업은 어디야?", "Name the tech companies")
    asks_one_item: bool = False  # asks for one of several ("하나만 말해줘", "name one of the awards")
    asks_who: bool = False  # asks for someone: 누구, who, a person's name, "which governor"
    actions: frozenset[str] = frozenset()  # what a when-question asks was done (취임 for "take office")
    becomes: str = ""  # what a Korean question asks someone became (변호사 for "언제 변호사가 됐나요")
    asks_where: bool = False  # asks where, or which city ("어디서 열렸어", "Where was the expo held?")
    asks_which_city: bool = False  # asks which city or cities ("Which city applied …", "어느 도시에서", "개최 도시")
    asks_how_many: bool = False  # asks how many ("몇 개", "how many districts"), whatever it counts
    asks_which_countries: bool = False  # asks which countries or nations ("which countries' ambassadors", "어느 나라")
    excluded: tuple[str, ...] = ()  # what the asker rules out (부시장 for "시장(부시장 말고)", canton for "not the canton")
    asks_done: bool = False  # asks about something done ("맺은 게 언제야", "통과됐어", "When did …"), not to come
    thing: str = ""  # a kind of thing it asks for that the text must speak of ("gift" for "what gift did he present"; THINGS)
    measure: str = ""  # the measure of a place it asks ("population" for "인구는", "how many people live"; MEASURES)
    initialisms: frozenset[str] = frozenset()  # initials of its capitalised names ("scewc" for Smart City Expo World Congress)
    asked_kind: str = ""  # a kind of body whose names say what they are: "university" (고려대), "ministry" (고등교육부)
    asked_country: str = ""  # the ISO code of the country whose city it asks for ("한국 도시", "Which Russian city"): KR, RU
    asks_occupation: bool = False  # asks what someone does or did ("What professional background", "직업이 뭐야")
    short_forms: tuple[tuple[str, frozenset[str]], ...] = ()  # (WeGO, the names of its spelt-out form)
    asks_in_common: bool = False  # asks what two or more have in common ("무슨 공통점", "what do … have in common")
    items_asked: int = 0  # how many items a which-question asks for ("Which two organisations", "세 기업은 어디"), 0 when unsaid
    asks_about_the_writer: bool = False  # asks who wrote or reported the article ("누가 쓴 기사야?", "Who reported it?")
    # A follow-up's person, named by the title the answer before gave them ("그 주지사랑은 …" after
    # "세르게이 모로조프 … 주지사"): the title, and the words of that answer (conversation.with_earlier_turn).
    referred_titles: frozenset[str] = frozenset()
    referred_words: frozenset[str] = frozenset()
    refers_to_someone: bool = False  # names its person by a pronoun ("how long has he been in that post?", "그는")
    # names its person by a pronoun after the turn before asked who and found no one: "그 사람 정확한
    # 직책은 뭐야?" after the Serbian official went unfound (conversation.with_earlier_turn)
    refers_to_no_one_found: bool = False
    refers_to_a_place: bool = False  # names its place by pointing back ("그 도시가", "거기", "the city")
    # The place it points back at: the last answer's Korean words, or the last question's proper
    # nouns when that answer named none (conversation.with_earlier_turn).
    referred_places: frozenset[str] = frozenset()
    rules_out_the_earlier: bool = False  # "거기 말고 … 또 어디야?", "besides that": not what was just said
    asks_counterpart: bool = False  # asks who the other party was ("협정 맺은 상대가 누구야?", "Who did he sign … with?")
    asks_among_the_earlier: bool = False  # asks about part of what was just counted ("그 중에 회원도시는 몇 개야?", "of those")
    earlier_amounts: frozenset[float] = frozenset()  # the amounts the answer before gave (conversation.with_earlier_turn)

    @property
    def asks_when(self) -> bool:
        """It asks for a year, a date or a month (a when-question)."""
        return any(kind in _WHEN_KINDS for kind, _ in self.kinds)

    @property
    def asks_where_it_lies(self) -> bool:
        """A where-question about a place itself ("Where is Kuala Lumpur?"), not about where
        something was done there."""
        return self.asks_where and _WHERE_IT_LIES.search(self.text) is not None

    @property
    def specific_titles(self) -> frozenset[str]:
        """The asked roles that rule others out: an "official" (관계자) may hold any title."""
        return self.titles - GENERIC_TITLES

    def says(self, word: str) -> bool:
        """True when the question already says `word` (an answer repeating it adds nothing)."""
        word = word.lower()
        return word in self.words or word in _compact(self.text).lower() or word in self.initialisms


def profile_question(question: str) -> QuestionProfile:
    asked = without_exclusions(question)  # the role asked for is not the one ruled out
    language = detect_language(question)  # decided once: a reading without glosses must not flip it
    return QuestionProfile(
        text=question,
        language=language,
        words=frozenset(_words(question)),
        names=tuple(names_in(places_capitalised(question))),
        possessors=tuple(p for p in _POSSESSOR.findall(question + " ") if ends_in_possessive(p + "의")),
        place_units=tuple((PLACE_UNITS[unit.lower()], name) for unit, name in _PLACE_UNIT.findall(question)),
        numbers=frozenset(numbers_in(question)),
        years=frozenset(float(m.group(1) or m.group(2)) for m in _TIME_YEAR.finditer(question)),
        kinds=tuple((kind, states) for kind, asks, states in _KINDS if asks.search(question)),
        proper_nouns=tuple(dict.fromkeys(m.form for m in morphemes(question)
                                         if m.tag == "NNP" and len(m.form) > 1 and m.form not in HOME_COUNTRY)),
        counts=asked_counter(question),
        titles=asked_titles(without_glosses(asked), language),
        sides=asked_sides(without_glosses(question), language),
        officials=named_officials(without_glosses(question), language),
        two_part=bool(_SECOND_PART.search(question)),
        asks_now=bool(_NOW.search(question)),
        asks_settled=bool(_SETTLED.search(question)),
        asks_to_come=bool(_TO_COME.search(question)),
        award=asked_award(question),
        asks_which_award=bool(_WHICH_AWARD.search(question)),
        other_year=_other_year(question),
        asks_earlier_one=bool(_EARLIER_ONE.search(question)),
        asks_for_a_body=asks_for_a_body(question),
        asks_for_companies=any(COMPANY_WORD.search(m.group(0)) for m in _BODY.finditer(question)),
        asks_one_item=bool(_ONE_ITEM.search(question)),
        asks_who=_role_asked_at(asked) is not None,
        actions=asked_actions(question, language),
        becomes=asked_to_become(question),
        asks_where=bool(_WHERE.search(question)),
        asks_which_city=bool(_WHICH_CITY.search(question)),
        asks_how_many=bool(_HOW_MANY.search(question)) and not _SESSION_NUMBER.search(question),
        asks_which_countries=bool(_WHICH_COUNTRIES.search(question)),
        excluded=excluded_terms(question),
        measure=asked_measure(question),
        thing=_first_asked(THINGS, question),
        asks_done=asks_what_was_done(question, language),
        initialisms=initialisms(question),
        short_forms=short_forms(question),
        asks_occupation=bool(_OCCUPATION.search(question)),
        asked_kind=asked_kind(question),
        asked_country=asked_country(question),
        asks_in_common=asks_what_people_share(question),
        items_asked=asked_item_count(question),
        asks_about_the_writer=bool(_WRITER.search(question)),
        referred_titles=titles_referred_back(question),
        refers_to_someone=bool(_PERSONAL_PRONOUN.search(question)),
        refers_to_a_place=bool(_PLACE_POINTED_BACK.search(question)),
        asks_counterpart=bool(_COUNTERPART.search(question)),
        rules_out_the_earlier=bool(_RULES_OUT_THE_EARLIER.search(question)),
        asks_among_the_earlier=bool(_AMONG_THE_EARLIER.search(question)),
    )


# What two or more people share: "두 사람한테 어떤 공통점이 있대요?", "What do Park and Heiniger have in
# common?", "Park and the Zurich governor share a professional background. What is it?". Not what
# two things share ("서초코인과 트러스트 스퀘어가 공통으로 기반을 둔 기술"): each sentence may give one of them.
# How a text says what several share, plainly ("두 사람은 변호사 출신이라는 공통점이 있다").
SAYS_SHARED = re.compile(r"공통|두\s*(?:사람|분|명|도시|기관)|둘\s*(?:다|모두)|양측|양\s*도시")
_IN_COMMON = re.compile(r"공통(?:점|된|되는|적|으로)|\bin common\b|\bdo both\b|\bshar(?:e|es|ed|ing)\b", re.IGNORECASE)


def asks_what_people_share(question: str) -> bool:
    return bool(_IN_COMMON.search(question) and _PEOPLE.search(question))


# A which-question that says how many items it wants: "Which two organisations signed …", "Name the
# three firms", "MOU를 맺은 두 기관은 어디야?", "함께 간 세 업체 이름". (Not "both", which may be one phrase.)
_ENGLISH_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5}
_KOREAN_COUNTS = {"두": 2, "세": 3, "네": 4, "다섯": 5}
_ITEMS_ASKED_EN = re.compile(r"\b(?:which|what|name(?:\s+the)?|list(?:\s+the)?)\s+(two|three|four|five)\b(?!-)", re.IGNORECASE)
# The counted noun must be what is asked: "두 기관은 어디야", "기업 세 곳 어디야", "세 업체 이름 알려줘";
# not "두 도시가 맺은 협약은 뭐야", which asks for one agreement of two cities.
_ITEMS_ASKED_KO = re.compile(r"(?<![\uac00-\ud7a3])(두|세|네|다섯)\s*(?:곳|군데|기관|단체|도시|나라|국가|기업|업체|회사|스타트업|"
                             r"사람|명|분|인사)(?:은|는|이|가)?\s*(?:이름(?:은|이|을)?\s*)?(?:어디|누구|뭐|무엇|어느|알려)")


def asked_item_count(question: str) -> int:
    english = _ITEMS_ASKED_EN.search(question)
    if english:
        return _ENGLISH_COUNTS[english.group(1).lower()]
    korean = _ITEMS_ASKED_KO.search(question)
    return _KOREAN_COUNTS[korean.group(1)] if korean else 0


# What someone does or did for a living: their profession, career or background.
# "What did he do before becoming mayor?", "시장 되기 전엔 뭐 하던 사람이야?" ask what someone did for a
# living: answered "He became mayor in 2022." and with a copied sentence about a meeting once the
# model was shown whom "he" means.
_OCCUPATION = re.compile(r"\b(?:professions?|professional|occupations?|jobs?|careers?|background|line of work|"
                         r"(?:work|works|worked|working) as)\b|직업|경력|출신\s*(?:배경|이|은|직)|무슨\s*일을?\s*(?:했|하)|"
                         r"\bwhat\s+did\s+\w+\s+do\s+(?:before|prior|previously|for a living)\b|"
                         r"\bwhat\s+(?:does|do)\s+\w+\s+do\s+for a living\b|뭐\s*(?:하던|했던|하는)\s*(?:사람|분)",
                         re.IGNORECASE)


# A name spelt out, then its short form in brackets: "the World e-Governments Organization of
# Cities and Local Governments (WeGO)". The long form's words are capitalised, joined by small
# words, or hyphened ("e-Governments").
_SPELT_OUT = re.compile(r"((?:(?:[A-Z][\w'’-]*|[a-z]-[A-Z][\w'’-]*|of|and|the|for|on)\s+)+)\(\s*([A-Z][\w-]*)\s*\)")


def short_forms(question: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """Each short form the question brackets after a spelt-out name, with that name's names: a
    document that names the short form (WeGO) names what is asked, though it never spells out
    "World"; one that names "World" alone does not."""
    found = []
    for match in _SPELT_OUT.finditer(question):
        long, short = match.group(1), match.group(2)
        names = frozenset(names_in(long)) - {short}
        if names and _abbreviates(short, long):  # "Seoul and Zurich (Switzerland)": a gloss, not a short form
            found.append((short, names))
    return tuple(found)


def _abbreviates(short: str, long: str) -> bool:
    """The short form's capitals are initials of the long form's words, in order (WeGO: World
    e-Governments Organization); one capital is a word, not an abbreviation."""
    capitals = [c for c in short if c.isupper()]
    initials = iter(re.findall(r"(?:^|[\s-])([A-Z])", long))
    return len(capitals) >= 2 and all(c in initials for c in capitals)


# A run of capitalised words ("Smart City Expo World Congress"); "of" and "and" may join them.
_CAPITALISED_RUN = re.compile(r"[A-Z][\w'’-]*(?:\s+(?:(?:of|and|the|for)\s+)?[A-Z][\w'’-]*)+")


def initialisms(question: str) -> frozenset[str]:
    """The initials of every run of two or more capitalised words the question says, and of each
    stretch of such a run: "SCEWC" for "Which organisation hosts the Smart City Expo World
    Congress?" only repeats the asked name, so it is no answer."""
    found: set[str] = set()
    for run in _CAPITALISED_RUN.finditer(question):
        letters = [w[0].lower() for w in run.group().split() if w[0].isupper()]
        for start in range(len(letters)):
            for end in range(start + 3, len(letters) + 1):  # two letters are too often something else
                found.add("".join(letters[start:end]))
    return frozenset(found)


# "Where did ETH Zurich rank?" and "Where did it place in the rankings?" ask for a rank, not a place;
# "Which cities applied?" asks for places, as "which city" does.
# "Which Russian city", "what host city": one word may stand between. "city" before another noun
# names no city asked: "Which Seoul city council member proposed …" asks for a person, and had its
# right answer 김혜영 dropped for naming no place.
_CITY_ASKED = (r"\b(?:which|what)\s+(?:[\w-]+\s+)?cit(?:y|ies)\b(?!\s+(?:council|hall|government|official|officer|mayor|"
               r"assembly|office|member|department|police|bus|tour))")
_WHERE = re.compile(r"\bwhere\b(?!.*\b(?:rank(?:ed|s|ings?)?|stand(?:s)?|finish(?:ed)?)\b)|" + _CITY_ASKED
                    + r"|(?<!어디)어디(?!어디)|어느\s*도시|어떤\s*도시|개최\s*(?:도시|장소|지)", re.IGNORECASE)
# Which city: answered by a place's name, never a common noun ("개최 도시", "도시는 어디").
_WHICH_CITY = re.compile(_CITY_ASKED + r"|(?:어느|어떤|무슨)\s*도시|개최\s*도시|도시(?:는|가|들은|들이)?\s*(?:어디|어느\s*곳)",
                         re.IGNORECASE)
# Which countries: answered by their names. A country is no where-answer's last word (Spain for a
# city in it), so this is kept apart from _WHERE.
_WHICH_COUNTRIES = re.compile(r"\b(?:which|what)\s+(?:countries|country|nations?)\b|(?:어느|어떤)\s*(?:나라|국가)",
                              re.IGNORECASE)


# What an asker rules out: "쿠알라룸푸르 시장(부시장 말고)", "서울 말고 어디어디", "the city of Zurich
# itself, not the canton", "other than the governor". The word before 말고 or after "not" is the head.
_EXCLUDED = re.compile(
    r"([\uac00-\ud7a3A-Za-z0-9]+?)(?:은|는|이|가|을|를)?\s*(?:말고|아니고|빼고|제외하고)|"
    r"(?:,|\(|—|–)\s*not\s+(?:in\s+|at\s+|from\s+)?(?:the\s+|a\s+|an\s+)?([A-Za-z][\w-]*)|"
    r"\b(?:other than|besides|except(?:\s+for)?|apart from|rather than)\s+(?:the\s+|a\s+|an\s+)?([A-Za-z][\w-]*)",
    re.IGNORECASE)
_NOT_EXCLUDED = frozenset({"yet", "only", "just", "even", "sure", "counting", "including", "this", "that"})


# A word glossed in parentheses: "the mayor (hokim) of Tashkent" asks for the mayor of Tashkent.
_GLOSS = re.compile(r"\s*\([A-Za-z][A-Za-z\s'’-]*\)")


def without_glosses(question: str) -> str:
    """`question` without the Latin words it glosses a term with in parentheses."""
    return _GLOSS.sub("", question)


def without_exclusions(question: str) -> str:
    """The question with what it rules out cut: "쿠알라룸푸르 시장(부시장 말고) 이름이 뭐예요?" asks for a 시장."""
    return re.sub(r"\(\s*\)", " ", _EXCLUDED.sub(" ", question))


def excluded_terms(question: str) -> tuple[str, ...]:
    """The words a question rules out as its answer, unless it also asks about them elsewhere."""
    rest = without_exclusions(question)
    terms = (m.group(m.lastindex) for m in _EXCLUDED.finditer(question))
    return tuple(dict.fromkeys(t for t in terms if len(t) > 1 and t.lower() not in _NOT_EXCLUDED
                               and not says_word(t, rest)))


def says_word(term: str, text: str) -> bool:
    """`text` says `term` as a word of its own: 시장 is not said by 부시장, "canton" is by "cantons"."""
    if has_hangul(term):
        return re.search(rf"(?<![\uac00-\ud7a3]){re.escape(term)}", text) is not None
    return re.search(rf"\b{re.escape(term)}(?:s|es)?\b", text, re.IGNORECASE) is not None


# How news text titles its reporter (a byline's "박대로 기자", "대기자", "특파원").
REPORTER = r"대?기자|특파원"
# Korean titles as news text writes them after a name ("토마스 하이니거 취리히 주지사"), each read as
# its plain role: 행정1부시장 is a 부시장, 서초구청장 a 구청장. Earlier alternatives win where one
# ends another (부시장 before 시장).
_KOREAN_TITLES = (
    (r"행정\d?부시장|부시장", "부시장"), (r"구청장|청장", "구청장"), (r"사무총장", "사무총장"), (r"총장", "총장"),
    (r"시장", "시장"), (r"주지사|지사", "주지사"), (r"장관", "장관"), (r"대통령", "대통령"), (r"회장", "회장"),
    (r"대표이사|대표", "대표"), (r"당서기|서기", "서기"), (r"대사", "대사"), (r"시의원|구의원|의원", "의원"),
    (REPORTER, "기자"),  # a byline ("박대로 기자 = …") names the reporter, never the asked official
    (r"관계자", "관계자"), (r"대변인", "대변인"),  # written before the name too: "정부 관계자 올자 스태닉 마릭은"
    # Posts a city sends by name of office ("국제협력담당관, 미래첨단교통과장"): who attends is the post.
    (r"위원장", "위원장"), (r"본부장", "본부장"), (r"담당관", "담당관"), (r"국장", "국장"), (r"실장", "실장"),
    (r"팀장", "팀장"), (r"과장", "과장"),
)
# Titles news writes before a name, in apposition ("세르비아 정부 관계자 올자 스태닉 마릭은").
APPOSITIVE_TITLES = frozenset({"관계자", "대변인"})
# Asked roles any titled person holds: "Which Seoul official led the trip?" is answered by a 부시장.
GENERIC_TITLES = frozenset({"관계자"})
KOREAN_TITLE_WORDS = "|".join(p for p, _ in _KOREAN_TITLES)
KOREAN_ROLES = tuple(dict.fromkeys(role for _, role in _KOREAN_TITLES))
# How an English answer names each plain role above (rag/title_lookup.py): one name each, where
# _ENGLISH_TITLES below reads the many ways a question may say it.
ROLE_IN_ENGLISH = {
    "부시장": "Vice Mayor", "구청장": "District Mayor", "사무총장": "Secretary General", "총장": "President",
    "시장": "Mayor", "주지사": "Governor", "장관": "Minister", "대통령": "President", "회장": "Chairman",
    "대표": "CEO", "서기": "Party Secretary", "대사": "Ambassador", "의원": "Council Member", "기자": "Reporter",
    "관계자": "Official", "대변인": "Spokesperson", "위원장": "Chair", "본부장": "Director General",
    "담당관": "Director", "국장": "Director General", "실장": "Office Director", "팀장": "Team Leader",
    "과장": "Section Chief",
}
# The particles a title takes, one or two: "시장은", and "시장과도" (with the mayor too), "시장과의",
# "부시장에게도": "코린 마우흐(Corine Mauch) 취리히 시장과도 … 만나" gives 마우흐 her title.
TITLE = re.compile("(" + KOREAN_TITLE_WORDS + r")(?:(?:과|와|에게|께서|한테)(?:도|의|는|은)?|은|는|이|가|을|를|의|님|도)?$")
# People named by a question about what they share (asks_what_people_share).
_PEOPLE = re.compile("(?:" + KOREAN_TITLE_WORDS + r")|두\s*사람|둘|\b(?:mayor|governor|minister|ceo|men|women|people|"
                     r"both of them)\b", re.IGNORECASE)
_ENGLISH_TITLES = {
    "deputy mayor": {"부시장"}, "vice mayor": {"부시장"}, "mayor": {"시장"}, "governor": {"주지사"},
    "president": {"총장", "대통령", "회장"}, "minister": {"장관"}, "ceo": {"대표"},
    "secretary-general": {"사무총장"}, "secretary general": {"사무총장"}, "party secretary": {"서기"}, "secretary": {"서기"}, "ambassador": {"대사"}, "chairman": {"회장"},
    "council member": {"의원"}, "councilor": {"의원"}, "councillor": {"의원"}, "lawmaker": {"의원"},
    "official": {"관계자"}, "spokesperson": {"대변인"}, "spokesman": {"대변인"}, "spokeswoman": {"대변인"},
}
# One list of English titles for every pattern that reads a role ("deputy mayor" before "mayor").
_TITLE_WORDS = "|".join(_ENGLISH_TITLES)
# "사무총장 이름이 뭐야" asks for a person as 누구 does.
# "Which mayor of Zurich did he meet?" asks for a person by role, as "who is the mayor of Zurich" does.
_WHICH_ROLE = re.compile(r"\b(?:which|what)\s+(?:" + _TITLE_WORDS + r")\b", re.IGNORECASE)
_WHO = re.compile(r"누구|누가|성함|\bwho\b|\bwhom\b", re.IGNORECASE)
# "부시장 이름이 뭐야", "장관 이름 알려줘" and "what's the name of the deputy mayor" ask for a person; "행사, 이름이 뭐였지"
# and "the name of the event" ask for a name of something else.
_NAME_ASKED = re.compile(r"(\S+)\s+이름(?:이|은|을|도)?\s*(?:뭐|무엇|뭔|알려|말해|가르쳐)|\bwhat(?:'s| is| was) the name of\s+((?:\S+\s+){0,3}\S+)",
                         re.IGNORECASE)
_PERSON_WORDS = re.compile(r"^(?:사람|분|인물|담당자)(?:의)?$|\b(?:person|man|woman|official|" + _TITLE_WORDS + r")\b",
                           re.IGNORECASE)


def _who_at(question: str) -> int | None:
    """Where a question asks who (the asked role is said before it): 누구, who, or a name asked of
    a person or a role ("부시장 이름이 뭐야": at 이름). None when it asks for no person."""
    found = [m.start() for m in [_WHO.search(question)] if m]
    for named in _NAME_ASKED.finditer(question):
        owner = (named.group(1) or named.group(2) or "").strip(",.·'\"‘’“”")
        if (named.group(1) and korean_title(owner)) or _PERSON_WORDS.search(owner):
            found.append(named.end(1) if named.group(1) else named.start())
    return min(found, default=None)


def _role_asked_at(question: str) -> int | None:
    """Where a question asks for a person: who, a role asked with which ("Which Russian governor"),
    or a role a follow-up names alone ("And the mayor from South Africa?")."""
    at = _who_at(question)
    if at is not None:
        return at
    match = _WHICH_ROLE.search(question) or _SIDES_ROLE.search(question) or _ROLE_ALONE.search(question)
    return match.start() if match else None


# A follow-up that names only a role and its place asks who holds it: "And the mayor from South
# Africa?" after "Which Russian governor did Park meet?".
_ROLE_ALONE = re.compile(r"^\s*(?:and|what about|how about)\s+(?:the\s+)?(" + _TITLE_WORDS + r")\s+"
                         r"(?:of|from|in)\s+(?:the\s+)?[A-Z][\w-]*(?:\s+[A-Z][\w-]*)*\s*\??\s*$", re.IGNORECASE)


def korean_place_units(profile: QuestionProfile) -> tuple[tuple[str, str], ...]:
    """A Korean question's places written with their level: 취리히주 -> (주, 취리히)."""
    found = []
    for word in re.findall(r"[\uac00-\ud7a3]+", profile.text):
        for stem in profile.proper_nouns:
            if word.startswith(stem) and word[len(stem) : len(stem) + 1] in ("시", "주", "구", "군", "성"):
                found.append((word[len(stem)], stem))
    return tuple(dict.fromkeys(found))


def korean_title(word: str) -> str:
    """The plain role a Korean word ends in ("주지사와" -> 주지사, "행정1부시장은" -> 부시장), or ""."""
    match = TITLE.search(word)
    if not match:
        return ""
    return next(role for pattern, role in _KOREAN_TITLES if re.fullmatch(pattern, match.group(1)))


def _asked_title_word(words: list[str]) -> int | None:
    """Which of the words before 누구 names the asked role: the last title, unless a verb follows it,
    which makes it a clause's subject: "박 시장이 … 만나기로 한 해외 인사들 누구누구야" asks for the people
    the mayor meets, not a 시장; "김태균 부시장이 면담한 쿠알라룸푸르 시장은 누구" asks for a 시장."""
    titled = [i for i, w in enumerate(words) if korean_title(w)]
    if not titled:
        return None
    verbs = [m for m in morphemes(" ".join(words[titled[-1] + 1 :])) if m.tag in ("VV", "VA", "XSV")]
    if verbs and verbs[0].start == 0 and verbs[0].form in _HOLDING_VERBS:
        verbs = verbs[1:]  # "충칭시장을 했던 사람", "먼저 시장이 된 사람": who held the role
    return None if verbs else titled[-1]


# Verbs that say someone holds a role: 시장을 하다, 지내다, 맡다, 역임하다, 시장이 되다.
_HOLDING_VERBS = frozenset({"하", "지내", "맡", "되", "역임"})


def asked_titles(question: str, language: str) -> frozenset[str]:
    """The roles a who-question asks for: the last title before 누구 ("김태균 행정1부시장이 면담한
    쿠알라룸푸르 시장은 누구" asks for a 시장), or the English role after "who is the"."""
    at = _role_asked_at(question)
    if at is None:
        return frozenset()
    if language == "ko":
        words = question[:at].split()
        i = _asked_title_word(words)
        return frozenset() if i is None else frozenset({korean_title(words[i])})
    english = (re.search(r"\bwho(?:'s| is| was| are| were)\s+(?:the\s+)?(?:current\s+|new\s+)?([a-z -]+?)\s+(?:of|at|in|for)\b",
                         question, re.IGNORECASE)
               or re.search(r"\bname of\s+(?:the\s+)?(?:current\s+|new\s+)?([a-z -]+?)\s+(?:of|at|in|for|from)\b", question,
                            re.IGNORECASE)
               or re.search(r"\b(?:which|what)\s+([a-z -]+?)\s+(?:of|at|in|for|from)\b", question, re.IGNORECASE)
               or _SIDES_ROLE.search(question)  # "Which Russian governor …", "Who's the Chongqing mayor …"
               or _possessive_role(question)  # "who is Kuala Lumpur's mayor"
               or _ROLE_ALONE.search(question)  # "And the mayor from South Africa?"
               # "And who is the governor there?": the place pointed back at, or none
               or re.search(r"\bwho(?:'s| is| was)\s+(?:the\s+)?(?:current\s+|new\s+)?([a-z -]+?)\s*(?:\b(?:there|here)\b|\?|$)",
                            question, re.IGNORECASE))
    if not english:
        return frozenset()
    role = (english.group(english.lastindex) if english.lastindex else english.group(0)).lower().strip()
    return frozenset(next((v for k, v in _ENGLISH_TITLES.items() if role.endswith(k)), set()))


# A person named again by the title an earlier answer gave them: "그 주지사랑은", "that governor".
_KOREAN_REFERRED = re.compile(r"(?:^|\s)(?:그|그\s*때\s*그|해당|이)\s*(" + KOREAN_TITLE_WORDS + r")(?=\s|[은는이가과와을를의랑도께]|$)")
_ENGLISH_REFERRED = re.compile(r"\b(?:that|this|the same)\s+(" + _TITLE_WORDS + r")\b", re.IGNORECASE)
# What was just said, ruled out: "거기 말고", "그거 빼고", "besides that", "other than those".
_RULES_OUT_THE_EARLIER = re.compile(r"(?:거기|그곳|그거|그것|그건|그\s*사람|그분|그\s*도시|그\s*회사)\s*(?:은|는|이|가|을|를)?\s*"
                                    r"(?:말고|빼고|제외하고|외에|말고도)|"
                                    r"\b(?:besides|other than|apart from|except(?: for)?|aside from)\s+(?:that|those|these|it|them|there)\b",
                                    re.IGNORECASE)


# Who the other party was: "협정 맺은 상대가 누구야?", "누구와 만났어?", "Who did he sign the agreement with?",
# and with where or when after "with": "Who did Kim Tae-gyun sign the agreement with in Kuala Lumpur?".
_COUNTERPART = re.compile(r"상대(?:방)?\s*(?:은|는|이|가)?\s*(?:누구|어디)|누구(?:와|랑|하고)\s|"
                          r"\bwho(?:m)?\b[^?]*\bwith(?:\s+(?:in|at|on|during|last|this)\b[^?]*)?\s*\??\s*$|"
                          r"\bwith whom\b|\bcounterpart\b", re.IGNORECASE)


# "그 중에", "이중", "그 가운데", "among them", "of those": part of what the answer before counted.
_AMONG_THE_EARLIER = re.compile(r"(?:^|\s)(?:그|이)\s?(?:중|가운데)(?:에서|에|엔|에선)?(?=\s|$)|"
                                r"\b(?:among|of|out of)\s+(?:them|those|these)\b", re.IGNORECASE)

# A follow-up naming its person by a pronoun: he, she, 그는, 그녀, 그 사람 (not "그 도시", a place).
# The named groups hold the word without its particle: where conversation puts its gloss.
_PERSONAL_PRONOUN = re.compile(r"\b(?P<en>he|she|him|his|her)\b|(?:^|\s)(?P<ko>그(?=는|가|의|를|에게|한테|랑|와|하고)|그녀|그\s*사람|그\s*분)"
                               r"(?:은|는|이|가|의|를|을|에게|한테|랑|와|하고)?(?=\s|$|[?,.])", re.IGNORECASE)

# A follow-up naming its place by pointing back: 거기, 거긴, 그 도시, 해당 지역, there, that city.
_PLACE_POINTED_BACK = re.compile(r"(?:^|\s)(?P<ko>(?:그|이|해당)\s*(?:도시|나라|곳|지역)|거기|거긴|그곳|그\s*곳)|"
                                 r"\b(?P<en>there|that city|the city|that country|that place)\b", re.IGNORECASE)


def word_pointing_back(question: str) -> tuple[str, int] | None:
    """Whom a follow-up points back at, and where its pointing word ends: ("person", 6) for "Did he
    …", ("place", 2) for "거기 인구는?"; None where it points at no one, or at a person and a place
    both. The end is the word's, before any particle, so a gloss reads "거기(취리히주) 인구는"."""
    person, place = _PERSONAL_PRONOUN.search(question), _PLACE_POINTED_BACK.search(question)
    if bool(person) == bool(place):
        return None
    kind, found = ("person", person) if person else ("place", place)
    return kind, found.end("en") if found.group("en") else found.end("ko")


def titles_referred_back(question: str) -> frozenset[str]:
    """The roles a follow-up names its person by, pointing back ("그 주지사랑은 무슨 협약 맺었어?" -> 주지사,
    "What did that governor sign?" -> 주지사)."""
    korean = {korean_title(m.group(1)) for m in _KOREAN_REFERRED.finditer(question)}
    english = {role for m in _ENGLISH_REFERRED.finditer(question) for role in _ENGLISH_TITLES[m.group(1).lower()]}
    return frozenset(korean | english)


_KOREAN_SIDE = re.compile(r"([\uac00-\ud7a3A-Za-z]+)\s*(?:쪽|측)(?:에서는|에서|에선|의|은|는|이|에|으로)?(?=[\s?.!,]|$)")
_PLACE_NAME = r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*?)"
# Every capitalised word in a row, where nothing after it ends the name: "the mayor of Kuala Lumpur" is not Kuala's.
_WHOLE_NAME = r"([A-Z][\w-]*(?:\s+[A-Z][\w-]*)*)"
_ENGLISH_SIDES = (
    re.compile(r"\b(?:on|for|from)\s+(?:the\s+)?" + _PLACE_NAME + r"(?:['’]s)?\s+side\b"),  # "for Kuala Lumpur's side"
    re.compile(r"\b(?:[Tt]he|[Ww]hich|[Ww]hat)\s+" + _PLACE_NAME + r"\s+(?:city\s+)?(?:" + _TITLE_WORDS + r")\b"),
    # every capitalised word after "of": "the mayor of Kuala Lumpur that Kim met" is Kuala Lumpur's, not Kuala's
    re.compile(r"\b(?:" + _TITLE_WORDS + r")\s+(?:of|from)\s+(?:the\s+(?:city|canton)\s+of\s+)?" + _WHOLE_NAME),
    # a party named by what it did, not its title: "the signatory from KL", "who signed for Kuala Lumpur"
    re.compile(r"\b(?:signator(?:y|ies)|signers?|representatives?|counterparts?|signed)\s+(?:from|for|on behalf of)\s+(?:the\s+)?"
               + _WHOLE_NAME),
    # the asked person acted for the place: "Who signed the friendship agreement with Kim on behalf of
    # Kuala Lumpur?". Not where someone else is the subject: "Who did Kim meet on behalf of Seoul?"
    re.compile(r"^\s*[Ww]ho\s+(?!(?:did|does|do|will|would|had|has|have|is|was|are|were)\b)[^?]*?\b(?:on behalf of|representing)\s+"
               r"(?:the\s+)?" + _WHOLE_NAME),
)

# "who is Kuala Lumpur's mayor": the place and the role. Only where the question asks who holds it:
# "Who met Kuala Lumpur's mayor?" asks for someone else.
_POSSESSIVE_ROLE = re.compile(_PLACE_NAME + r"['’]s\s+(?:city\s+)?(" + _TITLE_WORDS + r")\b")
_ASKS_WHO_IS = re.compile(r"\bwho(?:'s|\s+is|\s+was|\s+are|\s+were)\b|\bname of\b|\b(?:which|what)\b", re.IGNORECASE)


def _possessive_role(question: str) -> re.Match | None:
    return _POSSESSIVE_ROLE.search(question) if _ASKS_WHO_IS.search(question) else None


# A role asked with its place before it: "Which Russian governor is he set to meet", "Who's the
# Chongqing mayor that Oh met".
_SIDES_ROLE = re.compile(r"\b(?:[Ww]hich|[Ww]hat|[Ww]ho(?:'s|\s+is|\s+was)(?:\s+the)?)\s+(?:[A-Z][\w-]*\s+)+(?:city\s+|government\s+)?("
                         + _TITLE_WORDS + r")\b")


def asked_sides(question: str, language: str) -> tuple[str, ...]:
    """The place whose person a who-question asks for: "쿠알라룸푸르 쪽에서 서명한 부시장 이름이 뭐야"
    and "쿠알라룸푸르 시장은 누구" ask for Kuala Lumpur's, "which Tashkent vice mayor" and "on (for,
    from) Kuala Lumpur's side" too. Candidates only: a check keeps those its document gives titles to."""
    at = _role_asked_at(question)
    if at is None:
        return ()
    if language == "ko":
        sides = _KOREAN_SIDE.findall(question)
        words = question[:at].split()
        i = _asked_title_word(words)
        if i is not None:
            prefix = words[i][: len(words[i]) - len(TITLE.search(words[i]).group(0))]
            sides += [prefix] if len(prefix) >= 2 else words[i - 1 : i]
        return tuple(dict.fromkeys(_with_relative_sides_resolved(question, sides)))
    found = [m for pattern in _ENGLISH_SIDES for m in pattern.finditer(question)] + [m for m in [_possessive_role(question)] if m]
    sides = [m.group(1) for m in found if not _generic(m.group(1).split()[0])]
    sides += [w for w in _NATIONAL_PERSON.findall(question) if is_country(w)]  # "the serbian government official"
    local = _ENGLISH_RELATIVE_SIDE.search(question)
    if local:  # "the local signatory": a place the question names
        sides += [m.group(1) for m in re.finditer(_WHOLE_NAME, question)
                  if m.start() > 0 and not _generic(m.group(1).split()[0])]
    return tuple(dict.fromkeys(sides))


def named_officials(question: str, language: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """The officials a question names by place and role: ("취리히", {"시장"}) for "박원순이 취리히
    시장이랑 만난 게 몇 시였어?", ("Zurich", {"시장"}) for "the Zurich mayor", "the mayor of Zurich".
    Candidates only: the word before a Korean title may be a person (박원순 시장); a check keeps
    the places its document uses as places."""
    if language == "ko":
        found = []
        words = question.split()
        for i, word in enumerate(words):
            stem = word if TITLE.search(word) else _SPOKEN_PARTICLE.sub("", word)
            role = korean_title(stem)
            if not role:
                continue
            prefix = stem[: len(stem) - len(TITLE.search(stem).group(0))]
            place = prefix if len(prefix) >= 2 else (_SPOKEN_PARTICLE.sub("", words[i - 1]) if i > 0 else "")
            if len(place) >= 2:
                found.append((place, frozenset({role})))
        return tuple(found)
    found = [(m.group(1), m.group(2)) for m in _PLACE_ROLE.finditer(question)]
    found += [(m.group(2), m.group(1)) for m in _ROLE_OF_PLACE.finditer(question)]
    return tuple((place, frozenset(_ENGLISH_TITLES[role.lower()])) for place, role in found if not _generic(place.split()[0]))


# How users join a word to the next in speech ("시장이랑", "주지사하고") as well as in writing.
_SPOKEN_PARTICLE = re.compile(r"(?:이랑|랑|하고|에서|에게|은|는|이|가|의|와|과|을|를|도)$")
_PLACE_ROLE = re.compile(_PLACE_NAME + r"(?:['’]s)?\s+((?i:" + _TITLE_WORDS + r"))\b")
_ROLE_OF_PLACE = re.compile(r"\b((?i:" + _TITLE_WORDS + r"))\s+of\s+(?:the\s+)?" + _WHOLE_NAME)


# A person named by the country's adjective, as users type it: "the serbian government official",
# "which Malaysian official" (the adjective must be a country's: "the local official" is no side).
_NATIONAL_PERSON = re.compile(r"\b([A-Za-z]+)\s+(?:government\s+|city\s+|regional\s+|state\s+)?(?:officials?|ministers?|"
                              r"ambassadors?|representatives?|delegates?|diplomats?|envoys?|dignitar(?:y|ies))\b")


# A side named by where the question already is: "쿠알라룸푸르랑 협정에 서명한 현지 쪽 인사", "상대측 대표", "저쪽에서",
# "the local signatory", "on the host side". It is the place the question named before it.
_RELATIVE_SIDES = frozenset({"현지", "상대", "상대방", "상대편", "상대국", "저", "그"})  # 저쪽, 그쪽: the other side
_KOREAN_RELATIVE_PERSON = re.compile(r"(현지|상대(?:국)?)\s*(?:인사|관계자|대표|서명자|인물|사람|책임자)|상대방|상대편")
_ENGLISH_RELATIVE_SIDE = re.compile(r"\b(?:on|for|from)\s+the\s+(?:local|host|other)\s+side\b|"
                                    r"\blocal\s+(?:official|signatory|representative|dignitary|side)\b", re.IGNORECASE)


def _with_relative_sides_resolved(question: str, sides: list[str]) -> list[str]:
    """`sides` with 현지 or 상대 (상대측) replaced by the proper nouns the question names before it."""
    relative = [s for s in sides if re.sub("[측쪽]$", "", s) in _RELATIVE_SIDES]
    person = _KOREAN_RELATIVE_PERSON.search(question)
    if not relative and not person:
        return sides
    at = min([question.find(s) for s in relative] + ([person.start()] if person else []))
    return [s for s in sides if s not in relative] + [m.form for m in nouns(question[:at]) if m.tag == "NNP"]


# A second question after the first: "…, and what year did she …", "…, and on what date?", "…몇 년이고, … 언제야?"
_SECOND_PART = re.compile(r",?\s+and\s+(?:(?:on|in|at|for|from|with|by|since|until)\s+)?(?:what|which|when|how|who|whom|where)\b|"
                          r"(?:이고|이며|고),?\s+\S.*(?:언제|몇|얼마|누구|누가|어디|무엇|뭐)", re.IGNORECASE)


# A question for a company, startup or institution: "which startup", "what's the startup showing …",
# "Name the tech companies …", "스타트업 이름이 뭐야", "어느 기업".
_BODY_WORDS_EN = r"start-?up|compan(?:y|ies)|firm|business(?:es)?|organi[sz]ation|institution|agency|cent(?:er|re)|university|school|hubs?|facilit(?:y|ies)"
_BODY_WORDS_KO = r"스타트업|기업|업체|회사|기관|단체|센터|대학|허브|시설"
# A count of bodies, as news writes one before naming them: "기업 3곳도 참여했다", "3개 기업이".
BODIES_COUNTED = re.compile(r"(?:" + _BODY_WORDS_KO + r")\s*\d+\s*(?:곳|개사|개)|\d+\s*(?:곳|개사|개)?\s*(?:의\s*)?(?:"
                            + _BODY_WORDS_KO + r")")


def asks_for_a_body(question: str) -> bool:
    """The question asks which company, startup or institution ("which local companies", "어느 기업")."""
    return bool(_BODY.search(question))


# Kinds of body whose names say what they are: the question's words for the kind, and the end of a
# name of that kind, in Korean (고려대, 고등교육부) or English ("Korea University", "Ministry of …").
KINDS_NAMED = {
    "university": (re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+)?universit(?:y|ies)\b|(?:어느|어떤|무슨)\s*대학|"
                              r"대학(?:교)?(?:은|는|이|가)?\s*(?:어디|어느\s*곳)", re.IGNORECASE),
                   re.compile(r"[\uac00-\ud7a3]대(?:학교?|학원)?(?:[은는이가의와과를을]|에서)?(?![\uac00-\ud7a3])|\buniversity\b|\bgraduate school\b",
                              re.IGNORECASE)),
    "ministry": (re.compile(r"\b(?:which|what)\s+(?:[\w-]+\s+)?ministr(?:y|ies)\b|(?:어느|어떤|무슨)\s*부처|"
                            r"부처(?:는|가)?\s*(?:어디|어느\s*곳)", re.IGNORECASE),
                 re.compile(r"[\uac00-\ud7a3]부(?:처)?(?:[은는이가의와과를을]|에서)?(?![\uac00-\ud7a3])|\bministry\b", re.IGNORECASE)),
    # "하이니거 주지사는 어느 정당 소속인가요?" is not answered by "유럽을 순방 중인 박원순 시장": a party's
    # name says it is one (자유민주당, "the Liberal Party"), or is written in capitals (FDP).
    "party": (re.compile(r"\b(?:which|what)\s+(?:political\s+)?part(?:y|ies)\b|정당|(?:어느|어떤|무슨)\s*당(?![\uac00-\ud7a3])",
                         re.IGNORECASE),
              re.compile(r"[\uac00-\ud7a3]당(?:[은는이가의와과를을]|에서)?(?![\uac00-\ud7a3])|국민의힘|\bparty\b|\b[A-Z]{2,5}\b")),
}


# A city asked for by its country: "한국 도시는 어디야", "국내 지자체", "Which Korean city", "a city in Russia".
_COUNTRY_OF_CITY = (
    re.compile(r"([\uac00-\ud7a3]{2,8})\s*(?:의\s*)?(?:도시|지자체|지방자치단체|지방정부)"),
    re.compile(r"\b((?:[A-Z][a-z]+\s+)?([A-Z][a-z]+))\s+(?:cit(?:y|ies)|towns?|municipalit(?:y|ies)|local governments?)\b"),
    re.compile(r"\b(?:cit(?:y|ies)|towns?)\s+in\s+(?:the\s+)?([A-Z][a-z]+(?:\s+[A-Z][a-z]+)?)\b"),
)


def asked_country(question: str) -> str:
    """The ISO code of the country a question asks a city of ("제5회 WeGO 총회를 유치하겠다고 신청한
    한국 도시는 어디야?": KR), or "". A city's own name before 도시 ("울랴놉스크 도시") is no country."""
    for pattern in _COUNTRY_OF_CITY:
        for match in pattern.finditer(question):
            for said in filter(None, match.groups()):  # "South African city", then "Korean" of "Which Korean city"
                code = country_code(said)
                if code:
                    return code
    return ""


def asked_kind(question: str) -> str:
    """The kind of body the question asks for, when its names say it ("Which university …"), or ""."""
    return _first_asked(KINDS_NAMED, question)


# The bodies that are companies, as a question and a text name them.
COMPANY_WORD = re.compile(r"스타트업|기업|업체|회사|start-?up|compan|firm|business", re.IGNORECASE)
# "Name one of the local tech firms …" asks for a company as "Name the … firms" does: it had been
# answered "Seocho Smart City", a policy, from the lead sentence.
_BODY = re.compile(r"\b(?:which|what)(?:'s| is| was)?\s+(?:the\s+)?(?:[\w-]+\s+){0,2}?(?:" + _BODY_WORDS_EN + r")s?\b"
                   r"|\b(?:name|list)\s+(?:(?:one|any|two|three|some)\s+of\s+)?(?:the\s+|all\s+)?(?:[\w-]+\s+){0,3}?(?:"
                   + _BODY_WORDS_EN + r")s?\b"
                   r"|(?:" + _BODY_WORDS_KO + r")(?:들)?(?:\s*(?:한|두|세|네|다섯|\d+)\s*(?:곳|개|군데|개사))?(?:은|는|이|가|의)?\s*"
                   r"(?:이름(?:이|은)?\s*)?(?:또\s*|그럼\s*)?(?:어디|뭐|무엇|어느)"
                   r"|어느\s*(?:" + _BODY_WORDS_KO + r")", re.IGNORECASE)


# Award grades as Korean prize lists write them, with their English names.
AWARD_GRADES = {"대상": ("grand prize", "grand award"), "최우수상": ("top prize", "first prize"), "금상": ("gold",),
                "은상": ("silver",), "동상": ("bronze",), "우수상": ("excellence award", "merit award"),
                "장려상": ("encouragement award", "honorable mention", "honourable mention")}
AWARD = re.compile("|".join(sorted(AWARD_GRADES, key=len, reverse=True)))


# "무슨 상 받았어?", "어떤 상을", "상 이름이 뭐야", "What award / which prize did it win?"
_WHICH_AWARD = re.compile(r"(?:무슨|어떤|어느)\s*상(?![가-힣])|(?:무슨|어떤|어느)\s*상(?:을|은|이)|(?<![가-힣])상\s*(?:이름|은|을)?\s*(?:뭐|무엇)"
                          r"|\b(?:what|which)\s+(?:\w+\s+)?(?:awards?|prizes?|medals?)\b", re.IGNORECASE)
# What names an award in an answer: a grade (금상, "gold"), or a word for one.
AWARD_NAMED = re.compile("|".join(sorted(AWARD_GRADES, key=len, reverse=True))
                         + r"|[가-힣]+상(?=[은는이가을를과와도]|\s|$|[.,)])|어워드|\b(?:awards?|prizes?|medals?|trophy|trophies|gold|silver|bronze)\b",
                         re.IGNORECASE)


def asked_award(question: str) -> str:
    """The award grade a question asks about, as Korean writes it ("the bronze" -> 동상), or ""."""
    found = AWARD.search(question)
    if found:
        return found.group()
    lowered = question.lower()
    return next((grade for grade, english in AWARD_GRADES.items()
                 if any(re.search(rf"\b{e}\b", lowered) for e in english)), "")


# A question about what is still to come: "What year is the park supposed to be finished?", "언제
# 완공될 예정이야?". (Korean news writes what is to come in the present tense, "2020년 열리는 총회".)
_TO_COME = re.compile(r"\b(?:supposed|expected|scheduled|planned|due|going)\s+to\b|\bwill\b|\bplans?\s+to\b|"
                      r"예정|계획|될까|할까|될\s*거|할\s*거", re.IGNORECASE)


# A question set in the year before or after the text's own: "작년 엑스포에는 몇 개국이" is not
# answered by "올해는 140개국".
OTHER_YEAR = {
    "last": re.compile(r"작년|지난\s?해|전년|\b(?:last|previous|the prior) year\b|\bthe year before\b", re.IGNORECASE),
    "next": re.compile(r"내년|다음\s?해|이듬해|\b(?:next|the following|the coming) year\b", re.IGNORECASE),
}


# The previous time of a recurring event: "3년 전에 열렸던 지난 WeGO 총회", "직전 박람회", "바로 전 WeGO
# 총회", "the previous assembly". Not "last", which also means the final one ("the last event of the
# trip"), nor 지난 alone, which also means the recent one ("지난 박람회에서 뭘 전시했어?" asks about the
# article's own expo). Not "바로 앞", which is also a place ("부스 바로 앞에서 열린 행사").
_EARLIER_ONE = re.compile(r"(?:이전|직전|앞선|전번|저번|바로\s*전(?:에)?)\s*(?:번\s*)?(?:[^\s?]+\s+){0,2}?(?:총회|대회|회의|행사|박람회|엑스포|포럼)|"
                          r"\d+\s*년\s*전에?\s*(?:열린|열렸던|개최된|개최됐던|했던)|"
                          r"\b(?:previous|prior|preceding)\s+(?:[\w-]+\s+){0,2}?(?:assembly|meeting|congress|expo|event|"
                          r"conference|forum|session|edition)\b", re.IGNORECASE)


def _other_year(question: str) -> str:
    """ "last" or "next" when the question sets itself in the year before or after the text's own."""
    return next((which for which, said in OTHER_YEAR.items() if said.search(question)), "")


# Asks what was chosen or decided: an answer the text only proposes ("거론되고 있다") is no answer.
_SETTLED = re.compile(r"최종|(?:뽑|선출|선정|결정|확정)\S*?(?:된|됐|되었|힌|혔)|뽑힌|뽑혔|"
                      r"\b(?:was|were|got|been|be)\s+(?:finally\s+|eventually\s+|officially\s+|actually\s+|really\s+)?(?:chosen|selected|elected|picked|confirmed)\b|"
                      r"\b(?:finally|ended up|won the bid)\b", re.IGNORECASE)
# A question about the present: "지금 입주해 있는 기업은 몇 개야?", "How many … right now?", "…
# doing research there today?" (a user's today is now; an article's 오늘 is its own day, so not 오늘).
_NOW = re.compile(r"지금|현재|요즘|오늘날|\b(?:now|currently|presently|at present|these days|so far|today)\b",
                  re.IGNORECASE)


# "하나만 말해줘", "한 곳만 알려 주세요", "아무 데나 하나", "name one of the awards": one item of a list is asked for.
_ONE_ITEM = re.compile(r"하나만|한\s*(?:가지|곳|개|명|군데)만|아무\s*(?:거나|데나|곳이나|것이나)|\bname (?:one|any one)\b|"
                       r"\bone of the\b", re.IGNORECASE)


_HOW_MANY = re.compile(r"몇|\bhow many\b", re.IGNORECASE)
# The article's writer: only a question about who wrote or reported it is answered from a byline.
_WRITER = re.compile(r"기자|특파원|작성|(?:쓴|썼)\S*\s*(?:사람|기사|분)|누가\s*(?:쓴|썼)|"
                     r"\b(?:wr(?:ote|iter|itten)|report(?:ed|er)|author(?:ed)?|journalists?|byline)\b", re.IGNORECASE)


def asks_what_was_done(question: str, language: str) -> bool:
    """The question asks about something done: its last verb is in the past tense ("통과됐어") or a
    past modifier ("맺은 게 언제야"), or, in English, it asks with did/was/were. "요청한 행사는 언제
    열릴 예정이야" asks about what is to come: its last verb (열릴) is not past."""
    if language == "en":
        return bool(re.search(r"\b(?:did|was|were)\b", question, re.IGNORECASE)) and not _TO_COME.search(question)
    found = morphemes(question)
    verbs = [i for i, m in enumerate(found) if m.tag in ("VV", "XSV")]
    if not verbs:
        return False
    endings = list(itertools.takewhile(lambda e: e.tag.startswith("E"), found[verbs[-1] + 1 :]))
    return any(e.tag == "EP" and e.form in ("었", "았", "였") for e in endings) or \
        any(e.tag == "ETM" and e.form in ("은", "ᆫ") for e in endings[:1])


# The measures of a place (and a delegation's size) that news gives as a bare amount after their word ("인구 약 247만명",
# "넓이는 1,729㎢"): how a question asks each, and how a Korean or English sentence writes it.
MEASURES = {
    "population": (re.compile(r"인구|(?:사람|명)이?\s*(?:살|거주)|사는\s*사람|살고\s*있|주민\s*수|population|inhabitants|"
                              r"\bpeople\s+(?:live|living)\b|\blive\s+(?:in|there)\b", re.IGNORECASE),
                   re.compile(r"인구|population", re.IGNORECASE)),
    "area": (re.compile(r"면적|넓이|\barea\b|how (?:big|large)|square\s*kilomet|㎢|km²|km2", re.IGNORECASE),
             re.compile(r"면적|넓이|\barea\b", re.IGNORECASE)),
    "GDP": (re.compile(r"(?<![A-Za-z])GDP(?![A-Za-z])|총\s*생산|gross domestic product", re.IGNORECASE),
            re.compile(r"(?<![A-Za-z])GDP(?![A-Za-z])|총\s*생산", re.IGNORECASE)),
    # the size of a delegation: "총 350여명이 참석한다" counts a whole assembly, not Seoul's party in it
    "delegation": (re.compile(r"(?:how many|몇\s*명)[^?]*(?:delegation|대표단|방문단|사절단)|"
                              r"(?:delegation|대표단|방문단|사절단)[^?]*(?:how many|몇\s*명|인원)", re.IGNORECASE),
                   re.compile(r"대표단|방문단|사절단|수행원|delegation", re.IGNORECASE)),
    # the visitors to a place: "2만여명이 참가했다" counts a whole expo's participants, not who stopped by a booth
    "visitors": (re.compile(r"\bhow many\s+(?:people|visitors|guests)\b[^?]*\b(?:visit|stop(?:ped|s)?\s+by|drop(?:ped|s)?\s+by|c[ao]me\s+(?:by|to\s+see))|"
                            r"\bhow many\s+visitors\b|(?:방문객|관람객|방문자)[^?]*(?:몇|얼마)|몇\s*명(?:이|이나)?\s*(?:방문|찾|다녀|들)",
                            re.IGNORECASE),
                 re.compile(r"방문객|관람객|방문자|방문한|찾은|다녀간|들른|visitors?\b|visited", re.IGNORECASE)),
}


# Things a question asks for by their kind, which a sentence answers only where it speaks of that
# kind: "what gift did Kim Tae-gyun present …" is not answered by the Seoul Day of the visit's
# sentence. (How a question asks each, how a text writes it.)
THINGS = {
    "gift": (re.compile(r"\bgifts?\b|\bpresent(?:ed)?\s+(?:him|her|them)\s+with\b|선물|기념품", re.IGNORECASE),
             re.compile(r"선물|기념품|증정|기증|\bgifts?\b", re.IGNORECASE)),
    "prize money": (re.compile(r"prize money|cash prize|상금", re.IGNORECASE),
                    re.compile(r"상금|prize money", re.IGNORECASE)),
    # A body as it was when founded: "그럼 처음 만들어질 때 회원도시는 몇 개였어요?" is not answered by the
    # 42 member cities at this year's assembly, but by "2010년 창립 당시 50여개 회원도시".
    "founding": (re.compile(r"(?:처음|최초로?)\s*(?:만들어|생기|생겼|생길|세워|설립|창립|출범|창설|발족)|"
                            r"(?:창립|출범|설립|창설|발족)\s*(?:당시|때|초기|초창기|무렵)|"
                            r"\b(?:at|upon|on)\s+(?:its|the)\s+(?:founding|launch|inception|creation|establishment)\b|"
                            r"\bwhen\s+(?:it|they|the\s+\w+(?:\s+\w+)?)\s+(?:was|were)\s+(?:first\s+)?"
                            r"(?:founded|launched|established|created|set up)\b", re.IGNORECASE),
                 re.compile(r"창립|출범|설립|창설|발족|출발|founded|founding|launched|established", re.IGNORECASE)),
    # Where a body sits: "WeGO 사무국은 어느 도시에 있나요?" is not answered by the city its assembly met in.
    "headquarters": (re.compile(r"사무국|사무처|본부|본사|secretariat|headquarter|head\s+office|\bbased\s+in\b", re.IGNORECASE),
                     re.compile(r"사무국|사무처|본부|본사|secretariat|headquarter|head\s+office", re.IGNORECASE)),
}


def asked_measure(question: str) -> str:
    """The measure of a place the question asks for, or "" ("울랴놉스크 인구는 얼마나 돼?": population)."""
    return _first_asked(MEASURES, question)


def _first_asked(table: dict[str, tuple[re.Pattern, re.Pattern]], question: str) -> str:
    """The first name in a table of (how a question asks it, how a text writes it) that the question asks."""
    return next((name for name, (asks, _) in table.items() if asks.search(question)), "")


# "몇 회 정례회", "몇 회 총회": which numbered session (제333회 정례회), not how many times.
_SESSION_NUMBER = re.compile(r"몇\s*회\s*[\uac00-\ud7a3]*회")


def asked_counter(question: str) -> str:
    """What a how-many question counts: "몇 표" votes, "how many companies" companies; "" when unsaid."""
    if _SESSION_NUMBER.search(question):
        return "ordinal"
    match = _HOW_MANY.search(question)
    return counter_after(question, match.end()) if match else ""


def _words(text: str) -> list[str]:
    korean = [m.form for m in nouns(text) if has_hangul(m.form) and len(m.form) > 1]  # 시, 주: suffixes
    latin = [w.lower() for w in re.findall(r"[A-Za-z][A-Za-z'’-]+", text) if w.lower() not in ENGLISH_FILLER]
    return korean + latin


def ends_in_possessive(word: str) -> bool:
    """The word ends in the possessive 의 ("이큐브랩의", "'에어블랙'의"), not in a noun that does (회의,
    합의, 본회의: "본회의 통과는 언제" asks of no 본회)."""
    word = word.strip(",.·'\"‘’“”")
    if not word.endswith("의"):
        return False
    found = morphemes(word)
    return bool(found) and found[-1].tag == "JKG"


def places_capitalised(text: str) -> str:
    """An English question typed in lowercase with its well-known places capitalised, so that they
    are read as names: "what's the population of chongqing" asks about Chongqing, and must not be
    answered from Tashkent's population. Only countries and large cities (rag/gazetteer.py); a
    question with capitals after its first letter is left as it is typed."""
    if has_hangul(text) or re.search(r"[A-Z]", text[1:]):
        return text
    words = list(re.finditer(r"[a-z\u00C0-\u024F]+", text))
    spans = []
    i = 0
    while i < len(words):
        pair = words[i:i + 2]
        if len(pair) == 2 and text[pair[0].end():pair[1].start()] == " " and well_known_place(f"{pair[0].group()} {pair[1].group()}"):
            spans += [pair[0].span(), pair[1].span()]
            i += 2
        elif len(words[i].group()) > 2 and well_known_place(words[i].group()):
            spans.append(words[i].span())
            i += 1
        else:
            i += 1
    out = list(text)
    for start, _ in spans:
        out[start] = out[start].upper()
    return "".join(out)


def names_in(text: str) -> list[str]:
    """Proper names in English text ("Kuala Lumpur", "Hu Henghua"), possessives cut.

    Titles and generic heads at a name's edges are cut ("Mayor Hu" is Hu; "Smart
    City Expo" keeps its City); "Seoul-Tashkent" is two names. Short all-capital
    words (GDP, MOU) name concepts, not who or what is asked about.
    """
    names = []
    for match in _NAME.finditer(re.sub(r"-(?=[A-Z])", " / ", _HOME_COUNTRY_EN.sub(" , ", text))):
        # a possessive ends a name: "Seoul's New Year meeting" names Seoul, not "Seoul New Year"
        for part in re.split(r"['’]s\b", match.group(0)):
            words = [_CONTRACTION.sub("", w.rstrip(".'’")) for w in part.split()]
            while words and _generic(words[0]):
                words.pop(0)
            while words and _generic(words[-1]):
                words.pop()
            if words and len(" ".join(words)) > 1:
                names.append(" ".join(words))
    return names


# A spoken contraction is its first word: "Where'd they plant…" asks where, it names no Where'd.
_CONTRACTION = re.compile(r"['’](?:d|re|ll|ve|m)$", re.IGNORECASE)


def _generic(word: str) -> bool:
    """Not a name: a capitalised common word, or a short acronym (MOU, CEO) unless it is a place's
    initials the exonym table knows (KL)."""
    return word.lower() in _NOT_NAMES or (word.isupper() and len(word) <= 4 and word.lower() not in EXONYMS)


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text)
