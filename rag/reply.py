"""Reply parsing: the model's raw text -> answer text, cited [n] numbers, claims.

The reply is JSON ({"answer", "citations"}) when the backend honours the
schema, else free text with [n] markers; both are read the same way and every
[n] is range-checked against the evidence that was shown.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

MARKER = re.compile(r"\[\s*(\d+(?:\s*[,،、]\s*\d+)*)\s*(?:\]|$)")  # a cut-off "[2" at the end counts
_SENTENCE_END = re.compile(r"(?<=[.!?。])\s+|(?<=다\.)\s*|(?<=요\.)\s*")
_MODEL_ABSTAINS = re.compile(
    r"찾을 수 없|알 수 없|언급되(?:어 있)?지 않|나와 있지 않|정보가 없|포함되어 있지 않|"
    r"not contain|does not (?:mention|say|specify|provide|state)|no information|not mentioned|"
    r"cannot be determined|not (?:provided|specified|available)",
    re.IGNORECASE,
)

# Words that carry no fact: a claim made only of these (plus the question's own


@dataclass(frozen=True)
class Reply:
    """The model's reply, parsed: answer text without markers, and the [n] it cited."""

    answer: str
    cited: tuple[int, ...]  # in range, in order of first mention, no duplicates
    out_of_range: tuple[int, ...]
    structured: bool  # True when the reply was valid JSON




# ---------------------------------------------------------------- parsing


def parse_reply(raw: str, n_evidence: int) -> Reply:
    """Read a JSON reply ({"answer", "citations"}), or free text with [n] markers."""
    data = _json_object(raw)
    if data is not None and isinstance(data.get("answer"), str):
        listed = _ints(data.get("citations", []))
        inline = _markers(data["answer"])
        numbers, structured, text = listed + inline, True, data["answer"]
    else:
        numbers, structured, text = _markers(raw), False, raw
    return _range_checked(strip_markers(text), numbers, n_evidence, structured)


def _range_checked(text: str, numbers: list[int], n_evidence: int, structured: bool) -> Reply:
    seen: list[int] = []
    bad: list[int] = []
    for n in numbers:
        target = seen if 1 <= n <= n_evidence else bad
        if n not in target:
            target.append(n)
    return Reply(answer=text.strip(), cited=tuple(seen), out_of_range=tuple(bad), structured=structured)


def _json_object(raw: str) -> dict | None:
    start, end = raw.find("{"), raw.rfind("}")
    if start < 0 or end <= start:
        return None
    try:
        data = json.loads(raw[start : end + 1])
    except json.JSONDecodeError:
        return None
    return data if isinstance(data, dict) else None


def _ints(values: object) -> list[int]:
    if isinstance(values, (int, str)):
        values = [values]
    if not isinstance(values, list):
        return []
    out = []
    for v in values:
        if isinstance(v, bool):
            continue
        if isinstance(v, int):
            out.append(v)
        elif isinstance(v, str) and v.strip().strip("[]").isdigit():
            out.append(int(v.strip().strip("[]")))
    return out


def _markers(text: str) -> list[int]:
    return [int(n) for group in MARKER.findall(text) for n in re.split(r"[,،、]", group)]


def strip_markers(text: str) -> str:
    """Remove [n] markers (they are re-added by code after verification)."""
    return re.sub(r"\s+([.,!?])", r"\1", MARKER.sub("", text)).strip()


def partial_answer(buffer: str) -> str:
    """The value of "answer" in a JSON reply that is still streaming in."""
    match = re.search(r'"answer"\s*:\s*"', buffer)
    if not match:
        return "" if buffer.lstrip().startswith("{") else buffer
    chars: list[str] = []
    escapes = {"n": "\n", "t": "\t", '"': '"', "\\": "\\", "/": "/"}
    i = match.end()
    while i < len(buffer):
        ch = buffer[i]
        if ch == '"':
            break
        if ch == "\\":
            if i + 1 >= len(buffer):
                break
            nxt = buffer[i + 1]
            if nxt == "u":
                if i + 6 > len(buffer):
                    break
                chars.append(chr(int(buffer[i + 2 : i + 6], 16)))
                i += 6
                continue
            chars.append(escapes.get(nxt, nxt))
            i += 2
            continue
        chars.append(ch)
        i += 1
    return "".join(chars)


def model_abstained(answer: str) -> bool:
    return not answer.strip() or bool(_MODEL_ABSTAINS.search(answer))


def split_claims(answer: str) -> list[str]:
    """The answer's sentences. A part without a letter or digit (a stray mark) is none; a bare "4" is
    one, to be checked like any other (it was once dropped unseen, and the answer abstained without
    a word of why)."""
    parts = [p.strip() for p in _SENTENCE_END.split(answer) if p and p.strip()]
    return [p for p in parts if any(ch.isalnum() for ch in p)]

