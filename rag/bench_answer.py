"""`rag bench answer`: speed of answering on the embedded model, both designs in one run.

For each question and each answer context ("sentences": numbered evidence
sentences, the previous design; "document": the whole document from its saved
state), it prints the prompt tokens split into reused (already in the model's
memory) and prefilled, time to first token, total time and generation speed;
then p50/p95 per design and the ratio document / sentences. Prompt tokens
are the cost on a CPU: about 20 ms each here.
"""

from __future__ import annotations

import statistics
import time
from dataclasses import dataclass

from rag.bench import percentile
from rag.config import PROJECT_ROOT, Settings
from rag.errors import RagError

DESIGNS = ("sentences", "document")


@dataclass(frozen=True)
class Row:
    item: str
    design: str
    context: str  # what the model actually read: "sentences" or "document" (a cross-document question reads sentences)
    prompt_tokens: int
    reused_tokens: int
    first_token_ms: float
    total_ms: float
    generated_tokens: int

    @property
    def prefilled(self) -> int:
        return self.prompt_tokens - self.reused_tokens

    @property
    def gen_tok_s(self) -> float:
        return self.generated_tokens / max(1e-3, (self.total_ms - self.first_token_ms) / 1000)


def bench_answer(settings: Settings, repeat: int, split: str = "test", limit: int | None = None) -> int:
    from rag.evaluate import load_eval_set
    from rag.llm import count_tokens, embedded_model
    from rag.pipeline import Pipeline

    if repeat < 1:
        raise RagError("--repeat must be at least 1")
    settings = settings.with_overrides(llm="embedded")
    items = [i for i in load_eval_set(PROJECT_ROOT / "eval_questions.yaml", settings.seeds_dir)
             if (split == "all" or i.split == split) and not i.follows][:limit]
    pipelines = {d: Pipeline(settings.with_overrides(answer_context=d)) for d in DESIGNS}
    shared = pipelines["sentences"]
    for design in DESIGNS[1:]:  # one index, embedder and model for both
        pipelines[design]._index, pipelines[design]._embedder, pipelines[design]._chat = shared.index, shared.embedder, shared.chat
    started = time.perf_counter()
    built = pipelines["document"].states.build_all(shared.index.documents.values(), report=lambda line: None)
    print(f"document states ready ({len(built)}) in {time.perf_counter() - started:.1f} s "
          f"(built now only where `rag index` had not); {len(items)} questions x {repeat}; "
          f"backend {shared.chat.backend} {shared.chat.model}")
    embedded = embedded_model(shared.chat)
    rows = []
    for _ in range(repeat):
        # One design at a time: alternating would let a cross-document question in the document design
        # reuse the sentence prompt the other design had just read for the same question.
        for design in DESIGNS:
            for item in items:
                answer = pipelines[design].answer(item.question)
                usage = embedded.last_usage
                rows.append(Row(item.id, design, pipelines[design].last_context, usage.prompt_tokens,
                                usage.reused_tokens, answer.timings.first_token_ms, answer.timings.total_ms,
                                count_tokens(shared.chat, answer.raw_reply)))
    print(per_question_table(rows))
    print()
    print(summary_table(rows))
    print()
    print(search_table(shared, [i.question for i in items]))
    return 0


def search_table(pipeline, questions: list[str]) -> str:
    """`rag search` as a user runs it (a new process: imports, models, index) and inside a running app."""
    import subprocess
    import sys

    cold = []
    for question in questions[:3]:
        started = time.perf_counter()
        subprocess.run([sys.executable, "-m", "rag.cli", "search", question, "--json"], check=True,
                       capture_output=True, timeout=600)
        cold.append((time.perf_counter() - started) * 1000)
    warm = []
    for question in questions:
        pipeline.retriever.query_vector.cache_clear()  # count the query embedding every time
        started = time.perf_counter()
        pipeline.retriever.search(question)
        warm.append((time.perf_counter() - started) * 1000)
    return "\n".join([
        "| rag search | p50 ms | p95 ms | runs |", "|---|---|---|---|",
        f"| cold (new process: imports, models, index) | {statistics.median(cold):,.0f} | {percentile(cold, 95):,.0f} | {len(cold)} |",
        f"| warm (loaded, query embedding included) | {statistics.median(warm):,.1f} | {percentile(warm, 95):,.1f} | {len(warm)} |",
    ])


def per_question_table(rows: list[Row]) -> str:
    header = "| question | design | read | prompt tok | reused | prefilled | first token ms | total ms | gen tok/s |"
    lines = [header, "|---|---|---|---|---|---|---|---|---|"]
    for r in rows:
        lines.append(f"| {r.item} | {r.design} | {r.context} | {r.prompt_tokens} | {r.reused_tokens} | {r.prefilled} "
                     f"| {r.first_token_ms:,.0f} | {r.total_ms:,.0f} | {r.gen_tok_s:.1f} |")
    return "\n".join(lines)


def summary_table(rows: list[Row]) -> str:
    measures = [("prompt tokens", lambda r: r.prompt_tokens), ("reused tokens", lambda r: r.reused_tokens),
                ("prefilled tokens", lambda r: r.prefilled), ("first token ms", lambda r: r.first_token_ms),
                ("total ms", lambda r: r.total_ms), ("generation tok/s", lambda r: r.gen_tok_s)]
    header = "| measure | " + " | ".join(f"{d} p50 | {d} p95" for d in DESIGNS) + " | ratio p50 document / sentences |"
    lines = [header, "|---" * (2 + 2 * len(DESIGNS)) + "|"]
    for name, value in measures:
        cells, medians = [], {}
        for design in DESIGNS:
            values = [value(r) for r in rows if r.design == design]
            medians[design] = statistics.median(values)
            cells += [f"{medians[design]:,.1f}", f"{percentile(values, 95):,.1f}"]
        ratio = medians["document"] / medians["sentences"] if medians["sentences"] else float("nan")
        lines.append(f"| {name} | " + " | ".join(cells) + f" | {ratio:.2f}x |")
    return "\n".join(lines)
