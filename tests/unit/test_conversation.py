"""Follow-ups: the retrieval query, and what the checks learn from the turn before."""

from rag.conversation import is_follow_up, standalone_query, with_earlier_turn
from rag.question import profile_question
from rag.types import Turn

GOVERNOR = Turn("박원순이 울랴놉스크에서 따로 만나는 울랴놉스크 주지사 누구임?", "세르게이 모로조프 러시아 울랴놉스크 주지사 [1]")
SHOPS = Turn("서초코인으로 결제할 수 있는 탄소제로샵이 몇 곳이에요?", "300개 [1]")


def test_a_follow_up_is_retrieved_with_the_question_before_it():
    assert is_follow_up("그 주지사랑은 무슨 협약 맺었어?") and is_follow_up("인구는요?")
    assert standalone_query("그 주지사랑은 무슨 협약 맺었어?", [GOVERNOR]).startswith(GOVERNOR.question)
    assert standalone_query("서울시와 협약을 맺은 취리히 주지사는 누구인가요?", [GOVERNOR]) == \
        "서울시와 협약을 맺은 취리히 주지사는 누구인가요?"


def test_a_person_named_again_by_title_is_the_one_the_answer_before_named():
    profile = with_earlier_turn(profile_question("그 주지사랑은 무슨 협약 맺었어?"), [GOVERNOR])
    assert profile.referred_titles == {"주지사"}
    assert {"세르게이", "모로조프"} <= profile.referred_words  # 세르게이 keeps its 이: no particle
    english = with_earlier_turn(profile_question("What did that governor sign?"),
                                [Turn("Who is the governor of Ulyanovsk?", "Sergey Morozov (세르게이 모로조프) [1]")])
    assert english.referred_titles == {"주지사"} and "모로조프" in english.referred_words


def test_nothing_is_referred_to_after_no_answer_or_without_a_title():
    abstained = Turn(GOVERNOR.question, "제공된 문서에서 답을 찾을 수 없습니다.")
    assert not with_earlier_turn(profile_question("그 주지사랑은 무슨 협약 맺었어?"), [abstained]).referred_words
    assert not with_earlier_turn(profile_question("그 사람 인구는요?"), [GOVERNOR]).referred_words
    assert not with_earlier_turn(profile_question("그 주지사랑은 무슨 협약 맺었어?"), []).referred_words


def test_what_was_just_said_is_ruled_out():
    # the answer was a count: what "거기" points at is the last question's subject, 탄소제로샵
    profile = with_earlier_turn(profile_question("거기 말고 서초코인으로 결제할 수 있는 곳은 또 어디야?"), [SHOPS])
    assert "탄소" in profile.excluded and "결제" not in profile.excluded
    # the answer named something: that is what is ruled out
    places = Turn("WeGO 총회는 어디서 열려?", "울랴놉스크 [1]")
    profile = with_earlier_turn(profile_question("거기 말고 다른 후보 도시는 어디였어?"), [places])
    assert "울랴놉스크" in profile.excluded
    english = with_earlier_turn(profile_question("Besides that, where else can you use them?"),
                                [Turn("Where can you spend Seocho Coins?", "At 300 carbon-zero shops (탄소제로샵) [1]")])
    assert "탄소제로샵" in english.excluded
    # no "말고": nothing is ruled out
    assert with_earlier_turn(profile_question("서초코인으로 결제할 수 있는 곳은 또 어디야?"), [SHOPS]).excluded == ()
