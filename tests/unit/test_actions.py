from rag.actions import KNOWN_ACTIONS, actions_in, asked_actions, asked_to_become, clause_ends_between, dated_action

HU = "후헝화 시장은 기업인 출신으로 2003년 후난성 10대 경제인으로 선정되기도 했으며, 부시장과 시장 대행을 거쳐 2022년 취임했다."


def test_a_sentences_actions_are_its_verbs_and_the_nouns_made_verbs():
    stems = [a.stem for a in actions_in(HU)]
    assert "선정" in stems and "취임" in stems and "거치" in stems
    assert "하" not in stems and "되" not in stems  # light verbs date nothing


def test_english_verbs_are_asked_as_the_korean_actions_news_writes():
    assert asked_actions("When did he take office?", "en") == {"취임", "맡", "재임"}  # holding a post dates from taking it
    assert "체결" in asked_actions("When did Seoul and Tashkent sign the agreement?", "en")
    assert asked_actions("How old is he?", "en") == frozenset()
    assert "취임" in asked_actions("후헝화 시장은 언제 취임했어?", "ko")


def test_what_a_question_asks_someone_became():
    assert asked_to_become("하이니거는 몇 년도에 처음 변호사가 됐나요?") == "변호사"
    assert asked_to_become("4기 의장도시로 최종 뽑힌 곳은 어디야?") == "의장도시"
    assert asked_to_become("서울시는 어떤 상으로 선정됐어?") == ""  # too little to look for
    assert asked_to_become("후헝화 시장은 언제 취임했어?") == ""


def test_a_value_belongs_to_the_asked_action_of_its_own_clause():
    assert clause_ends_between(HU, HU.index("2003") + 4, HU.index("취임"))
    assert dated_action(HU, HU.index("2022") + 4, frozenset({"취임"})) is True
    assert dated_action(HU, HU.index("2003") + 4, frozenset({"취임"})) is False
    # no asked action stated: the value's clause ends in another known action (선정), or nothing is known
    assert dated_action(HU, HU.index("2003") + 4, frozenset({"당선"})) is False
    assert dated_action(HU, HU.index("2003") + 4, frozenset({"오르"})) is None


KL_VISIT = ("김태균 서울시 행정1부시장은 7월 22일부터 27일까지 쿠알라룸푸르를 방문해 우호도시 협정을 체결하고 "
            "타슈켄트와의 친선협정 15주년을 기념하는 '서울의 날' 행사를 통해 협력을 확대했다.")


def test_a_noun_with_a_written_on_ha_is_an_action():
    # Kiwi reads 체결하고 as 체결 + 하/VV here, not 하/XSV
    assert "체결" in {a.stem for a in actions_in(KL_VISIT)}


def test_a_period_dates_the_first_action_after_it_not_a_later_one():
    for day in ("22일", "27일", "22", "27"):  # the value's place may end before its counter
        end = KL_VISIT.index(day) + len(day)
        assert dated_action(KL_VISIT, end, frozenset({"체결"})) is False  # the signing was one day of the visit
        assert dated_action(KL_VISIT, end, frozenset({"방문"})) is True
    # a single date may date every action told after it
    signed = "오 시장은 2019년 5월 충칭을 방문해 우호협약을 체결했다."
    assert dated_action(signed, signed.index("5월") + 2, frozenset({"체결"})) is True


def test_holding_a_post_is_asked_as_taking_it_and_a_visit_dates_no_taking_office():
    asked = asked_actions("그분은 언제부터 시장을 맡고 계신 거예요?", "ko")
    assert {"맡", "취임"} <= asked
    took = "후헝화 시장은 2003년 후난성 10대 경제인으로 선정되기도 했으며, 부시장과 시장 대행을 거쳐 2022년 취임했다."
    assert dated_action(took, took.index("2022년") + 5, asked) is True
    visit = "김태균 서울시 행정1부시장은 7월 22일부터 27일까지 쿠알라룸푸르를 방문해 우호도시 협정을 체결했다."
    assert dated_action(visit, visit.index("22일") + 3, asked) is False
    # "맺었어" is asked as 체결 too: a sentence that words the signing so dates it
    signed = "서울시는 2019년 5월 충칭시와 우호도시 협정을 체결했다."
    assert dated_action(signed, signed.index("5월") + 2, asked_actions("충칭이랑 언제 협정을 맺었어?", "ko")) is True


def test_a_korean_question_may_date_an_action_by_its_noun():
    assert "통과" in asked_actions("기초예술 활성화 조례 누가 대표발의했고, 본회의 통과는 언제였어?", "ko")
    assert asked_actions("총회 개최 날짜가 언제야?", "ko") == {"개최", "열리"}  # the time noun asks for the noun before it (held: 열리 too)
    assert "시장" not in asked_actions("후헝화 시장은 언제 취임했어?", "ko")  # a verb follows 언제: it is the action
    passed = "김혜영 의원은 지난해 10월 대표발의한 조례안이 지난해 12월 23일 열린 본회의에서 최종 통과됐다고 밝혔다."
    asked = asked_actions("본회의 통과는 언제였어?", "ko")
    assert dated_action(passed, passed.index("23일") + 3, asked) is True


def test_becoming_mayor_is_dated_by_taking_office_or_being_elected():
    """"When did he become mayor?": 2022 of "… 2022년 취임했다", not 2003 of "2003년 … 선정되기도 했으며"."""
    actions = asked_actions("And when did he become mayor?", "en")
    assert {"취임", "당선"} <= actions
    sentence = "후헝화 시장은 기업인 출신으로 2003년 후난성 10대 경제인으로 선정되기도 했으며, 부시장과 시장 대행을 거쳐 2022년 취임했다."
    assert dated_action(sentence, sentence.index("2003") + 4, actions) is False
    assert dated_action(sentence, sentence.index("2022") + 4, actions) is True
    assert asked_actions("When did he become famous?", "en") == frozenset()


def test_a_noun_done_with_a_light_verb_is_the_action():
    """"영어로 기조연설을 했다": what was done is the speech (하다 alone says nothing)."""
    assert [a.stem for a in actions_in("지난 8일에는 영어로 기조연설을 했다.")] == ["지나", "기조연설"]
    assert "기조연설" in asked_actions("전 구청장이 기조연설을 한 날은 며칠이야?", "ko")
    assert "기조연설" in asked_actions("On which day did he give his keynote speech?", "en")
    assert "개최" in asked_actions("When was the assembly held?", "en")


def test_a_value_followed_by_another_actions_noun_dates_that_action_not_the_clauses_verb():
    """"In what year did Seoul and Tashkent upgrade their ties?": 2010, not 2006, whose signing (체결)
    is named before the upgrade (격상해) that ends the clause."""
    ties = "서울시와는 2006년 우호도시 협정 체결을 시작으로, 2010년 친선도시로 격상해 지난 15년간 협력을 이어오고 있다."
    upgrade = asked_actions("In what year did Seoul and Tashkent upgrade their ties to sister-city status?", "en")
    assert dated_action(ties, ties.index("2006") + 4, upgrade) is False
    assert dated_action(ties, ties.index("2010") + 4, upgrade) is True
    assert dated_action(ties, ties.index("2006") + 4, frozenset({"체결"})) is True


def test_a_plain_verb_asks_for_the_action_news_names_by_a_noun():
    """"언제 만들어졌어요?" asks when it was founded: "2010년 창립 당시"."""
    assert {"창립", "설립", "출범"} <= asked_actions("세계도시전자정부협의체는 언제 만들어졌어요?", "ko")
    assert "만들" not in KNOWN_ACTIONS  # a clause ending in 만들 dates no founding
