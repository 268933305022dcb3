from rag.gazetteer import (city_countries, country_code, english_city_name, is_country, korean_language_names, korean_names,
                           well_known_place)


def test_a_city_has_its_korean_names_from_geonames():
    assert "도쿄" in korean_names("Tokyo")
    assert "피츠버그" in korean_names("pittsburgh")
    assert "타슈켄트" in korean_names("Tashkent")


def test_a_unit_word_geonames_writes_is_also_left_out():
    # GeoNames writes "오사카 시"; Korean text often says 오사카
    assert {"오사카시", "오사카"} <= korean_names("Osaka")


def test_the_ascii_form_of_a_city_name_is_a_key():
    assert korean_names("Zurich") == korean_names("Zürich") and "취리히" in korean_names("Zurich")


def test_only_a_citys_own_name_is_a_key():
    # GeoNames lists "Kim" among Kimberley's other names; in a question Kim is a person
    assert korean_names("Kim") == frozenset()
    assert korean_names("Trust Square") == frozenset()


def test_a_country_has_its_korean_names_from_iso_3166():
    assert "세르비아" in korean_names("Serbia")
    assert "우즈베키스탄" in korean_names("Republic of Uzbekistan")  # its official name is a key too
    assert "말레이시아" in korean_names("malaysia")


def test_a_countrys_state_form_is_also_left_out():
    # ISO's Korean name is 러시아 연방; the articles say 러시아
    assert {"러시아연방", "러시아"} <= korean_names("Russian Federation")
    assert "독일" in korean_names("Germany")


def test_a_country_is_named_by_its_adjective_and_its_short_form():
    # "Which South African mayor": the WeGO article writes 남아공 츠와네 시장
    assert {"남아공", "남아프리카공화국"} <= korean_names("South African")
    assert "남아공" in korean_names("South Africa")
    assert "말레이시아" in korean_names("Malaysian")
    assert korean_names("Iran") == korean_names("iran") and "이란" in korean_names("Iran")  # not "Ira"


def test_a_word_that_names_no_country_or_city_has_no_korean_name():
    assert korean_names("Expo") == frozenset()


def test_a_country_is_told_from_a_city_in_either_language():
    assert is_country("Spain") and is_country("스페인") and is_country("말레이시아")
    assert not is_country("Barcelona") and not is_country("바르셀로나") and not is_country("서울")


def test_a_country_is_named_by_its_short_name_and_its_adjective():
    assert "우즈베키스탄" in korean_names("Uzbek")  # "Which Uzbek minister …"
    assert "러시아" in korean_names("Russia") and "러시아" in korean_names("Russian")  # ISO says Russian Federation
    assert "스위스" in korean_names("Swiss") and "스페인" in korean_names("Spanish")
    assert "터키" in korean_names("Turkey")  # news' short form of 튀르키예
    assert not korean_names("Uzbeks")  # no guessing beyond the table


def test_a_city_has_its_english_name_by_its_korean_one():
    assert english_city_name("바르셀로나") == "Barcelona"
    assert english_city_name("타슈켄트") == "Tashkent"
    assert english_city_name("없는도시이름") is None


def test_a_language_has_its_korean_name_from_iso_639():
    assert korean_language_names("English") == {"영어"}
    assert korean_language_names("russian") == {"러시아어"}
    assert korean_language_names("Seoul") == frozenset()  # a city is no language


def test_a_citys_country_and_a_countrys_code():
    assert city_countries("모스크바") == {"RU"} and city_countries("세종시") == {"KR"}
    assert city_countries("서초코인") == frozenset()  # no city
    assert country_code("Korean") == country_code("한국") == country_code("국내") == "KR"
    assert country_code("Russian") == country_code("러시아") == "RU"
    assert country_code("South African") == "ZA"
    assert country_code("Seoul") is None and country_code("서울") is None


def test_a_well_known_place_is_a_country_or_a_large_city_and_no_common_word():
    for place in ("chongqing", "Zurich", "kuala lumpur", "uzbekistan", "ulyanovsk"):
        assert well_known_place(place), place
    # small towns named like English words, and large cities that are English words
    for word in ("best", "deal", "most", "nice", "reading", "population", "mayor"):
        assert not well_known_place(word), word
