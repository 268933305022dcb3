"""`--llm openai` through the real OpenAI-compatible server `python -m llama_cpp.server`
(the project's GGUF), started by the test on a free loopback port.

The scripted server of tests/unit/test_openai_chat.py covers each failure;
here the real server's own formats are checked: its model list, its refusal
of OpenAI's `json_schema` form (HTTP 500 naming response_format) and its `json_object` + schema form,
its context-length error, a streamed answer, and `rag ask` end to end.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import time

import pytest

from rag.llm import LLMContextOverflow, generate
from rag.openai_chat import OpenAIChat, OpenAIModelMissing
from tests.ollama_server import gguf_for_tests, llama_cpp_server

pytestmark = pytest.mark.integration

WEGO = "002_d32cad0dd2ba4f1c"
QUESTION = "WeGO 총회에는 몇 명이 참석했나요?"
CAPITAL = [
    {"role": "system", "content": "Answer in one word."},
    {"role": "user", "content": "What is the capital of France?"},
]
SCHEMA = {"type": "object", "properties": {"answer": {"type": "string"}}, "required": ["answer"]}


@pytest.fixture(scope="module")
def server():
    with llama_cpp_server(gguf_for_tests(), alias="qwen-test", n_threads=2, n_ctx=4096) as running:
        yield running


def test_the_model_is_found_in_the_servers_list_and_a_wrong_one_is_named(server):
    chat = OpenAIChat(server.base_url, "", timeout=60)
    chat.check()
    assert chat.model == "qwen-test"
    with pytest.raises(OpenAIModelMissing, match=r"model nope is not served at .*it serves: qwen-test"):
        OpenAIChat(server.base_url, "nope", timeout=60).check()


def test_a_streamed_answer_comes_in_several_deltas(server):
    chat = OpenAIChat(server.base_url, "qwen-test", timeout=120)
    deltas = list(chat.stream([{"role": "user", "content": "Name three colours of the rainbow, comma separated."}],
                              max_tokens=24))
    assert len(deltas) > 1 and "red" in "".join(deltas).lower()


def test_the_schema_is_applied_through_the_form_this_server_takes(server):
    chat = OpenAIChat(server.base_url, "qwen-test", timeout=120)
    reply = generate(chat, CAPITAL, json_schema=SCHEMA, max_tokens=32)
    assert "Paris" in json.loads(reply)["answer"]


def test_a_prompt_longer_than_the_context_is_a_context_overflow(server):
    chat = OpenAIChat(server.base_url, "qwen-test", timeout=120)
    too_long = [{"role": "user", "content": "서울 " * 5000}]
    with pytest.raises(LLMContextOverflow, match="does not fit the context of model qwen-test"):
        generate(chat, too_long, max_tokens=8)


def _cli(server, index_dir, *flags: str) -> tuple[subprocess.Popen, list[tuple[float, str]]]:
    """`rag ask --llm openai QUESTION` with every read of its stdout timed as it arrives."""
    env = dict(os.environ, RAG_LLM="openai", RAG_OPENAI_BASE_URL=server.base_url, RAG_INDEX_DIR=str(index_dir),
               PYTHONUNBUFFERED="1")
    proc = subprocess.Popen([sys.executable, "-m", "rag.cli", "ask", QUESTION, *flags], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    reads: list[tuple[float, str]] = []

    def read() -> None:
        while data := os.read(proc.stdout.fileno(), 65536):
            reads.append((time.monotonic(), data.decode("utf-8", "replace")))

    reader = threading.Thread(target=read)
    reader.start()
    proc.wait(timeout=600)
    reader.join(timeout=10)
    return proc, reads


def test_rag_ask_streams_the_answer_as_the_server_writes_it(server, real_index_settings):
    proc, reads = _cli(server, real_index_settings.index_dir)
    err = proc.stderr.read().decode()
    out = "".join(text for _, text in reads)
    assert proc.returncode == 0, err
    assert "using model qwen-test of the OpenAI-compatible server" in err and "[openai qwen-test" in err
    # the reads that carried the answer as it was written: after the passages block, before the final "Answer:"
    reading_end = out.index("\n\n", out.index("Reading")) + 2
    final = out.index("\n\n답변:")
    seen, streamed = 0, []
    for _, text in reads:
        start, seen = seen, seen + len(text)
        if seen > reading_end and start < final:
            streamed.append(text)
    print(f"{len(streamed)} reads carried the streamed answer: {out[reading_end:final]!r}")
    assert len(streamed) > 1, reads
    assert "350" in out[reading_end:final] and "350" in out[final:]


def test_rag_ask_json_answers_with_valid_citations(server, real_index, real_index_settings):
    proc, reads = _cli(server, real_index_settings.index_dir, "--json")
    err = proc.stderr.read().decode()
    assert proc.returncode == 0, err
    result = json.loads("".join(text for _, text in reads))
    print(json.dumps({k: result[k] for k in ("answer", "backend", "model", "timings", "notes")}, ensure_ascii=False))
    assert (result["backend"], result["model"], result["error"]) == ("openai", "qwen-test", "")
    assert not result["abstained"] and "350" in result["answer"]
    assert not any("JSON schema was not applied" in n for n in result["notes"])  # json_object + schema held
    assert any(c["doc_id"] == WEGO and "350" in c["span"] for c in result["citations"])
    for c in result["citations"]:
        text = real_index.documents[c["doc_id"]].text
        assert c["quote"] == text[c["start"] : c["end"]]
        assert c["span"] == text[c["span_start"] : c["span_end"]] and c["start"] <= c["span_start"]
