"""A second, focused ask: when verification dropped every claim of the model's reply, ask once more,
showing only the evidence sentences that pass the evidence checks.

The first prompt shows every retrieved sentence, so the model may answer from one the checks
will not accept (another city's population, another year's event), or copy a name from the
wrong sentence, or echo the question. The second prompt is the same one, narrowed to the
sentences that may support an answer (rag/checks.py), renumbered. Its reply is verified exactly
like the first; being asked twice earns it no trust.

Measured on replays of four tuning splits (dev, fresh, fresh2, fresh3; 273 questions): 16 more
right answers and 3 more wrong ones. Telling the model why its reply was rejected, in the same
conversation, gained 1 right and 1 wrong: the small model mostly repeated itself or gave up.

A role question ("충칭 시장은 누구예요?") whose evidence names exactly one holder of the asked role
is answered from the text instead, without asking the model (rag/role_lookup.py): the model had
echoed the role, and asked again it echoed it again. On replays of five tuning splits (333
questions) that gave 9 more right answers and no wrong one.

No second ask when one cannot help: the model said the evidence does not hold the answer
(asking again would push it to guess; only the role lookup follows, which asks no model: "Who is
the mayor of Kuala Lumpur that Kim Tae-gyun met?" was declined though its sentence names
"마이무나 모드 샤리프 쿠알라룸푸르 시장"), every evidence sentence already passed the checks (the
same prompt would get the same greedy reply), no sentence passed (the model was never asked),
or the backend failed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from rag.checks import CLAIM_CHECKS, PLACEMENT_CHECKS
from rag.types import Answer, Verdict
from rag.verify import FACTS_CHECK, MODEL_DECLINED

# Why a reply was rejected, for the note the Answer keeps: from the first claim-level check it failed.
_ECHO = frozenset({"adds_a_fact", "says_more_than_every_document"})
_WORDY = frozenset({"says_little_it_cannot_check"})
_CLAIM_LEVEL = frozenset({c.__name__ for c in CLAIM_CHECKS} | {c.__name__ for c in PLACEMENT_CHECKS} | {FACTS_CHECK})

_SAID = {
    "echo": "only repeated the question",
    "unsupported": "stated what no evidence sentence says",
    "wordy": "said more than the evidence can confirm",
    "mismatch": "did not fit what the question asks",
    "declined": "found no answer",
}


@dataclass(frozen=True)
class Rejection:
    kind: str  # echo | unsupported | wordy | mismatch | declined (the model said the evidence does not hold it)

    @property
    def lookup_only(self) -> bool:
        """Only the text is read after the model declined: asked again, it would be pushed to guess."""
        return self.kind == "declined"
    words: str = ""  # unsupported: what the reply said that no sentence states

    @property
    def note(self) -> str:
        """The line kept on the final Answer (and shown while the model is asked again)."""
        return self.note_for(asked=True)

    def note_for(self, asked: bool) -> str:
        """As `note`, saying what followed: the model asked again, or the answer read from the text (rag/role_lookup.py)."""
        then = "asked again" if asked else "read from the text"
        return f"{then}: the first reply {_SAID[self.kind]}" + (f" ({self.words})" if self.words else "")


def rejection_of(answer: Answer) -> Rejection | None:
    """Why every claim of a verified reply was dropped, or "declined" when the model itself found
    no answer (then only a role lookup follows); None when it answered, or when its abstention
    came from the evidence or from a failure."""
    if not answer.abstained or answer.error:
        return None
    if MODEL_DECLINED in answer.notes:
        return Rejection("declined")
    failed = next((v for v in answer.verdicts if not v.passed and v.check in _CLAIM_LEVEL), None)
    return None if failed is None else _rejection(failed)


def _rejection(failed: Verdict) -> Rejection:
    if failed.check in _ECHO:
        return Rejection("echo")
    if failed.check in _WORDY:
        return Rejection("wordy")
    if failed.check == FACTS_CHECK:
        return Rejection("unsupported", failed.reason.partition(": ")[2])
    return Rejection("mismatch")


def merged(first: Answer, second: Answer, rejection: Rejection, asked: bool = True) -> Answer:
    """The second answer, keeping what verifying the first reply found (its notes and verdicts)."""
    notes = tuple(f"first reply {note}" for note in first.notes) + (rejection.note_for(asked),) + second.notes
    return replace(second, notes=notes, verdicts=first.verdicts + second.verdicts)
