"""Reply parsing: JSON or free text, [n] range-checked, claims split."""

from rag import reply


def test_parse_json_reply_range_checks_citations():
    parsed = reply.parse_reply('{"answer": "350여 명이 참석했습니다 [1][9].", "citations": [1, 5, 1]}', 4)
    assert parsed.structured
    assert parsed.cited == (1,)
    assert set(parsed.out_of_range) == {5, 9}
    assert "[" not in parsed.answer


def test_parse_free_text_reply_reads_markers():
    parsed = reply.parse_reply("About 350 people attended [1, 2]. Also [7].", 4)
    assert not parsed.structured
    assert parsed.cited == (1, 2)
    assert parsed.out_of_range == (7,)


def test_malformed_json_falls_back_to_text():
    parsed = reply.parse_reply('{"answer": "350명 [1]", "citations": [1', 4)
    assert not parsed.structured
    assert parsed.cited == (1,)


def test_partial_answer_streams_the_json_string_value():
    assert reply.partial_answer('{"answer": "서울시는 \\"W') == ' 서울시는 "W'.strip()
    assert reply.partial_answer('{"ans') == ""
    assert reply.partial_answer('{"answer": "done", "citations": [1]}') == "done"


def test_model_abstention_is_recognised():
    assert reply.model_abstained("제공된 문서에서 답을 찾을 수 없습니다.")
    assert reply.model_abstained("The documents do not contain this.")
    assert reply.model_abstained("  ")
    assert not reply.model_abstained("About 350 people attended.")


def test_split_claims_on_korean_and_english_sentence_ends():
    assert reply.split_claims("첫째입니다. 둘째입니다.") == ["첫째입니다.", "둘째입니다."]
    assert reply.split_claims("One. Two!") == ["One.", "Two!"]
    assert reply.split_claims("4") == ["4"] and reply.split_claims("300개. .") == ["300개."]
