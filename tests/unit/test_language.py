"""The answer language: Korean for a Korean sentence, English for an English one, whatever names it quotes."""

import pytest

from rag.language import detect_language


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
