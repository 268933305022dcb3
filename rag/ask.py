"""`rag ask`: a thin shell that streams an answer and prints it (or its JSON)."""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping

from rag.config import Settings
from rag.pipeline import Pipeline
from rag.render import newest_first, page_label
from rag.types import Answer, Document, Reasking, Retrieved, page_at


def answer_to_json(answer: Answer, documents: Mapping[str, Document] | None = None) -> dict:
    return {
        "question": answer.question,
        "language": answer.language,
        "answer": answer.text,
        "abstained": answer.abstained,
        "citations": [
            {"n": c.n, "doc_id": c.doc_id, "chunk_id": c.chunk_id, "title": c.title, "outlet": c.outlet,
             "date": c.date, "start": c.start, "end": c.end, "quote": c.quote,
             "span_start": c.span_start, "span_end": c.span_end, "span": c.span, "page": _page(c, documents)}
            for c in answer.citations
        ],
        "passages": [
            {"rank": h.rank, "score": round(h.score, 6), "doc_id": h.chunk.doc_id, "chunk_id": h.chunk.chunk_id,
             "title": h.title, "start": h.chunk.start, "end": h.chunk.end, "text": h.chunk.text}
            for h in answer.passages
        ],
        "backend": answer.backend,
        "model": answer.model,
        "timings": {"retrieval_ms": answer.timings.retrieval_ms, "first_token_ms": answer.timings.first_token_ms,
                    "total_ms": answer.timings.total_ms},
        "retrieval_query": answer.retrieval_query,
        "notes": list(answer.notes),
        "verdicts": [{"check": v.check, "passed": v.passed, "subject": v.subject, "reason": v.reason}
                     for v in answer.verdicts],
        "error": answer.error,
    }


def run_ask_command(settings: Settings, question: str, as_json: bool) -> int:
    pipeline = Pipeline(settings)
    _ = pipeline.chat  # choose the backend before streaming, and say which
    print(pipeline.backend_notice, file=sys.stderr)
    final = None
    for item in pipeline.stream(question):
        if isinstance(item, Answer):
            final = item
        elif isinstance(item, Retrieved):
            if not as_json:
                _print_reading(item)
        elif isinstance(item, Reasking):
            if not as_json:  # the text above is withdrawn: the final answer is printed below it
                print(f"\n  ({item.reason})", flush=True)
        elif not as_json:
            print(item, end="", flush=True)
    if as_json:
        print(json.dumps(answer_to_json(final, pipeline.index.documents), ensure_ascii=False, indent=2))
    else:
        _print_answer(final, pipeline.index.documents)
    if final.error:  # the partial text was shown, marked incomplete; the exit code says it failed
        print(f"error: {final.error}", file=sys.stderr)
        return 1
    return 0


def _print_reading(retrieved: Retrieved) -> None:
    """The passages the answer will rest on, printed before the model starts writing."""
    print(f"Reading {len(retrieved.passages)} passages ({retrieved.retrieval_ms:.0f} ms):")
    for hit in retrieved.passages:
        print(f"  {hit.rank}. {hit.title or hit.chunk.doc_id} ({hit.chunk.chunk_id}): {' '.join(hit.chunk.text.split())[:100]}")
    print(flush=True)


def _page(citation, documents: Mapping[str, Document] | None) -> int | None:
    """The cited sentence's PDF page (1-based); None for other formats or an unknown document."""
    document = (documents or {}).get(citation.doc_id)
    return page_at(document, citation.start) if document else None


def _print_answer(answer: Answer, documents: Mapping[str, Document] | None = None) -> None:
    print("\n")
    print(("Answer: " if answer.language == "en" else "답변: ") + answer.text)
    for note in answer.notes:
        if not (answer.error and note == f"error: {answer.error}"):  # said once, as the last line
            print(f"  note: {note}", file=sys.stderr)
    if answer.citations:
        print("\nSources:")
    for c in newest_first(answer.citations):
        meta = ", ".join(x for x in (c.title, c.outlet, c.date, page_label(_page(c, documents))) if x)
        print(f"  [{c.n}] {meta} ({c.doc_id} {c.start}-{c.end})\n      “{c.quote}”")
        if c.span:
            print(f"      states: “{c.span}”")
    if answer.abstained and answer.passages:
        print("\nNearest passages:")
        for h in answer.passages[:3]:
            print(f"  {h.rank}. {h.title} ({h.chunk.doc_id}): {' '.join(h.chunk.text.split())[:160]}")
    t = answer.timings
    print(f"\n[{answer.backend} {answer.model} | retrieval {t.retrieval_ms:.0f} ms, first token {t.first_token_ms:.0f} ms, total {t.total_ms:.0f} ms]", file=sys.stderr)
