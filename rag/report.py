"""Eval outputs: results.jsonl, summary.json, report.md, PNG charts, text tables.

Only presentation lives here; every number comes from `rag.evaluate.summarize`.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from rag.errors import RagError
from rag.paths import Ownership, require_ours

if TYPE_CHECKING:
    from rag.evaluate import ItemResult

# (summary key, label): the order of rows in every table.
RETRIEVAL_ROWS = [("hit_at_1", "hit@1"), ("hit_at_k", "hit@k"), ("recall_at_k", "recall@k"), ("mrr", "MRR"), ("ndcg_at_k", "nDCG@k")]
ANSWER_ROWS = [
    ("answer_accuracy", "answer accuracy"), ("citation_precision", "citation precision"),
    ("citation_recall", "citation recall"), ("abstain_precision", "abstain precision"),
    ("abstain_recall", "abstain recall"), ("out_of_range_markers", "out-of-range markers"),
]
LATENCIES = ["retrieval", "first_token", "total"]
# An eval output folder is ours when it holds an earlier run's files (they are overwritten).
EVAL_OUT_OWNER = Ownership(
    what="eval output folder",
    setting="--out",
    markers=frozenset({"summary.json", "results.jsonl", "compare.json", "report.md"}),
    known=frozenset({"by_language.png", "by_article.png", "latency.png"}),
)


@dataclass(frozen=True)
class Written:
    report: Path
    charts: list[Path]


def write_run(out_dir: Path, results: Sequence["ItemResult"], summary: dict, retrieval_only: bool, title: str = "") -> Written:
    require_ours(out_dir, EVAL_OUT_OWNER)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        with open(out_dir / "results.jsonl", "w", encoding="utf-8") as out:
            for r in results:
                out.write(json.dumps(r.to_json(), ensure_ascii=False) + "\n")
        write_json(out_dir / "summary.json", summary)
        charts = write_charts(out_dir, results, summary, retrieval_only)
        report = out_dir / "report.md"
        report.write_text(render_report(summary, results, charts, retrieval_only, title), encoding="utf-8")
    except OSError as exc:
        raise RagError(f"cannot write eval results to {out_dir}: {exc.strerror}; pass another --out folder") from None
    return Written(report, charts)


def write_json(path: Path, value: Any) -> None:
    path.write_text(json.dumps(value, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


# ---------------------------------------------------------------- numbers as text
def fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def fmt_ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:,.0f} ms"


def metric_rows(summary: dict) -> list[tuple[str, str]]:
    rows = RETRIEVAL_ROWS + (ANSWER_ROWS if "answer_accuracy" in summary else [])
    k = summary.get("k", "k")
    return [(key, label.replace("@k", f"@{k}")) for key, label in rows]


def summary_columns(summary: dict) -> list[tuple[str, dict]]:
    return [("all", summary)] + list(summary.get("by_language", {}).items())


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> str:
    """A Markdown table (also readable as plain text)."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(row) + " |" for row in rows]
    return "\n".join(lines)


def format_summary(summary: dict) -> str:
    """The summary table the CLI prints: metrics by row, all / ko / en by column."""
    columns = summary_columns(summary)
    header = ["metric"] + [f"{name} (n={s['n']})" for name, s in columns]
    rows = [[label] + [fmt(s.get(key)) for _, s in columns] for key, label in metric_rows(summary)]
    for name in LATENCIES:
        if name in summary["latency_ms"]:
            rows.append([f"{name} p50 / p95"] + [_latency_cell(s, name) for _, s in columns])
    return table(header, rows)


def _latency_cell(summary: dict, name: str) -> str:
    p = summary["latency_ms"].get(name, {})
    return f"{fmt_ms(p.get('p50'))} / {fmt_ms(p.get('p95'))}"


def format_by_article(summary: dict) -> str:
    keys = ["hit_at_1", "hit_at_k", "mrr"] + (["answer_accuracy", "citation_recall"] if "answer_accuracy" in summary else [])
    labels = dict(metric_rows(summary))
    rows = [[doc, str(s["n"])] + [fmt(s.get(key)) for key in keys] for doc, s in summary.get("by_article", {}).items()]
    return table(["article", "n"] + [labels[key] for key in keys], rows)


# ---------------------------------------------------------------- report.md
def render_report(summary: dict, results: Sequence["ItemResult"], charts: Sequence[Path], retrieval_only: bool, title: str = "") -> str:
    kind = "retrieval only" if retrieval_only else "full (answers)"
    settings = ", ".join(f"{k}={v}" for k, v in summary.get("settings", {}).items())
    parts = [
        f"# Eval report{': ' + title if title else ''}", f"{len(results)} questions, {kind}. Settings: {settings}.",
        "## Summary", format_summary(summary),
        "## By article", "Answerable questions by expected source (two-article questions count for both).", format_by_article(summary),
        "## Charts", "\n".join(f"![{p.stem}]({p.name})" for p in charts),
        "## Failures", render_failures(results, retrieval_only),
    ]
    return "\n\n".join(parts) + "\n"


def render_failures(results: Sequence["ItemResult"], retrieval_only: bool) -> str:
    failed = [r for r in results if r.failed]
    if not failed:
        return "None."
    return "\n\n".join(_failure_block(r, retrieval_only) for r in failed)


def _failure_block(r: "ItemResult", retrieval_only: bool) -> str:
    item = r.item
    expected = "abstain (unanswerable)" if item.unanswerable else f"one of {list(item.answers)} from {list(item.sources)}"
    lines = [f"### {item.id} ({item.language})", f"- question: {item.question}", f"- expected: {expected}"]
    retrieved = ", ".join(f"{h['rank']}. {h['chunk_id']}" for h in r.hits) or "nothing"
    lines.append(f"- retrieved: {retrieved}")
    if not retrieval_only:
        lines.append(f"- answer{' (abstained)' if r.abstained else ''}: {_one_line(r.answer or '')}")
        lines += [f"  - [{c['n']}] {c['doc_id']}: {_one_line(c['quote'])}" for c in r.citations] or ["  - no citations"]
        lines += [f"- verification: {_one_line(note)}" for note in r.notes]
    return "\n".join(lines)


def _one_line(text: str, width: int = 300) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= width else flat[: width - 1] + "…"


# ---------------------------------------------------------------- charts
def _pyplot():
    import matplotlib

    matplotlib.use("Agg")  # files only: no display on servers or in CI
    import matplotlib.pyplot as plt

    return plt


def write_charts(out_dir: Path, results: Sequence["ItemResult"], summary: dict, retrieval_only: bool) -> list[Path]:
    plt = _pyplot()
    keys = ["hit_at_1", "hit_at_k", "mrr"] + ([] if retrieval_only else ["answer_accuracy", "citation_recall"])
    labels = dict(metric_rows(summary))
    charts = [
        _bar_chart(plt, out_dir / "by_language.png", "By language", summary.get("by_language", {}), keys, labels),
        _bar_chart(plt, out_dir / "by_article.png", "By article", summary.get("by_article", {}), keys, labels),
        _latency_chart(plt, out_dir / "latency.png", results),
    ]
    return charts


def _bar_chart(plt, path: Path, title: str, groups: dict[str, dict], keys: list[str], labels: dict) -> Path:
    fig, ax = plt.subplots(figsize=(max(6, 1.6 * len(groups) + 2), 4))
    width = 0.8 / len(keys)
    for i, key in enumerate(keys):
        values = [groups[g].get(key) or 0.0 for g in groups]
        ax.bar([x + i * width for x in range(len(groups))], values, width, label=labels[key])
    ax.set_xticks([x + width * (len(keys) - 1) / 2 for x in range(len(groups))])
    ax.set_xticklabels([f"{g[:12]}\n(n={groups[g]['n']})" for g in groups], fontsize=8)
    ax.set_ylim(0, 1.05)
    ax.set_title(title)
    ax.legend(fontsize=8, loc="upper left", bbox_to_anchor=(1.0, 1.0))  # outside: never hides a bar
    return _save(plt, fig, path)


def _latency_chart(plt, path: Path, results: Sequence["ItemResult"]) -> Path:
    fig, ax = plt.subplots(figsize=(7, 4))
    for name in LATENCIES:
        values = [r.timings[f"{name}_ms"] for r in results if r.timings.get(f"{name}_ms")]
        if values:
            ax.hist(values, bins=20, alpha=0.6, label=f"{name} (n={len(values)})")
    ax.set_xlabel("milliseconds")
    ax.set_ylabel("questions")
    ax.set_title("Latency distribution")
    ax.legend(fontsize=8)
    return _save(plt, fig, path)


def _save(plt, fig, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return path
