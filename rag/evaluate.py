"""The QA eval set: strict loading, answer matching, metrics, and eval runs.

Eval items are data (`eval_questions.yaml`); every metric is a small pure
function returning a per-item score, and `summarize` aggregates them overall,
by language and by article. Files and charts are written by `rag.report`.

The answer matching rule and every metric are in `rag.metrics` (re-exported
here).

Retrieval metrics are document-level: a hit counts when its chunk's doc_id is
one of the item's expected sources. With --retrieval-only a follow-up question
is searched as "<earlier question> <follow-up>" (a stand-in for the rewrite
the answer pipeline does).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

import yaml

from rag.config import EVAL_SPLITS, PROJECT_ROOT, Settings
from rag.errors import RagError
from rag.language import detect_language
from rag.metrics import (  # noqa: F401  (re-exported: the eval's public surface)
    abstention_scores,
    answer_correct,
    claim_citations_holding_answer,
    citation_recall,
    cited_from_sources,
    hit_at,
    matches,
    mean,
    micro_precision,
    ndcg_at,
    normalize,
    percentiles,
    recall_at,
    reciprocal_rank,
)
from rag.types import Answer, Hit, Turn

ALLOWED_KEYS = {"id", "question", "answers", "sources", "unanswerable", "follows", "split"}
SPLITS = EVAL_SPLITS  # described in rag/config.py
LANGUAGES = ("ko", "en")


# ---------------------------------------------------------------- eval items
@dataclass(frozen=True)
class EvalItem:
    id: str
    question: str
    answers: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    unanswerable: bool = False
    follows: str | None = None
    split: str = "dev"

    @property
    def language(self) -> str:
        return detect_language(self.question)


def load_eval_set(path: Path | str, seeds_dir: Path | str) -> list[EvalItem]:
    """Read and strictly check an eval file; any problem is one RagError naming the item."""
    path = Path(path)
    raw = _read_yaml(path)
    entries = raw.get("questions") if isinstance(raw, dict) else None
    if not isinstance(entries, list) or not entries or set(raw) != {"questions"}:
        raise RagError(f"{path.name}: expected a top-level `questions:` list and nothing else; see eval_questions.yaml")
    seeds = seed_ids(Path(seeds_dir))
    items: list[EvalItem] = []
    for position, entry in enumerate(entries, start=1):
        items.append(_checked_item(entry, position, path.name, seeds, {i.id for i in items}))
    return items


def seed_ids(seeds_dir: Path) -> set[str]:
    if not seeds_dir.is_dir():
        raise RagError(f"seeds folder not found: {seeds_dir}; put the documents there (see README)")
    return {p.stem for p in seeds_dir.iterdir() if p.suffix in (".txt", ".md")}


def _read_yaml(path: Path) -> Any:
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise RagError(f"eval questions file not found: {path}; pass --questions FILE") from None
    except UnicodeDecodeError:
        raise RagError(f"{path.name}: not UTF-8 text; save it as UTF-8") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" at line {where.line + 1}" if where else ""
        raise RagError(f"{path.name}: not valid YAML{line}; fix the file") from None


def _checked_item(entry: Any, position: int, file: str, seeds: set[str], earlier: set[str]) -> EvalItem:
    name = entry.get("id") if isinstance(entry, dict) else None
    label = f"{file}: item {name!r}" if isinstance(name, str) and name else f"{file}: item #{position}"
    problem = _item_problem(entry, seeds, earlier)
    if problem:
        raise RagError(f"{label}: {problem}")
    return EvalItem(
        id=entry["id"],
        question=entry["question"].strip(),
        answers=tuple(entry.get("answers") or ()),
        sources=tuple(entry.get("sources") or ()),
        unanswerable=bool(entry.get("unanswerable", False)),
        follows=entry.get("follows"),
        split=entry.get("split", "dev"),
    )


def _item_problem(entry: Any, seeds: set[str], earlier: set[str]) -> str:
    """The first thing wrong with one item, or "" when it is valid."""
    if not isinstance(entry, dict):
        return "must be a mapping with id, question, answers/sources or unanswerable"
    for check in (_shape_problem, _answer_problem):
        problem = check(entry)
        if problem:
            return problem
    if entry["id"] in earlier:
        return "duplicate id; ids must be unique"
    follows = entry.get("follows")
    if follows is not None and (not isinstance(follows, str) or follows not in earlier):
        return f"follows {follows!r}, which is not an earlier item's id"
    unknown = [s for s in entry.get("sources") or () if s not in seeds]
    return f"unknown source id {unknown[0]!r}: not a file stem in seeds/" if unknown else ""


def _shape_problem(entry: dict) -> str:
    unknown = sorted(set(entry) - ALLOWED_KEYS)
    if unknown:
        return f"unknown key {unknown[0]!r}; allowed: {', '.join(sorted(ALLOWED_KEYS))}"
    for key in ("id", "question"):
        if not isinstance(entry.get(key), str) or not entry[key].strip():
            return f"missing or empty {key!r}"
    if not isinstance(entry.get("unanswerable", False), bool):
        return "'unanswerable' must be true or false"
    if entry.get("split", "dev") not in SPLITS:
        return f"'split' must be one of {', '.join(SPLITS)}, not {entry.get('split')!r}"
    for key in ("answers", "sources"):
        value = entry.get(key, [])
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
            return f"{key!r} must be a list of non-empty strings"
    return ""


def _answer_problem(entry: dict) -> str:
    if entry.get("unanswerable", False):
        if entry.get("answers") or entry.get("sources"):
            return "an unanswerable item must not have answers or sources"
        return ""
    if not entry.get("answers"):
        return "missing 'answers' (or mark it `unanswerable: true`)"
    if not entry.get("sources"):
        return "missing 'sources' (the seed file stems that hold the answer)"
    return ""


# ---------------------------------------------------------------- answer notes
def out_of_range_count(answer: Answer) -> int:
    """Citation markers the pipeline removed because they pointed past the evidence."""
    counted = getattr(answer, "out_of_range", None)
    if isinstance(counted, int):
        return counted
    return sum(1 for note in answer.notes if note.startswith("out-of-range"))


# ---------------------------------------------------------------- per-question results
@dataclass(frozen=True)
class ItemResult:
    """One question's outcome: what came back and every verdict on it."""

    item: EvalItem
    hits: tuple[dict, ...]  # {doc_id, chunk_id, rank, score}, rank 1 first
    timings: dict[str, float]  # retrieval_ms, first_token_ms, total_ms
    answer: str | None = None  # None in retrieval-only runs
    abstained: bool | None = None
    citations: tuple[dict, ...] = ()  # {n, doc_id, chunk_id, quote}
    out_of_range: int = 0
    verdicts: dict[str, Any] = field(default_factory=dict)
    backend: str = ""  # which LLM answered ("embedded", "ollama", ...)
    model: str = ""
    notes: tuple[str, ...] = ()  # why claims were dropped or repaired: why it abstained
    checks: tuple[dict, ...] = ()  # every verification verdict: {check, passed, subject, reason}

    def to_json(self) -> dict:
        i = self.item
        return {
            "id": i.id, "question": i.question, "language": i.language, "unanswerable": i.unanswerable,
            "follows": i.follows, "sources": list(i.sources), "accepted": list(i.answers),
            "answer": self.answer, "abstained": self.abstained, "citations": list(self.citations),
            "out_of_range_markers": self.out_of_range, "hits": list(self.hits),
            "verdicts": self.verdicts, "timings": self.timings, "backend": self.backend, "model": self.model,
            "notes": list(self.notes), "checks": list(self.checks), "split": i.split,
        }

    @property
    def failed(self) -> bool:
        v = self.verdicts
        if self.item.unanswerable:
            return self.abstained is False
        return v.get("correct") is False or v.get("hit_at_k") == 0.0


def hit_records(hits: Sequence[Hit]) -> tuple[dict, ...]:
    ordered = sorted(hits, key=lambda h: h.rank)
    return tuple({"doc_id": h.chunk.doc_id, "chunk_id": h.chunk.chunk_id, "rank": h.rank, "score": round(float(h.score), 6)} for h in ordered)


def retrieval_verdicts(item: EvalItem, hits: Sequence[dict], k: int) -> dict[str, Any]:
    if item.unanswerable:
        return {}
    docs = [h["doc_id"] for h in hits]
    return {
        "hit_at_1": hit_at(docs, item.sources, 1), "hit_at_k": hit_at(docs, item.sources, k),
        "recall_at_k": recall_at(docs, item.sources, k), "reciprocal_rank": reciprocal_rank(docs, item.sources),
        "ndcg_at_k": ndcg_at(docs, item.sources, k),
    }


def answer_verdicts(item: EvalItem, answer: Answer) -> dict[str, Any]:
    cited = [c.doc_id for c in answer.citations]
    held, shown = claim_citations_holding_answer([c.quote for c in answer.citations], item.answers)
    if item.unanswerable:
        return {"abstained_correctly": answer.abstained, "confidently_wrong": not answer.abstained and bool(cited),
                "claim_cites_holding": 0, "claim_cites_total": shown}
    good, total = cited_from_sources(cited, item.sources)
    correct = answer_correct(answer.text, answer.abstained, item.answers)
    return {
        "correct": correct,
        "cited_expected": good, "cited_total": total, "citation_recall": citation_recall(cited, item.sources),
        "confidently_wrong": not answer.abstained and not correct and bool(cited),
        "claim_cites_holding": held, "claim_cites_total": shown,
    }


def result_from_answer(item: EvalItem, answer: Answer, k: int) -> ItemResult:
    hits = hit_records(answer.passages)
    t = answer.timings
    return ItemResult(
        item=item, hits=hits,
        timings={"retrieval_ms": t.retrieval_ms, "first_token_ms": t.first_token_ms, "total_ms": t.total_ms},
        answer=answer.text, abstained=answer.abstained,
        citations=tuple({"n": c.n, "doc_id": c.doc_id, "chunk_id": c.chunk_id, "quote": c.quote,
                         "span_start": c.span_start, "span_end": c.span_end, "span": c.span} for c in answer.citations),
        out_of_range=out_of_range_count(answer), backend=answer.backend, model=answer.model, notes=answer.notes,
        checks=tuple({"check": v.check, "passed": v.passed, "subject": v.subject, "reason": v.reason} for v in answer.verdicts),
        verdicts={**retrieval_verdicts(item, hits, k), **answer_verdicts(item, answer)},
    )


def result_from_hits(item: EvalItem, hits: Sequence[Hit], retrieval_ms: float, k: int) -> ItemResult:
    records = hit_records(hits)
    return ItemResult(item=item, hits=records, timings={"retrieval_ms": retrieval_ms}, verdicts=retrieval_verdicts(item, records, k))


# ---------------------------------------------------------------- aggregation
def summarize(results: Sequence[ItemResult], k: int, retrieval_only: bool) -> dict[str, Any]:
    summary = aggregate(results, k, retrieval_only)
    summary["by_language"] = {
        lang: aggregate(subset, k, retrieval_only) for lang in LANGUAGES if (subset := [r for r in results if r.item.language == lang])
    }
    summary["by_article"] = {doc: aggregate(rs, k, retrieval_only) for doc, rs in by_article(results).items()}
    return summary


def by_article(results: Sequence[ItemResult]) -> dict[str, list[ItemResult]]:
    """Answerable results grouped by expected source (a two-article item counts for both)."""
    groups: dict[str, list[ItemResult]] = {}
    for r in results:
        for doc in r.item.sources:
            groups.setdefault(doc, []).append(r)
    return dict(sorted(groups.items()))


def aggregate(results: Sequence[ItemResult], k: int, retrieval_only: bool) -> dict[str, Any]:
    answerable = [r.verdicts for r in results if not r.item.unanswerable]
    out: dict[str, Any] = {
        "n": len(results), "n_answerable": len(answerable), "k": k,
        "hit_at_1": mean(v["hit_at_1"] for v in answerable), "hit_at_k": mean(v["hit_at_k"] for v in answerable),
        "mrr": mean(v["reciprocal_rank"] for v in answerable), "recall_at_k": mean(v["recall_at_k"] for v in answerable),
        "ndcg_at_k": mean(v["ndcg_at_k"] for v in answerable),
        "latency_ms": {"retrieval": percentiles(r.timings.get("retrieval_ms") for r in results)},
    }
    if not retrieval_only:
        out.update(_answer_aggregate(results, answerable))
    return out


def _answer_aggregate(results: Sequence[ItemResult], answerable: list[dict]) -> dict[str, Any]:
    precision, recall = abstention_scores([bool(r.abstained) for r in results], [r.item.unanswerable for r in results])
    latency = {name: percentiles(r.timings.get(f"{name}_ms") for r in results) for name in ("first_token", "total")}
    answered = [r for r in results if r.abstained is False]
    wrong = sum(1 for r in results if r.verdicts.get("confidently_wrong"))
    return {
        "answer_precision": answer_precision(answered),
        "answer_coverage": mean(0.0 if r.abstained else 1.0 for r in results if not r.item.unanswerable),
        "confidently_wrong": wrong, "confidently_wrong_rate": wrong / len(results) if results else None,
        "claim_citation_precision": micro_precision((r.verdicts["claim_cites_holding"], r.verdicts["claim_cites_total"])
                                                    for r in answered),
        "answer_accuracy": mean(float(v["correct"]) for v in answerable),
        "citation_precision": micro_precision((v["cited_expected"], v["cited_total"]) for v in answerable),
        "citation_recall": mean(v["citation_recall"] for v in answerable),
        "out_of_range_markers": sum(r.out_of_range for r in results),
        "abstain_precision": precision, "abstain_recall": recall,
        "n_unanswerable": sum(1 for r in results if r.item.unanswerable),
        "latency_ms": {"retrieval": percentiles(r.timings.get("retrieval_ms") for r in results), **latency,
                       "timed": sum(1 for r in results if r.timings.get("first_token_ms") is not None)},
    }


def answer_precision(answered: Sequence[ItemResult]) -> float | None:
    """Right among the answers given: an answer to an unanswerable question is a wrong one."""
    return mean(0.0 if r.item.unanswerable else float(r.verdicts["correct"]) for r in answered)


# ---------------------------------------------------------------- running
class SearchesPassages(Protocol):
    def search(self, query: str, k: int) -> list[Hit]: ...


AnswerFn = Callable[[str, list[Turn]], Answer]


@dataclass
class EvalRun:
    """A finished run, as the CLI and the app's eval tab show it."""

    summary: dict[str, Any]
    results: list[ItemResult]
    out_dir: Path
    report_path: Path
    chart_paths: list[Path]

    @property
    def failures(self) -> list[dict]:
        return [r.to_json() for r in self.results if r.failed]


def run_eval(
    settings: Settings,
    items: Sequence[EvalItem],
    *,
    retrieval_only: bool,
    answer_fn: AnswerFn | None = None,
    retriever: SearchesPassages | None = None,
    out_dir: Path | str,
    progress: bool = True,
    title: str = "",
) -> EvalRun:
    """Ask every item, score it, and write results.jsonl, summary.json, report.md and charts."""
    from rag import report

    _check_follow_ups(items)
    k = settings.top_k
    if retrieval_only:
        results = _search_all(items, retriever or default_retriever(settings), k, progress)
    else:
        results = _answer_all(items, answer_fn or default_answer_fn(settings), k, progress)
    summary = summarize(results, k, retrieval_only)
    summary["settings"] = settings_record(settings, retrieval_only) | _answered_by(results)
    written = report.write_run(Path(out_dir), results, summary, retrieval_only, title)
    return EvalRun(summary, results, Path(out_dir), written.report, written.charts)


def _check_follow_ups(items: Sequence[EvalItem]) -> None:
    seen: set[str] = set()
    for item in items:
        if item.follows and item.follows not in seen:
            raise RagError(f"item {item.id!r} follows {item.follows!r}, which is not asked before it; include it in the run")
        seen.add(item.id)


def _progress(items: Sequence[EvalItem], progress: bool, what: str):
    from tqdm import tqdm

    return tqdm(items, desc=what, unit="q", disable=not progress, leave=False)


def _search_all(items: Sequence[EvalItem], retriever: SearchesPassages, k: int, progress: bool) -> list[ItemResult]:
    asked = {i.id: i.question for i in items}
    results = []
    for item in _progress(items, progress, "retrieval"):
        query = f"{asked[item.follows]} {item.question}" if item.follows else item.question
        started = time.perf_counter()
        hits = retriever.search(query, k)
        results.append(result_from_hits(item, hits, (time.perf_counter() - started) * 1000, k))
    return results


def _answer_all(items: Sequence[EvalItem], answer_fn: AnswerFn, k: int, progress: bool) -> list[ItemResult]:
    turns: dict[str, list[Turn]] = {}  # id -> the conversation up to and including that item
    results = []
    for item in _progress(items, progress, "answers"):
        history = list(turns.get(item.follows, [])) if item.follows else []
        answer = answer_fn(item.question, history)
        turns[item.id] = history + [Turn(item.question, answer.text)]
        results.append(result_from_answer(item, answer, k))
    return results


def settings_record(settings: Settings, retrieval_only: bool) -> dict[str, Any]:
    record = {
        "mode": settings.mode, "top_k": settings.top_k, "embedding_model": Path(settings.resolved_embedding_model()).name,
        "chunk_size": settings.chunk_size, "chunk_overlap": settings.chunk_overlap,
    }
    if not retrieval_only:
        record["llm"] = settings.llm
    return record


def _answered_by(results: Sequence[ItemResult]) -> dict[str, str]:
    answered = next((r for r in results if r.backend), None)
    return {"backend": answered.backend, "model": answered.model} if answered else {}


# ---------------------------------------------------------------- real parts (lazy: heavy)
class ModeRetriever:
    """A Retriever pinned to one mode, behind the `search(query, k)` that run_eval calls."""

    def __init__(self, retriever: Any, mode: str) -> None:
        self.retriever, self.mode = retriever, mode

    def search(self, query: str, k: int) -> list[Hit]:
        return self.retriever.search(query, k=k, mode=self.mode)


def default_retriever(settings: Settings) -> Any:
    from rag.embeddings import load_embedder
    from rag.index import ensure_index, load_index
    from rag.retrieval import Retriever

    embedder = load_embedder(settings)
    ensure_index(settings, embedder)
    return ModeRetriever(Retriever(load_index(settings), embedder, settings), settings.mode)


def default_answer_fn(settings: Settings, replies: str | None = None) -> AnswerFn:
    """Our pipeline; with `replies` (a JSONL file) the model's replies are stored there and
    reused when the same prompt comes again, so a change to verification alone re-checks in seconds."""
    from rag.llm import ReplayingChat, select_chat_model
    from rag.pipeline import Pipeline

    chat = ReplayingChat(select_chat_model(settings)[0], Path(replies)) if replies else None
    pipeline = Pipeline(settings, chat=chat)
    return lambda question, history: pipeline.answer(question, history)


# ---------------------------------------------------------------- `rag eval`
def of_split(items: list[EvalItem], split: str, source: str = "the eval set") -> list[EvalItem]:
    """The items of one split ("all": every item); a split with none is a RagError naming `source`."""
    if split == "all":
        return items
    chosen = [i for i in items if i.split == split]
    if not chosen:
        raise RagError(f"{source} has no {split!r} questions")
    return chosen


def run_eval_command(settings: Settings, args: Any) -> int:
    from rag import compare, report

    path = Path(args.questions) if args.questions else PROJECT_ROOT / "eval_questions.yaml"
    items = of_split(load_eval_set(path, settings.seeds_dir), getattr(args, "split", "all"), path.name)
    if args.limit is not None:
        if args.limit < 1:
            raise RagError("--limit must be at least 1")
        items = items[: args.limit]
    out_dir = Path(args.out) if args.out else default_out_dir()
    if args.compare:
        table = compare.run_compare(settings, items, retrieval_only=args.retrieval_only, out_dir=out_dir,
                                    baselines=[b for b in (args.baselines or "").split(",") if b],
                                    replies=Path(args.replies) if getattr(args, "replies", None) else None)
        print(table)
    else:
        answer_fn = None if args.retrieval_only else default_answer_fn(settings, getattr(args, "replies", None))
        run = run_eval(settings, items, retrieval_only=args.retrieval_only, answer_fn=answer_fn, out_dir=out_dir,
                       title=path.name)
        print(report.format_summary(run.summary))
    print(f"\nreport: {out_dir / 'report.md'}")
    return 0


def default_out_dir() -> Path:
    return PROJECT_ROOT / "eval_out" / datetime.now().strftime("%Y%m%d-%H%M%S")
