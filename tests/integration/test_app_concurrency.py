"""Ten users at once: every question through gradio_client gets an answer, the app stays up."""

from __future__ import annotations

import urllib.request
from concurrent.futures import ThreadPoolExecutor

import pytest


pytestmark = pytest.mark.integration

QUESTIONS = [
    "WeGO 총회에는 몇 명이 참석했나요?",
    "When did Chongqing's mayor Hu Henghua take office?",
    "취리히주의 인구는 얼마인가요?",
    "What is the GDP of Kuala Lumpur?",
    "WeGO는 언제 창립되었나요?",
    "Which city signed a friendship agreement with Seoul in July?",
    "후헝화 시장은 언제 취임했나요?",
    "How many people attended the WeGO general assembly?",
    "쿠알라룸푸르의 인구는 얼마인가요?",
    "What is the population of the canton of Zurich?",
]
PER_ANSWER_S = 1200  # ten answers queue behind one embedded model on 2 cores (took ~10 min on a loaded box)


def ask(url: str, question: str) -> tuple[str, str]:
    """One user: own client (own session), the chat handler's API, the final chatbot message."""
    from gradio_client import Client

    client = Client(url, verbose=False)
    job = client.submit(question, "auto", "qwen2.5:7b-instruct", 5, "hybrid", api_name="/ask")
    chat, _sources, status, _box = job.result(timeout=PER_ANSWER_S)
    return message_text(chat[-1]["content"]), status


def message_text(content) -> str:
    """Gradio 6 sends message content as a list of typed parts."""
    if isinstance(content, str):
        return content
    return "".join(part.get("text", "") for part in content if isinstance(part, dict))


def test_ten_concurrent_questions_all_get_answers(app):
    with ThreadPoolExecutor(max_workers=len(QUESTIONS)) as pool:
        replies = list(pool.map(lambda q: ask(app.url, q), QUESTIONS))
    for question, (answer, status) in zip(QUESTIONS, replies):
        assert answer and not answer.startswith("⚠"), f"{question!r} got {answer!r}"
        assert "Answered by embedded" in status, status
    assert app.process.poll() is None, app.log_tail()
    with urllib.request.urlopen(app.url + "/", timeout=10) as response:
        assert response.status == 200
