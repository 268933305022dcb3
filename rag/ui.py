"""The chat app: Gradio layout and event wiring only.

HTML comes from the pure helpers in rag/render.py; answers come from
rag.pipeline.Pipeline. `ChatService` holds what all sessions share (the index
and one Pipeline per control setting); per-session state is a `Conversation`.
The app talks to nothing but the configured Ollama or OpenAI-compatible server: Gradio analytics
are off and the theme uses system fonts (no Google Fonts request).
"""

from __future__ import annotations

import os

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # before gradio reads it

import inspect
import threading
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Iterator

import gradio as gr

from rag import render
from rag.config import CHOICES, EVAL_SPLITS, PROJECT_ROOT, Settings, chat_model_field
from rag.documents_tab import documents_tab
from rag.errors import RagError, unexpected_failure
from rag.evaluate import EvalItem, ModeRetriever, load_eval_set, of_split, run_eval
from rag.inputs import checked_text
from rag.types import Answer, Reasking, Retrieved, Turn

# The embedded model is serialised by its own lock in rag/llm.py; two workers
# let one request retrieve while another generates. The rest wait in the queue.
CONCURRENCY = 2
QUEUE_SIZE = 64
# Gradio concurrency groups: chats and evals never share a slot, and one eval at a time.
CHAT_GROUP, EVAL_GROUP = "chat", "eval"
EVAL_API_OFF = "the eval API is off: run the eval from the Evaluation tab, or start the app with RAG_EVAL_API=1"

EXAMPLES = [
    "WeGO 총회에는 몇 명이 참석했나요?",
    "When did Chongqing's mayor Hu Henghua take office?",
    "취리히주의 인구는 얼마인가요?",
    "What is the GDP of Kuala Lumpur?",
]

SYSTEM_FONTS = [
    "system-ui", "-apple-system", "Segoe UI", "Noto Sans KR", "Apple SD Gothic Neo", "Malgun Gothic", "NanumGothic",
    "sans-serif",
]
MONO_FONTS = ["ui-monospace", "SFMono-Regular", "Menlo", "Consolas", "monospace"]
EVAL_OUT = PROJECT_ROOT / "eval_out"


@dataclass(frozen=True)
class ChatLoad:
    """Chat questions in Gradio's queue right now."""

    waiting: int = 0
    running: int = 0
    queued: int = 0  # everything waiting, all groups: what QUEUE_SIZE bounds


def chat_load(demo: gr.Blocks) -> ChatLoad:
    """Read from Gradio's own queue: only it knows who waits, and it forgets a closed tab."""
    queue = getattr(demo, "_queue", None)
    if queue is None:
        return ChatLoad()
    group = queue.event_queue_per_concurrency_id.get(CHAT_GROUP)
    if group is None:  # made on the first chat question
        return ChatLoad(queued=len(queue))
    return ChatLoad(len(group.queue), group.current_concurrency, len(queue))


@dataclass
class Conversation:
    """One browser session: turns for follow-ups, and what the chatbot shows."""

    turns: list[Turn] = field(default_factory=list)
    messages: list[dict] = field(default_factory=list)


class ChatService:
    """Shared by all sessions: the index, and one Pipeline per control setting."""

    def __init__(self, settings: Settings, pipeline_factory: Callable[..., Any] | None = None):
        self.settings = settings
        self._factory = pipeline_factory
        self._lock = threading.Lock()
        self._pipelines: dict[tuple, Any] = {}
        self.index: Any = None
        self.index_problem = ""
        self.windows: dict[str, tuple[int, int]] = {}
        self.load: Callable[[], ChatLoad] = ChatLoad  # build_app points it at the app's queue

    def load_index(self) -> None:
        """Load the index, or remember why it cannot be used (missing, stale)."""
        from rag.index import load_current_index

        try:
            index = load_current_index(self.settings)
        except RagError as exc:
            self.index, self.index_problem, self.windows = None, str(exc), {}
            return
        self.index, self.index_problem = index, ""
        self.windows = {c.chunk_id: (c.start, c.end) for c in index.chunks}

    def recheck_index(self) -> None:
        """On each page load: notice seeds edited since the index was loaded."""
        from rag.index import rebuild_reasons
        from rag.ingest.collection import load_collection

        if self.index is None:
            return self.load_index()  # perhaps rebuilt from the command line meanwhile
        try:
            reasons = rebuild_reasons(self.settings, load_collection(self.settings).documents)
        except RagError as exc:
            reasons = [str(exc)]
        if reasons:
            self.index, self.windows = None, {}
            self.index_problem = f"the index is out of date ({'; '.join(reasons)}); run `rag index`"

    def index_line(self) -> str:
        if self.index is None:
            return f"unavailable: {self.index_problem}"
        manifest = self.index.manifest
        return render.index_text(len(self.index.documents), len(self.index.chunks), manifest.get("built_at", ""))

    @property
    def documents(self) -> dict:
        return self.index.documents if self.index is not None else {}

    def pipeline(self, llm: str, model: str, k: int, mode: str) -> Any:
        """The Pipeline for these controls; built once, then shared by every session."""
        if self.index is None:
            raise RagError(f"the index cannot be used ({self.index_problem}); press “Rebuild index”")
        settings = self.settings.with_overrides(llm=llm, top_k=int(k), mode=mode)
        settings = settings.with_overrides(**{chat_model_field(llm): model.strip() or None})
        key = (settings.llm, settings.ollama_model, settings.openai_model, settings.top_k, settings.mode)
        with self._lock:
            if key not in self._pipelines:
                self._pipelines[key] = self._make_pipeline(settings)
            return self._pipelines[key]

    def _make_pipeline(self, settings: Settings) -> Any:
        if self._factory is not None:
            return self._factory(settings, index=self.index)
        from rag.pipeline import Pipeline

        return Pipeline(settings, index=self.index)

    def swap_index(self) -> None:
        """After the collection changed: the new index in, the pipelines over the old one out."""
        with self._lock:
            self._pipelines.clear()
        self.load_index()

    def rebuild(self, progress: bool = False) -> None:
        """Rebuild the index when seeds or settings changed, then reload it."""
        from rag.index import ensure_index

        ensure_index(self.settings, progress=progress)  # a tqdm bar, which gr.Progress shows
        with self._lock:
            self._pipelines.clear()  # they hold the old index
        self.load_index()


# ---------------------------------------------------------------- chat handlers


def _assistant(content: str) -> dict:
    return {"role": "assistant", "content": content}


def _user(question: str) -> dict:
    return {"role": "user", "content": render.escape(question)}


def respond(service: ChatService, question: str, convo: Conversation, llm: str, model: str, k: float, mode: str):
    """Stream one answer: (chatbot, sources, status, conversation, textbox) per update."""
    try:
        question = checked_text(question or "").strip()
    except RagError as exc:  # undecodable text from an API client: say so, change nothing
        yield convo.messages, gr.skip(), render.status_html(service.index_line(), notice=str(exc)), convo, ""
        return
    if not question:
        yield convo.messages, gr.skip(), gr.skip(), convo, ""
        return
    key = str(len(convo.turns) + 1)
    messages = convo.messages + [_user(question), _assistant("…")]
    yield messages, render.empty_panel(), render.status_html(service.index_line()), convo, ""  # out of line now
    try:
        pipeline = service.pipeline(llm, model, int(k), mode)
        answer = yield from _stream_answer(service, pipeline, question, convo.turns, messages)
    except Exception as exc:  # noqa: BLE001 - a RagError's line, or one line and a log path: never a traceback
        problem = str(exc) if isinstance(exc, RagError) else unexpected_failure(exc, service.settings.log_dir)
        messages = messages[:-1] + [_assistant(render.escape(f"⚠ {problem}"))]
        notice = problem if service.index is not None else ""  # else the index line already says it
        yield messages, gr.skip(), render.status_html(service.index_line(), notice=notice), convo, ""
        return
    yield _answered(service, pipeline, question, convo, messages, answer, key)


def _answered(service: ChatService, pipeline: Any, question: str, convo: Conversation, messages: list[dict],
              answer: Answer, key: str) -> tuple:
    """The final update: the answer (or the cut-off text and its error), sources, status."""
    shown = render.failed_answer_html(answer) if answer.error else render.answer_html(answer.text, answer.citations, key)
    messages = messages[:-1] + [_assistant(shown)]
    convo = Conversation(convo.turns + [Turn(question, answer.text)], messages)
    sources = render.sources_panel(answer, service.documents, service.windows, key)
    status = render.status_html(service.index_line(), answer, getattr(pipeline, "backend_notice", ""))
    return messages, sources, status, convo, ""


def _stream_answer(service: ChatService, pipeline: Any, question: str, turns: list[Turn], messages: list[dict]) -> Iterator:
    """Yield updates: the passages being read at once, then the text as it streams; return the final Answer."""
    text, retrieved = "", None
    for item in pipeline.stream(question, tuple(turns)):
        if isinstance(item, Answer):
            return item
        if isinstance(item, Retrieved):
            retrieved = item
            status = render.status_html(service.index_line(), notice=render.progress_text(item, writing=False))
            yield messages, render.reading_panel(item, service.documents), status, gr.skip(), ""
            continue
        if isinstance(item, Reasking):  # the text so far failed verification: withdraw it, say why
            text = ""
            notice = render.reasking_text(retrieved.language if retrieved else "en", item.asks_model)
            yield messages, gr.skip(), render.status_html(service.index_line(), notice=notice), gr.skip(), ""
            continue
        status = gr.skip()
        if not text and retrieved is not None:
            status = render.status_html(service.index_line(), notice=render.progress_text(retrieved, writing=True))
        text += item
        yield messages[:-1] + [_assistant(render.escape(text))], gr.skip(), status, gr.skip(), ""
    raise RagError("the answer stream ended without an answer; try again")


def queue_place(service: ChatService, question: str) -> Any:
    """Before a question joins the queue: its place in line, or one line when the queue is full."""
    if not (question or "").strip():
        return gr.skip()
    load = service.load()
    if load.queued >= QUEUE_SIZE:
        raise gr.Error(render.queue_full_text(QUEUE_SIZE), print_exception=False)
    note = render.queue_note(load.waiting, load.running, CONCURRENCY)
    return render.status_html(service.index_line(), notice=note) if note else gr.skip()


def clear_chat() -> tuple:
    return [], render.empty_panel(), Conversation()


def rebuild_index(service: ChatService, progress=gr.Progress(track_tqdm=True)):
    yield gr.update(value="Rebuilding the index… (this takes a few minutes on a small CPU)"), gr.skip(), gr.skip()
    try:
        service.rebuild(progress=True)
    except Exception as exc:  # noqa: BLE001 - a RagError's line, or one line and a log path
        problem = str(exc) if isinstance(exc, RagError) else unexpected_failure(exc, service.settings.log_dir)
        yield gr.update(value=render.error_html(f"rebuild failed: {problem}")), gr.skip(), gr.skip()
        return
    yield _index_notice(service), gr.update(visible=service.index is None), render.status_html(service.index_line())


def page_loaded(service: ChatService) -> tuple:
    service.recheck_index()
    return _index_notice(service), gr.update(visible=service.index is None), render.status_html(service.index_line())


def _index_notice(service: ChatService) -> str:
    if service.index is None:
        return render.error_html(f"The index cannot be used: {service.index_problem}")
    return render.status_html(service.index_line(), notice="index ready")


# ---------------------------------------------------------------- layout


def build_app(settings: Settings, service: ChatService | None = None) -> gr.Blocks:
    """The whole app: chat + sources tab, and the eval tab."""
    if service is None:
        service = ChatService(settings)
        service.load_index()
    with gr.Blocks(title="Seoul RAG · 문서 질의응답", analytics_enabled=False) as demo:
        service.load = lambda: chat_load(demo)
        gr.Markdown("## 문서 질의응답 · Document Q&A\nAsk in Korean or English; every answer cites the passages it rests on.")
        status = gr.HTML(render.status_html(service.index_line()), label="status", elem_id="status")
        with gr.Row(visible=service.index is None, elem_id="index-problem") as problem_row:
            notice = gr.HTML(_index_notice(service), scale=4)
            rebuild = gr.Button("Rebuild index", variant="secondary", elem_id="rebuild", scale=1, size="sm")
        rebuild.click(_bind(rebuild_index, service), None, [notice, problem_row, status], api_visibility="private")
        with gr.Tab("Chat · 대화", elem_id="chat-tab"):
            _chat_tab(settings, service, status)
        with gr.Tab("Documents · 문서", elem_id="documents-tab"):
            documents_tab(service, status, lambda handler: _bind(handler, service))
        with gr.Tab("Evaluation · 평가", elem_id="eval-tab"):
            _eval_tab(service)
        demo.load(lambda: page_loaded(service), None, [notice, problem_row, status], api_visibility="private")
    return demo


def _bind(handler: Callable, service: ChatService) -> Callable:
    """A handler with the shared service bound, keeping it a generator for Gradio."""

    def bound(*args: Any) -> Iterator:
        yield from handler(service, *args)

    bound.__name__ = handler.__name__
    params = list(inspect.signature(handler).parameters.values())[1:]
    bound.__signature__ = inspect.Signature(params)  # Gradio reads it (e.g. for gr.Progress)
    bound.__annotations__ = handler.__annotations__  # and these, for gr.Request
    return bound


def _chat_tab(settings: Settings, service: ChatService, status: gr.HTML) -> None:
    convo = gr.State(Conversation())
    with gr.Row():
        with gr.Column(scale=3):
            chatbot = gr.Chatbot(label="Chat", height=460, elem_id="chatbot", buttons=["copy"])
            question = gr.Textbox(
                placeholder="질문을 입력하세요 · Ask a question", show_label=False, elem_id="question", lines=1
            )
            with gr.Row():
                send = gr.Button("Ask · 질문", variant="primary", elem_id="send")
                clear = gr.Button("Clear chat · 대화 지우기", elem_id="clear")
            gr.Examples(EXAMPLES, inputs=[question], label="Examples · 예시")
        with gr.Column(scale=2):
            sources = gr.HTML(render.empty_panel(), label="sources", elem_id="sources")
    with gr.Accordion("Settings · 설정", open=False):
        with gr.Row():
            llm = gr.Radio(list(CHOICES["llm"]), value=settings.llm, label="Backend", elem_id="backend")
            model = gr.Textbox(value=backend_model(settings, settings.llm), label="Model (Ollama or OpenAI-compatible)",
                               elem_id="ollama-model")
            k = gr.Slider(1, 20, value=settings.top_k, step=1, label="Passages (k)", elem_id="top-k")
            mode = gr.Radio(["hybrid", "dense", "bm25"], value=settings.mode, label="Retrieval", elem_id="mode")
    inputs = [question, convo, llm, model, k, mode]
    outputs = [chatbot, sources, status, convo, question]
    handler = _bind(respond, service)
    place = lambda text: queue_place(service, text)  # noqa: E731 - unqueued, so it answers at once
    # Gradio shows the live place in line and its ETA over the chatbot while the question waits.
    queued = dict(concurrency_id=CHAT_GROUP, concurrency_limit=CONCURRENCY, show_progress="full",
                  show_progress_on=[chatbot])
    question.submit(place, [question], [status], queue=False, show_progress="hidden", api_visibility="private").success(
        handler, inputs, outputs, api_name="ask", **queued)
    send.click(place, [question], [status], queue=False, show_progress="hidden", api_visibility="private").success(
        handler, inputs, outputs, api_visibility="private", **queued)
    clear.click(clear_chat, None, [chatbot, sources, convo], api_visibility="private")

    def model_of(backend: str) -> str:  # each server backend has its own model setting
        return backend_model(settings, backend)

    llm.change(model_of, [llm], [model], queue=False, api_visibility="private")


def backend_model(settings: Settings, llm: str) -> str:
    """What the model box shows for backend `llm` (auto's server is Ollama)."""
    return getattr(settings, chat_model_field(llm))


def _eval_tab(service: ChatService) -> None:
    """One eval at a time, in its own group: a running eval never holds a chat slot."""
    with gr.Row():
        kind = gr.Radio(["retrieval only", "full (answers)"], value="retrieval only", label="Run", elem_id="eval-kind")
        split = gr.Dropdown(["all", *EVAL_SPLITS], value="all", label="Split", elem_id="eval-split")
        limit = gr.Number(0, precision=0, minimum=0, label="Questions (0 = all)", elem_id="eval-limit")
        run = gr.Button("Run eval", variant="primary", elem_id="eval-run")
    note = gr.HTML("", elem_id="eval-note")
    summary = gr.HTML("", elem_id="eval-summary")
    charts = gr.Gallery(label="Charts", columns=3, height="auto", object_fit="contain", elem_id="eval-charts")
    failures = gr.HTML("", elem_id="eval-failures")
    visibility = "public" if service.settings.eval_api else "private"
    run.click(_bind(run_eval_tab, service), [kind, limit, split], [note, summary, charts, failures], api_name="eval",
              api_visibility=visibility, concurrency_id=EVAL_GROUP, concurrency_limit=1)


def eval_refusal(service: ChatService, request: gr.Request | None) -> str:
    """Why this eval must not start now ("" when it may): an API call while that is off, or chats."""
    if not service.settings.eval_api and _from_api_client(request):
        return EVAL_API_OFF
    load = service.load()
    if load.waiting or load.running:
        return render.eval_busy_text(load.waiting, load.running)
    return ""


def _from_api_client(request: gr.Request | None) -> bool:
    """gradio_client marks itself; raw HTTP comes through /call/ or /run/, the page through /queue/join.
    (A private endpoint is already hidden from gradio_client; this also stops `curl .../call/eval`.)"""
    if request is None:
        return False
    headers = {k.lower(): v for k, v in dict(request.headers).items()}
    path = str(getattr(request.url, "path", request.url)).rstrip("/")
    return headers.get("x-gradio-user") == "api" or not path.endswith("/queue/join")


def run_eval_tab(service: ChatService, kind: str, limit: float, split: str = "all", request: gr.Request = None,
                 progress=gr.Progress(track_tqdm=True)):
    """Run the eval set (one split of it, or all) from the app; show summary, charts and failed questions."""
    refusal = eval_refusal(service, request)
    if refusal:  # chats come first: refuse rather than compete with them for the CPU
        yield render.error_html(refusal), gr.skip(), gr.skip(), gr.skip()
        return
    retrieval_only = kind != "full (answers)"
    yield "Running…", gr.skip(), gr.skip(), gr.skip()
    try:
        items = eval_items(load_eval_set(PROJECT_ROOT / "eval_questions.yaml", service.settings.seeds_dir),
                           split, limit)
        s = service.settings
        pipeline = service.pipeline(s.llm, backend_model(s, s.llm), s.top_k, s.mode)
        out_dir = EVAL_OUT / ("app-" + time.strftime("%Y%m%d-%H%M%S"))
        done = run_eval(
            s, items, retrieval_only=retrieval_only, answer_fn=pipeline.answer,
            retriever=ModeRetriever(pipeline.retriever, s.mode), out_dir=out_dir, progress=True, title="app",
        )
    except RagError as exc:
        yield render.error_html(f"eval failed: {exc}"), "", [], ""
        return
    where = "" if split == "all" else f" of the {split} split"
    note = f"Finished: {len(items)} questions{where}, {kind}. Report: {done.report_path}"
    yield (
        render.status_html(service.index_line(), notice=note),
        render.eval_summary_html(done.summary),
        [str(p) for p in done.chart_paths],
        render.eval_failures_html(done.failures, retrieval_only),
    )


def eval_items(items: list[EvalItem], split: str, limit: float) -> list[EvalItem]:
    """The questions an eval-tab run asks: one split (or all), then the first `limit` (0 = all)."""
    items = of_split(items, split)
    return items[: int(limit)] if limit and int(limit) > 0 else items


def launch_options(settings: Settings) -> dict:
    theme = gr.themes.Default(font=SYSTEM_FONTS, font_mono=MONO_FONTS)
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "share": settings.share,
        "theme": theme,
        "css": render.APP_CSS,
        "allowed_paths": [str(EVAL_OUT)],  # eval charts are served from here
        "ssr_mode": False,  # no Node server
        "footer_links": ["api", "settings"],
    }


def queued_app(settings: Settings, service: ChatService | None = None) -> gr.Blocks:
    """The app with its bounded queue, as served (tests launch this too)."""
    demo = build_app(settings, service)
    demo.queue(default_concurrency_limit=CONCURRENCY, max_size=QUEUE_SIZE)
    return demo


def serve(settings: Settings) -> int:
    """`rag serve` and app.py: build, queue, launch; blocks until stopped."""
    queued_app(settings).launch(**launch_options(settings))
    return 0
