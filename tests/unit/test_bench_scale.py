"""`rag bench scale` at toy size: synthetic chunks from the index's vectors, recall against exact search, the table."""

from __future__ import annotations

import os
import pickle

import numpy as np
import pytest

from rag.bench_scale import K, bench_scale, measure_store, recall_at_k, store_builds, synthetic
from rag.cli import main
from rag.errors import RagError
from rag.store.faiss import exact_top


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


def _refuse_fork():
    raise AssertionError("os.fork called: a fork after OpenMP threads have run can hang in libgomp")


def test_a_store_is_built_from_data_in_a_spawned_child_never_a_fork(fake_settings, tmp_path, monkeypatch):
    monkeypatch.setattr(os, "fork", _refuse_fork)  # the "fork" start method calls it in this process; "spawn" does not
    base, rng = np.eye(8, 16, dtype=np.float32), np.random.default_rng(0)
    vectors, queries = synthetic(base, 500, 0.25, rng), synthetic(base, 20, 0.35, rng)
    np.save(tmp_path / "vectors.npy", vectors)
    builds = store_builds(fake_settings, 500, ("flat", "ivf", "milvus"), tmp_path / "vectors.npy")
    assert [b.name for b in builds] == ["faiss flat (exact)", "faiss ivf", "milvus-lite"]
    assert pickle.loads(pickle.dumps(builds)) == builds  # what crosses to the child is data, not a closure
    (tmp_path / "scratch").mkdir()
    figures = measure_store(builds[0], queries, exact_top(vectors, queries, K), tmp_path / "scratch")
    assert figures.name == "faiss flat (exact)" and figures.recall == 1.0 and len(figures.latencies_ms) == 20
    assert figures.detail == {"kind": "faiss", "index": "flat"} and figures.build_s > 0


def test_a_failing_child_is_one_line_naming_the_store(fake_settings, tmp_path):
    (build,) = store_builds(fake_settings, 500, ("hnsw",), tmp_path / "no-such.npy")
    (tmp_path / "scratch").mkdir()
    queries, truth = np.ones((10, 16), dtype=np.float32), np.zeros((10, K), dtype=np.int64)
    with pytest.raises(RagError, match=r"^bench scale: faiss hnsw: FileNotFoundError: .*no-such\.npy"):
        measure_store(build, queries, truth, tmp_path / "scratch")
