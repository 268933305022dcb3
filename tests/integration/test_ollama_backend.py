"""OllamaChat against a real server speaking Ollama's HTTP API (llama.cpp server + ollama-proxy).

Missing-model and server-down handling are checked against the scripted
loopback server in tests/unit/test_llm.py: the proxy answers unknown models
with its default model and can reset the next connection after an HTTP 500.
"""

from __future__ import annotations

import ollama
import pytest

from rag.config import Settings
from rag.llm import LlamaCppChat, OllamaChat, generate, probe_ollama, select_chat_model
from tests.ollama_server import free_port, gguf_for_tests, real_ollama_server  # noqa: F401 - fixture

pytestmark = pytest.mark.integration

CAPITAL = [
    {"role": "system", "content": "Answer in one word."},
    {"role": "user", "content": "What is the capital of France?"},
]


def test_the_official_client_lists_and_answers(real_ollama_server):
    client = ollama.Client(host=real_ollama_server.host, timeout=120)
    names = [m.model for m in client.list().models]
    assert real_ollama_server.model in names
    reply = client.chat(model=real_ollama_server.model, messages=CAPITAL, options={"temperature": 0, "num_predict": 8})
    assert "Paris" in reply.message.content


def test_plain_answer_through_ollama_chat(real_ollama_server):
    chat = OllamaChat(real_ollama_server.host, real_ollama_server.model, timeout=120)
    assert "Paris" in generate(chat, CAPITAL, max_tokens=8)


def test_streamed_answer_comes_in_several_deltas(real_ollama_server):
    chat = OllamaChat(real_ollama_server.host, real_ollama_server.model, timeout=120)
    question = [{"role": "user", "content": "Name three colours of the rainbow, comma separated."}]
    deltas = list(chat.stream(question, max_tokens=24))
    assert len(deltas) > 1
    assert "red" in "".join(deltas).lower()


def test_auto_selection_picks_the_running_server(real_ollama_server, tmp_path):
    settings = Settings().with_overrides(
        llm="auto", ollama_host=real_ollama_server.host, ollama_model=real_ollama_server.model
    )
    assert probe_ollama(real_ollama_server.host, real_ollama_server.model) is None
    chat, notice = select_chat_model(settings)
    # auto wraps the server so that a failure before the first token falls back to the embedded model
    assert isinstance(chat.primary, OllamaChat) and chat.backend == "ollama"
    assert notice == f"using Ollama model {real_ollama_server.model} at {real_ollama_server.host}"
    assert "Paris" in generate(chat, CAPITAL, max_tokens=8)
    assert not chat.fell_back


def test_auto_selection_with_ollama_down_answers_with_the_embedded_model():
    host = f"http://127.0.0.1:{free_port()}"
    settings = Settings().with_overrides(llm="auto", ollama_host=host, gguf_path=str(gguf_for_tests()), n_threads=2)
    chat, notice = select_chat_model(settings)
    assert isinstance(chat, LlamaCppChat)
    assert notice.startswith(f"Ollama not reachable at {host}: using the embedded model")
    assert "Paris" in generate(chat, CAPITAL, max_tokens=8)
