"""Probe 2: a failing LLM server is a failure, never "not in the documents".

A fake Ollama on loopback returns garbage, cuts the stream, hangs, ends without
its final message or refuses the schema. The CLI prints one line naming the
server and the fault and exits non-zero (keeping partial text, marked
incomplete); `auto` answers with the embedded model (a scripted fake here)
when Ollama fails before its first token; the app shows an error.
"""

from __future__ import annotations

import json
import time

import pytest

from rag import ui
from rag.embeddings import FakeEmbedder
from rag.index import ensure_index
from rag.language import ABSTAIN_TEXT, INCOMPLETE_MARK
from rag.llm import OllamaChat, ScriptedChat, select_chat_model
from rag.pipeline import Pipeline
from tests.ollama_server import fake_ollama
from tests.reliability.probes import assert_error, run_cli

QUESTION = "How many people attended the WeGO general assembly?"
REPLY = json.dumps({"answer": "About 350 people attended the general assembly.", "citations": [1]})
CUT_AFTER_LINES = 8  # the fake sends 4 characters a line: the first 32 characters arrive
PARTIAL = REPLY[:32].removeprefix('{"answer": "')  # what the user saw before the cut


@pytest.fixture
def ask_env(fake_env, monkeypatch):
    """An index built with the fake embedder; Ollama settings pointed at a fake server by each test."""
    ensure_index(fake_env, FakeEmbedder())
    monkeypatch.setenv("RAG_OLLAMA_MODEL", "tiny")
    return fake_env


def ask(capsys, monkeypatch, fake, *flags: str, timeout: float = 5) -> tuple[int, str, str, float]:
    monkeypatch.setenv("OLLAMA_HOST", fake.host)
    monkeypatch.setenv("RAG_OLLAMA_TIMEOUT", str(timeout))
    started = time.monotonic()
    code, out, err = run_cli(capsys, "ask", QUESTION, "--llm", "ollama", *flags)
    return code, out, err, time.monotonic() - started


def chat_requests(fake) -> list[dict]:
    return [r["body"] for r in fake.requests if r["path"] == "/api/chat"]


# ---------------------------------------------------------------- the CLI


def test_garbage_reply_is_an_error_naming_the_server(ask_env, capsys, monkeypatch):
    with fake_ollama(chat_fault="garbage", reply=REPLY) as fake:
        code, out, err, _ = ask(capsys, monkeypatch, fake)
    assert_error(code, err, rf"Ollama at {fake.host} sent a reply that is not Ollama's chat format")
    assert ABSTAIN_TEXT["en"] not in out and "closest passage" not in out
    assert len(chat_requests(fake)) == 1  # garbage is not a schema refusal: no second request


def test_stream_cut_mid_answer_keeps_the_text_marked_incomplete_and_exits_1(ask_env, capsys, monkeypatch):
    with fake_ollama(reply=REPLY, die_after=CUT_AFTER_LINES) as fake:
        code, out, err, _ = ask(capsys, monkeypatch, fake)
    assert code == 1
    assert_error(code, err, rf"the answer from Ollama at {fake.host} broke off after 32 characters")
    assert f"Answer: {PARTIAL}{INCOMPLETE_MARK['en']}" in out
    assert ABSTAIN_TEXT["en"] not in out and "Sources:" not in out  # nothing verified, nothing cited


def test_stream_cut_mid_answer_in_json_carries_the_error(ask_env, capsys, monkeypatch):
    with fake_ollama(reply=REPLY, die_after=CUT_AFTER_LINES) as fake:
        code, out, err, _ = ask(capsys, monkeypatch, fake, "--json")
    data = json.loads(out)
    assert code == 1 and data["error"].startswith(f"the answer from Ollama at {fake.host} broke off")
    assert data["answer"].endswith(INCOMPLETE_MARK["en"]) and not data["abstained"] and data["citations"] == []


def test_stream_ending_without_its_final_message_is_not_a_complete_answer(ask_env, capsys, monkeypatch):
    with fake_ollama(chat_fault="no-done", reply=REPLY) as fake:
        code, out, err, _ = ask(capsys, monkeypatch, fake)
    assert_error(code, err, r"broke off .*the stream ended without its final message")
    assert INCOMPLETE_MARK["en"] in out


def test_a_hang_costs_one_timeout_and_one_request(ask_env, capsys, monkeypatch):
    with fake_ollama(chat_fault="hang") as fake:
        code, out, err, elapsed = ask(capsys, monkeypatch, fake, timeout=1.5)
        requests = chat_requests(fake)
    assert_error(code, err, rf"Ollama at {fake.host} did not answer within 1.5 s")
    assert len(requests) == 1, "no schema-less retry after a timeout"
    assert elapsed < 1.5 * 2, f"took {elapsed:.1f} s for a 1.5 s deadline"
    assert ABSTAIN_TEXT["en"] not in out


def test_an_explicit_schema_refusal_is_retried_once_without_the_schema(ask_env, capsys, monkeypatch):
    with fake_ollama(chat_fault="refuse-schema", reply="About 350 people attended [1].") as fake:
        code, out, err, _ = ask(capsys, monkeypatch, fake)
        requests = chat_requests(fake)
    assert code == 0, err
    assert [bool(r.get("format")) for r in requests] == [True, False]
    assert "error:" not in err


def test_server_gone_after_the_probe_is_an_error_not_an_abstention(ask_env, tmp_path):
    with fake_ollama(reply=REPLY) as fake:
        settings = ask_env.with_overrides(llm="ollama", ollama_host=fake.host, ollama_model="tiny")
        chat, _ = select_chat_model(settings)
    pipeline = Pipeline(settings, embedder=FakeEmbedder(), chat=chat)
    with pytest.raises(Exception) as caught:
        pipeline.answer(QUESTION)
    assert f"Ollama is not reachable at {fake.host}" in str(caught.value)


# ---------------------------------------------------------------- auto falls back


@pytest.mark.parametrize("fault", ["garbage", "hang", "gone"])
def test_auto_answers_with_the_embedded_model_when_ollama_fails_before_the_first_token(ask_env, fault):
    embedded = ScriptedChat([REPLY, REPLY], model="embedded-fake")
    with fake_ollama(chat_fault="" if fault == "gone" else fault) as fake:
        settings = ask_env.with_overrides(llm="auto", ollama_host=fake.host, ollama_model="tiny", ollama_timeout=1)
        chat, notice = select_chat_model(settings, embedded=lambda s: embedded)
        pipeline = Pipeline(settings, embedder=FakeEmbedder(), chat=chat)
        answer = pipeline.answer(QUESTION) if fault != "gone" else None
    answer = answer or pipeline.answer(QUESTION)  # "gone": the server stopped after passing the probe
    assert notice.startswith("using Ollama model tiny") and fake.host in pipeline.backend_notice
    assert (answer.backend, answer.model, answer.error) == ("fake", "embedded-fake", "")
    assert not answer.abstained and "350" in answer.text
    assert any(n.endswith("answered with the embedded model embedded-fake instead") for n in answer.notes)
    assert pipeline.backend_notice.endswith("answered with the embedded model embedded-fake instead")
    assert len(embedded.calls) == 1
    pipeline.answer(QUESTION)  # later questions go straight to the embedded model
    assert len(embedded.calls) == 2


def test_auto_does_not_fall_back_once_ollama_has_sent_text(ask_env):
    embedded = ScriptedChat([], model="embedded-fake")
    with fake_ollama(reply=REPLY, die_after=CUT_AFTER_LINES) as fake:
        settings = ask_env.with_overrides(llm="auto", ollama_host=fake.host, ollama_model="tiny")
        chat, _ = select_chat_model(settings, embedded=lambda s: embedded)
        answer = Pipeline(settings, embedder=FakeEmbedder(), chat=chat).answer(QUESTION)
    assert answer.error and answer.backend == "ollama" and embedded.calls == []
    assert answer.text == PARTIAL + INCOMPLETE_MARK["en"]


# ---------------------------------------------------------------- the app


def app_service(settings, host: str) -> ui.ChatService:
    def factory(s, index):
        return Pipeline(s, index=index, embedder=FakeEmbedder(), chat=OllamaChat(host, "tiny", timeout=5))

    service = ui.ChatService(settings, pipeline_factory=factory)
    service.load_index()
    return service


def test_app_shows_a_cut_answer_as_an_error_with_the_partial_text(ask_env):
    with fake_ollama(reply=REPLY, die_after=CUT_AFTER_LINES) as fake:
        service = app_service(ask_env, fake.host)
        *_, (messages, sources, status, convo, _) = ui.respond(service, QUESTION, ui.Conversation(), "ollama", "tiny", 5, "hybrid")
    shown = messages[-1]["content"]
    assert PARTIAL in shown and "incomplete: the answer was cut off" in shown
    assert 'class="error-line"' in shown and f"the answer from Ollama at {fake.host} broke off" in shown
    assert 'class="st-error"' in status and ABSTAIN_TEXT["en"] not in shown
    assert "Nearest passages (no answer found)" not in sources


def test_app_shows_garbage_before_the_first_token_as_an_error(ask_env):
    with fake_ollama(chat_fault="garbage") as fake:
        service = app_service(ask_env, fake.host)
        *_, (messages, _, status, convo, _) = ui.respond(service, QUESTION, ui.Conversation(), "ollama", "tiny", 5, "hybrid")
    assert messages[-1]["content"].startswith("⚠ Ollama at") and "not Ollama&#x27;s chat format" in messages[-1]["content"]
    assert convo.turns == [] and ABSTAIN_TEXT["en"] not in messages[-1]["content"]
