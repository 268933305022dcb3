"""Follow-ups: the retrieval query, and what the checks learn from the turn before."""

from rag.conversation import focused_query, is_follow_up, question_for_the_model, standalone_query, with_earlier_turn
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


def test_nothing_is_referred_to_after_no_answer_or_without_a_title_or_pronoun():
    abstained = Turn(GOVERNOR.question, "제공된 문서에서 답을 찾을 수 없습니다.")
    assert not with_earlier_turn(profile_question("그 주지사랑은 무슨 협약 맺었어?"), [abstained]).referred_words
    assert not with_earlier_turn(profile_question("그 도시 인구는요?"), [GOVERNOR]).referred_words
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


def test_a_follow_ups_own_ask_is_said_with_the_last_answer_or_the_names_asked_before():
    earlier = Turn("김태균 부시장이 쿠알라룸푸르에서 우호도시 협정 맺은 상대는 누구예요?", "이스마디 빈 사키린 쿠알라룸푸르 부시장 [1]")
    assert focused_query("그 도시 인구는 얼마나 돼?", [earlier]) == "이스마디 빈 사키린 쿠알라룸푸르 부시장 그 도시 인구는 얼마나 돼?"
    declined = Turn(earlier.question, "제공된 문서에서 답을 찾을 수 없습니다.")
    focused = focused_query("그 도시 인구는 얼마나 돼?", [declined])
    assert focused.endswith("그 도시 인구는 얼마나 돼?") and "쿠알라룸푸르" in focused and "협정" not in focused
    standalone = "서울시와 취리히주가 우호도시협정을 맺은 날짜는 언제인가요?"
    assert focused_query(standalone, [earlier]) == standalone  # no follow-up: the question alone


def test_a_pronoun_points_back_at_the_person_the_last_answer_named():
    earlier = Turn("Which Russian governor was Park Won-soon scheduled to meet?", "Sergey Ivanovich Morozov (세르게이 모로조프) [1]")
    profile = with_earlier_turn(profile_question("According to the article, how long has he been in that post?"), [earlier])
    assert profile.refers_to_someone and profile.referred_words >= {"세르게이", "모로조프"}
    city = with_earlier_turn(profile_question("그 도시 인구는 얼마나 돼?"), [earlier])
    assert not city.referred_words  # "그 도시" is a place, no person


def test_a_how_many_follow_up_asks_the_measure_asked_before():
    """"그럼 타슈켄트는 몇 명이야?" after "쿠알라룸푸르 인구 얼마나 돼?" asks a population, not a head count."""
    earlier = Turn("쿠알라룸푸르 인구 얼마나 돼?", "207만명 [1]")
    follow_up = with_earlier_turn(profile_question("그럼 타슈켄트는 몇 명이야?"), [earlier])
    assert follow_up.measure == profile_question(earlier.question).measure != ""
    attended = with_earlier_turn(profile_question("그럼 타슈켄트는 몇 명이야?"), [Turn("서울의 날 행사는 언제였어?", "7월 25일 [1]")])
    assert attended.measure == ""


def test_a_place_pointed_back_at_is_the_one_the_last_turn_named():
    question = profile_question("그 도시가 우즈베키스탄 전체 GDP에서 차지하는 비중은 어느 정도예요?")
    assert question.refers_to_a_place
    # the last answer named no place ("247만명"): the last question's proper nouns
    after_a_count = with_earlier_turn(question, [Turn("타슈켄트 인구는 몇 명쯤 돼?", "247만명 [1]")])
    assert after_a_count.referred_places == {"타슈켄트"}
    after_a_name = with_earlier_turn(question, [Turn("김 부시장이 간 도시는?", "타슈켄트시 [1]")])
    assert after_a_name.referred_places == {"타슈켄트시"}
    assert not profile_question("타슈켄트 GDP 비중은?").refers_to_a_place


def test_a_pronoun_after_a_who_question_that_found_no_one_refers_to_no_one_found():
    question = profile_question("그 사람 정확한 직책은 뭐야?")
    official = "Which Serbian government official praised Seocho Coin after visiting Seocho's booth?"
    assert with_earlier_turn(question, [Turn(official, "The documents do not contain this.")]).refers_to_no_one_found
    assert not with_earlier_turn(question, [Turn(official, "Olja Stanić Marić (올자 스태닉 마릭) [1]")]).refers_to_no_one_found
    # the earlier question names a person the pronoun may mean instead
    kim = "Who did Kim Tae-gyun meet in Tashkent?"
    assert not with_earlier_turn(question, [Turn(kim, "The documents do not contain this.")]).refers_to_no_one_found
    # no pronoun, or no who-question before
    assert not with_earlier_turn(profile_question("직책은?"), [Turn(official, "The documents do not contain this.")]).refers_to_no_one_found
    when = "When did Seocho go to Barcelona?"
    assert not with_earlier_turn(question, [Turn(when, "The documents do not contain this.")]).refers_to_no_one_found


MAYOR = Turn("Who's the Chongqing mayor that Oh Se-hoon sat down with?", "Huheonghwa (후헝화) [1]")


def test_the_model_reads_a_follow_up_with_whom_or_what_it_points_back_at():
    assert question_for_the_model("What year did he become mayor?", [MAYOR]) == \
        "What year did he (Huheonghwa, 후헝화) become mayor?"
    assert question_for_the_model("그 사람 시장 되기 전엔 뭐 하던 사람이야?", [MAYOR]) == \
        "그 사람(Huheonghwa, 후헝화) 시장 되기 전엔 뭐 하던 사람이야?"
    assert question_for_the_model("거기 주지사는 누구예요?", [Turn("WeGO 총회가 열린 러시아 도시는 어디야?", "러시아 울랴놉스크 [1]")]) == \
        "거기(러시아 울랴놉스크) 주지사는 누구예요?"
    # after a count or a size, "there" is the one place the question before named
    districts = Turn("How many districts is Kuala Lumpur divided into?", "11 (11개구) [1]")
    assert question_for_the_model("그럼 거기 인구는 얼마나 돼요?", [districts]) == "그럼 거기(Kuala Lumpur) 인구는 얼마나 돼요?"
    # as the question before wrote it, with its unit: the canton, not the city of Zurich
    area = Turn("취리히주 땅 넓이가 얼마나 돼?", "1,729㎢ [1]")
    assert question_for_the_model("And roughly how many people live there?", [area]) == \
        "And roughly how many people live there (취리히주)?"
    canton = Turn("How big is the canton of Zurich in square kilometers?", "1,729 km² [1]")
    assert question_for_the_model("And how many people live there?", [canton]) == \
        "And how many people live there (canton of Zurich)?"


def test_the_gloss_follows_every_pointing_word_the_question_reader_knows():
    # one list of pointing words for the question reader and the gloss: "거긴", "그한테", "that city"
    # were read as follow-ups but shown to the model without whom or what they meant
    ulyanovsk = Turn("WeGO 총회가 열린 러시아 도시는 어디야?", "울랴놉스크 [1]")
    assert question_for_the_model("거긴 인구가 얼마야?", [ulyanovsk]) == "거긴(울랴놉스크) 인구가 얼마야?"
    assert question_for_the_model("Who governs that city?", [ulyanovsk]) == "Who governs that city (울랴놉스크)?"
    assert question_for_the_model("해당 지역 주지사는?", [ulyanovsk]) == "해당 지역(울랴놉스크) 주지사는?"
    assert question_for_the_model("그한테 무슨 선물 줬어?", [MAYOR]) == "그(Huheonghwa, 후헝화)한테 무슨 선물 줬어?"


def test_a_follow_up_is_shown_as_asked_when_what_it_points_at_is_unclear():
    # the answer before was a sentence, a date, no answer; the question names no one; or both a person and a place
    for earlier in (Turn(MAYOR.question, "He took the job on October 10, 2022. [1]"),
                    Turn(MAYOR.question, "제공된 문서에서 답을 찾을 수 없습니다."),
                    Turn("서울시와 우호도시 협정을 맺은 말레이시아 도시는?", "쿠알라룸푸르입니다.")):
        assert question_for_the_model("What was his background before that?", [earlier]) == "What was his background before that?"
        assert question_for_the_model("그 도시의 인구는 얼마인가요?", [earlier]) == "그 도시의 인구는 얼마인가요?"
    assert question_for_the_model("Who is the mayor of Seoul?", [MAYOR]) == "Who is the mayor of Seoul?"
    assert question_for_the_model("Did he meet anyone there?", [MAYOR]) == "Did he meet anyone there?"
    assert question_for_the_model("What year did he become mayor?", []) == "What year did he become mayor?"


def test_there_after_a_place_at_one_level_is_at_that_level():
    """"And how many people live there?" after the canton's size asks the canton's population."""
    for earlier in (Turn("취리히주 땅 넓이가 얼마나 돼?", "1,729㎢ [1]"),
                    Turn("How big is the canton of Zurich in square kilometers?", "1,729 km² [1]")):
        profile = with_earlier_turn(profile_question("And roughly how many people live there?"), [earlier])
        assert [unit for unit, _ in profile.place_units] == ["주"], earlier
    # an answer that named a place is what "there" means: the question before gives it no level
    named = with_earlier_turn(profile_question("거기 인구는?"), [Turn("취리히주에서 가장 큰 도시는?", "취리히시 [1]")])
    assert named.place_units == ()
