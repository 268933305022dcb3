"""What every document of the collection says: the terms that name no answer in particular.

In five articles about Seoul's city diplomacy, 서울 is in every one. It is the
small model's default guess when it cannot find the asked place ("서울시" for
"where was the tree planted in Kuala Lumpur?"), and a question that names it
is not narrowed by it. A term is common when every document of the collection
says it (read from a bounded sample, so a large collection costs no more).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from rag.roles import PLACE_SUFFIX


def _compact(text: str) -> str:
    return re.sub(r"\s+", "", text).casefold()


@dataclass(frozen=True)
class CollectionTerms:
    texts: tuple[str, ...] = ()  # the sampled documents, compacted and case-folded
    min_documents: int = 3  # fewer documents than this: nothing is common (one article says its own topic)
    _seen: dict = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, texts: Iterable[str], min_documents: int = 3, sample: int = 64) -> "CollectionTerms":
        kept = [_compact(t) for _, t in zip(range(sample), texts)]
        return cls(tuple(kept), min_documents)

    def everywhere(self, term: str) -> bool:
        """True when every sampled document says `term` (or it without a place suffix: 서울시 ~ 서울)."""
        if len(self.texts) < self.min_documents:
            return False
        key = _compact(term)
        if not key:
            return False
        if key not in self._seen:
            stem = PLACE_SUFFIX.sub("", key)
            self._seen[key] = all(key in t or stem in t for t in self.texts)
        return self._seen[key]
