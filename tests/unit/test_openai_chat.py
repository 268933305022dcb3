"""OpenAIChat against a scripted OpenAI-compatible server on loopback (tests/openai_server.py).

Each failure a real server can show (refused connection, unknown model, HTTP
500, malformed events, a cut stream, a hang, a trickle, a too-long prompt, a
refused or ignored schema) must become the error class and one line the
Ollama backend gives, with any partial text kept. The same behaviour with the
real llama.cpp server: tests/integration/test_openai_backend.py.
"""

from __future__ import annotations

import json
import time

import pytest

from rag.config import (
    ConfigError,
    Settings,
    chat_model_field,
    load_settings,
    unknown_variable_warnings,
)
from rag.llm import (
    LLMContextOverflow,
    LLMSchemaRejected,
    LLMStreamError,
    LLMUnavailable,
    generate,
    select_chat_model,
)
from rag.openai_chat import (
    OpenAIBadReply,
    OpenAIChat,
    OpenAIModelMissing,
    OpenAITimeout,
    OpenAIUnreachable,
    api_key,
    shown_url,
    sse_data,
)
from tests.ollama_server import free_port
from tests.openai_server import fake_openai

SCHEMA = {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}
HELLO = [{"role": "user", "content": "Say hello."}]
JSON_REPLY = json.dumps({"answer": "About 350 people attended.", "citations": [1]})


def chat_for(fake, **kwargs) -> OpenAIChat:
    return OpenAIChat(fake.base_url, kwargs.pop("model", "tiny"), timeout=kwargs.pop("timeout", 5), **kwargs)


def partial_of(run) -> tuple[list[str], LLMStreamError]:
    deltas: list[str] = []
    with pytest.raises(LLMStreamError) as caught:
        for delta in run:
            deltas.append(delta)
    return deltas, caught.value


# ---------------------------------------------------------------- the protocol


def test_sse_data_joins_an_event_and_skips_comments_and_a_cut_last_event():
    lines = [": ping", "", "data: {\"a\": 1}", "", "event: x", "data: first", "data:second", "", "data: cut"]
    assert list(sse_data(lines)) == ['{"a": 1}', "first\nsecond"]


def test_a_streamed_reply_arrives_in_several_deltas_with_the_request_openai_expects():
    with fake_openai(reply=JSON_REPLY) as fake:
        deltas = list(chat_for(fake).stream(HELLO, json_schema=SCHEMA, max_tokens=64, temperature=0.0))
        (body,) = fake.chat_bodies
    assert "".join(deltas) == JSON_REPLY and len(deltas) == -(-len(JSON_REPLY) // 4)
    assert body["model"] == "tiny" and body["stream"] is True and body["messages"] == HELLO
    assert (body["max_tokens"], body["temperature"]) == (64, 0.0)
    assert body["response_format"] == {"type": "json_schema",
                                       "json_schema": {"name": "answer", "schema": SCHEMA, "strict": True}}


def test_no_schema_means_no_response_format_and_free_text_passes():
    with fake_openai(reply="Hello there.") as fake:
        assert generate(chat_for(fake), HELLO) == "Hello there."
        assert "response_format" not in fake.chat_bodies[0]


def test_the_key_is_sent_as_a_bearer_token_only_when_set():
    with fake_openai(reply="Hi.", api_key="sk-test-123") as fake:
        assert generate(chat_for(fake, key="sk-test-123"), HELLO) == "Hi."
        with pytest.raises(LLMUnavailable, match="refused the request .401"):
            generate(chat_for(fake), HELLO)
        auth = [r["authorization"] for r in fake.requests]
    assert auth == ["Bearer sk-test-123", None]


def test_a_key_the_server_echoes_never_reaches_our_message():
    with fake_openai(api_key="right-key") as fake:
        with pytest.raises(LLMUnavailable) as caught:
            chat_for(fake, key="sk-secret-456").check()
    assert "sk-secret-456" not in str(caught.value) and "***" in str(caught.value)
    assert "RAG_OPENAI_API_KEY" in str(caught.value)
    assert "sk-secret-456" not in repr(chat_for(fake, key="sk-secret-456"))


def test_the_key_comes_from_the_environment_ours_first():
    assert api_key({"OPENAI_API_KEY": "b", "RAG_OPENAI_API_KEY": "a"}) == "a"
    assert api_key({"OPENAI_API_KEY": " b "}) == "b"
    assert api_key({"RAG_OPENAI_API_KEY": ""}) == ""


def test_messages_show_the_url_without_credentials():
    assert shown_url("http://user:pw@10.0.0.5:8000/v1") == "http://10.0.0.5:8000/v1"


# ---------------------------------------------------------------- start-up check


def test_check_takes_the_one_model_the_server_lists_when_none_is_set():
    with fake_openai(models=("qwen-test",)) as fake:
        chat = chat_for(fake, model="")
        chat.check()
    assert chat.model == "qwen-test"


def test_check_refuses_a_model_the_server_does_not_serve_and_names_what_it_serves():
    with fake_openai(models=("a", "b")) as fake:
        with pytest.raises(OpenAIModelMissing, match=r"model tiny is not served at .* \(it serves: a, b\)"):
            chat_for(fake).check()
        with pytest.raises(OpenAIModelMissing, match="serves 2 models .*RAG_OPENAI_MODEL"):
            chat_for(fake, model="").check()


def test_a_refused_connection_is_unreachable_for_the_check_and_the_answer():
    url = f"http://127.0.0.1:{free_port()}/v1"
    chat = OpenAIChat(url, "tiny", timeout=2)
    with pytest.raises(OpenAIUnreachable, match=f"no OpenAI-compatible server is reachable at {url}"):
        chat.check()
    with pytest.raises(OpenAIUnreachable):
        generate(chat, HELLO)


def test_a_url_without_the_api_root_is_named_as_such():
    with fake_openai() as fake:
        chat = OpenAIChat(fake.base_url.removesuffix("/v1"), "tiny", timeout=2)
        with pytest.raises(OpenAIBadReply, match=r"no OpenAI-compatible API .*GET /models: 404.*ends in /v1"):
            chat.check()


# ---------------------------------------------------------------- errors before the first token


def test_an_unknown_model_at_answer_time_is_model_missing():
    with fake_openai(models=("other",)) as fake:
        with pytest.raises(OpenAIModelMissing, match=r"model tiny is not served at .*does not exist"):
            generate(chat_for(fake), HELLO)


def test_http_500_is_an_error_with_the_servers_words():
    with fake_openai(chat_fault="error-500") as fake:
        with pytest.raises(LLMUnavailable) as caught:
            generate(chat_for(fake), HELLO)
    assert type(caught.value) is LLMUnavailable
    assert "answered with an error (500: CUDA error: out of memory)" in str(caught.value)


def test_an_html_page_is_a_bad_reply_not_an_answer():
    with fake_openai(chat_fault="garbage") as fake:
        with pytest.raises(OpenAIBadReply, match="not an OpenAI chat stream .*text/html"):
            generate(chat_for(fake), HELLO)


def test_a_malformed_event_before_any_text_is_a_bad_reply():
    with fake_openai(chat_fault="malformed") as fake:
        with pytest.raises(OpenAIBadReply, match="a data line is not JSON"):
            generate(chat_for(fake), HELLO)


def test_an_error_event_in_the_stream_is_the_servers_error():
    with fake_openai(chat_fault="error-event") as fake:
        with pytest.raises(LLMUnavailable, match="the model crashed"):
            generate(chat_for(fake), HELLO)


def test_a_prompt_too_long_is_a_context_overflow():
    with fake_openai(chat_fault="context") as fake:
        with pytest.raises(LLMContextOverflow, match="does not fit the context of model tiny .*4096"):
            generate(chat_for(fake), HELLO, json_schema=SCHEMA)
        assert len(fake.chat_bodies) == 1  # said before the stream: no probe


def test_a_stream_closed_without_a_word_is_asked_why_once_without_streaming():
    with fake_openai(chat_fault="context-silent") as fake:
        with pytest.raises(LLMContextOverflow, match="does not fit the context of model tiny"):
            generate(chat_for(fake), HELLO, json_schema=SCHEMA)
        probe = fake.chat_bodies[-1]
    assert (probe["stream"], probe["max_tokens"], "response_format" in probe) == (False, 1, False)
    with fake_openai(chat_fault="silent") as fake:
        with pytest.raises(LLMUnavailable, match="closed the answer's stream before its first word, without saying"):
            generate(chat_for(fake), HELLO)
        assert len(fake.chat_bodies) == 2


def test_a_hang_is_a_timeout_after_the_deadline_once():
    with fake_openai(chat_fault="hang") as fake:
        started = time.monotonic()
        with pytest.raises(OpenAITimeout, match="did not answer within 1 s"):
            generate(chat_for(fake, timeout=1), HELLO, json_schema=SCHEMA)
        elapsed = time.monotonic() - started
        assert len(fake.chat_bodies) == 1  # a timeout is not a schema refusal: no second request
    assert elapsed < 3


# ---------------------------------------------------------------- errors after the first token


def test_a_stream_cut_mid_way_keeps_the_text_that_arrived():
    with fake_openai(reply="Seoul is the capital of Korea.", die_after=4) as fake:
        deltas, error = partial_of(chat_for(fake).stream(HELLO))
    assert "".join(deltas) == error.partial == "Seoul is the" and len(deltas) == 3
    assert f"the answer from the server at {fake.base_url} broke off after 12 characters" in str(error)


def test_a_clean_close_without_done_or_finish_reason_is_a_cut_answer():
    with fake_openai(chat_fault="no-done", reply="Seoul is the capital.") as fake:
        _, error = partial_of(chat_for(fake).stream(HELLO))
    assert error.partial == "Seoul is the capital." and "the stream ended before its last event" in str(error)


def test_a_malformed_event_after_text_keeps_the_text():
    with fake_openai(chat_fault="malformed", good_events=2, reply="Seoul is the capital.") as fake:
        _, error = partial_of(chat_for(fake).stream(HELLO))
    assert error.partial == "Seoul is" and "a data line is not JSON" in str(error)


def test_a_trickle_past_the_deadline_is_cut_with_the_text_kept():
    with fake_openai(chat_fault="trickle", reply="one two three four five six seven") as fake:
        started = time.monotonic()
        _, error = partial_of(chat_for(fake, timeout=1).stream(HELLO))
    assert time.monotonic() - started < 3
    assert error.partial.startswith("one ") and "deadline, RAG_OPENAI_TIMEOUT" in str(error)


# ---------------------------------------------------------------- the schema


def test_a_server_refusing_the_json_schema_form_gets_llama_cpps_form_and_keeps_it():
    with fake_openai(chat_fault="refuse-json-schema", reply=JSON_REPLY) as fake:
        chat = chat_for(fake)
        assert generate(chat, HELLO, json_schema=SCHEMA) == JSON_REPLY
        assert generate(chat, HELLO, json_schema=SCHEMA) == JSON_REPLY
        kinds = [b["response_format"]["type"] for b in fake.chat_bodies]
        second = fake.chat_bodies[1]["response_format"]
    assert kinds == ["json_schema", "json_object", "json_object"]
    assert second == {"type": "json_object", "schema": SCHEMA}


def test_a_server_refusing_every_schema_form_is_a_schema_rejection_then_not_asked_again():
    with fake_openai(chat_fault="refuse-schema") as fake:
        chat = chat_for(fake)
        with pytest.raises(LLMSchemaRejected, match="does not apply a JSON schema"):
            generate(chat, HELLO, json_schema=SCHEMA)
        with pytest.raises(LLMSchemaRejected):
            generate(chat, HELLO, json_schema=SCHEMA)
        assert len(fake.chat_bodies) == 2  # both forms tried once, then known


def test_a_schema_accepted_but_not_applied_is_a_rejection_before_any_text():
    with fake_openai(reply="   About 350 people [1].") as fake:
        chat = chat_for(fake)
        shown = []
        with pytest.raises(LLMSchemaRejected, match="accepted, but the reply began 'A'"):
            for delta in chat.stream(HELLO, json_schema=SCHEMA):
                shown.append(delta)
        assert shown == [] and len(fake.chat_bodies) == 2
        assert generate(chat, HELLO) == "   About 350 people [1]."  # without the schema: read as text


def test_a_reply_that_starts_as_json_but_is_not_json_is_reported_after_decoding():
    with fake_openai(reply='{"answer": "350", oops}') as fake:
        deltas, error = partial_of(chat_for(fake).stream(HELLO, json_schema=SCHEMA))
    assert "".join(deltas) == error.partial == '{"answer": "350", oops}'
    assert "not the JSON object its schema asked for" in str(error)


# ---------------------------------------------------------------- settings and selection


def test_settings_read_the_server_url_model_and_timeout_and_check_the_url():
    settings = load_settings({"RAG_LLM": "openai", "RAG_OPENAI_BASE_URL": "http://10.1.2.3:8000/v1",
                              "RAG_OPENAI_MODEL": "m", "RAG_OPENAI_TIMEOUT": "30"})
    assert (settings.llm, settings.openai_base_url, settings.openai_model, settings.openai_timeout) == (
        "openai", "http://10.1.2.3:8000/v1", "m", 30.0)
    with pytest.raises(ConfigError, match="RAG_OPENAI_BASE_URL"):
        load_settings({"RAG_OPENAI_BASE_URL": "ftp://x/v1"})
    with pytest.raises(ConfigError, match="openai_timeout"):
        load_settings({"RAG_OPENAI_TIMEOUT": "nan"})
    assert unknown_variable_warnings({"RAG_OPENAI_API_KEY": "k"}) == []
    assert chat_model_field("openai") == "openai_model" and chat_model_field("auto") == "ollama_model"


def test_selecting_openai_checks_the_server_and_names_model_and_url():
    with fake_openai(models=("qwen-test",)) as fake:
        settings = Settings().with_overrides(llm="openai", openai_base_url=fake.base_url)
        chat, notice = select_chat_model(settings)
    assert isinstance(chat, OpenAIChat) and chat.model == "qwen-test"
    assert notice == f"using model qwen-test of the OpenAI-compatible server at {fake.base_url}"


def test_selecting_openai_with_the_server_down_is_an_error_not_a_fallback():
    url = f"http://127.0.0.1:{free_port()}/v1"
    settings = Settings().with_overrides(llm="openai", openai_base_url=url, openai_model="m")
    with pytest.raises(OpenAIUnreachable):
        select_chat_model(settings, embedded=lambda s: pytest.fail("no fallback for an explicit choice"))


def test_a_plain_http_500_is_not_taken_for_a_schema_refusal():
    with fake_openai(chat_fault="error-500") as fake:
        with pytest.raises(LLMUnavailable, match="500: CUDA error"):
            generate(chat_for(fake), HELLO, json_schema=SCHEMA)
        assert len(fake.chat_bodies) == 1
