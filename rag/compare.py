"""`rag eval --compare`: the same questions through our design and the baselines.

Baselines are what users get from other local RAG tools: dense-only retrieval,
keyword-only (BM25) retrieval, the English-only embedding model
all-MiniLM-L6-v2 (dense), and a plain RAG prompt without evidence selection or
verification (same LLM); and our own previous design, the round-one verifier
that counted embedding similarity as support (rag/previous_design.py). Each
system's full eval lands in its own subfolder; the side-by-side table goes to
stdout, report.md and compare.json.

All systems share one model through ReplayingChat: where two send the same
prompt (ours from evidence sentences and the previous design do), the model is
asked once, and an answer given from memory has no latency of its own: its first-token and
total times are left out, and a system's latency is that of the answers it asked the model for
(`latency_ms.timed` says how many).
"""

from __future__ import annotations

import tempfile
import time
from dataclasses import replace
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rag.config import Settings
from rag.conversation import standalone_query
from rag.errors import RagError
from rag.evaluate import EvalItem, ModeRetriever, run_eval
from rag.language import detect_language
from rag.prompts import load_prompt
from rag.reply import model_abstained, parse_reply
from rag.report import fmt, fmt_ms, table, write_json
from rag.types import Answer, Citation, Hit, Timings, Turn

RETRIEVAL_SYSTEMS = [("hybrid (ours)", "hybrid", "hybrid"), ("dense only", "dense", "dense"), ("BM25 only", "bm25", "bm25")]
MINILM_SYSTEM = ("dense, all-MiniLM-L6-v2 (English-only)", "dense-minilm")
# In this order: the previous design replays the evidence-sentence system's LLM calls.
ANSWER_SYSTEMS = [
    ("span-checked, evidence sentences", "answers-sentences", "sentences"),
    ("span-checked, whole document", "answers-document", "document"),
    ("round-one verifier (previous design)", "answers-previous", "previous"),
    ("plain RAG prompt", "answers-plain", "plain"),
]
BASELINES = ("sentences", "document", "previous", "plain")
PLAIN_CHUNKS = 4  # the plain prompt: top-4 whole chunks, as popular RAG apps do
COLUMNS = ["answer_precision", "answer_coverage", "answer_accuracy", "confidently_wrong", "claim_citation_precision",
           "abstain_precision", "abstain_recall", "hit_at_1", "hit_at_k", "mrr"]


def run_compare(settings: Settings, items: Sequence[EvalItem], *, retrieval_only: bool, out_dir: Path,
                progress: bool = True, baselines: Sequence[str] = ("previous",), replies: Path | None = None) -> str:
    """Run every system, write compare.json and report.md into out_dir, return the table.

    Ours (the configured answer context) always runs; `baselines` adds others from BASELINES.
    """
    from rag.embeddings import load_embedder
    from rag.index import ensure_index, load_index
    from rag.retrieval import Retriever

    embedder = load_embedder(settings)
    ensure_index(settings, embedder)
    index = load_index(settings)
    retriever = Retriever(index, embedder, settings)
    rows: list[tuple[str, dict | str]] = []
    for name, slug, mode in RETRIEVAL_SYSTEMS:
        run = run_eval(settings.with_overrides(mode=mode), items, retrieval_only=True, retriever=ModeRetriever(retriever, mode),
                       out_dir=out_dir / slug, progress=progress, title=name)
        rows.append((name, run.summary))
    rows.append((MINILM_SYSTEM[0], _minilm_summary(settings, items, out_dir / MINILM_SYSTEM[1], progress)))
    if not retrieval_only:
        rows += _answer_summaries(settings, items, out_dir, index, embedder, progress, baselines, replies)
    return _write_comparison(out_dir, rows, settings.top_k)


def _minilm_summary(settings: Settings, items: Sequence[EvalItem], out_dir: Path, progress: bool) -> dict | str:
    """Dense retrieval over a throw-away index built with the English-only model."""
    from rag.embeddings import load_embedder
    from rag.index import build_index
    from rag.models import minilm_folder
    from rag.retrieval import Retriever

    try:
        folder = str(minilm_folder())
    except RagError as exc:
        return f"skipped: {exc}"
    with tempfile.TemporaryDirectory(prefix="rag-minilm-") as tmp:
        minilm = settings.with_overrides(embedding_model=folder, index_dir=Path(tmp) / "index", mode="dense")
        embedder = load_embedder(minilm)
        retriever = Retriever(build_index(minilm, embedder, progress=progress), embedder, minilm)
        run = run_eval(minilm, items, retrieval_only=True, retriever=ModeRetriever(retriever, "dense"),
                       out_dir=out_dir, progress=progress, title=MINILM_SYSTEM[0])
    return run.summary


def _answer_summaries(settings, items, out_dir: Path, index, embedder, progress: bool, baselines,
                      replies: Path | None = None) -> list[tuple[str, dict]]:
    """Our pipeline and the chosen baselines, sharing one index, embedder and LLM (and, with
    `replies`, the model's replies stored by an earlier run)."""
    from rag.llm import ReplayingChat
    from rag.pipeline import Pipeline

    unknown = set(baselines) - set(BASELINES)
    if unknown:
        raise RagError(f"unknown baseline {sorted(unknown)[0]!r}: choose from {', '.join(BASELINES)}")
    chat = ReplayingChat(Pipeline(settings, index=index, embedder=embedder).chat, replies)
    chosen = {settings.answer_context, *baselines}
    rows = []
    for name, slug, design in ANSWER_SYSTEMS:
        if design not in chosen:
            continue
        name = f"{name} (ours)" if design == settings.answer_context else name
        answer = _timed_only_when_asked(_system(design, settings, index, embedder, chat), chat)
        run = run_eval(settings, items, retrieval_only=False, answer_fn=answer, out_dir=out_dir / slug,
                       progress=progress, title=name)
        rows.append((name, run.summary))
    return rows


def _timed_only_when_asked(answer_fn, chat):
    """`answer_fn`, its answers untimed (first token and total None) where a reply came from memory:
    that time is not the model's."""
    def answer(question: str, history: Sequence[Turn] = ()) -> Answer:
        replayed = chat.replayed
        found = answer_fn(question, history)
        if chat.replayed == replayed:
            return found
        return replace(found, timings=Timings(found.timings.retrieval_ms, None, None))
    return answer


def _system(design: str, settings: Settings, index, embedder, chat):
    from rag.pipeline import Pipeline

    if design == "plain":
        return PlainRag(Pipeline(settings, index=index, embedder=embedder, chat=chat)).answer
    if design == "previous":  # round one read evidence sentences (same prompt as ours), its own verifier
        previous = settings.with_overrides(answer_context="sentences")
        return Pipeline(previous, index=index, embedder=embedder, chat=chat, make_verifier=previous_verifier).answer
    return Pipeline(settings.with_overrides(answer_context=design), index=index, embedder=embedder, chat=chat).answer


def previous_verifier(pipeline, question: str, hits, evidence, history=()):
    """The round-one verifier (embedding similarity counted as support), for comparison only."""
    from rag.previous_design import PreviousVerifier

    return PreviousVerifier(pipeline.index, pipeline.embedder, question, detect_language(question), hits, evidence)


class PlainRag:
    """The plain RAG prompt most local tools use: top-4 whole chunks, no evidence selection, no verification."""

    def __init__(self, pipeline) -> None:
        self.p = pipeline

    def answer(self, question: str, history: Sequence[Turn] = ()) -> Answer:
        started = time.perf_counter()
        language = detect_language(question)
        shown = list(self.p.retriever.search(standalone_query(question, history), k=self.p.settings.top_k)[:PLAIN_CHUNKS])
        retrieval_ms = (time.perf_counter() - started) * 1000
        context = "\n\n".join(f"[{i}] {h.chunk.text}" for i, h in enumerate(shown, 1))
        messages = load_prompt(self.p.settings.prompts_dir, "plain").render(language, question=question, context=context)
        buffer, first = "", 0.0
        for delta in self.p.chat.stream(messages, max_tokens=self.p.settings.max_tokens, temperature=self.p.settings.temperature):
            first = first or (time.perf_counter() - started) * 1000
            buffer += delta
        reply = parse_reply(buffer, len(shown))
        total = (time.perf_counter() - started) * 1000
        return Answer(
            question=question, language=language, text=buffer.strip(), abstained=model_abstained(reply.answer),
            citations=tuple(self._citation(n, shown[n - 1]) for n in reply.cited), passages=tuple(shown),
            backend=self.p.chat.backend, model=self.p.chat.model, timings=Timings(retrieval_ms, first or total, total),
            raw_reply=buffer,
        )

    def _citation(self, n: int, hit: Hit) -> Citation:
        doc = self.p.index.documents[hit.chunk.doc_id]
        c = hit.chunk
        return Citation(n, doc.doc_id, c.chunk_id, doc.title, doc.outlet, doc.date, c.start, c.end,
                        doc.text[c.start : c.end], c.start, c.end)


def comparison_table(rows: Sequence[tuple[str, dict | str]], k: int) -> str:
    header = ["system", "precision", "coverage", "accuracy", "confidently wrong", "claim citation P", "abstain P",
              "abstain R", "hit@1", f"hit@{k}", "MRR", "p50 first token", "p50 total"]
    lines = []
    for name, summary in rows:
        if isinstance(summary, str):
            lines.append([name, summary] + [""] * (len(header) - 2))
            continue
        cells = [fmt(summary.get(key)) if key in summary else "–" for key in COLUMNS]
        latency = [summary["latency_ms"].get(key) for key in ("first_token", "total")]
        lines.append([name] + cells + [fmt_ms(value["p50"]) if value and value.get("p50") is not None else "–"
                                       for value in latency])
    return table(header, lines)


def _write_comparison(out_dir: Path, rows: Sequence[tuple[str, dict | str]], k: int) -> str:
    text = comparison_table(rows, k)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_json(out_dir / "compare.json", {name: _compact(s) for name, s in rows})
    slugs = [slug for _, slug, _ in RETRIEVAL_SYSTEMS] + [MINILM_SYSTEM[1]] + [slug for _, slug, _ in ANSWER_SYSTEMS]
    links = "Each system's own report, results and charts: " + ", ".join(f"[{s}/]({s}/report.md)" for s in slugs if (out_dir / s).is_dir())
    (out_dir / "report.md").write_text(f"# Eval comparison\n\n{text}\n\n{links}\n", encoding="utf-8")
    return text


def _compact(summary: dict | str) -> Any:
    """The summary without the per-article breakdown (that is in each system's folder)."""
    if isinstance(summary, str):
        return {"skipped": summary}
    return {key: value for key, value in summary.items() if key != "by_article"}
