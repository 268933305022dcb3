"""`rag eval --compare`: the same questions through our design and the baselines.

Baselines are what users get from other local RAG tools: dense-only retrieval,
keyword-only (BM25) retrieval, the English-only embedding model
all-MiniLM-L6-v2 (dense), and a plain RAG prompt without evidence selection or
verification (same LLM). Each system's full eval lands in its own subfolder;
the side-by-side table goes to stdout, report.md and compare.json.
"""

from __future__ import annotations

import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from rag.config import Settings
from rag.errors import RagError
from rag.evaluate import EvalItem, ModeRetriever, run_eval
from rag.report import fmt, fmt_ms, table, write_json

RETRIEVAL_SYSTEMS = [("hybrid (ours)", "hybrid", "hybrid"), ("dense only", "dense", "dense"), ("BM25 only", "bm25", "bm25")]
MINILM_SYSTEM = ("dense, all-MiniLM-L6-v2 (English-only)", "dense-minilm")
ANSWER_SYSTEMS = [("grounded answers (ours)", "answers-grounded", "grounded"), ("plain RAG prompt", "answers-plain", "plain")]
COLUMNS = ["hit_at_1", "hit_at_k", "mrr", "answer_accuracy", "citation_precision", "citation_recall", "abstain_precision", "abstain_recall"]


def run_compare(settings: Settings, items: Sequence[EvalItem], *, retrieval_only: bool, out_dir: Path, progress: bool = True) -> str:
    """Run every system, write compare.json and report.md into out_dir, return the table."""
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
        rows += _answer_summaries(settings, items, out_dir, index, embedder, progress)
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


def _answer_summaries(settings, items, out_dir: Path, index, embedder, progress: bool) -> list[tuple[str, dict]]:
    """Our pipeline and the plain prompt, sharing one index, embedder and LLM."""
    from rag.pipeline import Pipeline

    rows, chat = [], None
    for name, slug, design in ANSWER_SYSTEMS:
        pipeline = Pipeline(settings, index=index, embedder=embedder, chat=chat, design=design)
        run = run_eval(settings, items, retrieval_only=False, answer_fn=pipeline.answer,
                       out_dir=out_dir / slug, progress=progress, title=name)
        chat = pipeline.chat  # loaded once, reused by the next design
        rows.append((name, run.summary))
    return rows


def comparison_table(rows: Sequence[tuple[str, dict | str]], k: int) -> str:
    header = ["system", "hit@1", f"hit@{k}", "MRR", "accuracy", "citation P", "citation R", "abstain P", "abstain R", "p50 total"]
    lines = []
    for name, summary in rows:
        if isinstance(summary, str):
            lines.append([name, summary] + [""] * (len(header) - 2))
            continue
        cells = [fmt(summary.get(key)) if key in summary else "–" for key in COLUMNS]
        total = summary["latency_ms"].get("total")
        lines.append([name] + cells + [fmt_ms(total["p50"]) if total else "–"])
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
