"""Which place news text attaches to a person's title, read over the whole document."""

from rag import roles
from rag.question import names_in, profile_question

KL_DOCUMENT = (
    "김태균 서울시 행정1부시장은 7월 22일부터 쿠알라룸푸르를 방문해 우호도시 협정을 체결했다. "
    "김태균 행정1부시장(우)은 23일 쿠알라룸푸르에서 이스마디 빈 사키린 쿠알라룸푸르 부시장과 협정(MOU)을 체결했다. "
    "이어 타슈켄트시를 찾아 라히모바 두르도나 타슈켄트 부시장과의 면담을 가졌다."
)
ZURICH_DOCUMENT = (
    "박원순 시장은 토마스 하이니거 취리히 주지사와 만났다. 하이니거 주지사는 변호사 출신이다. "
    "취리히주의 인구는 115만 8천 명이다."
)


def test_a_person_s_side_is_read_where_the_document_gives_it_even_if_a_sentence_does_not():
    assert roles.attached_places("김태균", KL_DOCUMENT) == {"서울시"}
    assert roles.attached_places("이스마디", KL_DOCUMENT) == {"쿠알라룸푸르"}
    assert roles.attached_places("라히모바", KL_DOCUMENT) == {"타슈켄트"}  # "부시장과의": two particles
    assert roles.role_places(KL_DOCUMENT) == {"서울시", "쿠알라룸푸르", "타슈켄트"}
    # the name, its country, its city, its title: city and country are both his
    assert roles.attached_places("트세피소", "트세피소 솔리 미시만가(Tshepiso Solly Msimanga) 남아공 츠와네 시장 등") == {"츠와네", "남아공"}


def test_a_name_between_a_first_name_and_a_title_is_no_place():
    assert roles.attached_places("토마스", ZURICH_DOCUMENT) == {"취리히"}
    assert roles.attached_places("박원순", ZURICH_DOCUMENT) == set()  # "박원순 시장": no place given
    assert not roles.is_place("하이니거", ZURICH_DOCUMENT)
    assert roles.is_place("취리히", ZURICH_DOCUMENT)  # 취리히주의
    assert roles.attached_places("후헝화", "후헝화 충칭시장과의 면담. 오 시장은 충칭시를 찾았다.") == {"충칭"}


def test_sides_are_compared_in_either_script():
    assert roles.same_place("Kuala Lumpur", "쿠알라룸푸르", 0.75, 0.6)
    assert roles.same_place("서울", "서울시", 0.75, 0.6)
    assert not roles.same_place("Tashkent", "쿠알라룸푸르", 0.75, 0.6)
    assert not roles.same_place("쿠알라룸푸르", "서울시", 0.75, 0.6)
    assert roles.person_key("이스마디 빈 사키린 쿠알라룸푸르 부시장") == "이스마디"


def test_the_question_names_the_side_it_asks_about():
    assert "쿠알라룸푸르" in profile_question("쿠알라룸푸르 쪽에서 우호도시 협정에 서명한 부시장 이름이 뭐야?").sides
    assert profile_question("Who signed the friendship agreement with Seoul on Kuala Lumpur's side?").sides == ("Kuala Lumpur",)
    assert profile_question("Who signed the friendship agreement for Kuala Lumpur's side?").sides == ("Kuala Lumpur",)
    assert profile_question("Who signed it from the Tashkent side?").sides == ("Tashkent",)
    assert profile_question("Which Tashkent vice mayor did Kim Tae-gyun hold talks with?").sides == ("Tashkent",)
    assert profile_question("Who is the mayor of the city of Zurich?").sides == ("Zurich",)
    # a two-word place with more of the question after it
    assert profile_question("Who's the mayor of Kuala Lumpur that Kim Tae-gyun met with?").sides == ("Kuala Lumpur",)
    assert profile_question("충칭시장은 누구야?").sides == ("충칭",)
    assert profile_question("Who did Park Won-soon meet?").sides == ()
    assert profile_question("What did the Zurich mayor say?").sides == ()  # asks for no person


def test_a_name_asked_of_a_role_asks_for_a_person_and_a_name_asked_of_an_event_does_not():
    person = profile_question("쿠알라룸푸르 쪽에서 서명한 부시장 이름이 뭐야?")
    assert person.titles == {"부시장"} and "쿠알라룸푸르" in person.sides
    event = profile_question("취리히 시장이 서울시한테 도와달라고 한 행사, 이름이 뭐였지?")
    assert event.titles == frozenset() and event.sides == ()  # the event's name, not the mayor's
    assert profile_question("What is the name of the deputy mayor of Kuala Lumpur?").titles == {"부시장"}
    assert profile_question("What is the name of the event Zurich's mayor asked for help with?").titles == frozenset()
    # a title with a verb after it is a clause's subject, not the asked role
    assert profile_question("박 시장이 총회 기간에 따로 만나기로 한 해외 인사들 누구누구야?").titles == frozenset()
    assert profile_question("오세훈 시장이 만난 사람은 누구야?").sides == ()
    assert profile_question("김태균 행정1부시장이 면담한 쿠알라룸푸르 시장은 누구예요?").titles == {"시장"}
    # "이름 알려줘" asks for the name as "이름이 뭐야" does
    told = profile_question("타슈켄트에서 면담한 우즈베키스탄 고등교육부 장관 이름 알려줘")
    assert told.titles == {"장관"} and told.asks_who
    assert not profile_question("그 행사 이름 알려줘").asks_who
    # the role the question rules out is not the one it asks for
    ruled_out = profile_question("쿠알라룸푸르 시장(부시장 말고) 이름이 뭐예요?")
    assert ruled_out.titles == {"시장"} and ruled_out.asks_who and ruled_out.excluded == ("부시장",)
    assert profile_question("울랴놉스크 시장은 누구야? 주지사 말고 시장.").titles == {"시장"}


def test_a_possessive_names_the_side_and_the_role_of_a_who_is_question():
    asked = profile_question("who is Kuala Lumpur's mayor (the one Seoul's delegation met, not the deputy)?")
    assert asked.titles == {"시장"} and asked.sides == ("Kuala Lumpur",)
    assert profile_question("Who was Tashkent's vice mayor at the signing?").titles == {"부시장"}
    # who met the mayor is someone else
    assert profile_question("Who met Kuala Lumpur's mayor?").sides == ()


def test_a_term_glossed_in_parentheses_still_names_the_role_and_its_side():
    asked = profile_question("Who is the mayor (hokim) of Tashkent?")
    assert asked.titles == {"시장"} and asked.sides == ("Tashkent",)


HEINIGER_SENTENCE = "박원순 시장은 토마스 하이니거(Thomas Heiniger) 취리히 주지사와 청사에서 만나 협약을 체결했다."


def test_the_role_after_a_name_skips_its_latin_spelling_and_place():
    assert roles.title_after(HEINIGER_SENTENCE, HEINIGER_SENTENCE.index("하이니거") + 4) == "주지사"
    kim = "김태균 서울시 행정1부시장은 23일 협정을 체결했다."
    assert roles.title_after(kim, 3) == "부시장"
    assert roles.title_after("김혜영 의원(국민의힘·광진4)은 밝혔다.", 3) == "의원"
    assert roles.title_after("박원순 시장이 WeGO 총회를 주재했다.", 3) == "시장"
    assert roles.title_after("전성수 구청장은 말했다.", 3) == "구청장"
    assert roles.title_after("후헝화 충칭시 당서기는 말했다.", 3) == "서기"
    assert roles.title_after("코린 마우흐는 2009년 당선된 인물이다.", 5) == ""


def test_a_title_with_two_particles_is_still_a_title():
    # "취리히시 부시장은 누구예요?" had been answered 코린 마우흐 from this sentence: she is the 시장
    line = "스위스 첫 여성 시장인 코린 마우흐(Corine Mauch) 취리히 시장과도 처음으로 만나 면담했다."
    assert roles.title_after(line, line.index("마우흐") + 3) == "시장"
    assert roles.title_after("이스마디 부시장과의 면담에서", 4) == "부시장"
    assert roles.title_after("하이니거 주지사에게도 전했다.", 4) == "주지사"
    assert roles.title_after("하이니거 주지사와 만났다.", 4) == "주지사"


def test_the_words_of_a_title_line_are_read_across_hyphens():
    # a subtitle: 박원순 is the 시장, and the 주지사 is the other side's
    assert roles.title_after("박원순 시장-취리히 주지사, 전자정부 분야 협력 약속", 3) == "시장"


def test_a_possessive_or_the_end_of_a_sentence_ends_the_search_for_a_title():
    line = "스타트업 이큐브랩의 권순범 대표는 말했다."
    assert roles.title_after(line, line.index("스타트업") + 4) == ""  # the 대표 is 이큐브랩's
    assert roles.title_after(line, line.index("이큐브랩") + 4) == ""
    assert roles.title_after(line, line.index("권순범") + 3) == "대표"
    assert roles.title_after("협정을 체결했다. 김태균 부시장은 말했다.", 2) == ""
    # a noun that ends in 의 is no possessive: the title after it still counts
    assert roles.title_after("하이니거 주지사의 초청으로", 4) == "주지사"


def test_a_person_is_a_word_the_document_gives_a_title():
    document = ("스타트업 이큐브랩은 쓰레기통을 선보인다. 스타트업 이큐브랩의 권순범 대표는 말했다. "
                "협정 체결에 앞서 박원순 시장은 만났다. 협약을 체결했다. 김태균 부시장은 떠났다.")
    assert roles.called_by_a_title("권순범", document)
    assert not roles.called_by_a_title("스타트업", document)
    assert not roles.called_by_a_title("이큐브랩", document)
    assert not roles.called_by_a_title("체결", document)
    assert not roles.called_by_a_title("", document)
    # a name of several words, its Latin spelling, its country and its place may come before the title
    assert roles.called_by_a_title("이스마디", KL_DOCUMENT)
    assert roles.called_by_a_title("마우흐", "코린 마우흐(Corine Mauch) 취리히 시장을 만났다.")
    assert roles.called_by_a_title("세르게이", "세르게이 모로조프 러시아 울랴놉스크 주지사와 만난다.")
    # the claim may bring the title along: the name before it is judged
    keynote = "구는 전성수 서초구청장의 기조연설을 통해 소개했다. 스타트업 이큐브랩의 권순범 대표는 말했다."
    assert roles.called_by_a_title("전성수 서초구청장", keynote)
    assert not roles.called_by_a_title("스타트업 이큐브랩 대표", keynote)
    assert not roles.called_by_a_title("기조연설 서초구청장", keynote)


def test_a_possessive_ends_a_name():
    assert names_in("How many embassies came to Seoul's New Year meeting?") == ["Seoul", "New Year"]
    assert names_in("What did Zurich's Governor Thomas Heiniger say?") == ["Zurich", "Thomas Heiniger"]
    assert names_in("Who is Kuala Lumpur's mayor?") == ["Kuala Lumpur"]


def test_the_latin_spelling_after_a_korean_name():
    assert roles.latin_after("마우흐", "코린 마우흐(Corine Mauch) 취리히 시장과 만났다") == "Corine Mauch"
    assert roles.latin_after("토마스 하이니거", "토마스 하이니거 (Thomas Heiniger) 주지사") == "Thomas Heiniger"
    assert roles.latin_after("니거", "하이니거(Thomas Heiniger)") == ""  # the end of another word
    assert roles.latin_after("서울", "서울(특별시)") == ""  # a Korean aside, no spelling


def test_an_official_is_named_by_the_title_written_before_the_name():
    visit = "서초구 부스를 방문한 세르비아 정부 관계자 올자 스태닉 마릭은 “놀라운 경험을 하게 되어 기쁘다”고 말했다."
    assert roles.title_before(visit, visit.index("올자")) == "관계자"
    assert roles.called_by_a_title("올자 스태닉 마릭", visit)
    assert not roles.called_by_a_title("국제기구", "전자정부 분야 대표 국제기구로 성장했다")  # 대표 is written after a name
    assert roles.title_before("착한 서초코인의 우수성과", 8) == ""
    asked = profile_question("Who was the Serbian government official who visited the Seocho booth?")
    assert asked.titles == {"관계자"} and asked.asks_who
    assert not profile_question("What is the official name of the coin?").titles


def test_the_country_before_a_persons_place_is_his_side_too():
    """"세르게이 모로조프 러시아 울랴놉스크 주지사" is of 울랴놉스크 and of 러시아 ("Which Russian governor")."""
    document = "세르게이 모로조프(Sergey Ivanovich Morozov) 러시아 울랴놉스크 주지사를 만난다. 울랴놉스크에서 총회가 열린다."
    assert roles.attached_places("세르게이", document) == {"울랴놉스크", "러시아"}


def test_a_title_past_the_names_clause_is_not_its_title():
    """In "스위스 행정대학원을 졸업하고 취리히 시의원을 거쳐" the council seat is the mayor's, not the school's."""
    sentence = "코린 마우흐 취리히 시장은 스위스 행정대학원을 졸업하고 취리히 시의원을 거쳐 2009년 당선됐다."
    assert roles.title_after(sentence, sentence.index("행정") + 2) == ""
    assert roles.title_after(sentence, sentence.index("마우흐") + 3) == "시장"
