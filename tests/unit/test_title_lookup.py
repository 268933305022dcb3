"""The title lookup reads the title the text gives the person a question names (worked examples from the articles)."""

import json
from dataclasses import replace

from rag.config import VerifyPolicy
from rag.question import KOREAN_ROLES, profile_question
from rag.roles import title_of
from rag.title_lookup import asks_a_title, english_title, title_of_the_named, title_reply
from tests.evidence import numbered as evidence

POLICY = VerifyPolicy()
LEAD = "김태균 서울시 행정1부시장은 7월 22일부터 27일까지 쿠알라룸푸르를 방문해 우호도시 협정을 체결했다."
SIGNED = "김태균 행정1부시장(우)은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 쿠알라룸푸르 부시장과 우호도시 협정(MOU)을 체결했다."
LATER = "김 부시장은 협력 체계를 구축하는 계기가 됐다고 말했다."


def titled(question: str, *texts: str, profile=None):
    shown = evidence(*texts)
    return title_of_the_named(profile or profile_question(question), shown, {e.n: " ".join(texts) for e in shown}, POLICY)


def test_the_title_written_after_the_named_person_is_read_with_its_place():
    found = titled("What is Kim Tae-gyun's position in the Seoul city government?", LATER, LEAD, SIGNED)
    assert (found.n, found.title, found.word) == (2, "서울시 행정1부시장", "행정1부시장")
    assert json.loads(title_reply(found, "en")) == {
        "answer": "First Vice Mayor for Administration (서울시 행정1부시장)", "citations": [2]}
    korean = titled("김태균의 직책이 뭐야?", SIGNED)
    assert json.loads(title_reply(korean, "ko")) == {"answer": "행정1부시장", "citations": [1]}


def test_the_other_person_of_the_sentence_gives_no_title():
    """The sentence names Kuala Lumpur's deputy mayor too: his title is not Kim Tae-gyun's."""
    assert titled("What is Ismadi's position?", SIGNED).word == "부시장"
    assert titled("What is Park Won-soon's title?", SIGNED) is None


def test_a_follow_up_asks_the_title_of_the_person_the_answer_before_named():
    his = replace(profile_question("What's his position at Seoul city hall?"), referred_words=frozenset({"김태균"}))
    assert his.refers_to_someone
    assert titled("", LEAD, profile=his).word == "행정1부시장"
    someone_else = replace(his, referred_words=frozenset({"박원순"}))
    assert titled("", LEAD, profile=someone_else) is None


def test_only_questions_for_a_persons_position_are_read():
    assert asks_a_title(profile_question("What is Kim Tae-gyun's position in the Seoul city government?"))
    assert asks_a_title(profile_question("what post does he hold"))
    assert asks_a_title(profile_question("김태균의 직책은?"))
    assert not asks_a_title(profile_question("What was the title of Jeon Seong-su's keynote speech?"))
    assert not asks_a_title(profile_question("What was Kim Tae-gyun's title for the forum?"))
    assert not asks_a_title(profile_question("Who is the First Vice Mayor for Administration?"))
    assert titled("Who signed the agreement with Kim Tae-gyun?", SIGNED) is None


def test_every_korean_title_has_an_english_name():
    for role in KOREAN_ROLES:
        assert english_title(role), role
        assert title_of(role) == role, role
    assert english_title("행정2부시장") == "Second Vice Mayor for Administration"
    assert english_title("서초구청장") == "District Mayor"
