"""Probe 3 and 4: bad input and bad settings give one line, never a traceback; unforeseen
failures give one line and a log path; settings are checked on load."""

from __future__ import annotations

import math

import pytest

from rag import retrieval, ui
from rag.config import ConfigError, load_settings, unknown_variable_warnings
from rag.embeddings import FakeEmbedder
from rag.index import ensure_index
from tests.reliability.probes import assert_error, run_cli


@pytest.fixture
def indexed_env(fake_env):
    ensure_index(fake_env, FakeEmbedder())
    return fake_env


# ---------------------------------------------------------------- bad input


def test_question_with_bytes_that_are_not_utf8_is_one_error_line(indexed_env, capsys):
    undecodable = b"\xff\xfe abc".decode("utf-8", "surrogateescape")  # what Python makes of $'\xff\xfe abc'
    for command in ("search", "ask"):
        assert_error(*run_cli(capsys, command, undecodable)[::2], r"the question is not valid UTF-8 text \(byte 0xff\) at character 1")


def test_question_with_a_nul_character_is_refused(indexed_env, capsys):
    assert_error(*run_cli(capsys, "search", "서울\x00시")[::2], r"NUL character at character 3")


def test_unforeseen_failure_is_one_line_with_a_log_holding_the_traceback(indexed_env, capsys, monkeypatch):
    def broken(*args, **kwargs):
        raise ZeroDivisionError("division by zero deep inside")

    monkeypatch.setattr(retrieval.Retriever, "search", broken)
    code, _, err = run_cli(capsys, "search", "서초코인")
    line = assert_error(code, err, r"unexpected failure \(ZeroDivisionError: division by zero deep inside\); details in ")
    assert code == 2
    (log,) = indexed_env.log_dir.iterdir()
    assert str(log) in line and "Traceback" in log.read_text() and "def broken" not in err


def test_app_turns_an_unforeseen_failure_into_one_line(indexed_env):
    class Broken:
        backend_notice = ""

        def stream(self, question, history=()):
            raise KeyError("surprise")
            yield  # pragma: no cover

    service = ui.ChatService(indexed_env, pipeline_factory=lambda s, index: Broken())
    service.load_index()
    *_, (messages, _, status, convo, _) = ui.respond(service, "질문", ui.Conversation(), "embedded", "m", 5, "hybrid")
    assert messages[-1]["content"].startswith("⚠ unexpected failure (KeyError: &#x27;surprise&#x27;); details in ")
    assert len(list(indexed_env.log_dir.iterdir())) == 1 and convo.turns == []


def test_app_refuses_undecodable_text_from_an_api_client(indexed_env):
    service = ui.ChatService(indexed_env, pipeline_factory=lambda s, index: pytest.fail("must not be asked"))
    service.load_index()
    (update,) = list(ui.respond(service, "\udcff abc", ui.Conversation(), "embedded", "m", 5, "hybrid"))
    assert update[0] == [] and "not valid UTF-8" in update[2]


# ---------------------------------------------------------------- bad settings


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("RAG_EMBEDDING_BATCH_SIZE", "0", r"embedding_batch_size \(RAG_EMBEDDING_BATCH_SIZE\) must be between 1 and 1,024, not 0"),
        ("RAG_MAX_QUESTION_CHARS", "-5", r"max_question_chars .* must be between 1 and 100,000, not -5"),
        ("RAG_MAX_TOKENS", "0", r"max_tokens .* must be between 1 and"),
        ("RAG_TOP_K", "0", r"top_k .* must be between 1 and 50"),
        ("RAG_TEMPERATURE", "nan", r"temperature .* must be between 0 and 2, not nan"),
        ("RAG_OLLAMA_TIMEOUT", "-1", r"ollama_timeout .* must be between 0.1 and 3,600"),
        ("RAG_OLLAMA_TIMEOUT", "inf", r"ollama_timeout .* not inf"),
        ("RAG_N_CTX", "10", r"n_ctx .* must be between 256"),
        ("RAG_EVIDENCE_SENTENCES", "0", r"evidence_sentences"),
        ("RAG_CANDIDATES", "-3", r"candidates"),
        ("RAG_RRF_K", "0", r"rrf_k"),
        ("RAG_PORT", "70000", r"port .* must be between 1 and 65,535"),
        ("RAG_TOP_K", "five", r"top_k \(RAG_TOP_K\) is 'five', not a whole number"),
        ("RAG_SHARE", "maybe", r"share \(RAG_SHARE\) is 'maybe', not a yes/no value"),
        ("RAG_EMBEDDING_DTYPE", "fp8", r"embedding_dtype \(RAG_EMBEDDING_DTYPE\) must be auto, bf16 or fp32"),
        ("RAG_LLM", "gpt", r"llm .* must be auto, ollama, openai or embedded"),
        ("RAG_OPENAI_BASE_URL", "ftp://gpu-box/v1", r"RAG_OPENAI_BASE_URL like http://127.0.0.1:8000/v1"),
        ("RAG_SEEDS_DIR", "", r"seeds_dir is empty"),
        ("RAG_CHUNK_OVERLAP", "400", r"chunk_overlap \(400\) must be smaller than chunk_size \(400\)"),
        ("RAG_MAX_DOCUMENT_BYTES", "0", r"max_document_bytes"),
        ("OLLAMA_HOST", "http://[::1", r"Ollama host 'http://\[::1' is not a valid URL"),
        ("OLLAMA_HOST", "http://localhost:99999", r"is not a valid URL"),
        ("OLLAMA_HOST", "ftp://localhost", r"has the scheme 'ftp'"),
        ("OLLAMA_HOST", "http://", r"names no host"),
    ],
)
def test_bad_setting_is_one_error_line_before_anything_runs(indexed_env, capsys, monkeypatch, variable, value, message):
    monkeypatch.setenv(variable, value)
    assert_error(*run_cli(capsys, "search", "서초코인")[::2], message)


@pytest.mark.parametrize("host", ["http://127.0.0.1:11434", "localhost", "example.com:8080", "https://ollama.example.com",
                                  "0.0.0.0:11434", "http://[::1]:11434"])
def test_the_ollama_host_forms_ollama_accepts_are_accepted(host):
    assert load_settings({"OLLAMA_HOST": host}).resolved_ollama_host() == host


def test_settings_as_numbers_are_still_checked_when_given_directly():
    with pytest.raises(ConfigError, match="temperature"):
        load_settings({}).with_overrides(temperature=math.nan)


def test_misspelled_variable_is_named_with_the_closest_setting(indexed_env, capsys, monkeypatch):
    monkeypatch.setenv("RAG_TOPK", "3")
    monkeypatch.setenv("RAG_WHEEL_CACHE", "/tmp/wheels")  # read by `rag models fetch`: not unknown
    code, _, err = run_cli(capsys, "search", "서초코인")
    assert code == 0
    assert "warning: RAG_TOPK is not a setting and is ignored; did you mean RAG_TOP_K?" in err.splitlines()
    assert "RAG_WHEEL_CACHE" not in err


def test_unknown_variable_with_nothing_close_still_warns():
    assert unknown_variable_warnings({"RAG_ZZZZZZ": "1"}) == [
        "RAG_ZZZZZZ is not a setting and is ignored; see rag/config.py for the settings"
    ]
