"""`rag bench`: speed figures (medians and ratios), printed as a table.

retrieval: index build time and chunks/s per retriever, and p50/p95 query
latency including the query embedding (cache cleared before every query).
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

from rag.config import PROJECT_ROOT, Settings
from rag.errors import RagError

MODES = ("bm25", "dense", "hybrid")

# Used when eval_questions.yaml is absent: a few questions per language.
FALLBACK_QUESTIONS = (
    "WeGO 총회에는 몇 명이 참석했나요?",
    "서초코인은 어디에서 사용할 수 있나요?",
    "후헝화 충칭시장은 언제 취임했나요?",
    "Which university's students did Park Won-soon meet in Zurich?",
    "What share of Uzbekistan's GDP does Tashkent produce?",
    "Where was the 2023 Smart City Expo World Congress held?",
)


@dataclass(frozen=True)
class ModeFigures:
    mode: str
    build_s: float
    chunks: int
    latencies_ms: list[float]

    @property
    def chunks_per_s(self) -> float:
        return self.chunks / self.build_s if self.build_s > 0 else float("inf")

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies_ms)

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 95)


def percentile(values: list[float], q: float) -> float:
    """Nearest-rank percentile (no interpolation: an observed latency)."""
    ordered = sorted(values)
    rank = max(1, -(-len(ordered) * q // 100))
    return ordered[int(rank) - 1]


def run_bench_command(settings: Settings, what: str, repeat: int = 3, split: str = "test",
                      limit: int | None = None, scale: dict | None = None) -> int:
    if what == "scale":
        from rag.bench_scale import bench_scale

        return bench_scale(settings, **(scale or {"chunks": 100_000}))
    if what == "retrieval":
        return bench_retrieval(settings, repeat, split, limit)
    if what == "answer":
        from rag.bench_answer import bench_answer

        return bench_answer(settings, repeat, split, limit)
    raise RagError(f"unknown benchmark {what!r}: choose retrieval, answer or scale")


def bench_questions(path: Path = PROJECT_ROOT / "eval_questions.yaml", split: str = "all",
                    limit: int | None = None) -> list[str]:
    """The eval set's questions of one split (or all), the first `limit` of them."""
    if not path.is_file():
        return list(FALLBACK_QUESTIONS)[:limit]
    items = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("questions", [])
    questions = [item["question"] for item in items if isinstance(item, dict) and item.get("question")
                 and split in ("all", item.get("split", "dev"))]
    return questions[:limit]


def bench_retrieval(settings: Settings, repeat: int, split: str = "test", limit: int | None = None) -> int:
    from rag.embeddings import load_embedder
    from rag.index import build_index
    from rag.retrieval import Retriever, tokenize

    if repeat < 1:
        raise RagError("--repeat must be at least 1")
    embedder = load_embedder(settings)
    started = time.perf_counter()
    embedder.embed_batch(["warm-up"], "query")
    load_s = time.perf_counter() - started
    tokenize("준비 warm-up")  # loads Kiwi's model here, not inside the BM25 build time
    index = build_index(settings, embedder, progress=False, sentences=False)
    retriever = Retriever(index, embedder, settings)
    questions = bench_questions(split=split, limit=limit)  # all ~800 x 3 modes x 3 would take over half an hour
    if not questions:
        raise RagError(f"no {split!r} questions in the eval set to time")
    figures = [_mode_figures(retriever, index, mode, questions, repeat) for mode in MODES]
    print(f"model {index.manifest['embedding']['model']} ({index.manifest['embedding']['dtype']}), "
          f"load + first query {load_s:.1f} s; {len(index.chunks)} chunks of {settings.chunk_size} chars; "
          f"{len(questions)} questions x {repeat}")
    print(format_table(figures))
    return 0


def _mode_figures(retriever, index, mode: str, questions: list[str], repeat: int) -> ModeFigures:
    timings = index.manifest["timings"]
    build_s = {
        "bm25": timings["bm25_s"],
        "dense": timings["embed_chunks_s"],
        "hybrid": timings["bm25_s"] + timings["embed_chunks_s"],
    }[mode]
    latencies = []
    for _ in range(repeat):
        for question in questions:
            retriever.query_vector.cache_clear()  # count the query embedding every time
            started = time.perf_counter()
            retriever.search(question, mode=mode)
            latencies.append((time.perf_counter() - started) * 1000)
    return ModeFigures(mode, build_s, len(index.chunks), latencies)


def format_table(figures: list[ModeFigures]) -> str:
    by_mode = {f.mode: f for f in figures}
    header = f"{'mode':<7} {'build s':>8} {'chunks/s':>9} {'p50 ms':>8} {'p95 ms':>8} {'p50 / bm25':>11} {'p50 / dense':>12}"
    lines = [header, "-" * len(header)]
    for f in figures:
        vs_bm25 = f.p50 / by_mode["bm25"].p50 if "bm25" in by_mode else float("nan")
        vs_dense = f.p50 / by_mode["dense"].p50 if "dense" in by_mode else float("nan")
        lines.append(
            f"{f.mode:<7} {f.build_s:>8.2f} {f.chunks_per_s:>9.1f} {f.p50:>8.1f} {f.p95:>8.1f} {vs_bm25:>10.1f}x {vs_dense:>11.2f}x"
        )
    return "\n".join(lines)
