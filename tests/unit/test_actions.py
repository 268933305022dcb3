from rag.actions import actions_in, asked_actions, asked_to_become, clause_ends_between, dated_action

HU = "후헝화 시장은 기업인 출신으로 2003년 후난성 10대 경제인으로 선정되기도 했으며, 부시장과 시장 대행을 거쳐 2022년 취임했다."


def test_a_sentences_actions_are_its_verbs_and_the_nouns_made_verbs():
    stems = [a.stem for a in actions_in(HU)]
    assert "선정" in stems and "취임" in stems and "거치" in stems
    assert "하" not in stems and "되" not in stems  # light verbs date nothing


def test_english_verbs_are_asked_as_the_korean_actions_news_writes():
    assert asked_actions("When did he take office?") == {"취임"}
    assert "체결" in asked_actions("When did Seoul and Tashkent sign the agreement?")
    assert asked_actions("How old is he?") == frozenset()
    assert "취임" in asked_actions("후헝화 시장은 언제 취임했어?")


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
