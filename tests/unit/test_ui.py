"""Chat handlers with a scripted pipeline: streaming, follow-ups, errors (no models)."""

from __future__ import annotations

from types import SimpleNamespace

import gradio as gr
import pytest

from rag import ui
from rag.config import Settings
from rag.errors import RagError
from rag.types import Answer, Citation, Document, Turn
from rag.types import Reasking as ReaskingItem

DOC = Document("002_x", "seeds/002_x.txt", "총회에는 350여명이 참석한다.", "0" * 64, "WeGO 총회", "뉴시스", "")


class ScriptedPipeline:
    """Streams fixed deltas, then an Answer citing DOC; records what it was asked."""

    backend_notice = "using the embedded model test"

    def __init__(self, settings, index=None):
        self.settings, self.index, self.asked = settings, index, []

    def stream(self, question, history=()):
        self.asked.append((question, tuple(history)))
        yield "350여명"
        yield "이 참석 [1]"
        start = DOC.text.index("350여명")
        c = Citation(1, DOC.doc_id, "002_x#0", DOC.title, DOC.outlet, "", start, start + 5, "350여명")
        yield Answer(question, "ko", "350여명이 참석 [1]", False, (c,), backend="embedded", model="test")


def service(tmp_path) -> ui.ChatService:
    made = []
    svc = ui.ChatService(Settings(index_dir=tmp_path), pipeline_factory=lambda s, index: made.append(ScriptedPipeline(s, index)) or made[-1])
    svc.index = SimpleNamespace(documents={DOC.doc_id: DOC}, chunks=[], manifest={"built_at": "2025-01-01T00:00:00+00:00"})
    svc.windows = {"002_x#0": (0, len(DOC.text))}
    svc.made = made
    return svc


def test_answer_streams_then_renders_chips_sources_and_status(tmp_path):
    svc = service(tmp_path)
    updates = list(ui.respond(svc, "WeGO 총회에는 몇 명이 참석했나요?", ui.Conversation(), "embedded", "m", 5, "hybrid"))
    streamed = [u[0][-1]["content"] for u in updates[1:-1]]
    assert streamed == ["350여명", "350여명이 참석 &#91;1&#93;"]  # deltas arrive before the final answer
    messages, sources, status, convo, box = updates[-1]
    assert '<a class="cite-chip" href="#cite-1-1"' in messages[-1]["content"]
    assert 'id="cite-1-1"' in sources and ">350여명</mark>" in sources
    assert "embedded · test" in status and "2025-01-01" in status
    assert convo.turns == [Turn("WeGO 총회에는 몇 명이 참석했나요?", "350여명이 참석 [1]")]
    assert box == ""


def test_a_withdrawn_reply_leaves_the_chat_and_the_status_says_it_asks_again(tmp_path):
    svc = service(tmp_path)

    class Reasking(ScriptedPipeline):
        def stream(self, question, history=()):
            yield "충칭시장"
            yield ReaskingItem("asked again: the first reply only repeated the question")
            yield from super().stream(question, history)

    svc._factory = lambda s, index: Reasking(s, index)
    updates = list(ui.respond(svc, "WeGO 총회에는 몇 명이 참석했나요?", ui.Conversation(), "embedded", "m", 5, "hybrid"))
    streamed = [u[0][-1]["content"] for u in updates[1:-1]]
    assert streamed == ["충칭시장", "…", "350여명", "350여명이 참석 &#91;1&#93;"]  # the withdrawn text is gone
    assert "asking again" in updates[2][2]  # no Retrieved came first here: English
    assert "충칭시장" not in updates[-1][0][-1]["content"]


def test_an_answer_read_from_the_text_is_not_announced_as_asking_again(tmp_path):
    svc = service(tmp_path)

    class Lookup(ScriptedPipeline):
        def stream(self, question, history=()):
            yield "충칭시장"
            yield ReaskingItem("read from the text: the first reply only repeated the question", asks_model=False)
            yield from super().stream(question, history)

    svc._factory = lambda s, index: Lookup(s, index)
    updates = list(ui.respond(svc, "WeGO 총회에는 몇 명이 참석했나요?", ui.Conversation(), "embedded", "m", 5, "hybrid"))
    assert "reading the answer from the text" in updates[2][2] and "asking again" not in updates[2][2]


def test_follow_up_passes_history_and_uses_new_anchor_key(tmp_path):
    svc = service(tmp_path)
    first = list(ui.respond(svc, "첫 질문", ui.Conversation(), "embedded", "m", 5, "hybrid"))[-1][3]
    last = list(ui.respond(svc, "그 도시는?", first, "embedded", "m", 5, "hybrid"))[-1]
    assert svc.made[0].asked[1] == ("그 도시는?", (Turn("첫 질문", "350여명이 참석 [1]"),))
    assert 'href="#cite-2-1"' in last[0][-1]["content"] and 'id="cite-2-1"' in last[1]
    assert len(last[0]) == 4  # two questions, two answers


def test_one_pipeline_per_control_setting(tmp_path):
    svc = service(tmp_path)
    assert svc.pipeline("embedded", "m", 5, "hybrid") is svc.pipeline("embedded", "m", 5.0, "hybrid")
    other = svc.pipeline("embedded", "m", 3, "bm25")
    assert (other.settings.top_k, other.settings.mode) == (3, "bm25")
    assert len(svc.made) == 2


def test_missing_index_is_reported_in_the_chat_not_raised(tmp_path):
    svc = ui.ChatService(Settings(index_dir=tmp_path / "none"))
    svc.load_index()
    assert "rag index" in svc.index_problem
    *_, (messages, _, status, convo, _) = ui.respond(svc, "질문", ui.Conversation(), "embedded", "m", 5, "hybrid")
    assert messages[-1]["content"].startswith("⚠") and "Rebuild index" in messages[-1]["content"]
    assert "unavailable" in status and convo.turns == []


def test_pipeline_error_mid_answer_keeps_the_app_alive(tmp_path):
    svc = service(tmp_path)

    class Failing(ScriptedPipeline):
        def stream(self, question, history=()):
            yield "partial"
            raise RagError("Ollama stopped mid-answer; start it again")

    svc._factory = lambda s, index: Failing(s, index)
    *_, (messages, _, status, _, _) = ui.respond(svc, "q", ui.Conversation(), "ollama", "m", 5, "hybrid")
    assert "Ollama stopped mid-answer" in messages[-1]["content"] and "Ollama stopped" in status


def test_blank_question_changes_nothing(tmp_path):
    svc = service(tmp_path)
    (update,) = list(ui.respond(svc, "   ", ui.Conversation(), "embedded", "m", 5, "hybrid"))
    assert update[0] == [] and svc.made == []


def test_seeds_edited_after_start_mark_the_index_stale(fake_index, fake_settings):
    svc = ui.ChatService(fake_settings)
    svc.load_index()
    assert svc.index is not None and svc.index_problem == ""
    seed = sorted(fake_settings.seeds_dir.glob("*.txt"))[0]
    seed.write_text(seed.read_text(encoding="utf-8") + "\n\n새 문단이 추가되었습니다.\n", encoding="utf-8")
    notice, row, status = ui.page_loaded(svc)
    assert svc.index is None and "out of date" in svc.index_problem
    assert row["visible"] is True and "out of date" in notice and "unavailable" in status


# ---------------------------------------------------------------- fairness under load


class FakeRequest:
    """What a handler sees of a request: headers and the route it came through."""

    def __init__(self, path: str, headers: dict | None = None):
        self.url, self.headers = SimpleNamespace(path=path), headers or {}


PAGE = FakeRequest("/gradio_api/queue/join")


def test_eval_tab_refuses_while_chat_questions_wait_and_builds_nothing(tmp_path):
    svc = service(tmp_path)
    svc.load = lambda: ui.ChatLoad(waiting=1, running=2)
    (note, *rest), = list(ui.run_eval_tab(svc, "full (answers)", 0, "all", PAGE))
    assert "Eval not started" in note and "2 being answered, 1 waiting" in note and 'class="error-line"' in note
    assert svc.made == []  # no pipeline, no eval run


def test_an_eval_tab_run_asks_one_split_then_the_first_questions_of_it():
    items = [SimpleNamespace(id=f"q{n}", split=split) for n, split in enumerate(["dev", "test", "test", "fresh8"])]
    assert [i.id for i in ui.eval_items(items, "test", 0)] == ["q1", "q2"]
    assert [i.id for i in ui.eval_items(items, "test", 1)] == ["q1"]
    assert [i.id for i in ui.eval_items(items, "all", 3)] == ["q0", "q1", "q2"]
    with pytest.raises(RagError, match="no 'holdout' questions"):
        ui.eval_items(items, "holdout", 0)


def test_the_eval_tab_offers_every_split_and_all():
    svc_app = ui.build_app(Settings(), ui.ChatService(Settings()))
    dropdown = next(b for b in svc_app.blocks.values() if getattr(b, "elem_id", None) == "eval-split")
    offered = [c[0] if isinstance(c, tuple) else c for c in dropdown.choices]
    assert offered[0] == "all" and "test" in offered and "fresh8" in offered


def test_eval_is_refused_to_api_clients_unless_enabled(tmp_path):
    svc = service(tmp_path)
    client = FakeRequest("/gradio_api/queue/join", {"x-gradio-user": "api"})
    raw_http = FakeRequest("/gradio_api/call/eval")
    assert ui.eval_refusal(svc, client) == ui.EVAL_API_OFF == ui.eval_refusal(svc, raw_http)
    assert ui.eval_refusal(svc, PAGE) == ""
    svc.settings = Settings(index_dir=tmp_path, eval_api=True)
    assert ui.eval_refusal(svc, client) == ""


def test_a_question_sent_while_slots_are_full_is_told_its_place_in_line(tmp_path):
    svc = service(tmp_path)
    svc.load = lambda: ui.ChatLoad(waiting=2, running=ui.CONCURRENCY, queued=2)
    assert "position 3" in ui.queue_place(svc, "질문")
    svc.load = lambda: ui.ChatLoad(waiting=0, running=0)
    assert ui.queue_place(svc, "질문") == gr.skip()  # starts at once: nothing to say


def test_a_full_queue_is_one_line_before_the_question_joins_it(tmp_path):
    svc = service(tmp_path)
    svc.load = lambda: ui.ChatLoad(waiting=ui.QUEUE_SIZE, running=ui.CONCURRENCY, queued=ui.QUEUE_SIZE)
    with pytest.raises(gr.Error) as raised:
        ui.queue_place(svc, "질문")
    assert "The chat is busy" in raised.value.message and "\n" not in raised.value.message


def events(demo) -> dict:
    return {fn.api_name: fn for fn in demo.fns.values()}


def test_chat_events_share_a_bounded_group_that_shows_the_queue_on_the_chatbot(tmp_path):
    svc = service(tmp_path)
    fns = events(ui.build_app(svc.settings, svc))
    for name in ("ask", "respond"):  # Enter and the button
        fn = fns[name]
        assert (fn.concurrency_id, fn.concurrency_limit, fn.queue) == (ui.CHAT_GROUP, ui.CONCURRENCY, True)
        assert fn.show_progress == "full" and [b.elem_id for b in fn.show_progress_on] == ["chatbot"]
    places = [fn for fn in fns.values() if fn.name == "<lambda>" and not fn.queue]
    assert len(places) == 2  # the unqueued place-in-line step before each, so it answers at once


def test_eval_event_has_its_own_group_of_one_and_is_private_unless_enabled(tmp_path):
    svc = service(tmp_path)
    fn = events(ui.build_app(svc.settings, svc))["eval"]
    assert (fn.concurrency_id, fn.concurrency_limit, fn.api_visibility) == (ui.EVAL_GROUP, 1, "private")
    assert ui.EVAL_GROUP != ui.CHAT_GROUP
    svc.settings = Settings(index_dir=tmp_path, eval_api=True)
    assert events(ui.build_app(svc.settings, svc))["eval"].api_visibility == "public"
