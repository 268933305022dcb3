"""`--llm auto` with a configured Ollama that fails before its first token: the real CLI answers
with the real embedded model instead, and says so (the library-level test uses a scripted model)."""

import json
import os
import subprocess
import sys

import pytest

from tests.ollama_server import fake_ollama

pytestmark = pytest.mark.integration


def test_auto_answers_with_the_embedded_model_when_the_server_returns_garbage(real_index_settings):
    with fake_ollama(chat_fault="garbage") as fake:
        env = dict(os.environ, RAG_LLM="auto", OLLAMA_HOST=fake.host, RAG_OLLAMA_MODEL="tiny",
                   RAG_INDEX_DIR=str(real_index_settings.index_dir))
        out = subprocess.run([sys.executable, "-m", "rag.cli", "ask", "WeGO 총회에는 몇 명이 참석했나요?", "--json"],
                             capture_output=True, text=True, env=env, timeout=600)
    assert out.returncode == 0, out.stderr
    result = json.loads(out.stdout)
    assert result["backend"] == "embedded" and result["error"] == ""
    assert any("embedded model" in note for note in result["notes"]), result["notes"]
    assert not result["abstained"] and "350" in result["answer"]
