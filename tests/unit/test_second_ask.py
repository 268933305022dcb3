"""The second, focused ask: when it is made and what the final Answer keeps (the ask itself: test_pipeline)."""

import pytest

from rag.second_ask import Rejection, merged, rejection_of
from rag.types import Answer, Verdict


def abstention(*verdicts: Verdict, error: str = "") -> Answer:
    return Answer(question="q", language="ko", text="찾을 수 없습니다", abstained=True, verdicts=verdicts, error=error)


def failed(check: str, reason: str = "") -> Verdict:
    return Verdict(check, False, "claim", reason)


@pytest.mark.parametrize("verdict, kind, words", [
    (failed("adds_a_fact"), "echo", ""),
    (failed("says_more_than_every_document"), "echo", ""),
    (failed("says_little_it_cannot_check"), "wordy", ""),
    (failed("facts_in_cited_text", "not stated in any eligible evidence sentence: 울랴nop스크"), "unsupported", "울랴nop스크"),
    (failed("holds_the_asked_title"), "mismatch", ""),
    (failed("fits_question_kind"), "mismatch", ""),
])
def test_the_first_failed_claim_check_says_why(verdict, kind, words):
    passed_evidence = Verdict("mentions_asked_names", True, "[1]")
    assert rejection_of(abstention(passed_evidence, verdict)) == Rejection(kind, words)


def test_no_second_ask_for_an_answer_a_failure_or_an_abstention_the_checks_did_not_make():
    answered = Answer(question="q", language="ko", text="350명 [1]", abstained=False, verdicts=(failed("adds_a_fact"),))
    assert rejection_of(answered) is None
    assert rejection_of(abstention(failed("adds_a_fact"), error="server died")) is None
    assert rejection_of(abstention()) is None  # the model said the evidence does not hold it
    # No evidence sentence was eligible: only evidence checks failed, and the model was never asked.
    assert rejection_of(abstention(failed("mentions_asked_names"), failed("holds_the_asked_year"))) is None


def test_the_merged_answer_is_the_second_with_the_first_replys_record():
    first = Answer(question="q", language="ko", text="찾을 수 없습니다", abstained=True,
                   notes=("dropped: 충칭시장 (adds_a_fact)",), verdicts=(failed("adds_a_fact"),))
    second = Answer(question="q", language="ko", text="탕량즈 시장 [1]", abstained=False,
                    verdicts=(Verdict("facts_in_cited_text", True, "탕량즈 시장"),))
    answer = merged(first, second, Rejection("echo"))
    assert answer.text == second.text and not answer.abstained
    assert answer.notes == ("first reply dropped: 충칭시장 (adds_a_fact)", "asked again: the first reply only repeated the question")
    assert [v.check for v in answer.verdicts] == ["adds_a_fact", "facts_in_cited_text"]
