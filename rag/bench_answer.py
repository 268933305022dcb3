"""`rag bench answer`: speed of the grounded answer pipeline on the embedded model.

Prints p50/p95 of retrieval, time to first token and total time, prompt
tokens, and generation speed, over a fixed mix of the eval questions.
Prompt length is the main cost on a CPU, so it is printed per question too.
"""

from __future__ import annotations

import statistics
import time

from rag.bench import percentile
from rag.config import PROJECT_ROOT, Settings
from rag.errors import RagError
from rag.evidence import format_evidence
from rag.prompts import load_prompt

QUESTIONS_PER_LANGUAGE = 6


def bench_answer(settings: Settings, repeat: int) -> int:
    from rag.evaluate import load_eval_set
    from rag.llm import count_tokens
    from rag.pipeline import Pipeline

    if repeat < 1:
        raise RagError("--repeat must be at least 1")
    settings = settings.with_overrides(llm="embedded")
    pipeline = Pipeline(settings)
    questions = _questions(load_eval_set(PROJECT_ROOT / "eval_questions.yaml", settings.seeds_dir))
    started = time.perf_counter()
    pipeline.answer(questions[0])  # warm-up: loads the embedder, the index and the LLM
    print(f"warm-up (loads models) {time.perf_counter() - started:.1f} s; "
          f"{len(questions)} questions x {repeat}; backend {pipeline.chat.backend} {pipeline.chat.model}")
    rows = []
    for _ in range(repeat):
        for question in questions:
            answer = pipeline.answer(question)
            prompt = _prompt_text(settings, answer)
            rows.append(_row(answer, count_tokens(pipeline.chat, prompt), count_tokens(pipeline.chat, answer.raw_reply)))
    print(_table(rows))
    return 0


def _questions(items) -> list[str]:
    ko = [i.question for i in items if not i.follows and any("\uac00" <= ch <= "\ud7a3" for ch in i.question)]
    en = [i.question for i in items if not i.follows and i.question.isascii()]
    return ko[:QUESTIONS_PER_LANGUAGE] + en[:QUESTIONS_PER_LANGUAGE]


def _prompt_text(settings: Settings, answer) -> str:
    messages = load_prompt(settings.prompts_dir, "answer").render(
        answer.language, question=answer.question, evidence=format_evidence(answer.evidence, answer.language))
    return "\n".join(m["content"] for m in messages)


def _row(answer, prompt_tokens: int, generated_tokens: int) -> dict:
    t = answer.timings
    generation_s = max(1e-3, (t.total_ms - t.first_token_ms) / 1000)
    return {
        "retrieval_ms": t.retrieval_ms,
        "first_token_ms": t.first_token_ms,
        "total_ms": t.total_ms,
        "prompt_tokens": prompt_tokens,
        "generated_tokens": generated_tokens,
        "gen_tok_s": generated_tokens / generation_s,
        "prompt_tok_s": prompt_tokens / max(1e-3, (t.first_token_ms - t.retrieval_ms) / 1000),
    }


def _table(rows: list[dict]) -> str:
    header = f"{'measure':<22} {'p50':>10} {'p95':>10}"
    lines = [header, "-" * len(header)]
    for key in ("retrieval_ms", "first_token_ms", "total_ms", "prompt_tokens", "generated_tokens",
                "prompt_tok_s", "gen_tok_s"):
        values = [r[key] for r in rows]
        lines.append(f"{key:<22} {statistics.median(values):>10.1f} {percentile(values, 95):>10.1f}")
    ratio = statistics.median(r["first_token_ms"] for r in rows) / max(1e-3, statistics.median(r["total_ms"] for r in rows))
    lines.append(f"first token / total (median ratio): {ratio:.2f}")
    return "\n".join(lines)
