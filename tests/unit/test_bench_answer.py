"""The answer benchmark's tables: per question, and p50/p95 per design with the ratio."""

from rag.bench_answer import Row, per_question_table, summary_table


def rows():
    return [
        Row("q1", "sentences", "sentences", 700, 150, 12_000.0, 14_000.0, 20),
        Row("q1", "document", "document", 2_100, 2_070, 1_100.0, 3_100.0, 20),
        Row("q2", "sentences", "sentences", 650, 150, 11_000.0, 13_000.0, 30),
        Row("q2", "document", "sentences", 650, 150, 11_000.0, 13_000.0, 30),  # cross-document: read sentences
    ]


def test_each_question_shows_reused_and_prefilled_tokens():
    table = per_question_table(rows()).splitlines()
    assert table[0].startswith("| question | design | read | prompt tok | reused | prefilled |")
    assert "| q1 | document | document | 2100 | 2070 | 30 | 1,100 | 3,100 | 10.0 |" in table


def test_summary_gives_medians_per_design_and_the_ratio():
    table = summary_table(rows())
    first = next(line for line in table.splitlines() if line.startswith("| first token ms"))
    # sentences: median(12000, 11000) = 11500; document: median(1100, 11000) = 6050
    assert "| 11,500.0 |" in first and "| 6,050.0 |" in first and first.endswith("| 0.53x |")
