"""`rag bench retrieval` times one split of the eval set, not all of it."""

from rag.bench import bench_questions


def test_bench_questions_come_from_one_split_and_stop_at_the_limit(tmp_path):
    path = tmp_path / "eval.yaml"
    path.write_text("questions:\n"
                    "  - {id: a, question: 'dev 질문'}\n"
                    "  - {id: b, question: 'test one', split: test}\n"
                    "  - {id: c, question: 'test two', split: test}\n", encoding="utf-8")
    assert bench_questions(path, split="test") == ["test one", "test two"]
    assert bench_questions(path, split="test", limit=1) == ["test one"]
    assert bench_questions(path, split="dev") == ["dev 질문"]
    assert len(bench_questions(path)) == 3
    assert bench_questions(path, split="holdout") == []
