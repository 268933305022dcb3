"""Eval set loading, answer matching, metrics and eval runs, with fakes (no models)."""

from __future__ import annotations

import json
import math
from argparse import Namespace
from pathlib import Path

import pytest

from rag import evaluate as ev
from rag.compare import comparison_table
from rag.config import PROJECT_ROOT, Settings
from rag.errors import RagError
from rag.report import format_summary
from rag.types import Answer, Chunk, Citation, Hit, Timings, Turn

DOC_A, DOC_B = "001_alpha", "002_beta"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    folder = tmp_path / "seeds"
    folder.mkdir()
    (folder / f"{DOC_A}.txt").write_text("알파 문서", encoding="utf-8")
    (folder / f"{DOC_B}.md").write_text("beta document", encoding="utf-8")
    (folder / "notes.yaml").write_text("x: 1", encoding="utf-8")  # not a document: not a source id
    return folder


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "questions.yaml"
    path.write_text(text, encoding="utf-8")
    return path


GOOD = f"""
questions:
  - id: founded
    question: 알파는 언제 창립되었나요?
    answers: ["2010"]
    sources: [{DOC_A}]
  - id: size
    question: How big is beta?
    answers: ["1,729 km2", "1729"]
    sources: [{DOC_B}]
  - id: size-follow
    question: And its population?
    follows: size
    answers: ["397"]
    sources: [{DOC_B}, {DOC_A}]
  - id: budget
    question: What is the budget of alpha?
    unanswerable: true
"""


# ---------------------------------------------------------------- loading
def test_load_eval_set_reads_every_field(tmp_path, seeds):
    items = ev.load_eval_set(write(tmp_path, GOOD), seeds)
    assert [i.id for i in items] == ["founded", "size", "size-follow", "budget"]
    assert items[0].language == "ko" and items[1].language == "en"
    assert items[2].follows == "size" and items[2].sources == (DOC_B, DOC_A)
    assert items[3].unanswerable and items[3].answers == () and items[3].sources == ()


def test_the_shipped_eval_set_meets_the_issue_counts():
    items = ev.load_eval_set(PROJECT_ROOT / "eval_questions.yaml", PROJECT_ROOT / "seeds")
    langs = [i.language for i in items]
    per_article = {doc: sum(doc in i.sources for i in items) for doc in ev.seed_ids(PROJECT_ROOT / "seeds")}
    assert len(items) >= 60 and langs.count("ko") >= 25 and langs.count("en") >= 25
    assert min(per_article.values()) >= 8
    assert sum(len(i.sources) >= 2 for i in items) >= 6
    assert sum(i.unanswerable for i in items) >= 10
    assert sum(i.follows is not None for i in items) >= 3


BAD_ITEMS = [
    ("  - {id: q1, question: 'Q?', answers: ['a'], sources: [001_alpha], hint: x}", "'q1'", "unknown key 'hint'"),
    ("  - {id: q1, answers: ['a'], sources: [001_alpha]}", "'q1'", "missing or empty 'question'"),
    ("  - {question: 'Q?', answers: ['a'], sources: [001_alpha]}", "#1", "missing or empty 'id'"),
    ("  - {id: q1, question: 'Q?', sources: [001_alpha]}", "'q1'", "missing 'answers'"),
    ("  - {id: q1, question: 'Q?', answers: ['a']}", "'q1'", "missing 'sources'"),
    ("  - {id: q1, question: 'Q?', answers: ['a'], sources: [999_nowhere]}", "'q1'", "unknown source id '999_nowhere'"),
    ("  - {id: q1, question: 'Q?', answers: ['a'], sources: [notes]}", "'q1'", "unknown source id 'notes'"),
    ("  - {id: q1, question: 'Q?', unanswerable: true, answers: ['a']}", "'q1'", "must not have answers"),
    ("  - {id: q1, question: 'Q?', answers: 2010, sources: [001_alpha]}", "'q1'", "must be a list"),
    ("  - {id: q1, question: 'Q?', unanswerable: 'yes'}", "'q1'", "true or false"),
    ("  - {id: q1, question: 'Q?', unanswerable: true, follows: q0}", "'q1'", "follows 'q0'"),
]


@pytest.mark.parametrize("line, names, says", BAD_ITEMS)
def test_bad_items_are_refused_naming_the_item(tmp_path, seeds, line, names, says):
    path = write(tmp_path, "questions:\n" + line + "\n")
    with pytest.raises(RagError) as caught:
        ev.load_eval_set(path, seeds)
    message = str(caught.value)
    assert "questions.yaml" in message and names in message and says in message
    assert "\n" not in message


def test_duplicate_ids_and_later_follows_are_refused(tmp_path, seeds):
    twice = "questions:\n  - {id: q1, question: 'A?', unanswerable: true}\n  - {id: q1, question: 'B?', unanswerable: true}\n"
    with pytest.raises(RagError, match="'q1': duplicate id"):
        ev.load_eval_set(write(tmp_path, twice), seeds)
    later = "questions:\n  - {id: q1, question: 'A?', unanswerable: true, follows: q2}\n  - {id: q2, question: 'B?', unanswerable: true}\n"
    with pytest.raises(RagError, match="'q1': follows 'q2'"):
        ev.load_eval_set(write(tmp_path, later), seeds)


@pytest.mark.parametrize("text, says", [
    ("questions: [\n  - id: x\n", "not valid YAML"),
    ("- id: x\n", "top-level `questions:`"),
    ("questions: []\n", "top-level `questions:`"),
    ("questions:\n  - {id: x, question: 'Q?', unanswerable: true}\nextra: 1\n", "top-level `questions:`"),
])
def test_bad_files_are_refused_naming_the_file(tmp_path, seeds, text, says):
    with pytest.raises(RagError, match=says) as caught:
        ev.load_eval_set(write(tmp_path, text), seeds)
    assert "questions.yaml" in str(caught.value)


def test_missing_file_says_how_to_pass_one(tmp_path, seeds):
    with pytest.raises(RagError, match="--questions"):
        ev.load_eval_set(tmp_path / "nope.yaml", seeds)


# ---------------------------------------------------------------- matching
@pytest.mark.parametrize("answer, accepted", [
    ("WeGO는 2010년에 창립되었습니다 [1].", ["2010"]),
    ("It is in KUALA LUMPUR.", ["Kuala Lumpur"]),
    ("인구는 115만8천 명입니다.", ["115만 8천"]),
    ("넓이는 １,７２９㎢입니다.", ["1729"]),  # full-width digits and comma
    ("The area is 1,729 km².", ["1729km2"]),
    ("About 2,070,000 people.", ["2070000"]),
    ("쿠알라룸푸르입니다.", ["Kuala Lumpur", "쿠알라룸푸르"]),
    ("Ｔｒｕｓｔ Ｓｑｕａｒｅ", ["trust square"]),
])
def test_matches_ignores_case_width_spaces_and_thousands_separators(answer, accepted):
    assert ev.matches(answer, accepted)


@pytest.mark.parametrize("answer, accepted", [
    ("WeGO was founded in 2011 [2010].", ["2010"]),  # a citation marker is not a number
    ("The documents do not contain this.", ["2010"]),
    ("Kuala", ["Kuala Lumpur"]),
    ("1, 729", ["1729"]),  # a comma and a space is a list, not a thousands separator
    ("anything", ["", "  "]),  # empty accepted answers never match
])
def test_matches_refuses(answer, accepted):
    assert not ev.matches(answer, accepted)


def test_an_abstaining_answer_is_never_correct():
    assert ev.answer_correct("2010", abstained=False, accepted=["2010"])
    assert not ev.answer_correct("2010", abstained=True, accepted=["2010"])


# ---------------------------------------------------------------- metrics
RANKED = ["b", "a", "b", "c", "a"]


def test_hit_recall_and_reciprocal_rank():
    assert ev.hit_at(RANKED, ["a"], 1) == 0.0 and ev.hit_at(RANKED, ["a"], 2) == 1.0
    assert ev.hit_at([], ["a"], 5) == 0.0
    assert ev.recall_at(RANKED, ["a", "c"], 2) == 0.5 and ev.recall_at(RANKED, ["a", "c"], 4) == 1.0
    assert ev.reciprocal_rank(RANKED, ["c"]) == 0.25
    assert ev.reciprocal_rank(RANKED, ["a", "c"]) == 0.5
    assert ev.reciprocal_rank(RANKED, ["z"]) == 0.0


def test_ndcg_counts_each_expected_document_once():
    assert ev.ndcg_at(["a", "x"], ["a"], 5) == 1.0
    assert ev.ndcg_at(["a", "a", "a"], ["a"], 5) == 1.0  # repeats of one doc do not inflate it
    assert ev.ndcg_at(["x", "a"], ["a"], 5) == pytest.approx(1 / math.log2(3))
    two = ev.ndcg_at(["a", "x", "b"], ["a", "b"], 5)
    assert two == pytest.approx((1 + 1 / math.log2(4)) / (1 + 1 / math.log2(3)))
    assert ev.ndcg_at(["x", "y", "a"], ["a"], 2) == 0.0


def test_citation_precision_and_recall():
    assert ev.cited_from_sources(["a", "x", "a"], ["a"]) == (2, 3)
    assert ev.micro_precision([(2, 3), (0, 1), (0, 0)]) == 0.5
    assert ev.micro_precision([(0, 0)]) is None
    assert ev.citation_recall(["x", "a"], ["a", "b"]) == 1.0
    assert ev.citation_recall([], ["a"]) == 0.0


def test_abstention_precision_and_recall_edges():
    assert ev.abstention_scores([True, True, False, False], [True, False, True, False]) == (0.5, 0.5)
    assert ev.abstention_scores([False, False], [True, False]) == (None, 0.0)  # never abstained
    assert ev.abstention_scores([True, False], [False, False]) == (0.0, None)  # nothing unanswerable
    assert ev.abstention_scores([True, True], [True, True]) == (1.0, 1.0)


def test_percentiles_and_mean():
    assert ev.percentiles([10.0, 20.0, 30.0, 40.0, 50.0]) == {"p50": 30.0, "p95": pytest.approx(48.0)}
    assert ev.percentiles([]) == {"p50": None, "p95": None}
    assert ev.mean([1.0, None, 0.0]) == 0.5 and ev.mean([]) is None


def test_out_of_range_markers_are_counted_from_notes():
    answer = Answer("q", "en", "x", False, notes=("out-of-range citation [7] removed", "out-of-range citation [9] removed", "other"))
    assert ev.out_of_range_count(answer) == 2


# ---------------------------------------------------------------- runs with fakes
def hit(doc_id: str, rank: int) -> Hit:
    return Hit(Chunk(f"{doc_id}#{rank}", doc_id, 0, 4, "text"), score=1.0 / rank, rank=rank)


class FakeRetriever:
    """Returns DOC_A first for Korean questions, DOC_B first otherwise; records queries."""

    def __init__(self):
        self.queries: list[str] = []

    def search(self, query: str, k: int) -> list[Hit]:
        self.queries.append(query)
        first, second = (DOC_A, DOC_B) if "알파" in query else (DOC_B, DOC_A)
        return [hit(first, 1), hit(second, 2)][:k]


class FakeAnswers:
    """Scripted answers; records the history each question came with."""

    def __init__(self, replies: dict[str, tuple[str, bool, str | None]]):
        self.replies, self.histories = replies, {}

    def __call__(self, question: str, history: list[Turn]) -> Answer:
        self.histories[question] = list(history)
        text, abstained, cited = self.replies[question]
        cites = (Citation(1, cited, f"{cited}#1", "", "", "", 0, 4, "text"),) if cited else ()
        passages = (hit(cited or DOC_A, 1), hit(DOC_B, 2))
        return Answer(question, "en", text, abstained, citations=cites, passages=passages,
                      timings=Timings(10.0, 100.0, 200.0), notes=("out-of-range citation [4] removed",) if cited == DOC_B else ())


REPLIES = {
    "알파는 언제 창립되었나요?": ("2010년입니다 [1].", False, DOC_A),
    "How big is beta?": ("It is 1,729 km2 [1].", False, DOC_B),
    "And its population?": ("I do not know.", False, "003_gamma"),  # cites a document it should not
    "What is the budget of alpha?": ("The documents do not contain this.", True, None),
}
SUMMARY_KEYS = {"n", "hit_at_1", "hit_at_k", "mrr", "answer_accuracy", "citation_precision", "citation_recall",
                "abstain_precision", "abstain_recall", "latency_ms", "by_language"}


def test_full_run_writes_every_file_with_the_summary_keys(tmp_path, seeds):
    items = ev.load_eval_set(write(tmp_path, GOOD), seeds)
    answers = FakeAnswers(REPLIES)
    run = ev.run_eval(Settings(top_k=5), items, retrieval_only=False, answer_fn=answers, out_dir=tmp_path / "out", progress=False)
    out = tmp_path / "out"
    for name in ("results.jsonl", "summary.json", "report.md", "by_language.png", "by_article.png", "latency.png"):
        assert (out / name).is_file() and (out / name).stat().st_size > 0, name
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert SUMMARY_KEYS <= set(summary)
    assert summary["answer_accuracy"] == pytest.approx(2 / 3)
    assert summary["citation_precision"] == pytest.approx(2 / 3)
    assert summary["citation_recall"] == pytest.approx(2 / 3)
    assert summary["hit_at_1"] == pytest.approx(2 / 3)  # from the answer's passages
    assert (summary["abstain_precision"], summary["abstain_recall"]) == (1.0, 1.0)
    assert summary["out_of_range_markers"] == 1
    assert set(summary["latency_ms"]) == {"retrieval", "first_token", "total", "timed"}
    assert summary["latency_ms"]["total"] == {"p50": 200.0, "p95": 200.0}
    assert summary["latency_ms"]["timed"] == 4  # every answer was asked
    assert set(summary["by_language"]) == {"ko", "en"} and summary["by_language"]["ko"]["n"] == 1
    assert answers.histories["And its population?"] == [Turn("How big is beta?", "It is 1,729 km2 [1].")]
    assert answers.histories["How big is beta?"] == []
    assert [f["id"] for f in run.failures] == ["size-follow"]
    assert run.report_path == out / "report.md" and len(run.chart_paths) == 3
    records = [json.loads(line) for line in (out / "results.jsonl").read_text(encoding="utf-8").splitlines()]
    assert records[0]["citations"][0]["doc_id"] == DOC_A and records[0]["hits"][0]["rank"] == 1
    assert records[2]["verdicts"]["correct"] is False
    assert records[1]["notes"] == ["out-of-range citation [4] removed"] and records[0]["notes"] == []
    assert "size-follow" in run.report_path.read_text(encoding="utf-8")


def test_retrieval_only_run_has_only_retrieval_keys(tmp_path, seeds):
    items = ev.load_eval_set(write(tmp_path, GOOD), seeds)
    retriever = FakeRetriever()
    run = ev.run_eval(Settings(top_k=1), items, retrieval_only=True, retriever=retriever, out_dir=tmp_path / "r", progress=False)
    s = run.summary
    assert {"n", "hit_at_1", "hit_at_k", "mrr", "recall_at_k", "ndcg_at_k", "latency_ms", "by_language"} <= set(s)
    assert not {"answer_accuracy", "citation_precision", "abstain_recall"} & set(s)
    assert set(s["latency_ms"]) == {"retrieval"}
    # founded: DOC_A first (hit); size: DOC_B first (hit); follow-up: DOC_B first, both expected (recall 0.5 at k=1)
    assert s["hit_at_1"] == 1.0 and s["recall_at_k"] == pytest.approx((1 + 1 + 0.5) / 3)
    assert retriever.queries[2] == "How big is beta? And its population?"
    assert "answer accuracy" not in format_summary(s) and "hit@1" in format_summary(s)


def test_a_follow_up_without_its_first_question_is_refused(tmp_path, seeds):
    items = ev.load_eval_set(write(tmp_path, GOOD), seeds)
    with pytest.raises(RagError, match="'size-follow' follows 'size'"):
        ev.run_eval(Settings(), [items[2]], retrieval_only=True, retriever=FakeRetriever(), out_dir=tmp_path / "x", progress=False)


def test_eval_command_refuses_a_bad_file_naming_the_item(tmp_path, seeds, capsys):
    bad = write(tmp_path, f"questions:\n  - {{id: oops, question: 'Q?', answers: ['a'], sources: [{DOC_A}], note: 1}}\n")
    args = Namespace(questions=str(bad), retrieval_only=True, compare=False, limit=None, out=str(tmp_path / "o"))
    with pytest.raises(RagError, match="'oops': unknown key 'note'"):
        ev.run_eval_command(Settings(seeds_dir=seeds), args)


def test_comparison_table_has_one_row_per_system():
    retrieval = {"hit_at_1": 0.5, "hit_at_k": 1.0, "mrr": 0.75, "latency_ms": {"retrieval": {"p50": 1.0, "p95": 2.0}}}
    answers = {**retrieval, "answer_precision": 0.95, "answer_coverage": 0.85, "answer_accuracy": 0.8,
               "confidently_wrong": 1, "claim_citation_precision": 0.9, "abstain_precision": None,
               "abstain_recall": 0.0, "latency_ms": {"total": {"p50": 1234.0, "p95": 2000.0}}}
    text = comparison_table([("hybrid (ours)", retrieval), ("minilm", "skipped: not installed"), ("grounded", answers)], k=5)
    lines = text.splitlines()
    assert "hit@5" in lines[0] and "precision" in lines[0] and len(lines) == 5
    assert "| hybrid (ours) | – | – | – | – | – | – | – | 0.500 | 1.000 | 0.750 | – | – |" in lines[2]
    assert "| grounded | 0.950 | 0.850 | 0.800 | 1 |" in lines[4]
    assert "skipped: not installed" in lines[3]
    assert "0.800" in lines[4] and "n/a" in lines[4] and "1,234 ms" in lines[4]


def test_a_compared_answer_given_from_stored_replies_is_untimed():
    """Latency is the model's: an answer whose reply was replayed has no first-token or total time."""
    from rag.compare import _timed_only_when_asked

    class Chat:
        replayed = 0

    chat = Chat()

    def answer_fn(question, history=()):
        if question == "from memory":
            chat.replayed += 1
        return Answer(question=question, language="en", text="x", abstained=False, timings=Timings(5.0, 900.0, 1500.0))

    timed = _timed_only_when_asked(answer_fn, chat)
    assert timed("asked").timings == Timings(5.0, 900.0, 1500.0)
    assert timed("from memory").timings == Timings(5.0, None, None)
    assert comparison_table([("doc", {"latency_ms": {"first_token": {"p50": None, "p95": None}}})], k=5).count("–") >= 2


def test_eval_compare_keeps_the_replies_file(tmp_path, seeds, monkeypatch, capsys):
    """--replies with --compare stores and reuses the model's replies too (it was once dropped there)."""
    from rag import compare

    seen = {}

    def fake_compare(settings, items, **options):
        seen.update(options)
        return "table"

    monkeypatch.setattr(compare, "run_compare", fake_compare)
    good = write(tmp_path, GOOD)
    store = tmp_path / "replies.jsonl"
    args = Namespace(questions=str(good), retrieval_only=False, compare=True, limit=None, out=str(tmp_path / "o"),
                     baselines="sentences", replies=str(store))
    assert ev.run_eval_command(Settings(seeds_dir=seeds), args) == 0
    assert seen["replies"] == store and seen["baselines"] == ["sentences"]
