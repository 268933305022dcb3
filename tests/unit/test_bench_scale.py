"""`rag bench scale` at toy size: synthetic chunks from the index's vectors, recall against exact search, the table."""

from __future__ import annotations

import numpy as np
import pytest

from rag.bench_scale import bench_scale, recall_at_k, synthetic
from rag.cli import main
from rag.errors import RagError


def test_synthetic_chunks_are_unit_rows_near_their_real_sources():
    rng = np.random.default_rng(0)
    base = np.eye(8, 16, dtype=np.float32)
    rows = synthetic(base, 1000, 0.25, rng)
    assert rows.shape == (1000, 16) and rows.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(rows, axis=1), 1.0, rtol=1e-5)
    # Mostly made of two base rows: their share of each row's length is large, the rest small.
    top_two = np.sort(np.abs(rows[:, :8]), axis=1)[:, -2:]
    assert np.median(np.linalg.norm(top_two, axis=1)) > 0.9
    assert not np.allclose(synthetic(base, 5, 0.25, np.random.default_rng(1)), synthetic(base, 5, 0.25, np.random.default_rng(2)))


def test_recall_counts_true_neighbours_found():
    truth = np.array([[1, 2, 3], [4, 5, 6]])
    assert recall_at_k([[3, 2, 1], [4, 9, 8]], truth) == pytest.approx(4 / 6)
    assert recall_at_k([[1, 2, 3, 4], [6, 5, 4]], truth) == 1.0


def test_bench_scale_prints_one_row_per_store_with_exact_recall_for_flat(fake_index, fake_settings, capsys):
    assert bench_scale(fake_settings, chunks=3000, queries=20, stores="flat,ivf,milvus", embed=False) == 0
    out = capsys.readouterr().out
    rows = {line.split()[1]: line.split() for line in out.splitlines()
            if line.startswith(("faiss", "milvus-lite")) and ":" not in line}
    assert set(rows) >= {"flat", "ivf"} and "milvus-lite" in out
    assert rows["flat"][-1] == "1.000"  # flat is the truth
    assert float(rows["ivf"][-1]) >= 0.9
    assert "3,000 synthetic chunks (64-d" in out and "ivf: index ivf, lists" in out
    assert not [p for p in fake_settings.index_dir.parent.iterdir() if p.name.startswith(".bench-scale-")]


def test_bad_scale_options_are_one_line(fake_env, capsys):
    for argv, message in [(["--chunks", "5"], "--chunks must be at least 100"),
                          (["--chunks", "1000", "--stores", "qdrant"], "--stores takes"),
                          (["--chunks", "1000", "--queries", "1"], "--queries must be between")]:
        assert main(["bench", "scale", *argv, "--no-embed"]) == 1
        assert message in capsys.readouterr().err
    with pytest.raises(RagError, match="run `rag index` first"):
        bench_scale(fake_env, chunks=1000, embed=False)
