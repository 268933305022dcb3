"""Documents -> a saved, self-describing index (faiss + BM25 + sentence vectors).

The index folder carries a manifest (model, settings, tokenizer, seed hashes,
versions) so a stale or mismatched index is detected without loading the
embedding model, and is written atomically so an interrupted build leaves the
previous index usable.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
import uuid
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Callable

import numpy as np

from rag.config import Settings
from rag.embeddings import FAKE_MODEL_ID, Embedder, Progress, is_local_model, load_embedder, resolved_dtype
from rag.errors import RagError
from rag.ingest.vectors import CHECKPOINT_DIR, VectorCache, embed_missing, model_key, text_key
from rag.paths import Ownership, require_ours
from rag.retrieval import TOKENIZER_NAME, tokenize, tokenizer_version
from rag.store import build_store, check_store, open_store, release_replaced, store_mismatch, wanted_store
from rag.types import Chunk, Document, Sentence

# Bumped whenever the files below change shape; an older index is rebuilt.
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
DOCUMENTS = "documents.json"
CHUNKS = "chunks.json"
SENTENCES = "sentences.json"
CHUNK_VECTORS = "chunk_vectors.npy"
SENTENCE_VECTORS = "sentence_vectors.npy"
BM25_DIR = "bm25"
# Saved document states of the embedded model (rag/doc_states.py): kept across rebuilds,
# since each is keyed by its document's text and is never loaded for another.
STATES_DIR = "states"
# What a vector store may write into the index folder (rag/store/faiss.py, milvus.py).
STORE_FILES = ("faiss.index", "milvus")
# Before the first build: EmbeddingGemma in fp32 on 2 cores embeds about 5 texts a second.
DEFAULT_SECONDS_PER_TEXT = 0.2
# A build expected to take longer than this is announced with its expected time.
LONG_BUILD_S = 120
# The index folder is ours when it holds our manifest or only our files (a damaged index).
INDEX_OWNER = Ownership(
    what="index folder",
    setting="RAG_INDEX_DIR",
    markers=frozenset({MANIFEST}),
    known=frozenset({DOCUMENTS, CHUNKS, SENTENCES, CHUNK_VECTORS, SENTENCE_VECTORS, BM25_DIR, STATES_DIR, CHECKPOINT_DIR,
                     *STORE_FILES}),
)


@dataclass
class Index:
    documents: dict[str, Document]
    chunks: list[Chunk]
    sentences: list[Sentence]
    chunk_vectors: np.ndarray
    sentence_vectors: np.ndarray
    bm25: Any  # bm25s.BM25 over the chunks' tokens, rows aligned with `chunks`
    manifest: dict
    # Dense and keyword search over the chunk rows (rag/store); exact FAISS when none is given.
    store: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.store is None:
            self.store = open_store(Path("."), None, self.chunk_vectors, self.bm25)
        self._chunks_by_id = {c.chunk_id: c for c in self.chunks}
        self._sentences_by_chunk: dict[str, list[Sentence]] = {}
        for s in self.sentences:
            self._sentences_by_chunk.setdefault(s.chunk_id, []).append(s)
        row_of = {c.chunk_id: row for row, c in enumerate(self.chunks)}
        # The chunk row each sentence belongs to (for sentence-level dense scores).
        self.sentence_chunk_rows = np.array([row_of[s.chunk_id] for s in self.sentences], dtype=np.int64)

    def document(self, doc_id: str) -> Document:
        return self.documents[doc_id]

    def chunk(self, chunk_id: str) -> Chunk:
        return self._chunks_by_id[chunk_id]

    def sentences_of(self, chunk_id: str) -> list[Sentence]:
        return self._sentences_by_chunk.get(chunk_id, [])

    def previous_text(self, sentence: Sentence) -> str:
        """The sentence before this one in its document, across chunk borders; "" for the first."""
        if sentence.sentence_id == 0:
            return ""
        before = self.sentences[sentence.sentence_id - 1]
        return before.text if before.doc_id == sentence.doc_id else ""

    def sentences_of_document(self, sentence: Sentence) -> list[Sentence]:
        """Every sentence of `sentence`'s document, in order: sentences are stored document by
        document, so this walks out from it rather than over the whole collection."""
        first = last = sentence.sentence_id
        while first > 0 and self.sentences[first - 1].doc_id == sentence.doc_id:
            first -= 1
        while last + 1 < len(self.sentences) and self.sentences[last + 1].doc_id == sentence.doc_id:
            last += 1
        return self.sentences[first : last + 1]

    def next_sentence(self, sentence: Sentence) -> Sentence | None:
        """The sentence after this one in its document, across chunk borders; None for the last."""
        following = sentence.sentence_id + 1
        if following >= len(self.sentences) or self.sentences[following].doc_id != sentence.doc_id:
            return None
        return self.sentences[following]


@dataclass(frozen=True)
class IndexStatus:
    rebuilt: bool
    reasons: list[str]
    counts: dict[str, int] = field(default_factory=dict)
    skipped: tuple = ()  # the loader's SkippedFile records


# ---------------------------------------------------------------- identity


def embedding_identity(settings: Settings) -> dict:
    """Which embedding model the settings name, without loading it."""
    model = settings.resolved_embedding_model()
    if model == FAKE_MODEL_ID:
        return {"model": FAKE_MODEL_ID, "fingerprint": {}}
    from rag.embeddings import require_model_folder
    from rag.models import embedding_fingerprint

    require_model_folder(model)
    name = Path(model).name if is_local_model(model) else model
    return {"model": name, "fingerprint": embedding_fingerprint(Path(model).expanduser())}


def document_signature(doc: Document) -> dict:
    """Raw-file hash plus a hash of the cleaned text and metadata (catches loader changes)."""
    content = json.dumps([doc.text, doc.title, doc.outlet, doc.date], ensure_ascii=False)
    return {"sha256": doc.sha256, "content_sha256": hashlib.sha256(content.encode("utf-8")).hexdigest()}


def expected_manifest(settings: Settings, documents: tuple[Document, ...] | list[Document]) -> dict:
    """The manifest fields an index built now from these settings would carry."""
    return {
        "format_version": FORMAT_VERSION,
        "embedding": embedding_identity(settings),
        "chunking": {"chunk_size": settings.chunk_size, "chunk_overlap": settings.chunk_overlap},
        "tokenizer": {"name": TOKENIZER_NAME, "version": tokenizer_version()},
        "store": wanted_store(settings),
        "seeds": {d.doc_id: document_signature(d) for d in documents},
    }


def setting_mismatches(manifest: dict, expected: dict) -> list[str]:
    """Differences in model, chunking, tokenizer and format (each one line)."""
    problems = []
    if manifest.get("format_version") != expected["format_version"]:
        problems.append(f"index format {manifest.get('format_version')} but this version uses {expected['format_version']}")
    built, wanted = manifest.get("embedding", {}), expected["embedding"]
    if built.get("model") != wanted["model"] or built.get("fingerprint") != wanted["fingerprint"]:
        problems.append(f"embedding model {_model_label(built)} but settings say {_model_label(wanted)}")
    for key, value in expected["chunking"].items():
        if manifest.get("chunking", {}).get(key) != value:
            problems.append(f"{key.replace('_', ' ')} {manifest.get('chunking', {}).get(key)} but settings say {value}")
    if manifest.get("tokenizer") != expected["tokenizer"]:
        problems.append(f"tokenizer {_tokenizer_label(manifest.get('tokenizer'))} but this install has {_tokenizer_label(expected['tokenizer'])}")
    if store_mismatch(manifest.get("store"), expected["store"]):
        problems.append(store_mismatch(manifest.get("store"), expected["store"]))
    return problems


def seed_changes(manifest: dict, expected: dict) -> list[str]:
    built, current = manifest.get("seeds", {}), expected["seeds"]
    changes = [f"seed {d} added" for d in current if d not in built]
    changes += [f"seed {d} removed" for d in built if d not in current]
    changes += [f"seed {d} changed" for d in current if d in built and built[d] != current[d]]
    return changes


def _model_label(identity: dict) -> str:
    files = identity.get("fingerprint", {}).get("files")
    if not files:
        return str(identity.get("model"))
    digest = hashlib.sha256(json.dumps(identity["fingerprint"], sort_keys=True).encode()).hexdigest()[:8]
    return f"{identity.get('model')} ({digest})"


def _tokenizer_label(tokenizer: dict | None) -> str:
    tokenizer = tokenizer or {}
    return f"{tokenizer.get('name')} {tokenizer.get('version')}"


# ---------------------------------------------------------------- build


def build_index(settings: Settings, embedder: Embedder, progress: Progress = True, documents=None, sentences: bool = True,
                before_embedding: Callable[[int], None] | None = None, previous: PreviousBuild | None = None) -> Index:
    """Load (unless given), chunk, embed what is new, index BM25.

    Vectors of texts the `previous` index holds (same model) or that a killed build
    checkpointed are reused, so only added or changed documents are embedded.
    `before_embedding(n)` hears how many texts are about to be embedded (the long part).
    """
    from rag.chunking import chunk_documents
    from rag.ingest.collection import load_collection

    documents = tuple(documents) if documents is not None else load_collection(settings).documents
    chunks, sentence_list = chunk_documents(documents, settings)
    sentence_list = sentence_list if sentences else []
    cache = _vector_cache(settings, embedder, previous)
    chunk_texts, sentence_texts = [c.text for c in chunks], [s.text for s in sentence_list]
    fresh = {text_key(t) for t in cache.missing(chunk_texts + sentence_texts)}
    if before_embedding:
        before_embedding(len(fresh))
    timings: dict[str, float] = {}
    started = time.perf_counter()
    embedded = embed_missing(embedder, cache, chunk_texts, progress, settings.embedding_batch_size, "embedding chunks")
    timings["embed_chunks_s"] = time.perf_counter() - started
    started = time.perf_counter()
    embedded += embed_missing(embedder, cache, sentence_texts, progress, settings.embedding_batch_size, "embedding sentences")
    timings["embed_sentences_s"] = time.perf_counter() - started
    dimension = _dimension(embedder, cache, previous)
    chunk_vectors, sentence_vectors = cache.vectors_for(chunk_texts, dimension), cache.vectors_for(sentence_texts, dimension)
    started = time.perf_counter()
    bm25 = build_bm25(chunk_texts)
    timings["bm25_s"] = time.perf_counter() - started
    started = time.perf_counter()
    store = build_store(settings, chunk_vectors, bm25)
    timings["store_s"] = time.perf_counter() - started
    manifest = _manifest(settings, embedder, documents, chunks, sentence_list, chunk_vectors, timings)
    manifest["store"] = store.describe()
    embedded_docs = sorted({t.doc_id for t in [*chunks, *sentence_list] if text_key(t.text) in fresh})
    manifest["build"] = _build_record(documents, chunks, sentence_list, previous, embedded_docs, embedded, cache.resumed)
    return Index({d.doc_id: d for d in documents}, list(chunks), list(sentence_list), chunk_vectors, sentence_vectors, bm25,
                 manifest, store)


@dataclass(frozen=True)
class PreviousBuild:
    """What a build reuses from the saved index: its manifest and its texts' vectors (no store opened)."""

    manifest: dict
    texts: list[str]
    vectors: np.ndarray  # rows aligned with `texts`: chunks, then sentences


def _vector_cache(settings: Settings, embedder: Embedder, previous: PreviousBuild | None) -> VectorCache:
    dtype = getattr(embedder, "dtype", resolved_dtype(settings.embedding_dtype))
    identity = embedding_identity(settings)
    cache = VectorCache(Path(settings.index_dir) / CHECKPOINT_DIR, model_key(identity, dtype), settings.checkpoint_texts)
    if previous is not None and _same_vectors(previous.manifest, identity, dtype):
        cache.add_index(previous.texts, previous.vectors)
    cache.load_checkpoints()
    return cache


def _same_vectors(manifest: dict, identity: dict, dtype: str) -> bool:
    built = manifest.get("embedding", {})
    return (built.get("model"), built.get("fingerprint"), built.get("dtype")) == (identity["model"], identity["fingerprint"], dtype)


def _dimension(embedder: Embedder, cache: VectorCache, previous: PreviousBuild | None) -> int:
    """Without loading the model when every vector was reused."""
    if cache.known:
        return int(len(next(iter(cache.known.values()))))
    if previous is not None:
        return int(previous.vectors.shape[1])
    return int(embedder.dimension)


def _build_record(documents, chunks, sentences, previous: PreviousBuild | None, embedded_docs: list[str], embedded: int,
                  resumed: int) -> dict:
    """What this build changed: documents new or edited, removed, and which ones it embedded."""
    before = previous.manifest.get("seeds", {}) if previous is not None else {}
    changed = sorted(d.doc_id for d in documents if before.get(d.doc_id) != document_signature(d))
    current = {d.doc_id for d in documents}
    return {
        "previous_built_at": previous.manifest.get("built_at", "") if previous is not None else "",
        "changed_documents": changed,  # new or edited since the previous index
        "embedded_documents": embedded_docs,  # with at least one text this process embedded
        "removed_documents": sorted(set(before) - current),
        "reused_documents": len(current) - len(changed),
        "embedded_texts": embedded,  # chunk and sentence texts this process embedded
        "resumed_texts": resumed,  # vectors a killed build had checkpointed
        "total_texts": len(chunks) + len(sentences),
    }


def build_bm25(texts: list[str]) -> Any:
    import bm25s

    bm25 = bm25s.BM25()
    bm25.index([tokenize(t) for t in texts], show_progress=False)
    return bm25


def _manifest(settings, embedder, documents, chunks, sentences, chunk_vectors, timings) -> dict:
    manifest = expected_manifest(settings, documents)
    manifest["embedding"]["dimension"] = int(chunk_vectors.shape[1])
    manifest["embedding"]["dtype"] = getattr(embedder, "dtype", resolved_dtype(settings.embedding_dtype))
    manifest["seed_files"] = {d.doc_id: Path(d.path).name for d in documents}
    manifest["document_chunks"] = _chunk_counts(documents, chunks)
    manifest["counts"] = {"documents": len(documents), "chunks": len(chunks), "sentences": len(sentences)}
    manifest["versions"] = library_versions()
    manifest["built_at"] = datetime.now(timezone.utc).isoformat(timespec="seconds")
    manifest["timings"] = {k: round(v, 3) for k, v in timings.items()}
    return manifest


def _chunk_counts(documents, chunks) -> dict[str, int]:
    counts = {d.doc_id: 0 for d in documents}
    for chunk in chunks:
        counts[chunk.doc_id] += 1
    return counts


def library_versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for package in ("faiss-cpu", "bm25s", "kiwipiepy", "sentence-transformers", "torch", "numpy"):
        try:
            versions[package] = version(package)
        except PackageNotFoundError:
            versions[package] = "not installed"
    return versions


# ---------------------------------------------------------------- save (atomic)


def save_index(index: Index, directory: Path) -> None:
    """Write into a temp folder beside `directory`, then swap it in by renames."""
    directory = Path(directory)
    require_ours(directory, INDEX_OWNER)
    try:
        directory.parent.mkdir(parents=True, exist_ok=True)
        _recover_interrupted_swap(directory)
        _remove_abandoned_builds(directory)
        temp = Path(tempfile.mkdtemp(prefix=f".{directory.name}.building-{os.getpid()}-", dir=directory.parent))
        previous_store = _saved_store(directory)
    except OSError as exc:
        raise RagError(f"cannot write the index to {directory}: {exc.strerror or exc}; check RAG_INDEX_DIR") from None
    try:
        _write_files(index, temp)
    except BaseException as exc:
        shutil.rmtree(temp, ignore_errors=True)
        if isinstance(exc, OSError):  # disk full, permissions: the old index stays
            raise RagError(f"cannot write the index to {directory}: {exc.strerror or exc}; the previous index is unchanged") from None
        raise
    _swap_in(temp, directory)
    release_replaced(previous_store, index.manifest.get("store", {}))


def _saved_store(directory: Path) -> dict | None:
    """The store the index being replaced used (a Milvus server collection is dropped once replaced)."""
    try:
        return json.loads((directory / MANIFEST).read_text(encoding="utf-8")).get("store")
    except (OSError, ValueError, AttributeError):
        return None


def _write_files(index: Index, folder: Path) -> None:
    _write_json(folder / DOCUMENTS, [dataclasses.asdict(d) for d in index.documents.values()])
    _write_json(folder / CHUNKS, [[c.chunk_id, c.doc_id, c.start, c.end] for c in index.chunks])
    _write_json(folder / SENTENCES, [[s.sentence_id, s.chunk_id, s.doc_id, s.start, s.end] for s in index.sentences])
    np.save(folder / CHUNK_VECTORS, index.chunk_vectors.astype(np.float32))
    np.save(folder / SENTENCE_VECTORS, index.sentence_vectors.astype(np.float32))
    index.bm25.save(str(folder / BM25_DIR), show_progress=False)
    index.manifest["store"] = index.store.save(folder)
    # The manifest goes last: a folder without one is never a finished index.
    _write_json(folder / MANIFEST, index.manifest)


def _write_json(path: Path, value: object) -> None:
    with open(path, "w", encoding="utf-8") as handle:
        json.dump(value, handle, ensure_ascii=False)
        handle.flush()
        os.fsync(handle.fileno())


def _swap_in(temp: Path, directory: Path) -> None:
    old = directory.parent / f".{directory.name}.old-{uuid.uuid4().hex[:8]}"
    if (directory / STATES_DIR).is_dir() and not (temp / STATES_DIR).exists():
        os.rename(directory / STATES_DIR, temp / STATES_DIR)  # minutes of work each: carried over
    if directory.exists():
        os.rename(directory, old)
    os.rename(temp, directory)
    shutil.rmtree(old, ignore_errors=True)


def _recover_interrupted_swap(directory: Path) -> None:
    """A kill between the two renames leaves only the old copy: put it back."""
    if directory.exists():
        return
    olds = sorted(directory.parent.glob(f".{directory.name}.old-*"), key=lambda p: p.stat().st_mtime)
    if olds:
        os.rename(olds[-1], directory)


def _remove_abandoned_builds(directory: Path) -> None:
    if directory.exists():  # a kill after the swap, before the old copy was removed
        for old in directory.parent.glob(f".{directory.name}.old-*"):
            shutil.rmtree(old, ignore_errors=True)
    for temp in directory.parent.glob(f".{directory.name}.building-*"):
        pid = temp.name.split("-")[1] if temp.name.count("-") >= 2 else ""
        if not (pid.isdigit() and _process_alive(int(pid))):
            shutil.rmtree(temp, ignore_errors=True)


def _process_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# ---------------------------------------------------------------- load


def read_manifest(directory: Path) -> dict:
    """The manifest of a finished index; RagError when missing or unreadable."""
    path = Path(directory) / MANIFEST
    _recover_interrupted_swap(Path(directory))
    if not path.is_file():
        raise RagError(f"no index at {directory}; run `rag index`")
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RagError(f"index at {directory} is corrupt ({MANIFEST}: {type(exc).__name__}); run `rag index`") from None
    if not isinstance(manifest, dict):
        raise RagError(f"index at {directory} is corrupt ({MANIFEST} is not an object); run `rag index`")
    return manifest


def load_index(settings: Settings, embedder_id: str | None = None) -> Index:
    """Load the saved index; refuse one built with other model/chunking/tokenizer."""
    manifest = read_manifest(settings.index_dir)
    wanted = expected_manifest(settings, [])
    problems = setting_mismatches(manifest, wanted)
    if embedder_id is not None and embedder_id not in (manifest.get("embedding", {}).get("model"), settings.resolved_embedding_model()):
        problems.append(f"embedding model {manifest.get('embedding', {}).get('model')} but the embedder is {embedder_id}")
    if problems:
        raise RagError(f"index was built with {problems[0]}; run `rag index`")
    return _read_files(Path(settings.index_dir), manifest)


def load_current_index(settings: Settings) -> Index:
    """load_index, also refusing an index older than the collection (seeds and added documents)."""
    from rag.ingest.collection import load_collection

    index = load_index(settings)
    changes = seed_changes(index.manifest, expected_manifest(settings, load_collection(settings).documents))
    if changes:
        raise RagError(f"the index is out of date ({'; '.join(changes)}); run `rag index`")
    return index


def saved_documents(directory: Path) -> tuple[dict[str, Document], dict[str, int]]:
    """The documents a saved index holds and their chunk counts, without loading vectors ({} when none)."""
    try:
        manifest = read_manifest(directory)
        documents = {d["doc_id"]: _document(d) for d in _read_json(Path(directory) / DOCUMENTS)}
    except RagError as exc:
        if "no index" in str(exc):
            return {}, {}
        raise
    except (OSError, ValueError, TypeError, KeyError, json.JSONDecodeError) as exc:
        raise RagError(f"index at {directory} is corrupt ({type(exc).__name__}); run `rag index`") from None
    return documents, manifest.get("document_chunks", {})


def _read_files(folder: Path, manifest: dict) -> Index:
    try:
        documents = {d["doc_id"]: _document(d) for d in _read_json(folder / DOCUMENTS)}
        chunks = [_chunk(documents, *row) for row in _read_json(folder / CHUNKS)]
        sentences = [_sentence(documents, *row) for row in _read_json(folder / SENTENCES)]
        chunk_vectors = np.load(folder / CHUNK_VECTORS, allow_pickle=False)
        sentence_vectors = np.load(folder / SENTENCE_VECTORS, allow_pickle=False)
        bm25 = _load_bm25(folder / BM25_DIR)
        _check_shapes(folder, manifest, chunks, sentences, chunk_vectors, sentence_vectors, bm25)
        store = open_store(folder, manifest.get("store"), chunk_vectors, bm25)
        return Index(documents, chunks, sentences, chunk_vectors, sentence_vectors, bm25, manifest, store)
    except (OSError, ValueError, TypeError, KeyError, AttributeError, json.JSONDecodeError) as exc:
        raise RagError(f"index at {folder} is corrupt ({type(exc).__name__}: {_first_line(exc)}); run `rag index`") from None


def _read_json(path: Path) -> Any:
    return json.loads(path.read_text(encoding="utf-8"))


def _document(row: dict) -> Document:
    """A saved document; JSON gives its page offsets back as a list (files saved before pages existed have none)."""
    return Document(**{**row, "pages": tuple(row.get("pages", ()))})


def _chunk(documents: dict[str, Document], chunk_id: str, doc_id: str, start: int, end: int) -> Chunk:
    text = documents[doc_id].text
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"chunk {chunk_id} lies outside its document")
    return Chunk(chunk_id, doc_id, start, end, text[start:end])


def _sentence(documents, sentence_id: int, chunk_id: str, doc_id: str, start: int, end: int) -> Sentence:
    text = documents[doc_id].text
    if not 0 <= start <= end <= len(text):
        raise ValueError(f"sentence {sentence_id} lies outside its document")
    return Sentence(sentence_id, chunk_id, doc_id, start, end, text[start:end])


def _load_bm25(folder: Path) -> Any:
    import bm25s

    return bm25s.BM25.load(str(folder), show_progress=False, verbosity=0)


def _check_shapes(folder, manifest, chunks, sentences, chunk_vectors, sentence_vectors, bm25) -> None:
    dimension = manifest.get("embedding", {}).get("dimension")
    problems = []
    if chunk_vectors.ndim != 2 or chunk_vectors.shape != (len(chunks), dimension):
        problems.append(f"{chunk_vectors.shape} chunk vectors for {len(chunks)} chunks of dimension {dimension}")
    if sentence_vectors.ndim != 2 or sentence_vectors.shape[0] != len(sentences):
        problems.append(f"{sentence_vectors.shape[0]} sentence vectors for {len(sentences)} sentences")
    if bm25.scores.get("num_docs") != len(chunks):
        problems.append(f"BM25 over {bm25.scores.get('num_docs')} chunks, not {len(chunks)}")
    if problems:
        raise RagError(f"index at {folder} is corrupt ({problems[0]}); run `rag index`")


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    return text.splitlines()[0][:160] if text else ""


# ---------------------------------------------------------------- ensure / CLI


def rebuild_reasons(settings: Settings, documents) -> list[str]:
    """Why the saved index does not match the seeds and settings ([] if it does)."""
    try:
        manifest = read_manifest(settings.index_dir)
    except RagError as exc:
        return ["no index yet"] if "no index" in str(exc) else [str(exc).removesuffix("; run `rag index`")]
    expected = expected_manifest(settings, documents)
    return setting_mismatches(manifest, expected) + seed_changes(manifest, expected)


def ensure_index(
    settings: Settings,
    embedder: Embedder | None = None,
    force: bool = False,
    progress: Progress = False,
    announce: Callable[[list[str]], None] | None = None,
    warn: Callable[[str], None] | None = None,
    collection=None,
) -> IndexStatus:
    """Rebuild only when the collection or settings changed, embedding only what is new.

    `collection` (a LoadResult) replaces the one on disk: `rag add` builds the index of
    the collection it is about to commit. The model loads only when something is embedded.
    """
    from rag.ingest.collection import load_collection

    require_ours(settings.index_dir, INDEX_OWNER)  # before the long build, not after it
    loaded = collection if collection is not None else load_collection(settings)
    reasons = ["forced"] if force else rebuild_reasons(settings, loaded.documents)
    if not reasons:
        counts = read_manifest(settings.index_dir).get("counts", {})
        return IndexStatus(False, [], counts, tuple(loaded.skipped))
    if announce:
        announce(reasons)
    check_store(settings)
    rate = seconds_per_text(settings)

    def expect(texts: int) -> None:
        if warn and texts * rate > LONG_BUILD_S:
            warn(f"{texts} chunks and sentences to embed: expect about {_duration(texts * rate)} "
                 f"(at {rate:.2f} s each); Ctrl-C keeps the previous index, and the next run resumes")

    previous = None if force else previous_build(settings)
    index = build_index(settings, embedder or load_embedder(settings), progress, loaded.documents,
                        before_embedding=expect, previous=previous)
    save_index(index, settings.index_dir)
    return IndexStatus(True, reasons, index.manifest["counts"], tuple(loaded.skipped))


def previous_build(settings: Settings) -> PreviousBuild | None:
    """The saved index's texts and vectors when they can be reused (same model, chunking, tokenizer), else None."""
    folder = Path(settings.index_dir)
    try:
        manifest = read_manifest(folder)
        if setting_mismatches(manifest, expected_manifest(settings, [])):
            return None
        documents = {d["doc_id"]: d["text"] for d in _read_json(folder / DOCUMENTS)}
        texts = [documents[doc][start:end] for _, doc, start, end in _read_json(folder / CHUNKS)]
        texts += [documents[doc][start:end] for _, _, doc, start, end in _read_json(folder / SENTENCES)]
        vectors = np.concatenate([np.load(folder / CHUNK_VECTORS, allow_pickle=False),
                                  np.load(folder / SENTENCE_VECTORS, allow_pickle=False)])
    except (RagError, OSError, ValueError, TypeError, KeyError):
        return None  # a missing or damaged index: everything is embedded again
    return PreviousBuild(manifest, texts, vectors) if len(texts) == len(vectors) else None


def seconds_per_text(settings: Settings) -> float:
    """Embedding speed measured by the last build with this model, else a cautious default."""
    try:
        manifest = read_manifest(settings.index_dir)
    except RagError:
        return DEFAULT_SECONDS_PER_TEXT
    counts, timings = manifest.get("counts", {}), manifest.get("timings", {})
    texts = manifest.get("build", {}).get("embedded_texts", counts.get("chunks", 0) + counts.get("sentences", 0))
    seconds = timings.get("embed_chunks_s", 0) + timings.get("embed_sentences_s", 0)
    same_model = manifest.get("embedding", {}).get("model") == embedding_identity(settings)["model"]
    return seconds / texts if same_model and texts >= 50 and seconds > 0 else DEFAULT_SECONDS_PER_TEXT


def _duration(seconds: float) -> str:
    return f"{seconds / 60:.0f} min" if seconds < 5400 else f"{seconds / 3600:.1f} h"


def log_progress(out=None, step: float = 0.1) -> Callable[[str, int, int], None]:
    """Progress as plain lines (every 10%) with the time left, for logs where a tqdm bar is noise."""
    printed: dict[str, float] = {}
    first: dict[str, tuple[float, int]] = {}  # when each label first reported, and how far it was

    def report(label: str, done: int, total: int) -> None:
        share = done / total if total else 1.0
        first.setdefault(label, (time.perf_counter(), done))
        if share >= printed.get(label, 0.0) + step or done == total:
            printed[label] = share
            left = "" if done >= total else _time_left(*first[label], done, total)
            print(f"{label}: {done}/{total} ({share:.0%}){left}", file=out or sys.stderr, flush=True)

    return report


def _time_left(since: float, done_then: int, done: int, total: int) -> str:
    """The rate measured since the first report, applied to what is left."""
    elapsed = time.perf_counter() - since
    if done <= done_then or elapsed <= 0:
        return ""
    seconds = elapsed / (done - done_then) * (total - done)
    return f", about {seconds:.0f} s left" if seconds < 120 else f", about {_duration(seconds)} left"


def run_index_command(settings: Settings, force: bool) -> int:
    """`rag index`: one status line; skipped seed files, warnings and progress on stderr."""
    started = time.perf_counter()

    def announce(reasons: list[str]) -> None:
        print(f"rebuilding: {'; '.join(reasons)}", flush=True)

    def warn(message: str) -> None:
        print(f"warning: {message}", file=sys.stderr, flush=True)

    progress = True if sys.stderr.isatty() else log_progress()
    status = ensure_index(settings, force=force, progress=progress, announce=announce, warn=warn)
    for skipped in status.skipped:
        print(f"skipped {skipped.path}: {skipped.reason}", file=sys.stderr)
    if status.rebuilt:
        print(f"built {_counts_text(status.counts)} in {time.perf_counter() - started:.1f} s -> {settings.index_dir}"
              f" ({_reuse_text(read_manifest(settings.index_dir).get('build', {}))})")
    else:
        print(f"index up to date ({_counts_text(status.counts)})")
    if settings.answer_context == "document":
        _ensure_document_states(settings)
    return 0


def _ensure_document_states(settings: Settings) -> None:
    """Document states for the embedded model (`answer_context=document`), with a line per document built."""
    from rag.pipeline import Pipeline

    if not settings.resolved_gguf_path().is_file():
        print("document states: skipped (no embedded model; run `rag models fetch --only llm`)", file=sys.stderr)
        return
    pipeline = Pipeline(settings.with_overrides(llm="embedded"))
    states = pipeline.states
    documents = list(pipeline.index.documents.values())
    built = states.build_all(documents, report=lambda line: print(line, file=sys.stderr, flush=True))
    removed = states.remove_stale(built)
    print(f"document states: {len(built)} of {len(documents)} ready in {states.folder}"
          + (f"; {removed} stale removed" if removed else ""))


def _reuse_text(build: dict) -> str:
    return (f"embedded {build.get('embedded_texts', 0)} of {build.get('total_texts', 0)} texts, "
            f"{build.get('resumed_texts', 0)} resumed from checkpoints, the rest reused")


def _counts_text(counts: dict) -> str:
    return f"{counts.get('documents', 0)} documents, {counts.get('chunks', 0)} chunks, {counts.get('sentences', 0)} sentences"
