"""The real GGUF through LlamaCppChat: answers, JSON-schema output, bad files, overflow, threads."""

from __future__ import annotations

import json
import threading

import pytest

from rag.llm import LLMContextOverflow, LLMUnavailable, LlamaCppChat, count_tokens, estimate_tokens, generate
from tests.ollama_server import gguf_for_tests

pytestmark = pytest.mark.integration

CAPITAL = [
    {"role": "system", "content": "Answer in one word."},
    {"role": "user", "content": "What is the capital of France?"},
]
ANSWER_SCHEMA = {
    "type": "object",
    "properties": {"answer": {"type": "string"}, "citations": {"type": "array", "items": {"type": "integer"}}},
    "required": ["answer", "citations"],
}


@pytest.fixture(scope="module")
def chat() -> LlamaCppChat:
    return LlamaCppChat(gguf_for_tests(), n_ctx=2048, n_threads=2)


def test_answers_a_short_question_in_several_deltas(chat):
    deltas = list(chat.stream(CAPITAL, max_tokens=8))
    assert "Paris" in "".join(deltas)
    assert chat.backend == "embedded"
    assert chat.model == "qwen2.5-coder-1.5b-instruct-q4_k_m"


def test_greedy_decoding_repeats_itself(chat):
    assert generate(chat, CAPITAL, max_tokens=8) == generate(chat, CAPITAL, max_tokens=8)


def test_schema_constrained_output_parses_and_matches_the_schema(chat):
    messages = [
        {"role": "system", "content": "Reply with JSON: the answer and the numbers of the evidence you used."},
        {"role": "user", "content": "Evidence:\n[1] Paris is the capital of France.\n[2] Berlin is in Germany.\n"
                                    "Question: What is the capital of France?"},
    ]
    reply = json.loads(generate(chat, messages, json_schema=ANSWER_SCHEMA, max_tokens=64))
    assert set(reply) == {"answer", "citations"}
    assert isinstance(reply["answer"], str) and "Paris" in reply["answer"]
    assert all(isinstance(n, int) for n in reply["citations"])


def test_counts_tokens_with_the_model_tokenizer(chat):
    text = "서울시는 2024년 인구가 약 940만 명이라고 밝혔다. Seoul's population is about 9.4 million."
    exact = count_tokens(chat, text)
    assert 15 < exact < len(text)
    # The fallback estimate for other backends must not undercount (it drives prompt trimming).
    assert estimate_tokens(text) >= exact


def test_two_threads_generating_at_once_both_get_whole_answers(chat):
    replies: list[str] = []
    workers = [threading.Thread(target=lambda: replies.append(generate(chat, CAPITAL, max_tokens=8))) for _ in range(2)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert len(replies) == 2 and all("Paris" in r for r in replies)


def test_a_prompt_longer_than_the_context_is_a_clear_error():
    small = LlamaCppChat(gguf_for_tests(), n_ctx=256, n_threads=2)
    long_question = [{"role": "user", "content": "Seoul population statistics. " * 200}]
    with pytest.raises(LLMContextOverflow, match="does not fit the model's 256-token context"):
        generate(small, long_question, max_tokens=8)


def test_missing_gguf_says_how_to_fetch_it(tmp_path):
    with pytest.raises(LLMUnavailable, match=r"LLM file missing: .*gone\.gguf; run `make setup` \(or `rag models fetch`\)"):
        generate(LlamaCppChat(tmp_path / "gone.gguf", n_ctx=256, n_threads=1), CAPITAL)


def test_corrupt_gguf_says_it_cannot_be_loaded_and_how_to_fetch_it(tmp_path):
    junk = tmp_path / "junk.gguf"
    junk.write_bytes(b"GGUF" + b"\x00\xff" * 4096)
    with pytest.raises(LLMUnavailable) as caught:
        generate(LlamaCppChat(junk, n_ctx=256, n_threads=1), CAPITAL)
    message = str(caught.value)
    assert message.startswith(f"LLM file cannot be loaded: {junk}")
    assert message.endswith("delete it and run `make setup` (or `rag models fetch`)")
    assert "\n" not in message


def test_a_question_after_one_in_the_other_language_reloads_its_instructions_instead_of_reading_them(tmp_path):
    """Korean, English, Korean: the third question finds the Korean instructions already read
    (a kept memory per system message), and answers exactly as it did cold."""
    from pathlib import Path

    from rag.prompts import load_prompt

    chat = LlamaCppChat(gguf_for_tests(), n_ctx=2048, n_threads=2)
    prompt = load_prompt(Path("prompts"), "answer")
    evidence = "[1] 이번 총회에는 50개국 110개 도시에서 350여명이 참석했다."
    korean = prompt.render("ko", question="WeGO 총회에는 몇 명이 참석했나요?", evidence=evidence)
    english = prompt.render("en", question="How many people attended the WeGO assembly?", evidence=evidence)
    korean_again = prompt.render("ko", question="WeGO 총회에는 몇 개 도시가 참석했나요?", evidence=evidence)

    cold = generate(chat, korean_again, json_schema=ANSWER_SCHEMA, max_tokens=40)  # nothing kept yet
    generate(chat, korean, json_schema=ANSWER_SCHEMA, max_tokens=40)
    generate(chat, english, json_schema=ANSWER_SCHEMA, max_tokens=40)
    assert chat.last_usage.reused_tokens < 10  # English shares only the template's first tokens with Korean
    warm = generate(chat, korean_again, json_schema=ANSWER_SCHEMA, max_tokens=40)
    instructions = count_tokens(chat, korean_again[0]["content"])
    assert chat.last_usage.reused_tokens >= instructions, (chat.last_usage, instructions)
    assert warm == cold
