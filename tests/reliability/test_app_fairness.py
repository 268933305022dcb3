"""The app under load, served on loopback with fakes and driven by gradio_client: the eval
endpoint is closed to API clients by default, and an eval does not start while chats wait."""

from __future__ import annotations

import dataclasses
import json
import socket
import threading
import time
import urllib.request
from types import SimpleNamespace

import pytest

from rag import ui
from rag.embeddings import FakeEmbedder
from rag.llm import ScriptedChat
from rag.pipeline import Pipeline
from rag.types import Answer


class GatedPipeline:
    """Chat answers wait for the gate (to hold chat slots busy); evals use a real Pipeline over fakes."""

    backend_notice = ""

    def __init__(self, real: Pipeline, gate: threading.Event):
        self.real, self.gate = real, gate
        self.retriever, self.answer = real.retriever, real.answer

    def stream(self, question, history=()):
        self.gate.wait(60)
        yield question[:3]
        yield Answer(question, "ko", f"answer to {question}", False, backend="fake", model="gated")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def serve(fake_index, fake_settings, tmp_path, monkeypatch):
    """Start the queued app on 127.0.0.1 (as `rag serve` does) with these setting overrides."""
    monkeypatch.setattr(ui, "EVAL_OUT", tmp_path / "eval_out")  # eval runs write into tmp
    gate, demos = threading.Event(), []

    def start(**overrides):
        settings = dataclasses.replace(fake_settings, port=free_port(), **overrides)
        real = Pipeline(settings, index=fake_index, embedder=FakeEmbedder(), chat=ScriptedChat([]))
        service = ui.ChatService(settings, pipeline_factory=lambda s, index: GatedPipeline(real, gate))
        service.load_index()
        demo = ui.queued_app(settings, service)
        demo.launch(**ui.launch_options(settings), prevent_thread_lock=True, quiet=True)
        demos.append(demo)
        return SimpleNamespace(url=f"http://127.0.0.1:{settings.port}", service=service, gate=gate, demo=demo)

    yield start
    gate.set()
    for demo in demos:
        demo.close()


def client(url: str):
    from gradio_client import Client

    return Client(url, verbose=False)


def ask(c, question: str):
    return c.submit(question, "embedded", "m", 5, "hybrid", api_name="/ask")


def raw_call(url: str, api_name: str, data: list) -> str:
    """POST /gradio_api/call/<name>, then read its event stream: what `curl` would get."""
    body = json.dumps({"data": data}).encode()
    request = urllib.request.Request(f"{url}/gradio_api/call/{api_name}", body, {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=30) as response:
        event_id = json.load(response)["event_id"]
    with urllib.request.urlopen(f"{url}/gradio_api/call/{api_name}/{event_id}", timeout=60) as response:
        return response.read().decode()


def test_eval_api_is_closed_by_default_while_ask_still_answers(serve):
    app = serve()
    app.gate.set()
    url, c = app.url, client(app.url)
    chat, _sources, status, _box = ask(c, "WeGO 총회").result(timeout=60)
    assert "answer to WeGO 총회" in str(chat[-1]["content"]) and "Answered by fake" in status
    with pytest.raises(ValueError, match="/eval"):
        c.predict("retrieval only", 1, "all", api_name="/eval")
    assert ui.EVAL_API_OFF in raw_call(url, "eval", ["retrieval only", 1, "all"])  # nor by plain HTTP


def test_eval_api_runs_when_enabled(serve):
    app = serve(eval_api=True)
    note, _summary, _charts, _failures = client(app.url).predict("retrieval only", 1, "all", api_name="/eval")
    assert "Finished: 1 questions" in note


def test_eval_refuses_while_a_chat_question_waits_and_chats_then_finish(serve):
    app = serve(eval_api=True)
    url, service = app.url, app.service
    jobs = [ask(client(url), f"질문 {n}번") for n in range(ui.CONCURRENCY + 1)]  # both slots busy, one waiting
    deadline = time.monotonic() + 60
    while service.load() != ui.ChatLoad(waiting=1, running=ui.CONCURRENCY, queued=1) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert service.load() == ui.ChatLoad(waiting=1, running=ui.CONCURRENCY, queued=1)  # read from Gradio's queue
    note, *_ = client(url).predict("retrieval only", 1, "all", api_name="/eval")  # its own group: it got to run
    assert "Eval not started" in note and f"{ui.CONCURRENCY} being answered, 1 waiting" in note
    app.gate.set()
    answers = [job.result(timeout=60)[0][-1]["content"] for job in jobs]
    assert [f"answer to 질문 {n}번" in str(a) for n, a in enumerate(answers)] == [True] * len(jobs)


def page_call(url: str, fn_index: int, data: list) -> str:
    """What the browser does: join the queue by function index, then read the session's event stream."""
    body = json.dumps({"data": data, "fn_index": fn_index, "session_hash": "page1", "trigger_id": None}).encode()
    request = urllib.request.Request(f"{url}/gradio_api/queue/join", body, {"Content-Type": "application/json"})
    urllib.request.urlopen(request, timeout=30).close()
    with urllib.request.urlopen(f"{url}/gradio_api/queue/data?session_hash=page1", timeout=60) as response:
        lines = []
        for line in response:
            lines.append(line.decode())
            if '"process_completed"' in lines[-1]:
                return "".join(lines)
    return "".join(lines)


def test_the_evaluation_tab_still_runs_its_eval_when_the_api_is_off(serve):
    app = serve()
    eval_fn = next(fn for fn in app.demo.fns.values() if fn.api_name == "eval")
    stream = page_call(app.url, eval_fn._id, ["retrieval only", 1, "all"])
    assert "Finished: 1 questions" in stream and ui.EVAL_API_OFF not in stream
