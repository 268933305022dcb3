"""The role lookup reads the one holder of the asked role from the evidence (worked examples from the articles)."""

import json

from rag.config import VerifyPolicy
from rag.question import profile_question
from rag.role_lookup import lookup_reply, role_holder
from rag.types import Evidence, Sentence

POLICY = VerifyPolicy()
CHONGQING_DOC = ("중국을 공식 방문 중인 오세훈 서울시장은 지난 29일 충칭시장을 만났다. "
                 "오 시장은 이날 오후 후헝화 충칭시장과의 비공개 면담에서 협력 확대를 논의했다. 충칭시를 방문했다.")
KL_DOC = ("김태균 서울시 행정1부시장은 쿠알라룸푸르를 방문했다. 김태균 행정1부시장(우)은 23일 쿠알라룸푸르에서 "
          "이스마디 빈 사키린 쿠알라룸푸르 부시장과 우호도시 협정(MOU)을 체결했다.")
WEGO_DOC = ("박원순 서울시장은 러시아 울랴놉스크에서 열리는 총회를 주재한다. 세르게이 모로조프(Sergey Ivanovich Morozov) "
            "러시아 울랴놉스크 주지사, 페코이 오르테가(Francisco Emmanuel Pacoy R. Ortega) 필리핀 라 유니온 주지사가 참석한다. "
            "서울시 앱비즈니스센터에 입주한 '에어블랙'의 문헌규 대표가 직접 참여한다.")


def evidence(document: str, *texts: str) -> tuple[list[Evidence], dict[int, str]]:
    shown = [Evidence(n, Sentence(n, "c", "d", 0, len(t), t), 1.0) for n, t in enumerate(texts, 1)]
    return shown, {e.n: document for e in shown}


def holder(question: str, document: str, *texts: str):
    shown, documents = evidence(document, *texts)
    return role_holder(profile_question(question), shown, documents, POLICY)


def test_the_holder_of_the_asked_role_on_the_asked_side_is_read_from_the_text():
    found = holder("오세훈 시장이 충칭 가서 만난 충칭 시장은 누구예요?", CHONGQING_DOC,
                   "중국을 공식 방문 중인 오세훈 서울시장은 지난 29일 충칭시장을 만났다.",
                   "오 시장은 이날 오후 후헝화 충칭시장과의 비공개 면담에서 협력 확대를 논의했다.")
    assert (found.n, found.name, found.role) == (2, "후헝화", "후헝화 충칭시장")  # not 오후, not the question's 오세훈
    assert json.loads(lookup_reply(found, "ko")) == {"answer": "후헝화 충칭시장", "citations": [2]}


def test_a_side_without_a_role_asks_for_any_role_of_that_side():
    found = holder("Who signed the friendship agreement with Kim Tae-gyun on the Kuala Lumpur side?", KL_DOC,
                   "김태균 행정1부시장(우)은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 쿠알라룸푸르 부시장과 우호도시 협정(MOU)을 체결했다.")
    assert found.name == "이스마디 빈 사키린"  # 김태균 is Seoul's, and the question's own
    # an English answer romanizes the name and keeps the Korean, which the span check reads
    assert json.loads(lookup_reply(found, "en"))["answer"] == "Iseumadi Bin Sakilin (이스마디 빈 사키린)"


def test_the_latin_spelling_the_text_gives_is_used_in_english_and_a_country_is_no_part_of_the_name():
    found = holder("Who is the governor of Ulyanovsk?", WEGO_DOC,
                   "세르게이 모로조프(Sergey Ivanovich Morozov) 러시아 울랴놉스크 주지사, 페코이 오르테가(Francisco Emmanuel "
                   "Pacoy R. Ortega) 필리핀 라 유니온 주지사가 참석한다.")
    assert found.name == "세르게이 모로조프"
    assert json.loads(lookup_reply(found, "en"))["answer"] == "Sergey Ivanovich Morozov (세르게이 모로조프)"


def test_a_word_between_a_country_and_a_title_is_a_city_not_the_name():
    sentence = "박 시장은 트세피소 솔리 미시만가(Tshepiso Solly Msimanga) 남아공 츠와네 시장 등을 만난다."
    found = holder("Which South African mayor was Park Won-soon lined up to meet?", sentence, sentence)
    assert found.name == "트세피소 솔리 미시만가"  # not 츠와네, the city
    assert json.loads(lookup_reply(found, "en"))["answer"] == "Tshepiso Solly Msimanga (트세피소 솔리 미시만가)"


def test_a_ministry_between_the_name_and_the_title_owns_the_title():
    sentence = ("타슈켄트에서는 샤리포프 콩그랏바이 아베짐베토비치 우즈베키스탄 고등교육부 장관과 면담을 갖고 "
                "서울시 정책을 소개했다.")
    found = holder("타슈켄트에서 면담한 우즈베키스탄 고등교육부 장관 이름 알려줘", sentence, sentence)
    assert found.name == "샤리포프 콩그랏바이 아베짐베토비치"  # not 고등교육부, the ministry
    assert found.role == "샤리포프 콩그랏바이 아베짐베토비치 우즈베키스탄 고등교육부 장관"
    assert holder("타슈켄트에서 면담한 외교부 장관 이름 알려줘", sentence, sentence) is None  # another ministry's


def test_of_two_holders_the_one_whose_sentence_says_what_was_asked():
    document = KL_DOC + " 이어 마이무나 모드 샤리프 쿠알라룸푸르 시장과의 면담을 통해 협력 방향을 논의했다."
    signing = "김태균 행정1부시장(우)은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 쿠알라룸푸르 부시장과 우호도시 협정(MOU)을 체결했다."
    meeting = "이어 마이무나 모드 샤리프 쿠알라룸푸르 시장과의 면담을 통해 협력 방향을 논의했다."
    found = holder("쿠알라룸푸르 쪽에서 우호도시 협정에 서명한 사람 누구야?", document, meeting, signing)
    assert found.name == "이스마디 빈 사키린"
    assert holder("쿠알라룸푸르 쪽 사람 누구야?", document, meeting, signing) is None  # nothing tells them apart
    # an English question's verb, read in Korean: "signed" is 체결
    assert holder("Who signed the friendship agreement on Kuala Lumpur's side?", document, meeting, signing).name == "이스마디 빈 사키린"
    assert holder("Who did Kim see on Kuala Lumpur's side?", document, meeting, signing) is None


def test_a_surname_alone_is_the_full_name_said_before():
    document = "스위스 첫 여성 시장인 코린 마우흐(Corine Mauch) 취리히 시장과도 처음으로 만나 면담했다. 취리히에서 열린다."
    found = holder("취리히 시장 이름이 뭐예요?", document,
                   "스위스 첫 여성 시장인 코린 마우흐(Corine Mauch) 취리히 시장과도 처음으로 만나 면담했다.",
                   "특히, 마우흐 취리히 시장은 내년 9월 서울에서 열리는 행사에 협조를 요청했다.")
    assert found.name == "코린 마우흐" and found.latin == "Corine Mauch"


def test_a_role_owned_by_the_word_before_the_name():
    found = holder("에어블랙 대표 이름이 뭐야?", WEGO_DOC, "서울시 앱비즈니스센터에 입주한 '에어블랙'의 문헌규 대표가 직접 참여한다.")
    assert found.role == "문헌규 대표"


def test_no_answer_when_no_one_or_more_than_one_holds_the_role():
    two_governors = ("세르게이 모로조프(Sergey Ivanovich Morozov) 러시아 울랴놉스크 주지사, 페코이 오르테가(Francisco "
                     "Emmanuel Pacoy R. Ortega) 필리핀 라 유니온 주지사가 참석한다.")
    assert holder("주지사가 누구야?", WEGO_DOC, two_governors) is None  # two governors: which one is not said
    assert holder("Who is the governor of Tokyo?", WEGO_DOC, two_governors) is None  # no one of the asked side
    assert holder("울랴놉스크에서 열린 총회는 언제야?", WEGO_DOC, two_governors) is None  # no role asked
    assert holder("충칭 시장은 누구예요?", CHONGQING_DOC, "중국을 공식 방문 중인 오세훈 서울시장은 지난 29일 충칭시장을 만났다.") is None


def test_a_counterpart_is_the_titled_person_the_question_does_not_name():
    """"협정 맺은 상대가 누구야?", "Who did Kim Tae-gyun sign … with?": no role is asked, but the other
    party is the one titled person of the signing sentence besides the question's own (the issue's
    example, which the model had answered "with Kuala Lumpur (Kuala Lumpur)")."""
    signing = "김 부시장은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 쿠알라룸푸르 부시장과 우호도시 협정(MOU)을 체결했다."
    assert holder("김태균 부시장이 쿠알라룸푸르에서 우호도시 협정 맺은 상대가 누구야?", KL_DOC, signing).name == "이스마디 빈 사키린"
    # "김 부시장" points back at 김태균, named in full before; an English question names him by sound
    assert holder("Who did Kim Tae-gyun sign the Kuala Lumpur agreement with?", KL_DOC, signing).name == "이스마디 빈 사키린"
    # where or when after "with" keeps it a counterpart question
    assert holder("Who did Kim Tae-gyun sign the friendship city agreement with in Kuala Lumpur?", KL_DOC,
                  signing).name == "이스마디 빈 사키린"
    assert holder("Who did Kim Tae-gyun sign the Kuala Lumpur agreement with?", KL_DOC,
                  "김태균 서울시 행정1부시장은 쿠알라룸푸르를 방문했다.") is None  # only the question's own person
    # not a counterpart question, and no role asked: nothing is read
    assert holder("김태균 부시장이 쿠알라룸푸르에서 협정을 맺은 날은 언제야?", KL_DOC, signing) is None


def test_an_english_question_names_its_person_by_one_word_of_the_name():
    """"Who was Zurich's mayor before Corine Mauch took over?" names 마우흐: she is not the answer."""
    sentence = "특히, 마우흐 취리히 시장은 내년 9월 서울에서 열리는 행사에 서울시가 협조해 줄 것을 요청했다."
    assert holder("Who was Zurich's mayor before Corine Mauch took over?", sentence, sentence) is None


def test_a_list_word_or_a_counted_title_is_no_holder():
    """"탄자니아․뉴질랜드 등 주한 대사 40여 명": 등 ("and others") and 주한 ("in Korea") are no name, and a
    title with a count after it is many people."""
    diplomats = ("서울시는 7일 포시즌스호텔에서 아랍에미리트(UAE)․탄자니아․뉴질랜드 등 주한 대사 40여 명 등 총 60개국 "
                 "대사관 관계자가 참석한 가운데 신년간담회를 개최했다.")
    assert holder("What is the name of the Tanzanian ambassador who attended the meeting?", diplomats, diplomats) is None
    assert holder("탄자니아 대사 이름이 뭐야?", diplomats, diplomats) is None
    # a date after the title is no count: "김태균 서울시 행정1부시장은 7월 22일부터 …" holds the role
    kl = "김태균 서울시 행정1부시장은 7월 22일부터 27일까지 쿠알라룸푸르와 타슈켄트를 방문한다."
    assert holder("Which Seoul vice mayor travelled to Kuala Lumpur and Tashkent in July?", kl, kl).name == "김태균"
