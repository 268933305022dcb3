"""English answers show Korean names with their English name (worked examples from the articles)."""

from rag.english_names import with_english_names

VICE_CHAIRS = "부의장도시로는 모스크바·멕시코시티·하노이·아디스아바바 등이 거론되고 있다."
GOVERNOR = "박원순 시장은 토마스 하이니거(Thomas Heiniger) 취리히 주지사와 청사에서 만나 협약을 체결했다."


def test_a_city_copied_in_korean_gets_its_english_name_first():
    assert with_english_names("모스크바, 하노이, 아디스아바바", [VICE_CHAIRS]) == \
        "Moscow (모스크바), Hanoi (하노이), Addis Ababa (아디스아바바)"
    assert with_english_names("세종시", []) == "Sejong (세종시)"  # the city without its unit
    assert with_english_names("스페인", []) == "Spain (스페인)"


def test_a_person_gets_the_latin_spelling_the_source_gives():
    assert with_english_names("토마스 하이니거", [GOVERNOR]) == "Thomas Heiniger (토마스 하이니거)"


def test_a_gloss_already_given_and_words_nobody_translated_are_left_alone():
    assert with_english_names("Kim Tae-gyun (김태균)", []) == "Kim Tae-gyun (김태균)"
    assert with_english_names("모스크바 (Moskva), 하노이 (Hanoi)", []) == "모스크바 (Moskva), 하노이 (Hanoi)"
    assert with_english_names("김태균", [GOVERNOR]) == "김태균"  # no Latin spelling given, no guess
    assert with_english_names("4등급", []) == "4등급"
    assert with_english_names("스마트 교통정보 시스템", []) == "스마트 교통정보 시스템"
    award = "The program won the '대한민국 지방자치단체 행정대상' award."  # a country starts the name of an award
    assert with_english_names(award, []) == award
    assert with_english_names("모스크바·하노이", []) == "Moscow (모스크바)·Hanoi (하노이)"
    assert with_english_names("고양시(스마트 폐기물 수거·관리 서비스, 금상)", []) == \
        "Goyang-si (고양시) (스마트 폐기물 수거·관리 서비스, 금상)"


KL_VISIT = "김태균 서울시 행정1부시장은 7월 22일부터 27일까지 쿠알라룸푸르를 방문해 우호도시 협정을 체결했다."


def test_a_korean_persons_name_the_model_misspelled_is_shown_as_english_news_writes_it():
    assert with_english_names("Kim Tae Jung (김태균)", [KL_VISIT]) == "Kim Tae-gyun (김태균)"
    assert with_english_names("Gimtaegyun (김태균)", [KL_VISIT]) == "Kim Tae-gyun (김태균)"  # one run of letters
    # the same sound spelled the person's own way stays; a place is no person
    assert with_english_names("Oh Se-hoon (오세훈)", ["오세훈 서울시장은 충칭을 방문했다."]) == "Oh Se-hoon (오세훈)"
    assert with_english_names("Seocho District (서초구)", ["서울 서초구는 지난 7일부터 참가했다."]) == \
        "Seocho District (서초구)"
