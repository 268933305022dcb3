"""`rag ask --llm openai` and the app against a scripted OpenAI-compatible server on loopback.

The CLI answers from the numbered evidence sentences (the whole-document
states are the embedded model's), and a failing server is one error line
naming it, never "not in the documents"; text that arrived before a cut is
shown, marked incomplete. The key reaches the server and nothing else.
The real server: tests/integration/test_openai_backend.py.
"""

from __future__ import annotations

import json

import pytest

from rag import ui
from rag.embeddings import FakeEmbedder
from rag.index import ensure_index
from rag.language import ABSTAIN_TEXT, INCOMPLETE_MARK
from rag.pipeline import ANSWER_SCHEMA, Pipeline
from tests.ollama_server import free_port
from tests.openai_server import PIECE_CHARS, fake_openai
from tests.reliability.probes import assert_error, run_cli

QUESTION = "How many people attended the WeGO general assembly?"
REPLY = json.dumps({"answer": "About 350 people attended the general assembly.", "citations": [1]})
CUT_AFTER_EVENTS = 9  # the role event, then 8 pieces of 4 characters: 32 characters arrive
PARTIAL = REPLY[: 8 * PIECE_CHARS].removeprefix('{"answer": "')
KEY = "sk-local-test-0123456789"


@pytest.fixture
def ask_env(fake_env, monkeypatch):
    """An index built with the fake embedder; the OpenAI settings pointed at a fake server by each test."""
    ensure_index(fake_env, FakeEmbedder())
    monkeypatch.setenv("RAG_OPENAI_TIMEOUT", "5")
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    monkeypatch.delenv("RAG_OPENAI_API_KEY", raising=False)
    return fake_env


def ask(capsys, monkeypatch, base_url: str, *flags: str) -> tuple[int, str, str]:
    monkeypatch.setenv("RAG_OPENAI_BASE_URL", base_url)
    return run_cli(capsys, "ask", QUESTION, "--llm", "openai", *flags)


def test_answers_from_the_evidence_sentences_and_names_the_backend(ask_env, capsys, monkeypatch):
    with fake_openai(reply=REPLY) as fake:
        code, out, err = ask(capsys, monkeypatch, fake.base_url, "--json")
        (body,) = fake.chat_bodies
    assert code == 0, err
    data = json.loads(out)
    assert (data["backend"], data["model"], data["error"]) == ("openai", "tiny", "")
    assert not data["abstained"] and "350" in data["answer"] and data["citations"]
    # the sentence-evidence prompt (with its [n] schema), not a whole-document one: states are embedded-only
    assert body["response_format"]["json_schema"]["schema"] == ANSWER_SCHEMA
    assert "[1]" in body["messages"][-1]["content"]
    assert f"using model tiny of the OpenAI-compatible server at {fake.base_url}" in err


def test_the_key_goes_to_the_server_and_nowhere_else(ask_env, capsys, monkeypatch):
    monkeypatch.setenv("RAG_OPENAI_API_KEY", KEY)
    with fake_openai(reply=REPLY, api_key=KEY) as fake:
        code, out, err = ask(capsys, monkeypatch, fake.base_url, "--json")
        sent = {r["authorization"] for r in fake.requests}
    assert code == 0, err
    assert sent == {f"Bearer {KEY}"}
    assert KEY not in out and KEY not in err


def test_the_model_flag_names_the_servers_model(ask_env, capsys, monkeypatch):
    with fake_openai(reply=REPLY) as fake:
        code, _, err = ask(capsys, monkeypatch, fake.base_url, "--model", "other")
    assert_error(code, err, rf"model other is not served at {fake.base_url} \(it serves: tiny\)")


def test_a_server_that_is_down_is_one_error_line(ask_env, capsys, monkeypatch):
    url = f"http://127.0.0.1:{free_port()}/v1"
    code, _, err = ask(capsys, monkeypatch, url)
    assert_error(code, err, rf"no OpenAI-compatible server is reachable at {url}")


def test_garbage_is_an_error_naming_the_server_not_an_abstention(ask_env, capsys, monkeypatch):
    with fake_openai(chat_fault="garbage") as fake:
        code, out, err = ask(capsys, monkeypatch, fake.base_url)
        asked = len(fake.chat_bodies)
    assert_error(code, err, rf"the server at {fake.base_url} sent a reply that is not an OpenAI chat stream")
    assert ABSTAIN_TEXT["en"] not in out and asked == 1  # garbage is not a schema refusal


def test_a_cut_stream_keeps_the_text_marked_incomplete_and_exits_1(ask_env, capsys, monkeypatch):
    with fake_openai(reply=REPLY, die_after=CUT_AFTER_EVENTS) as fake:
        code, out, err = ask(capsys, monkeypatch, fake.base_url)
    assert_error(code, err, rf"the answer from the server at {fake.base_url} broke off after 32 characters")
    assert f"Answer: {PARTIAL}{INCOMPLETE_MARK['en']}" in out
    assert ABSTAIN_TEXT["en"] not in out and "Sources:" not in out


def test_a_server_ignoring_the_schema_is_read_as_text_and_says_so(ask_env, capsys, monkeypatch):
    with fake_openai(reply="About 350 people attended the general assembly [1].") as fake:
        code, out, err = ask(capsys, monkeypatch, fake.base_url, "--json")
        forms = [(b.get("response_format") or {}).get("type") for b in fake.chat_bodies]
    assert code == 0, err
    data = json.loads(out)
    assert forms == ["json_schema", "json_object", None]
    assert "350" in data["answer"] and data["citations"]
    assert any(n.startswith("the JSON schema was not applied") for n in data["notes"]), data["notes"]


def test_a_broken_json_reply_is_an_error_not_an_answer(ask_env, capsys, monkeypatch):
    with fake_openai(reply='{"answer": "About 350 people", "citations": [1}') as fake:
        code, out, err = ask(capsys, monkeypatch, fake.base_url)
    assert_error(code, err, r"not the JSON object its schema asked for")
    assert ABSTAIN_TEXT["en"] not in out and "Sources:" not in out


def test_the_app_sends_its_model_box_to_the_openai_setting_and_shows_the_backend(ask_env):
    with fake_openai(reply=REPLY, models=("served-model",)) as fake:
        settings = ask_env.with_overrides(openai_base_url=fake.base_url)
        service = ui.ChatService(settings, pipeline_factory=lambda s, index: Pipeline(
            s, index=index, embedder=FakeEmbedder()))
        service.load_index()
        *_, (messages, _, status, _, _) = ui.respond(service, QUESTION, ui.Conversation(), "openai",
                                                      "served-model", 5, "hybrid")
    assert "350" in messages[-1]["content"] and "openai · served-model" in status
    assert fake.chat_bodies[0]["model"] == "served-model"
    assert ui.backend_model(settings.with_overrides(openai_model="m"), "openai") == "m"
