"""Korean morphemes with their places in the text (Kiwi), shared by retrieval and verification.

Retrieval needs the content forms; verification also needs each morpheme's
tag (a noun is a fact to find, a verb may be paraphrased) and its offsets (the
span a citation highlights).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

# Kiwi (Sejong) tags that carry content: nouns, numerals, verb/adjective stems,
# roots, foreign words, hanja, numbers. Particles and endings are dropped.
CONTENT_TAGS = frozenset({"NNG", "NNP", "NNB", "NR", "VV", "VA", "XR", "SL", "SH", "SN"})
# Tags whose words an answer cannot paraphrase: nouns, roots, foreign words, hanja.
# Verbs and adjectives are left out on purpose: "열었다" may answer "개최했다".
NOUN_TAGS = frozenset({"NNG", "NNP", "XR", "SL", "SH"})


@dataclass(frozen=True)
class Morpheme:
    form: str
    tag: str
    start: int  # offsets into the analysed text
    end: int


@lru_cache(maxsize=1)
def kiwi():
    from kiwipiepy import Kiwi  # heavy: loads its model on first use

    return Kiwi()


@lru_cache(maxsize=4096)
def morphemes(text: str) -> tuple[Morpheme, ...]:
    """Every morpheme of `text` with its tag and character offsets (cached: evidence repeats)."""
    return tuple(Morpheme(t.form, t.tag, t.start, t.start + t.len) for t in kiwi().tokenize(text))


def nouns(text: str) -> tuple[Morpheme, ...]:
    """The noun-like morphemes of `text` (see NOUN_TAGS)."""
    return tuple(m for m in morphemes(text) if m.tag in NOUN_TAGS)
