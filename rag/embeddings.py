"""Text -> vectors: one small Embedder interface, two real adapters (PyTorch, ONNX Runtime) and a fake.

Every embedder returns float32 rows of unit length, so an inner product is a
cosine similarity (the index uses faiss IndexFlatIP on these rows).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable, Literal, Protocol, Sequence, Union

import numpy as np

from rag.config import Settings
from rag.embeddings_onnx import GRAPH_NAME, onnx_folder, usable_export
from rag.errors import RagError

Kind = Literal["query", "document"]
# True: a tqdm bar (terminals); a callable gets (label, texts done, total) after each batch (logs, the app).
Progress = Union[bool, Callable[[str, int, int], None]]

# The model id that selects the deterministic FakeEmbedder (tests, offline demos).
FAKE_MODEL_ID = "fake"


class Embedder(Protocol):
    model_id: str

    @property
    def dimension(self) -> int: ...

    def embed_batch(self, texts: Sequence[str], kind: Kind) -> np.ndarray: ...


def embed_query(embedder: Embedder, text: str) -> np.ndarray:
    """One query vector (1-d)."""
    return embedder.embed_batch([text], "query")[0]


def embed_documents(
    embedder: Embedder, texts: Sequence[str], progress: Progress = False, batch_size: int = 16, label: str = "embedding"
) -> np.ndarray:
    """Document vectors in input order, with optional progress (a tqdm bar, or a callback).

    Batches are formed from length-sorted texts: less padding, same vectors.
    """
    if not texts:
        return np.zeros((0, embedder.dimension), dtype=np.float32)
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    starts = range(0, len(texts), batch_size)
    if progress is True:
        from tqdm import tqdm

        starts = tqdm(starts, desc=label, unit="batch", total=len(starts))
    batches = []
    for s in starts:
        batches.append(embedder.embed_batch([texts[i] for i in order[s : s + batch_size]], "document"))
        if callable(progress):
            progress(label, min(s + batch_size, len(texts)), len(texts))
    vectors = np.empty((len(texts), batches[0].shape[1]), dtype=np.float32)
    vectors[order] = np.vstack(batches)
    return vectors


def normalized(vectors: np.ndarray) -> np.ndarray:
    """float32 rows of unit length (zero rows stay zero)."""
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.maximum(norms, 1e-12)


class FakeEmbedder:
    """Deterministic hashed bag of words and character bigrams.

    Texts that share words or bigrams get close vectors, so tests can check a
    ranking (not just a call count) without loading a model.
    """

    def __init__(self, dimension: int = 64) -> None:
        self.model_id = FAKE_MODEL_ID
        self._dimension = dimension
        self.dtype = "fp32"

    @property
    def dimension(self) -> int:
        return self._dimension

    def embed_batch(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        rows = np.zeros((len(texts), self._dimension), dtype=np.float32)
        for row, text in zip(rows, texts):
            for feature in _fake_features(text):
                bucket, sign = _bucket(feature, self._dimension)
                row[bucket] += sign
        return normalized(rows)


def _fake_features(text: str) -> list[str]:
    words = re.findall(r"\w+", text.lower())
    bigrams = [w[i : i + 2] for w in words for i in range(len(w) - 1)]
    return [f"w:{w}" for w in words] + [f"b:{b}" for b in bigrams]


def _bucket(feature: str, dimension: int) -> tuple[int, float]:
    """A stable bucket and sign per feature (Python's hash() is salted per process).

    Signed hashing keeps unrelated texts near zero similarity despite collisions.
    """
    value = int.from_bytes(hashlib.blake2b(feature.encode("utf-8"), digest_size=8).digest(), "little")
    return (value >> 1) % dimension, 1.0 if value & 1 else -1.0


def cpu_has_bf16() -> bool:
    """True when the CPU flags include avx512_bf16 (bf16 matmuls are fast)."""
    try:
        return "avx512_bf16" in Path("/proc/cpuinfo").read_text()
    except OSError:
        return False


def resolved_dtype(setting: str) -> str:
    """"bf16" only where asked for (auto/bf16) and the CPU supports it."""
    if setting not in ("auto", "bf16", "fp32"):
        raise RagError(f"embedding_dtype must be auto, bf16 or fp32, not {setting!r}")
    return "bf16" if setting in ("auto", "bf16") and cpu_has_bf16() else "fp32"


def is_local_model(model: str) -> bool:
    """A folder path (absolute, relative or existing) rather than a hub name."""
    return os.path.isabs(model) or model.startswith((".", "~")) or Path(model).exists()


def require_model_folder(model: str) -> None:
    folder = Path(model).expanduser()
    if is_local_model(model) and not folder.is_dir():
        raise RagError(f"embedding model folder missing: {folder}; run `make setup` (or `rag models fetch`)")


class SentenceTransformerEmbedder:
    """A sentence-transformers model, loaded on first use.

    Uses the model's own query/document prompts when it defines them
    (EmbeddingGemma: retrieval got worse without them), plain encode otherwise.
    """

    def __init__(self, model: str, dtype: str = "auto", batch_size: int = 16) -> None:
        self.model_id = model
        self.dtype = resolved_dtype(dtype)
        self.batch_size = batch_size
        self._model: Any = None

    @property
    def dimension(self) -> int:
        model = self._loaded()
        # sentence-transformers 6 renamed the method; 3.x-5.x only have the old name.
        get = getattr(model, "get_embedding_dimension", None) or model.get_sentence_embedding_dimension
        return int(get())

    def embed_batch(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        model = self._loaded()
        # encode_query/encode_document apply the model's "query"/"document"
        # prompts when it defines them and behave like encode otherwise.
        encode = getattr(model, f"encode_{kind}", None) or model.encode
        vectors = encode(list(texts), batch_size=self.batch_size, convert_to_numpy=True, normalize_embeddings=True)
        return normalized(vectors)

    def _loaded(self) -> Any:
        if self._model is None:
            self._model = _load_sentence_transformer(self.model_id, self.dtype)
        return self._model


def _load_sentence_transformer(model: str, dtype: str) -> Any:
    require_model_folder(model)
    # Never reach for a hub: the model is a verified local folder (or cached).
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    import torch
    import transformers
    from sentence_transformers import SentenceTransformer

    # A "Loading weights" bar on every CLI call is noise, not progress.
    transformers.utils.logging.disable_progress_bar()

    torch.set_num_threads(os.cpu_count() or 1)
    kwargs = {"torch_dtype": torch.bfloat16} if dtype == "bf16" else {}
    try:
        return SentenceTransformer(str(Path(model).expanduser()), device="cpu", model_kwargs=kwargs)
    except (OSError, ValueError) as exc:
        first_line = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise RagError(f"cannot load embedding model {model}: {first_line}; run `make setup` (or `rag models fetch`)") from exc


class OnnxEmbedder:
    """EmbeddingGemma through ONNX Runtime, over the graph rag/embeddings_onnx.py exported.

    Its model_id is the source folder's, as for SentenceTransformerEmbedder: the vectors are the
    same, so an index built with either is read by both.
    """

    def __init__(self, model_folder: str, folder: Path, batch_size: int = 16, threads: int | None = None) -> None:
        self.model_id = model_folder
        self.dtype = "fp32"
        self.batch_size = batch_size
        self._folder = Path(folder)
        self._threads = threads
        self._session: Any = None
        self._tokenizer: Any = None
        self._prompts: dict[str, str] = {}
        self._dimension = 0

    @property
    def dimension(self) -> int:
        self._loaded()
        return self._dimension

    def embed_batch(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        session, tokenizer = self._loaded()
        prompt = self._prompts.get(kind, "")
        rows = []
        for start in range(0, len(texts), self.batch_size):
            encoded = tokenizer.encode_batch([prompt + t for t in texts[start : start + self.batch_size]])
            ids, mask = _padded(encoded)
            rows.append(session.run(None, {"ids": ids, "mask": mask})[0])
        return normalized(np.vstack(rows)) if rows else np.zeros((0, self.dimension), dtype=np.float32)

    def _loaded(self) -> tuple[Any, Any]:
        if self._session is None:
            self._session, self._tokenizer, self._prompts, self._dimension = _load_onnx(
                Path(self.model_id), self._folder, self._threads)
        return self._session, self._tokenizer


def _padded(encoded: Sequence[Any]) -> tuple[np.ndarray, np.ndarray]:
    """Right-padded ids and attention mask (the graph pools over the mask, so padding changes nothing)."""
    width = max(len(e.ids) for e in encoded)
    ids = np.zeros((len(encoded), width), dtype=np.int64)
    mask = np.zeros((len(encoded), width), dtype=np.int64)
    for row, e in enumerate(encoded):
        ids[row, : len(e.ids)] = e.ids
        mask[row, : len(e.ids)] = e.attention_mask
    return ids, mask


def _load_onnx(model_folder: Path, folder: Path, threads: int | None) -> tuple[Any, Any, dict[str, str], int]:
    import onnxruntime  # deferred: only a process that embeds pays for loading it
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(model_folder / "tokenizer.json"))
    tokenizer.enable_truncation(_max_length(model_folder))
    options = onnxruntime.SessionOptions()
    options.intra_op_num_threads = threads or os.cpu_count() or 1
    options.log_severity_level = 3  # warnings about unused initializers are noise on every CLI call
    try:
        session = onnxruntime.InferenceSession(str(folder / GRAPH_NAME), options, providers=["CPUExecutionProvider"])
    except Exception as exc:  # onnxruntime raises its own types for a damaged or partial file
        raise RagError(f"cannot load the ONNX embedding graph in {folder}: {str(exc).splitlines()[0]}; "
                       f"run `rag models export-onnx`") from exc
    config = json.loads((model_folder / "config_sentence_transformers.json").read_text(encoding="utf-8"))
    prompts = {kind: config.get("prompts", {}).get(kind, "") for kind in ("query", "document")}
    dimension = int(session.get_outputs()[0].shape[-1])
    return session, tokenizer, prompts, dimension


def _max_length(model_folder: Path) -> int:
    """The sequence length sentence-transformers truncates to (sentence_bert_config.json)."""
    try:
        config = json.loads((model_folder / "sentence_bert_config.json").read_text(encoding="utf-8"))
        return int(config.get("max_seq_length") or 2048)
    except (OSError, ValueError):
        return 2048


def load_embedder(settings: Settings) -> Embedder:
    """The embedder the settings name; one instance per model id and dtype."""
    return _cached_embedder(settings.resolved_embedding_model(), settings.embedding_dtype, settings.embedding_batch_size,
                            _runtime(settings), str(onnx_folder(settings.models_dir)))


def _runtime(settings: Settings) -> str:
    """auto: ONNX Runtime where an export of the model is ready and the CPU has no bf16 (where it
    has, PyTorch's bf16 is about 3x its fp32 and the export is fp32); else PyTorch."""
    if settings.embedding_runtime == "auto":
        return "torch" if resolved_dtype(settings.embedding_dtype) == "bf16" else "auto"
    return settings.embedding_runtime


@lru_cache(maxsize=4)
def _cached_embedder(model: str, dtype: str, batch_size: int, runtime: str = "torch",
                     onnx_dir: str = "") -> Embedder:
    if model == FAKE_MODEL_ID:
        return FakeEmbedder()
    require_model_folder(model)
    if runtime != "torch" and onnx_dir and is_local_model(model) and usable_export(Path(model), Path(onnx_dir)):
        return OnnxEmbedder(model, Path(onnx_dir), batch_size=batch_size)
    if runtime == "onnx":
        raise RagError(f"no ONNX export of {model} in {onnx_dir}; run `rag models export-onnx` "
                       "(or set RAG_EMBEDDING_RUNTIME=auto)")
    return SentenceTransformerEmbedder(model, dtype=dtype, batch_size=batch_size)
