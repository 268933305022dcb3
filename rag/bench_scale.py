"""`rag bench scale --chunks N`: vector stores at collection sizes the seeds do not reach.

The chunks are synthetic but shaped like real ones: each is a random mix of
two real chunk/sentence vectors saved in index/ (EmbeddingGemma's, no new
embedding) plus Gaussian noise, normalised; queries are made the same way.
For every store: build time, resident memory (after the build, and its peak),
disk, one-at-a-time query latency (p50/p95) and recall@10 against exact
search. Then the real embedding model's throughput on the seeds' chunks, and
what embedding a million chunks would take on this machine.

Each store is built in a fresh (spawned) child process, so one store's memory
and threads never inflate the next one's figures. Not a forked one: a fork of
a process whose OpenMP threads have run (faiss, torch, llama.cpp) can hang in
libgomp, so the child gets the build as data (`StoreBuild`) and the chunks as
a .npy file, and builds the store itself.
"""

from __future__ import annotations

import dataclasses
import multiprocessing
import shutil
import subprocess
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from rag.bench import percentile
from rag.config import PROJECT_ROOT, Settings
from rag.errors import RagError
from rag.store.faiss import FaissStore, choose_index, exact_top

K = 10
# Norm of the noise added to each mix of two real vectors (the real vectors have norm 1):
# neighbours stay meaningful (the mix dominates) but no two chunks coincide.
CHUNK_NOISE = 0.25
QUERY_NOISE = 0.35
SEED = 20261201
# Synthetic rows made per step: bounds the temporary memory beside the result.
GENERATION_BLOCK = 100_000
# Milvus-lite (pure Python) is measured only up to this many chunks unless asked for.
MILVUS_LITE_MAX = 200_000
# How often the memory sampler reads the child's resident set.
RSS_SAMPLE_S = 0.05
STORES = ("flat", "approx", "ivf", "ivfpq", "hnsw", "milvus")
# The synthetic chunks as the children read them, in the run's scratch folder.
VECTORS_FILE = "chunk_vectors.npy"


@dataclass(frozen=True)
class StoreBuild:
    """One store to measure, as data: it crosses to a spawned child by pickle, which a closure cannot."""

    name: str  # the table's label
    kind: str  # a FAISS index type (flat, ivf, ivfpq, hnsw) or "milvus" (Milvus-lite)
    settings: Settings
    vectors: Path  # the chunks as .npy: read by the child rather than pickled through its arguments


@dataclass(frozen=True)
class StoreFigures:
    name: str
    build_s: float
    rss_mb: float  # resident after the build, above the process before it
    peak_mb: float  # highest resident during build and queries, above the same baseline
    disk_mb: float  # what the store writes into an index folder
    latencies_ms: list[float]
    recall: float
    detail: dict  # the store's describe(): index type and parameters

    @property
    def p50(self) -> float:
        return percentile(self.latencies_ms, 50)

    @property
    def p95(self) -> float:
        return percentile(self.latencies_ms, 95)


# ---------------------------------------------------------------- synthetic data


def real_vectors(settings: Settings) -> np.ndarray:
    """The chunk and sentence vectors saved by `rag index` (unit rows)."""
    from rag.index import CHUNK_VECTORS, SENTENCE_VECTORS

    parts = [settings.index_dir / CHUNK_VECTORS, settings.index_dir / SENTENCE_VECTORS]
    if not parts[0].is_file():
        raise RagError(f"no index vectors at {settings.index_dir}; run `rag index` first")
    vectors = np.concatenate([np.load(p, allow_pickle=False) for p in parts if p.is_file()]).astype(np.float32)
    if len(vectors) < 2:
        raise RagError("the index holds fewer than two vectors; nothing to build synthetic chunks from")
    return vectors


def synthetic(base: np.ndarray, count: int, noise: float, rng: np.random.Generator) -> np.ndarray:
    """`count` unit rows: a random mix of two base rows, plus noise of norm ~`noise`."""
    out = np.empty((count, base.shape[1]), dtype=np.float32)
    for start in range(0, count, GENERATION_BLOCK):
        n = min(GENERATION_BLOCK, count - start)
        first, second = rng.integers(0, len(base), n), rng.integers(0, len(base), n)
        share = rng.random(n, dtype=np.float32)[:, None]
        block = share * base[first] + (1 - share) * base[second]
        block += rng.standard_normal(block.shape, dtype=np.float32) * (noise / np.sqrt(base.shape[1]))
        block /= np.linalg.norm(block, axis=1, keepdims=True)
        out[start : start + n] = block
    return out


def recall_at_k(found: list[list[int]], truth: np.ndarray) -> float:
    """Share of the true top k that a store returned in its top k, over all queries."""
    hits = sum(len(set(rows[: truth.shape[1]]) & set(truth[i].tolist())) for i, rows in enumerate(found))
    return hits / truth.size


# ---------------------------------------------------------------- one store, in a child process


def measure_store(build: StoreBuild, queries: np.ndarray, truth: np.ndarray, scratch: Path) -> StoreFigures:
    """Build, save and query one store in a spawned child; its figures come back through a pipe."""
    # spawn, not fork: a forked child of a process that has run OpenMP threads can hang in libgomp.
    context = multiprocessing.get_context("spawn")
    receive, send = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(send, build, queries, truth, scratch))
    child.start()
    send.close()
    try:
        result = receive.recv()
    except EOFError:
        result = f"the child process died (exit code {child.exitcode}; out of memory?)"
    child.join()
    if isinstance(result, str):
        raise RagError(f"bench scale: {build.name}: {result}")
    return result


def _child(send, build: StoreBuild, queries: np.ndarray, truth: np.ndarray, scratch: Path) -> None:
    try:
        send.send(_measure_here(build, queries, truth, scratch))
    except BaseException as exc:  # noqa: BLE001 - reported by the parent as one line
        send.send(f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
    finally:
        send.close()


def _measure_here(build: StoreBuild, queries: np.ndarray, truth: np.ndarray, scratch: Path) -> StoreFigures:
    import psutil

    # Loaded before the baseline: the chunks are the input, not the store's memory.
    vectors = np.load(build.vectors, allow_pickle=False)
    process = psutil.Process()
    baseline = process.memory_info().rss
    peak = [baseline]
    stop = threading.Event()

    def sample() -> None:
        while not stop.wait(RSS_SAMPLE_S):
            peak[0] = max(peak[0], process.memory_info().rss)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.perf_counter()
    store = build_store(build, vectors, scratch)
    build_s = time.perf_counter() - started
    resident = process.memory_info().rss
    folder = scratch / "saved"
    folder.mkdir()
    store.save(folder)
    store = _reopened(store, folder)
    latencies, found = [], []
    store.search(queries[0], K)  # first query: lazy loading, not latency
    for query in queries:
        started = time.perf_counter()
        hits = store.search(query, K)
        latencies.append((time.perf_counter() - started) * 1000)
        found.append([h.row for h in hits])
    stop.set()
    sampler.join()
    mb = 1024 * 1024
    return StoreFigures(build.name, build_s, (resident - baseline) / mb, (max(peak[0], resident) - baseline) / mb,
                        _disk_bytes(folder) / mb, latencies, recall_at_k(found, truth), store.describe())


def _reopened(store, folder: Path):
    """A saved Milvus-lite store moved into `folder`: open it there (as `rag ask` would)."""
    if getattr(store, "kind", "") != "milvus" or getattr(store, "client", None) is not None:
        return store
    from rag.store.milvus import MilvusStore

    return MilvusStore.open(folder, store.describe(), None)


def _disk_bytes(folder: Path) -> int:
    return sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())


# ---------------------------------------------------------------- the stores


def store_builds(settings: Settings, count: int, wanted: tuple[str, ...], vectors: Path) -> list[StoreBuild]:
    """The stores `wanted` names, for `count` chunks saved at `vectors`, in the table's order."""
    # "approx": the index `auto` picks above faiss_flat_max (or the one RAG_FAISS_INDEX names).
    approx = settings.faiss_index if settings.faiss_index not in ("auto", "flat") else \
        choose_index(count, dataclasses.replace(settings, faiss_flat_max=0, faiss_index="auto"))
    kinds = dict.fromkeys(approx if name == "approx" else name for name in wanted)
    return [StoreBuild(_label(kind), kind, settings, vectors) for kind in kinds]


def _label(kind: str) -> str:
    if kind == "milvus":
        return "milvus-lite"
    return "faiss flat (exact)" if kind == "flat" else f"faiss {kind}"


def build_store(build: StoreBuild, vectors: np.ndarray, scratch: Path):
    """The store `build` describes, over `vectors` (run in the child)."""
    if build.kind != "milvus":
        return FaissStore.build(vectors, None, dataclasses.replace(build.settings, faiss_index=build.kind))
    from rag.store.milvus import MilvusStore  # pymilvus: only the Milvus child pays for importing it

    lite = dataclasses.replace(build.settings, milvus_uri="", index_dir=scratch / "index")
    return MilvusStore.build(lite, vectors, None)


# ---------------------------------------------------------------- embedding throughput


def embedding_throughput(settings: Settings) -> tuple[int, float]:
    """(chunks, seconds) to embed the seeds' chunks with the real model, batch size as in `rag index`."""
    from rag.embeddings import embed_documents, load_embedder
    from rag.index import load_index

    texts = [c.text for c in load_index(settings).chunks]
    embedder = load_embedder(settings)
    embedder.embed_batch(["warm-up"], "document")
    started = time.perf_counter()
    embed_documents(embedder, texts, False, settings.embedding_batch_size)
    return len(texts), time.perf_counter() - started


# ---------------------------------------------------------------- the command


def bench_scale(settings: Settings, chunks: int, queries: int = 200, stores: str | None = None,
                embed: bool = True) -> int:
    if chunks < 100:
        raise RagError("--chunks must be at least 100")
    if not 10 <= queries <= 10_000:
        raise RagError("--queries must be between 10 and 10000")
    wanted = _wanted_stores(stores, chunks)
    base = real_vectors(settings)
    rng = np.random.default_rng(SEED)
    started = time.perf_counter()
    vectors = synthetic(base, chunks, CHUNK_NOISE, rng)
    query_vectors = synthetic(base, queries, QUERY_NOISE, rng)
    made_s, vectors_mb = time.perf_counter() - started, vectors.nbytes / 2**20
    started = time.perf_counter()
    truth = exact_top(vectors, query_vectors, K)
    truth_s = time.perf_counter() - started
    print(f"{chunks:,} synthetic chunks ({vectors.shape[1]}-d, {vectors_mb:,.0f} MB) from {len(base)} real "
          f"vectors of {settings.index_dir} in {made_s:.1f} s; {queries} queries, exact top {K} in {truth_s:.1f} s; "
          f"commit {_commit()}", flush=True)
    scratch_root = Path(tempfile.mkdtemp(prefix=".bench-scale-", dir=settings.index_dir.parent))
    try:
        np.save(scratch_root / VECTORS_FILE, vectors, allow_pickle=False)
        del vectors  # the children read the file; a copy held here would only crowd their memory
        builds = store_builds(settings, chunks, wanted, scratch_root / VECTORS_FILE)
        figures = measure_stores(builds, query_vectors, truth, scratch_root)
    finally:
        shutil.rmtree(scratch_root, ignore_errors=True)
    print(f"every store's index folder also keeps chunk_vectors.npy ({vectors_mb:,.0f} MB)")
    for f in figures:
        print(f"{f.name}: {', '.join(f'{k} {v}' for k, v in f.detail.items() if k != 'kind')}")
    if "milvus" not in wanted:
        print(f"milvus-lite not measured (by default only up to {MILVUS_LITE_MAX:,} chunks: --stores ...,milvus)")
    if embed:
        count, seconds = embedding_throughput(settings)
        rate = count / seconds
        print(f"embedding: {count} seed chunks in {seconds:.1f} s = {rate:.2f} chunks/s "
              f"({settings.embedding_batch_size} per batch); 1,000,000 chunks would take {1e6 / rate / 3600:,.0f} h here")
    return 0


def measure_stores(builds: list[StoreBuild], queries: np.ndarray, truth: np.ndarray,
                   scratch_root: Path) -> list[StoreFigures]:
    """Each store's figures, one child at a time, its table row printed as soon as it is measured."""
    figures = []
    for build in builds:
        scratch = scratch_root / build.name.replace(" ", "_").replace("(", "").replace(")", "")
        scratch.mkdir()
        figures.append(measure_store(build, queries, truth, scratch))
        print(format_table(figures) if len(figures) == 1 else format_row(figures[-1]), flush=True)
        shutil.rmtree(scratch, ignore_errors=True)
    return figures


def _wanted_stores(stores: str | None, chunks: int) -> tuple[str, ...]:
    if stores is None:
        return ("flat", "approx", "milvus") if chunks <= MILVUS_LITE_MAX else ("flat", "approx")
    wanted = tuple(s.strip() for s in stores.split(",") if s.strip())
    unknown = [s for s in wanted if s not in STORES]
    if unknown or not wanted:
        raise RagError(f"--stores takes a comma-separated list of {', '.join(STORES)}, not {stores!r}")
    return wanted


def _commit() -> str:
    try:
        head = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT, capture_output=True, text=True,
                              timeout=10).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=PROJECT_ROOT,
                               capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return "unknown"
    return f"{head}{' (with uncommitted changes)' if dirty else ''}" if head else "unknown"


HEADER = f"{'store':<20} {'build s':>8} {'RSS MB':>8} {'peak MB':>8} {'disk MB':>8} {'p50 ms':>7} {'p95 ms':>7} {'recall@10':>9}"


def format_row(f: StoreFigures) -> str:
    return (f"{f.name:<20} {f.build_s:>8.1f} {f.rss_mb:>8,.0f} {f.peak_mb:>8,.0f} {f.disk_mb:>8,.0f} "
            f"{f.p50:>7.2f} {f.p95:>7.2f} {f.recall:>9.3f}")


def format_table(figures: list[StoreFigures]) -> str:
    return "\n".join([HEADER, "-" * len(HEADER)] + [format_row(f) for f in figures])
