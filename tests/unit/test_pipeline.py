"""The answer pipeline with a fake embedder and a scripted LLM: the checks in code decide."""

import json
from dataclasses import replace

import pytest

from rag.config import PROJECT_ROOT, Settings
from rag.embeddings import FakeEmbedder
from rag.errors import RagError
from rag.index import build_index
from rag.llm import ScriptedChat
from rag.ask import answer_to_json
from rag.compare import PlainRag
from rag.pipeline import Pipeline
from rag.types import Answer, Citation, Document, Evidence, Reasking, Retrieved, Turn

WEGO = "002_d32cad0dd2ba4f1c"


@pytest.fixture(scope="module")
def fake_index(tmp_path_factory):
    settings = Settings(index_dir=tmp_path_factory.mktemp("index"), embedding_model="fake")
    return build_index(settings, FakeEmbedder(), progress=False)


def make(fake_index, *replies, second_ask=False, second_ask_narrowed=True, **chat_kwargs):
    """A pipeline whose model writes `replies` in turn. Asked once unless `second_ask`: most tests
    here are about what verification makes of one reply."""
    settings = Settings(embedding_model="fake", prompts_dir=PROJECT_ROOT / "prompts", second_ask=second_ask,
                        second_ask_narrowed=second_ask_narrowed)
    chat = ScriptedChat(list(replies), **chat_kwargs)
    return Pipeline(settings, index=fake_index, embedder=FakeEmbedder(), chat=chat), chat


def evidence_number(answer_or_chat, needle: str) -> int:
    """The [n] under which the pipeline showed the sentence containing `needle`."""
    prompt = answer_or_chat.last_prompt
    for line in prompt.splitlines():
        if line.startswith("[") and needle in line:
            return int(line[1 : line.index("]")])
    raise AssertionError(f"{needle!r} was not shown to the model:\n{prompt}")


def showing(monkeypatch, *needles: str) -> None:
    """Evidence: the index's sentences that contain any of `needles`, as retrieval with the real
    embedder shows them (the fake embedder ranks by chance)."""
    def shown(self, query, hits):
        found = [s for s in self.index.sentences if any(n in s.text for n in needles)]
        return [Evidence(i, s, 1.0, "제목") for i, s in enumerate(found, 1)]
    monkeypatch.setattr(Pipeline, "_evidence", shown)


def reply(answer: str, *cites: int) -> str:
    return json.dumps({"answer": answer, "citations": list(cites)}, ensure_ascii=False)


def test_supported_answer_keeps_a_verified_citation(fake_index):
    # First call only to learn the evidence numbering, second to answer with it.
    probe, chat = make(fake_index, reply("x", 1))
    probe.answer("WeGO 총회에는 몇 명이 참석했나요?")
    n = evidence_number(chat, "350")
    pipeline, _ = make(fake_index, reply("총회에는 350여 명이 참석합니다.", n))
    answer = pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert not answer.abstained and answer.language == "ko"
    assert answer.text.endswith("[1]") and len(answer.citations) == 1
    c = answer.citations[0]
    assert c.doc_id == WEGO and "350" in c.quote
    assert c.quote == fake_index.documents[c.doc_id].text[c.start : c.end]


def test_out_of_range_citation_is_removed_and_repaired(fake_index):
    pipeline, _ = make(fake_index, reply("총회에는 350여 명이 참석합니다.", 42))
    answer = pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert any("[42]" in note for note in answer.notes)
    assert [c.doc_id for c in answer.citations] == [WEGO]  # repaired to the sentence holding 350
    assert "[42]" not in answer.text


def test_unsupported_sentence_is_dropped(fake_index):
    pipeline, chat = make(fake_index, reply("총회에는 350여 명이 참석합니다. 총회 예산은 900억 원입니다.", 1))
    answer = pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert "900억" not in answer.text and "350" in answer.text
    assert any("900" in note for note in answer.notes)


def test_invented_answer_leads_to_abstention(fake_index):
    pipeline, _ = make(fake_index, reply("Kuala Lumpur's GDP is 500 billion dollars.", 1))
    answer = pipeline.answer("What is the GDP of Kuala Lumpur?")
    assert answer.abstained and answer.language == "en"
    assert answer.text == "The documents do not contain this."
    assert answer.citations == () and answer.passages  # nearest passages are still shown


def test_model_abstention_is_respected(fake_index):
    pipeline, _ = make(fake_index, reply("제공된 문서에서 답을 찾을 수 없습니다.", 1))
    assert pipeline.answer("WeGO 사무국은 어디에 있나요?").abstained


def test_malformed_output_is_parsed_as_text(fake_index):
    pipeline, _ = make(fake_index, "총회에는 350여 명이 참석합니다 [2")
    answer = pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert not answer.abstained and "350" in answer.text
    assert answer.citations and answer.citations[0].doc_id == WEGO


def test_wrong_language_reply_is_not_passed_off_as_english(fake_index):
    # The language is chosen by code; a Korean reply to an English question
    # still has to pass verification, and the Answer says the question's language.
    pipeline, chat = make(fake_index, reply("총회에는 350여 명이 참석합니다.", 1))
    answer = pipeline.answer("How many people attended the WeGO general assembly?")
    assert answer.language == "en"
    assert "English" in chat.calls[0]["messages"][0]["content"]


def test_prompt_injection_in_a_document_does_not_become_the_answer(fake_index):
    pipeline, _ = make(fake_index, reply("BANANA", 1))
    answer = pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert "BANANA" not in answer.text


def test_stream_yields_deltas_then_one_answer(fake_index):
    pipeline, _ = make(fake_index, reply("총회에는 350여 명이 참석합니다.", 1))
    items = list(pipeline.stream("WeGO 총회에는 몇 명이 참석했나요?"))
    retrieved, deltas, finals = items[0], items[1:-1], items[-1]
    assert isinstance(retrieved, Retrieved) and retrieved.passages and retrieved.evidence
    assert retrieved.evidence[0].score == max(e.score for e in retrieved.evidence)  # best first
    assert isinstance(finals, Answer) and all(isinstance(d, str) for d in deltas)
    assert len(deltas) > 3 and "".join(deltas) == "총회에는 350여 명이 참석합니다."
    assert "{" not in "".join(deltas)


def _numbered_lines(messages) -> list[str]:
    return [line for line in messages[-1]["content"].splitlines() if line.startswith("[")]


def test_a_rejected_reply_is_followed_by_one_ask_from_the_sentences_that_pass_the_checks(fake_index):
    question = "WeGO 총회에는 몇 명이 참석했나요?"
    echo = reply("WeGO 총회", 1)  # repeats the question: dropped
    probe, chat = make(fake_index, echo, echo, second_ask=True)
    probe.answer(question)
    first, second = (_numbered_lines(call["messages"]) for call in chat.calls)
    # The second prompt is the first, narrowed to the sentences the evidence checks accept, renumbered.
    assert chat.calls[1]["messages"][0] == chat.calls[0]["messages"][0] and 0 < len(second) < len(first)
    assert {line.split("] ", 1)[1] for line in second} < {line.split("] ", 1)[1] for line in first}
    assert [line.split("]")[0] for line in second] == [f"[{n}" for n in range(1, len(second) + 1)]
    n = next(int(line[1:line.index("]")]) for line in second if "350" in line)
    right = reply("총회에는 350여 명이 참석합니다.", n)
    pipeline, chat = make(fake_index, echo, right, second_ask=True)
    items = list(pipeline.stream(question))
    answer = items[-1]
    assert not answer.abstained and "350" in answer.citations[0].span and len(chat.calls) == 2
    # The stream withdraws the first text before the second streams.
    reasking = next(i for i, item in enumerate(items) if isinstance(item, Reasking))
    assert "".join(d for d in items[reasking:] if isinstance(d, str)) == "총회에는 350여 명이 참석합니다."
    assert any(note.startswith("asked again") for note in answer.notes)
    assert {v.check for v in answer.verdicts if not v.passed} >= {"fits_question_kind"}  # the first reply's, kept


def test_a_second_reply_is_verified_like_the_first_and_there_is_no_third(fake_index):
    pipeline, chat = make(fake_index, reply("BANANA", 1), reply("총회에는 9999명이 참석합니다.", 1), second_ask=True)
    answer = pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert answer.abstained and len(chat.calls) == 2
    assert "BANANA" not in answer.text and "9999" not in answer.text


def test_no_second_ask_when_the_model_itself_found_no_answer(fake_index):
    pipeline, chat = make(fake_index, reply("증거에서 찾을 수 없습니다.", 1), second_ask=True)
    answer = pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert answer.abstained and len(chat.calls) == 1


def test_after_the_model_found_no_answer_only_the_role_lookup_follows(fake_index):
    """The model is not asked again (it would be pushed to guess), but the one holder of the asked
    role is read from the text."""
    pipeline, chat = make(fake_index, reply("증거에서 찾을 수 없습니다.", 1), second_ask=True)
    answer = pipeline.answer("오 시장이 문화 관광 도시 외교 활성화 연대 방안을 논의한 비공개 면담에서 만난 충칭 시장은 누구야?")
    assert len(chat.calls) == 1 and not answer.abstained and answer.citations[0].span == "후헝화"
    assert any(note.startswith("read from the text: the first reply found no answer") for note in answer.notes)


def test_a_dropped_reply_to_a_role_question_is_answered_by_the_holder_the_text_names(fake_index):
    # One reply is scripted: the model is not asked again when the text names the one holder.
    pipeline, chat = make(fake_index, reply("충칭시장", 1), second_ask=True)
    items = list(pipeline.stream("오 시장이 문화 관광 도시 외교 활성화 연대 방안을 논의한 비공개 면담에서 만난 충칭 시장은 누구야?"))
    answer = items[-1]
    assert len(chat.calls) == 1 and any(isinstance(item, Reasking) for item in items)
    assert not answer.abstained and answer.text.startswith("후헝화 충칭시장"), (answer.text, answer.notes)
    assert answer.citations[0].span == "후헝화"
    assert any("holder of the asked role" in note for note in answer.notes)
    assert any(note.startswith("read from the text") for note in answer.notes)  # not "asked again": it was not
    assert not any(note.startswith("asked again") for note in answer.notes)


def test_the_role_lookup_reads_the_rest_of_the_top_article_when_no_sentence_shown_names_the_role(fake_index, monkeypatch):
    """"이어 라히모바 두르도나 타슈켄트 부시장과의 공식 면담을 통해 …" lay in a chunk retrieval ranked
    below another article's: the model, shown no sentence naming the Tashkent vice mayor, echoed."""
    shown = Pipeline._evidence

    def without_the_holder(self, query, hits):
        kept = [e for e in shown(self, query, hits) if "라히모바" not in e.sentence.text]
        return [replace(e, n=i) for i, e in enumerate(kept, 1)]

    monkeypatch.setattr(Pipeline, "_evidence", without_the_holder)
    pipeline, chat = make(fake_index, reply("타슈켄트시", 1), second_ask=True)
    answer = pipeline.answer("김태균 부시장이 타슈켄트에서 공식 면담한 타슈켄트 부시장은 누구인가요?")
    assert "라히모바" not in chat.last_prompt and len(chat.calls) == 1
    assert not answer.abstained and answer.citations[0].span == "라히모바 두르도나", (answer.text, answer.notes)
    # the whole article read, the one-holder rule still holds: the Kuala Lumpur vice mayor is no answer
    pipeline, chat = make(fake_index, reply("타슈켄트시", 1), reply("타슈켄트시", 1), second_ask=True)
    assert pipeline.answer("김태균 부시장이 타슈켄트에서 만난 타슈켄트 시장은 누구인가요?").abstained


def test_a_dropped_reply_to_a_which_station_question_is_answered_by_the_station_the_text_names(fake_index):
    """The small model answered "Chongqing Station", a name the text never writes, and again when asked again."""
    pipeline, chat = make(fake_index, reply("Chongqing Station", 1), second_ask=True)
    answer = pipeline.answer("오 시장이 충칭시 대중교통 시스템을 살펴보려고 열차를 탄 역 이름이 뭐야?")
    assert len(chat.calls) == 1 and not answer.abstained, (answer.text, answer.notes)
    assert answer.text.startswith("리즈바역") and answer.citations[0].span == "리즈바역"
    assert any("리즈바역: read from the text" in note for note in answer.notes)


def test_a_dropped_reply_to_a_when_question_is_answered_by_the_date_of_the_asked_action(fake_index):
    """2006 dates the signing in "2006년 우호도시 협정 체결을 시작으로, 2010년 친선도시로 격상해": dropped
    for "격상", the date lookup reads 2010 without asking the model again."""
    pipeline, chat = make(fake_index, reply("2006년", 1), second_ask=True)
    answer = pipeline.answer("서울시와 타슈켄트가 친선도시로 격상한 건 몇 년도야?")
    assert len(chat.calls) == 1 and not answer.abstained, (answer.text, answer.notes)
    assert answer.text.startswith("2010년") and answer.citations[0].span == "2010"
    assert any("2010년: read from the text as the date of the asked action" in note for note in answer.notes)


def test_a_dropped_reply_to_a_how_many_question_is_answered_by_the_count_written_onto_the_counted_thing(fake_index):
    """The model quoted a sentence about earning the coin, with no number: the text writes "약 300개의
    탄소제로샵"."""
    pipeline, chat = make(fake_index, reply("서초코인 적립 등 부스 내에서 적립 방법을 체험해 보도록 했다.", 1), second_ask=True)
    answer = pipeline.answer("착한 서초코인은 대략 몇 곳의 탄소제로샵에서 쓸 수 있나요?")
    assert len(chat.calls) == 1 and not answer.abstained, (answer.text, answer.notes)
    assert "300" in answer.text and answer.citations[0].span.startswith("300")
    assert any("read from the text as the count of the asked thing" in note for note in answer.notes)


def test_a_dropped_reply_to_a_where_question_set_in_a_year_is_answered_by_the_place_listed_with_it(fake_index, monkeypatch):
    """"In which city did the city of Zurich hold its exchange event in 2017?": the model echoed
    "Zurich"; "'17년 홍콩" is listed with the year."""
    showing(monkeypatch, "'17년 홍콩", "취리히 시장과도")  # retrieval with the fake embedder finds other sentences
    pipeline, chat = make(fake_index, reply("Zurich", 1), second_ask=True)
    answer = pipeline.answer("In which city did the city of Zurich hold its exchange event in 2017?")
    assert len(chat.calls) == 1 and not answer.abstained, (answer.text, answer.notes)
    assert answer.text.startswith("Hong Kong (홍콩)") and answer.citations[0].span == "홍콩"


def test_with_the_narrowed_ask_off_only_the_role_lookup_follows_a_dropped_reply(fake_index):
    echo = reply("WeGO 총회", 1)
    pipeline, chat = make(fake_index, echo, echo, second_ask=True, second_ask_narrowed=False)
    items = list(pipeline.stream("WeGO 총회에는 몇 명이 참석했나요?"))
    assert items[-1].abstained and len(chat.calls) == 1 and not any(isinstance(i, Reasking) for i in items)
    pipeline, chat = make(fake_index, reply("충칭시장", 1), second_ask=True, second_ask_narrowed=False)
    answer = pipeline.answer("오 시장이 문화 관광 도시 외교 활성화 연대 방안을 논의한 비공개 면담에서 만난 충칭 시장은 누구야?")
    assert not answer.abstained and answer.citations[0].span == "후헝화" and len(chat.calls) == 1


def test_no_second_ask_when_the_narrowed_prompt_would_be_the_first(fake_index, monkeypatch):
    # Every sentence shown passes the evidence checks: the same prompt would get the same greedy reply.
    from rag import verify

    monkeypatch.setattr(verify.AnswerVerifier, "eligible_evidence", lambda self: list(self.evidence))
    pipeline, chat = make(fake_index, reply("WeGO 총회", 1), second_ask=True)
    answer = pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert answer.abstained and len(chat.calls) == 1


def test_a_second_ask_is_not_shown_the_sentences_where_the_reply_was_found_misplaced(fake_index, monkeypatch):
    """Every sentence shown passes the evidence checks, but the reply's fact was found only at a place a
    placement check rejects (the expo's dates for the day of a speech): asked again without that
    sentence, the greedy model may find the right one."""
    from rag import verify
    from rag.types import Verdict

    def rejects_350(ctx):
        return Verdict("rejects_350", "350" not in ctx.sentence, ctx.fact.text, "a test's misplacement")

    monkeypatch.setattr(verify.AnswerVerifier, "eligible_evidence", lambda self: list(self.evidence))
    monkeypatch.setattr(verify, "PLACEMENT_CHECKS", (rejects_350,))
    probe, chat = make(fake_index, reply("x", 1))
    probe.answer("WeGO 총회에는 몇 명이 참석했나요?")
    n = evidence_number(chat, "350")
    pipeline, chat = make(fake_index, reply("총회에는 350여 명이 참석합니다.", n), reply("BANANA", 1), second_ask=True)
    answer = pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert answer.abstained and len(chat.calls) == 2
    first, second = (_numbered_lines(call["messages"]) for call in chat.calls)
    assert len(second) == len(first) - 1 and not any("350" in line for line in second)


def test_the_previous_design_is_never_asked_twice(fake_index):
    from rag.compare import previous_verifier

    pipeline, chat = make(fake_index, reply("BANANA", 1), second_ask=True)
    pipeline.make_verifier = previous_verifier
    pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert len(chat.calls) == 1


def test_server_dying_mid_stream_keeps_the_partial_answer(fake_index):
    pipeline, _ = make(fake_index, reply("총회에는 350여 명이 참석합니다.", 1), fail_after=8)
    answer = pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert any(note.startswith("error:") for note in answer.notes)


def test_follow_up_retrieves_with_the_previous_question(fake_index):
    pipeline, chat = make(fake_index, reply("약 207만 명입니다.", 1))
    history = [Turn("서울시와 우호도시 협정을 맺은 말레이시아 도시는?", "쿠알라룸푸르입니다.")]
    answer = pipeline.answer("그 도시의 인구는 얼마인가요?", history)
    assert "말레이시아" in answer.retrieval_query
    # The model gets the user's own words; shown the previous question, the small
    # model answered that one instead.
    assert "그 도시의 인구는 얼마인가요?" in chat.last_prompt
    assert "말레이시아 도시는?" not in chat.last_prompt


def test_the_model_reads_whom_a_follow_up_points_back_at(fake_index):
    pipeline, chat = make(fake_index, reply("2022년", 1))
    pipeline.answer("What year did he become mayor?", [Turn("Who is the Chongqing mayor Oh met?", "Huheonghwa (후헝화) [1]")])
    assert "Question: What year did he (Huheonghwa, 후헝화) become mayor?" in chat.last_prompt


def test_a_follow_up_is_checked_against_the_person_the_answer_before_named(fake_index):
    """"그 주지사" is the governor the last answer named: an agreement the sentence gives another
    governor is withheld; asked alone, the same reply is shown."""
    question = "그 주지사랑은 무슨 협약 맺었어?"
    # the last answer named another governor than the one the sentence gives (the fake embedder
    # retrieves by the words: the earlier question is about Zurich)
    history = [Turn("박원순 시장이 취리히 청사에서 만난 취리히 주지사는 누구야?", "세르게이 모로조프 러시아 울랴놉스크 주지사 [1]")]
    probe, chat = make(fake_index, reply("x", 1))
    probe.answer(question, history)
    zurich = evidence_number(chat, "취리히 주지사와 청사에서")
    pipeline, _ = make(fake_index, reply("서울시-취리히주 간 우호도시협약", zurich))
    assert pipeline.answer(question, history).abstained
    alone, _ = make(fake_index, reply("서울시-취리히주 간 우호도시협약", zurich))
    assert not alone.answer(question, [Turn(history[0].question, "제공된 문서에서 답을 찾을 수 없습니다.")]).abstained


def test_empty_and_long_questions(fake_index):
    pipeline, _ = make(fake_index, reply("x", 1))
    with pytest.raises(RagError, match="empty"):
        pipeline.answer("   ")
    answer = pipeline.answer("WeGO " * 5000)
    assert any("cut" in note for note in answer.notes)


def test_plain_baseline_cites_whole_chunks_without_verification(fake_index):
    pipeline, chat = make(fake_index, "총회에는 500명이 참석했습니다 [1].")
    answer = PlainRag(pipeline).answer("WeGO 총회에는 몇 명이 참석했나요?")
    assert "500" in answer.text  # nothing checks the invented number: that is the baseline
    assert answer.citations[0].quote == answer.passages[0].chunk.text


def test_json_output_has_the_documented_keys(fake_index):
    pipeline, _ = make(fake_index, reply("총회에는 350여 명이 참석합니다.", 1))
    data = answer_to_json(pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?"))
    assert {"question", "language", "answer", "abstained", "citations", "passages", "backend", "model",
            "timings"} <= set(data)
    assert set(data["timings"]) == {"retrieval_ms", "first_token_ms", "total_ms"}
    assert data["backend"] == "fake"
    (c,) = data["citations"]
    assert c["start"] <= c["span_start"] < c["span_end"] <= c["end"] and c["span"] == "350"
    assert data["verdicts"] and all(set(v) == {"check", "passed", "subject", "reason"} for v in data["verdicts"])


def test_json_and_printed_sources_name_the_pdf_page_newest_first(capsys):
    from rag.ask import _print_answer

    text = "첫 페이지 문장이다.\n\n둘째 페이지에는 예산 120억 원이 적혀 있다."
    pdf = Document("report", "report.pdf", text, "0" * 64, date="2023-01-02", pages=(0, text.index("둘째")))
    web = Document("news", "news.html", "새 기사 문장이다.", "1" * 64, date="2024-05-20")
    start = text.index("둘째")
    cites = (Citation(1, "report", "report#0", "보고서", "", pdf.date, start, len(text), text[start:]),
             Citation(2, "news", "news#0", "기사", "", web.date, 0, len(web.text), web.text))
    answer = Answer("q", "ko", "답 [1][2]", False, cites)
    documents = {"report": pdf, "news": web}
    assert [c["page"] for c in answer_to_json(answer, documents)["citations"]] == [2, None]
    _print_answer(answer, documents)
    out = capsys.readouterr().out
    assert "[1] 보고서, 2023-01-02, p. 2 (report" in out and out.index("[2] 기사") < out.index("[1] 보고서")


class SchemaRefusingChat(ScriptedChat):
    """Like an Ollama-compatible server that rejects JSON schemas before any text."""

    def stream(self, messages, *, json_schema=None, **kwargs):
        if json_schema is not None:
            from rag.llm import LLMSchemaRejected

            def refuse():
                raise LLMSchemaRejected("server rejected the schema")
                yield  # pragma: no cover

            return refuse()
        return super().stream(messages, json_schema=None, **kwargs)


def test_schema_refused_by_the_server_falls_back_to_free_text(fake_index):
    settings = Settings(embedding_model="fake", prompts_dir=PROJECT_ROOT / "prompts")
    chat = SchemaRefusingChat(["총회에는 350여 명이 참석합니다 [1]."])
    answer = Pipeline(settings, index=fake_index, embedder=FakeEmbedder(), chat=chat).answer(
        "WeGO 총회에는 몇 명이 참석했나요?")
    assert "350" in answer.text and not any(n.startswith("error") for n in answer.notes)
    assert chat.calls[0]["json_schema"] is None


def test_a_question_in_another_language_is_answered_in_english_and_says_so(fake_index):
    pipeline, chat = make(fake_index, reply("About 350 people attended.", 1))
    answer = pipeline.answer("WeGO総会には何人が参加しましたか？")
    assert answer.language == "en" and "English" in chat.calls[0]["messages"][0]["content"]
    assert any("Korean or English" in note for note in answer.notes)


def test_document_mode_is_chosen_only_when_the_evidence_lies_in_one_document(fake_index):
    settings = Settings(embedding_model="fake", prompts_dir=PROJECT_ROOT / "prompts", answer_context="document")
    pipeline = Pipeline(settings, index=fake_index, embedder=FakeEmbedder(), chat=ScriptedChat([]))
    assert pipeline.states is None  # a server or a fake answers: no states, evidence sentences
    pipeline._states = "states of the embedded model"
    sentences = [s for s in fake_index.sentences if s.doc_id == WEGO][:4]
    other = [s for s in fake_index.sentences if s.doc_id != WEGO][:2]
    one_doc = [Evidence(n, s, 1.0 - n / 10) for n, s in enumerate(sentences + other[:1], 1)]
    assert pipeline._single_document(one_doc).doc_id == WEGO  # 4 of 5 in one document
    mixed = [Evidence(n, s, 1.0) for n, s in enumerate(sentences[:2] + other, 1)]
    assert pipeline._single_document(mixed) is None
    ranked = pipeline._document_sentences(fake_index.documents[WEGO], one_doc, "WeGO 총회 참석")
    assert [e.sentence for e in ranked[:4]] == sentences  # the retrieved sentences first, best first
    assert {e.sentence.doc_id for e in ranked} == {WEGO} and [e.n for e in ranked] == list(range(1, len(ranked) + 1))
    in_document = sum(1 for s in fake_index.sentences if s.doc_id == WEGO)
    assert len(ranked) == min(in_document, settings.verify.document_sentences)


class _NoStates:
    """Document states as the embedded model keeps them, none saved: the whole prompt is read."""

    def ensure(self, document):
        return None


def _document_pipeline(fake_index, *replies):
    settings = Settings(embedding_model="fake", prompts_dir=PROJECT_ROOT / "prompts", answer_context="document",
                        second_ask=True, document_share=0.0)
    chat = ScriptedChat(list(replies))
    pipeline = Pipeline(settings, index=fake_index, embedder=FakeEmbedder(), chat=chat)
    pipeline._states = _NoStates()
    return pipeline, chat


def test_a_dropped_whole_document_reply_is_followed_by_the_evidence_sentence_ask(fake_index):
    question = "WeGO 총회에는 몇 명이 참석했나요?"
    echo = reply("WeGO 총회", 1)  # repeats the question: dropped
    probe, chat = _document_pipeline(fake_index, echo, echo)
    assert probe.answer(question).abstained and len(chat.calls) == 2
    document_prompt, sentence_prompt = (" ".join(m["content"] for m in call["messages"]) for call in chat.calls)
    assert probe.index.documents[WEGO].text[:200] in document_prompt  # the first ask read the whole article
    assert _evidence_lines(sentence_prompt) and "350" in sentence_prompt  # the second, numbered sentences
    n = next(int(line[1:line.index("]")]) for line in sentence_prompt.split("\n") if line.startswith("[") and "350" in line)
    pipeline, chat = _document_pipeline(fake_index, echo, reply("총회에는 350여 명이 참석합니다.", n))
    answer = pipeline.answer(question)
    assert not answer.abstained and "350" in answer.citations[0].span
    assert any(note.startswith("asked again: the first reply") for note in answer.notes), answer.notes
    # a whole-document reply that holds is not followed by anything
    pipeline, chat = _document_pipeline(fake_index, reply("총회에는 350여 명이 참석합니다.", 1))
    assert not pipeline.answer(question).abstained and len(chat.calls) == 1


def test_a_dropped_whole_document_reply_to_a_role_question_is_answered_by_the_holder_the_text_names(fake_index):
    # One reply is scripted: after the document's echo the model is not asked again.
    pipeline, chat = _document_pipeline(fake_index, reply("충칭시장", 1))
    answer = pipeline.answer("오 시장이 문화 관광 도시 외교 활성화 연대 방안을 논의한 비공개 면담에서 만난 충칭 시장은 누구야?")
    assert len(chat.calls) == 1
    assert not answer.abstained and answer.citations[0].span == "후헝화", (answer.text, answer.notes)


def _evidence_lines(prompt: str) -> list[str]:
    return [line.split("] ", 1)[1] for line in prompt.splitlines() if line.startswith("[") and "] " in line]


def test_when_no_sentence_may_support_an_answer_the_model_is_not_asked(fake_index):
    pipeline, chat = make(fake_index)  # no scripted reply: a call would fail the test
    answer = pipeline.answer("What is the population of Atlantis?")
    assert chat.calls == [] and answer.abstained
    assert any("the model was not asked" in note for note in answer.notes)
    assert any(v.check == "mentions_asked_names" and not v.passed for v in answer.verdicts)


def test_shown_evidence_checked_shows_the_model_only_sentences_that_may_support_an_answer(fake_index):
    question = "What is Kuala Lumpur like?"
    everything, chat = make(fake_index, reply("x", 1))
    everything.answer(question)
    shown_all = _evidence_lines(chat.last_prompt)
    settings = Settings(embedding_model="fake", prompts_dir=PROJECT_ROOT / "prompts", shown_evidence_checked=True)
    checked_chat = ScriptedChat([reply("x", 1)])
    Pipeline(settings, index=fake_index, embedder=FakeEmbedder(), chat=checked_chat).answer(question)
    shown_checked = _evidence_lines(checked_chat.last_prompt)
    assert shown_checked and len(shown_checked) < len(shown_all)
    assert set(shown_checked) <= set(shown_all)
    assert any("쿠알라룸푸르" in line for line in shown_checked)
