import json

from rag.date_lookup import date_of_the_asked_action, date_reply
from rag.question import profile_question
from tests.evidence import numbered as evidence

TASHKENT = "서울시와는 2006년 우호도시 협정 체결을 시작으로, 2010년 친선도시로 격상해 지난 15년간 정책·인적 교류 등 다양한 분야에서 협력을 이어오고 있다."
MAYOR = "후헝화 시장은 기업인 출신으로 2003년 후난성 10대 경제인으로 선정되기도 했으며, 부시장과 시장 대행을 거쳐 2022년 취임했다."
CHONGQING = "충칭시는 중국 4개 직할시 중 하나로 지난 2019년 5월 서울시와 우호 협약을 맺었다."


def dated(question: str, *texts: str):
    return date_of_the_asked_action(profile_question(question), evidence(*texts))


def test_the_date_read_is_the_one_that_belongs_to_the_asked_action():
    # 2006 dates the signing (체결), 2010 the upgrade (격상): the model had answered 2006
    assert dated("In what year was the Seoul–Tashkent relationship upgraded to friendship city status?", TASHKENT).date == "2010년"
    assert dated("서울이랑 타슈켄트가 처음 우호도시 협정 맺은 게 몇 년도야?", TASHKENT).date == "2006년"
    # 2003 dates his being chosen one of Hunan's ten businessmen, 2022 his taking office
    assert dated("What year did he take office as mayor?", MAYOR, TASHKENT).date == "2022년"
    # a month written with its year is kept with it
    found = dated("서울이랑 충칭이 우호협약 맺은 게 언제야?", CHONGQING)
    assert (found.n, found.date) == (1, "2019년 5월")
    assert json.loads(date_reply(found, "en")) == {"answer": "2019년 5월", "citations": [1]}  # shown in English later
    upgraded = dated("In what year was the Seoul–Tashkent relationship upgraded?", TASHKENT)
    assert json.loads(date_reply(upgraded, "en"))["answer"] == "2010"
    assert json.loads(date_reply(upgraded, "ko"))["answer"] == "2010년"


def test_two_dates_of_the_asked_action_are_told_apart_by_the_question_else_none():
    # both sentences date a signing: the one that says 충칭 answers the Chongqing question
    assert dated("서울이랑 충칭이 우호협약 맺은 게 언제야?", TASHKENT, CHONGQING).date == "2019년 5월"
    assert dated("When did they sign it?", TASHKENT, CHONGQING) is None


def test_no_date_is_read_for_a_question_that_asks_no_date_or_names_no_action():
    assert dated("How many people live in Tashkent?", TASHKENT) is None
    assert dated("When was it?", TASHKENT) is None  # no action asked: any date would be a guess
    assert dated("Who took office as mayor in 2022?", MAYOR) is None


def test_a_question_for_the_day_is_answered_by_a_day_and_one_for_the_year_by_a_year():
    signing = "김태균 행정1부시장(우)은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 쿠알라룸푸르 부시장과 우호도시 협정(MOU)을 체결했다."
    # both sentences date a signing; "On what date" is not answered by 2006, a year alone
    assert dated("On what date was the Seoul-Kuala Lumpur friendship agreement signed?", TASHKENT, signing).date == "23일"
    assert dated("On what day was it signed?", TASHKENT) is None
    assert dated("서울이랑 타슈켄트가 처음 우호도시 협정 맺은 게 몇 년도야?", TASHKENT, signing).date == "2006년"


def test_a_question_that_asks_more_than_when_or_a_range_gets_no_date():
    wego = "박원순 서울시장은 28~29일 양일간 러시아 울랴놉스크에서 열리는 세계도시전자정부협의체(WeGO) 총회에 참석한다."
    assert dated("WeGO 총회 언제 어디서 열려요?", wego) is None  # when and where: the date is half an answer
    assert dated("Who took office as mayor, and in which year?", MAYOR) is None
    assert dated("WeGO 총회는 언제 열려요?", wego) is None  # "29일" alone would be the end of 28~29일
    hotel = "서울시는 7일 오전 11시 20분, 포시즌스호텔에서 주한 대사 40여 명 등과 신년 인사회를 열었다."
    assert dated("When and at which hotel did Seoul hold its New Year meeting with diplomats?", hotel) is None
    assert dated("서울시가 어느 호텔에서 언제 신년 인사회를 열었어?", hotel) is None
    assert dated("서울시가 신년 인사회를 연 건 며칠이야?", hotel).date == "7일"  # the when-question alone is read
