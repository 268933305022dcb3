"""The answer language: Korean for a Korean sentence, English for an English one, whatever names it quotes."""

import pytest

from rag.language import detect_language, without_repeated_asides, without_unwritten_asides


@pytest.mark.parametrize("question, language", [
    ("WeGO 총회는 어디서 열렸어?", "ko"),
    ("Where was the WeGO general assembly held?", "en"),
    # an English sentence quoting a Korean name asks in English
    ("What awards did the 착한 서초코인 scheme pick up this year?", "en"),
    ("Who is 오세훈?", "en"),
    ("Is 착한 서초코인 a cryptocurrency?", "en"),
    # a Korean sentence quoting English names asks in Korean
    ("Smart City Expo World Congress에 참가한 기업은?", "ko"),
    ("the Ministry of Foreign Affairs에서 누가 왔어?", "ko"),
    ("Digital 시민시장실은 어떤 용도로 쓰이는 시스템이에요?", "ko"),
    ("SCEWC는 뭐야?", "ko"),
])
def test_the_answer_language_follows_the_sentence_not_the_names_it_quotes(question, language):
    assert detect_language(question) == language


def test_an_aside_in_another_script_that_no_sentence_writes_is_cut():
    sentences = ["세르게이 모로조프(Sergey Ivanovich Morozov) 울랴놉스크 주지사가 참석했다."]
    claim = "Sergey Ivanovich Morozov (Сергеевич Иванович Морозов) is the governor."
    assert without_unwritten_asides(claim, sentences) == "Sergey Ivanovich Morozov is the governor."


def test_an_aside_the_text_writes_or_in_hangul_stays():
    assert without_unwritten_asides("Chongqing (重慶) mayor", ["충칭(重慶)시장"]) == "Chongqing (重慶) mayor"
    assert without_unwritten_asides("Morozov (모로조프)", []) == "Morozov (모로조프)"
    assert without_unwritten_asides("the 2.07 million (207만) people", []) == "the 2.07 million (207만) people"


def test_an_aside_repeating_the_words_before_it_is_cut():
    assert without_repeated_asides("트리플렛 피아스페이스 씨티아이랩 (트리플렛 피아스페이스 씨티아이랩)") == "트리플렛 피아스페이스 씨티아이랩"
    assert without_repeated_asides("Triplet (트리플렛)") == "Triplet (트리플렛)"
    assert without_repeated_asides("60개국 (60)") == "60개국 (60)"
