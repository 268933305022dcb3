"""Evidence sentences for the lookup tests: each text numbered [1], [2] … in one made-up document."""

from rag.types import Evidence, Sentence


def numbered(*texts: str) -> list[Evidence]:
    return [Evidence(n, Sentence(n, f"d#{n}", "d", 0, len(t), t), 1.0, "제목") for n, t in enumerate(texts, 1)]
