"""Amounts read as values across scripts and units."""

import pytest

from rag import amounts

KUALA_LUMPUR = "말레이시아의 수도인 쿠알라룸푸르는 인구 약 207만명, 11개구로 이뤄진 도시다."
SOURCE_247 = "타슈켄트시는 국가 GDP의 약 19%를 창출하는 인구 약 247만명의 도시다."


@pytest.mark.parametrize(
    "text, value",
    [
        ("인구는 115만 8천 명이다", 1_158_000),
        ("1,158,000 people", 1_158_000),
        ("1.158 million", 1_158_000),
        ("약 207만명", 2_070_000),
        ("2.07 million", 2_070_000),
        ("자본금 2조 원", 2e12),
        ("'14년", 2014),
        ("설립('18.4)됐다", 2018),  # a press date: April 2018
        ("설립('18.4)됐다", 4),
        ("'19.10.5", 5),
        ("350여명", 350),
        ("19%", 19),
    ],
)
def test_numbers_are_read_as_values(text, value):
    assert value in amounts.numbers_in(text)


def test_a_press_date_is_not_a_decimal_but_a_decimal_stays_one():
    assert 18.4 not in amounts.numbers_in("설립('18.4)됐다")
    assert amounts.numbers_in("약 18.4% 늘었다") == {18.4}


def test_citation_marker_is_not_a_number():
    assert amounts.numbers_in("350명이 참석했다 [1]") == {350}


def test_unit_conversion_error_is_caught():
    # 207만 read as "207 thousand" is wrong by 10x.
    assert amounts.unsupported_numbers("Kuala Lumpur has 207 thousand people", KUALA_LUMPUR) == [207_000]
    assert amounts.unsupported_numbers("Kuala Lumpur has about 2.07 million people", KUALA_LUMPUR) == []


@pytest.mark.parametrize("text, glossed", [
    ("인구는 247만명이다", "인구는 247만(2.47 million)명이다"),
    ("인구는 115만 8천 명이", "인구는 115만 8천(1.158 million) 명이"),
    ("GDP 1조 2천억원", "GDP 1조 2천억(1.2 trillion)원"),
    ("2만여명이 찾았다", "2만(20,000)여명이 찾았다"),
    ("350여명, 2014년 3월", "350여명, 2014년 3월"),
    ("2 trillion won and 2.47 million people", "2 trillion won and 2.47 million people"),
])
def test_korean_amounts_get_their_english_value(text, glossed):
    assert amounts.gloss_korean_amounts(text) == glossed


def test_glossed_value_is_the_value_the_number_check_reads():
    assert amounts.numbers_in("2.47 million") <= amounts.numbers_in(amounts.gloss_korean_amounts("247만명"))
    assert 1.2e12 in amounts.numbers_in("1조 2천억원")


def test_an_ambiguous_misread_is_not_guessed():
    # 247,000 could be 247만 or 247억 read wrong: leave it to the number check
    fixed, notes = amounts.correct_misread_amounts("247,000", [SOURCE_247, "예산은 247억원이다."])
    assert (fixed, notes) == ("247,000", [])


def test_the_same_number_counting_years_or_countries_is_not_people_or_languages():
    assert amounts.counter_after("3천 년 역사", 2) == "years"
    assert not amounts.same_count("people", amounts.counter_after("3천 년 역사", 2))
    assert amounts.counter_after("12개 언어로 통역", 2) == "languages"
    assert not amounts.same_count("languages", amounts.counter_after("60개국 외교사절", 2))
    assert amounts.counter_after("15 years old", 2) == "age"


def test_the_first_day_of_a_range_counts_days():
    # 일부 is "part" (일부 기업), but 7일부터 is "from the 7th": not a number left for the asked counter
    assert amounts.counter_after("7일부터 9일까지", 1, 0) == "day"
    assert amounts.counter_after("7일부 지역", 1, 0) != "day"


def test_cities_companies_and_people_count_apart():
    assert amounts.counter_after("700여개 도시", 3) == "cities"
    assert not amounts.same_count("cities", amounts.counter_after("140개국", 3))
    assert amounts.same_count("cities", amounts.counter_after("11개 구", 2))  # a bare 개 may count anything
    assert amounts.counter_after("250개 기업", 3) == "companies"
    assert amounts.counter_after("몇 개 나라가 참가했어?", 1) == amounts.counter_after("140개국", 3) == "countries"
    assert amounts.counter_after("20 startups", 2) == "companies"
    assert not amounts.same_count("companies", amounts.counter_after("20 students", 2))


def test_an_amount_is_written_with_what_the_text_counts():
    text = "총 60개국 대사관 관계자, 12개 언어, 2019년 5월, 세계 3위"
    at = text.index
    assert amounts.counted_form(text, at("60"), at("60") + 2) == "60개국"
    assert amounts.counted_form(text, at("12"), at("12") + 2) == "12개 언어"
    assert amounts.counted_form(text, at("5월") , at("5월") + 1) == ""  # a month is no count
    assert amounts.counted_form(text, at("3위"), at("3위") + 1) == ""  # nor a rank


def test_the_first_number_of_a_range_counts_what_the_range_counts():
    text = "28~29일 양일간 총회가 열린다"
    assert amounts.counter_after(text, 2, 0) == "day" and amounts.counter_after(text, 5, 3) == "day"
    assert not amounts.same_count("people", amounts.counter_after(text, 2, 0))


CANTON = "취리히주는 넓이는 1,729㎢, 인구는 115만 8천 명이다."


@pytest.mark.parametrize("claim, mended", [
    ("207,000 (2.07 million)", "2.07 million"),  # the misread amount, then the gloss it now repeats
    ("about 115,800,000 people", "about 1.158 million people"),  # 만 read as a hundred thousand
    ("1,158 people", "1.158 million people"),
    ("2.07 million", "2.07 million"),  # held: nothing to mend
    ("It has 11 districts", "It has 11 districts"),  # held
    ("2,100 people", "2,100 people"),  # digits of no Korean-unit amount: left for the number check
])
def test_an_amount_misread_from_a_korean_unit_is_mended_to_the_source_amount(claim, mended):
    assert amounts.mend_misread_magnitudes(claim, [KUALA_LUMPUR, CANTON]) == mended


def test_a_misread_amount_two_source_amounts_could_explain_is_left_alone():
    assert amounts.mend_misread_magnitudes("247,000", [SOURCE_247, "예산은 2,470만원이다."]) == "247,000"


ORDINANCE = "조례안은 지난해 12월 23일 열린 서울시의회 제333회 정례회 본회의에서 통과됐다."
EVENT = "'취리히 서울과 만나다' 행사는 내년 9월 서울에서 열린다."


@pytest.mark.parametrize("claim, mended", [
    ("2023년 12월 23일", "지난해 12월 23일"),  # the year the model computed, cut; the text's own word kept
    ("2023년 9월 서울에서", "내년 9월 서울에서"),
    ("December 23, 2021", "December 23"),
    ("2023-12-23", "December 23"),  # a numeric date in an English answer
    ("2023.12.23 통과", "지난해 12월 23일 통과"),
    ("2023-1-1", "2023-1-1"),
    ("in September 2019", "in September"),
    ("2023년 1월 1일", "2023년 1월 1일"),  # a date the text does not give: left for the number check
    ("제333회 정례회", "제333회 정례회"),
])
def test_a_year_the_model_adds_to_the_texts_date_is_cut(claim, mended):
    assert amounts.mend_added_years(claim, [ORDINANCE, EVENT]) == mended


def test_a_year_is_not_cut_where_a_source_gives_that_date_a_year():
    # the model's year is wrong, not added: the number check drops it
    assert amounts.mend_added_years("2023년 12월 23일", ["2022년 12월 23일 통과됐다."]) == "2023년 12월 23일"
    # a date the text places by no word: the year came from nowhere
    assert amounts.mend_added_years("July 23, 2019", ["김 부시장은 7월 23일 협정을 체결했다."]) == "July 23, 2019"
    # a year a source holds is the text's own
    assert amounts.mend_added_years("2018년 12월 23일", [ORDINANCE, "2018년 회의"]) == "2018년 12월 23일"


def test_a_short_year_read_as_years_is_mended_to_the_year():
    """"'13년~'14년 주지사 역임" is 2013 to 2014; the model wrote "13 years to 14 years"."""
    zurich = "토마스 하이니거 취리히 주지사는 '13년~'14년 주지사 역임 후 취리히 주지사직을 재임하고 있다."
    assert amounts.mend_misread_short_years("13 years to 14 years", [zurich]) == "2013 to 2014"
    assert amounts.mend_misread_short_years("He served for 13 years.", ["그는 13년 동안 일했다."]) == "He served for 13 years."
    assert amounts.mend_misread_short_years("after 15 years", [zurich]) == "after 15 years"  # no '15년 in the text


def test_a_word_written_onto_a_number_that_no_counter_reads_counts_something_unnamed():
    """"18제 전통풍모지구" names a place; "30∼40명" counts people; particles, multipliers and 여 are no counter."""
    assert amounts.counts_something_unnamed("18제 전통풍모지구", 2)
    assert amounts.counts_something_unnamed("20대 청년", 2)
    assert amounts.counts_something_unnamed("김혜영 의원(국민의힘·광진4)", 15, 14)  # part of a constituency's name
    assert not amounts.counts_something_unnamed("총 350여명", 5, 2) and not amounts.counts_something_unnamed("약40명", 3, 1)
    for text, end in (("30∼40명 정도", 2), ("18이 넘는", 2), ("40여 년", 2), ("18 people", 2), ("18개", 2), ("18, 19", 2)):
        assert not amounts.counts_something_unnamed(text, end), text


def test_a_length_of_time_counts_hours_days_and_weeks_not_a_clock_time():
    def counted(text: str) -> str:
        start, end, _ = amounts.amount_places(text)[0]
        return amounts.counter_after(text, end, start)
    assert counted("3 hours") == counted("3시간") == "hours"
    assert counted("15시30분") == "hour" and not amounts.same_count(counted("3 hours"), counted("3일(수)"))
    assert counted("3 days") == "days" and counted("3일(수)") == "day"  # a length, a date
    assert counted("2 weeks") == counted("2주간") == "weeks"


def test_a_short_year_month_the_text_writes_is_written_out_as_the_date():
    """"설립('18.4)됐다" is April 2018: the model's "18.4년" is no year 18.4."""
    sources = ["‘트러스트 스퀘어’는 취리히 중심부에 설립('18.4)됐다."]
    assert amounts.mend_short_year_months("18.4년에 설립되었습니다.", sources) == "2018년 4월에 설립되었습니다."
    assert amounts.mend_short_year_months("It was founded in '18.4.", sources) == "It was founded in April 2018."
    assert amounts.mend_short_year_months("a growth of 18.4%", sources) == "a growth of 18.4%"
    assert amounts.mend_short_year_months("18.4년", ["인구는 18.4만 명이다."]) == "18.4년"  # no short date written


def test_the_minutes_of_a_clock_time_and_a_day_of_the_month_are_no_length_of_time():
    def counted(text: str, nth: int = -1) -> str:
        start, end, _ = amounts.amount_places(text)[nth]
        return amounts.counter_after(text, end, start)
    assert counted("3일(수) 15시30분") == "hour" and counted("30 minutes") == "minute" == counted("회의는 30분 걸렸다")
    assert counted("7 days") == counted("3일간") == counted("3일 동안") == "days"
    assert counted("지난 7일부터 9일까지", 0) == "day" and not amounts.same_count("days", "day")


def test_a_press_short_year_is_found_at_its_apostrophe_or_its_digits():
    """"설립('18.4)됐다" is April 2018; "18개" is a count."""
    text = "트러스트 스퀘어는 취리히 중심부에 설립('18.4)됐다. 스타트업 18개가 입주해 있다."
    at = text.index("'18")
    assert amounts.short_year_at(text, at) and amounts.short_year_at(text, at + 1)
    assert not amounts.short_year_at(text, text.index("18개"))
