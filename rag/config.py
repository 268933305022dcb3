"""One Settings dataclass; every default explained; env overrides in one place.

Environment variables `RAG_<FIELD>` (upper case) override any field, e.g.
`RAG_EMBEDDING_MODEL=sentence-transformers/all-MiniLM-L6-v2`. CLI flags are
applied on top with `Settings.with_overrides(...)`.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field, fields
from pathlib import Path

from rag.errors import RagError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

EMBEDDING_FOLDER_NAME = "embeddinggemma-300m"
GGUF_FILE_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m.gguf"


class ConfigError(RagError):
    """A setting has a value we cannot use."""


@dataclass(frozen=True)
class VerifyPolicy:
    """Every threshold of answer verification (rag/checks.py), in one place.

    Set on the eval set's dev split only; the figures we report come from its
    test split (see README, "Measuring it").
    """

    # An English name matches Hangul text when their sound keys are this similar
    # (1 - edit distance / length; Tashkent~타슈켄트 1.0, Chongqing~충칭 0.83,
    # unrelated names of the articles below 0.6).
    name_similarity: float = 0.75
    # A name of two consonants or fewer ("Hu Henghua", "Oh Se-hoon") must also be
    # spelled this much alike, vowels included (difflib ratio; 후헝화 huheonghwa 0.84).
    short_name_spelling: float = 0.6
    # Korean questions: a sentence (with the one before it) may support an answer
    # only if it holds this share of the question's nouns, relative to the best
    # sentence shown (the model copied numbers from sentences that merely mention the topic).
    topic_share: float = 0.6
    # How many evidence sentences one claim may rest on (a two-fact answer may need two).
    max_sentences_per_claim: int = 2


@dataclass(frozen=True)
class Settings:
    # Where the documents live; the file stem of each is its doc_id.
    seeds_dir: Path = PROJECT_ROOT / "seeds"
    # The built index (faiss + bm25 + manifest); rebuilt by `rag index`.
    index_dir: Path = PROJECT_ROOT / "index"
    # Model files assembled and verified by `rag models fetch` (git-ignored).
    models_dir: Path = PROJECT_ROOT / "models"
    # Prompt templates (data, not code).
    prompts_dir: Path = PROJECT_ROOT / "prompts"

    # Embedding model: a sentence-transformers name or folder. "" means the
    # verified local EmbeddingGemma folder under models_dir.
    embedding_model: str = ""
    # Batch size for document embedding; small keeps peak memory low on 2 cores.
    embedding_batch_size: int = 16
    # bf16 is ~3x faster on CPUs with avx512_bf16 and gives the same rankings;
    # "auto" picks it only where the CPU supports it, else fp32.
    embedding_dtype: str = "auto"

    # Chunking: ~paragraph-sized chunks; measured best on our questions (see README).
    chunk_size: int = 400
    chunk_overlap: int = 0

    # Retrieval defaults.
    top_k: int = 5
    mode: str = "hybrid"  # hybrid | dense | bm25
    # Reciprocal rank fusion constant (60 is the value from the RRF paper).
    rrf_k: int = 60
    # How many candidates each retriever contributes before fusion.
    candidates: int = 20

    # Evidence given to the LLM: this many numbered sentences.
    evidence_sentences: int = 6
    # Answer verification thresholds (not read from the environment).
    verify: VerifyPolicy = field(default_factory=VerifyPolicy)
    # Longest question accepted before truncation (characters).
    max_question_chars: int = 1000

    # LLM backend: auto (Ollama if reachable and has the model, else embedded),
    # ollama, or embedded.
    llm: str = "auto"
    # Ollama: host (OLLAMA_HOST is honoured too) and model. A 7B instruct
    # model with good Korean is the sensible default for real users.
    ollama_host: str = ""
    ollama_model: str = "qwen2.5:7b-instruct"
    # Seconds before an Ollama request is given up.
    ollama_timeout: float = 120.0
    # Embedded llama.cpp model: "" means models_dir / GGUF_FILE_NAME.
    gguf_path: str = ""
    # llama.cpp context window and threads (0 = all cores).
    n_ctx: int = 4096
    n_threads: int = 0
    # Generation limits: greedy decoding for reproducible answers.
    max_tokens: int = 256
    temperature: float = 0.0

    # UI: bind to loopback unless told otherwise (GRADIO_SERVER_NAME/PORT honoured).
    host: str = "127.0.0.1"
    port: int = 7860
    share: bool = False

    def resolved_embedding_model(self) -> str:
        return self.embedding_model or str(self.models_dir / EMBEDDING_FOLDER_NAME)

    def resolved_gguf_path(self) -> Path:
        return Path(self.gguf_path) if self.gguf_path else self.models_dir / GGUF_FILE_NAME

    def resolved_ollama_host(self) -> str:
        return self.ollama_host or os.environ.get("OLLAMA_HOST", "") or "http://127.0.0.1:11434"

    def with_overrides(self, **changes: object) -> "Settings":
        """Apply non-None overrides (e.g. from CLI flags)."""
        kept = {k: v for k, v in changes.items() if v is not None}
        return _validated(dataclasses.replace(self, **_coerced(kept)))


def _coerce(kind: object, raw: object, name: str) -> object:
    if not isinstance(raw, str):
        return raw
    try:
        if kind in (Path, "Path"):
            return Path(raw)
        if kind in (int, "int"):
            return int(raw)
        if kind in (float, "float"):
            return float(raw)
        if kind in (bool, "bool"):
            return raw.strip().lower() in ("1", "true", "yes", "on")
    except ValueError:
        raise ConfigError(f"setting {name}={raw!r} is not a valid {kind}") from None
    return raw


def _coerced(values: dict[str, object]) -> dict[str, object]:
    types = {f.name: f.type for f in fields(Settings)}
    unknown = set(values) - set(types)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    return {k: _coerce(types[k], v, k) for k, v in values.items()}


def _validated(s: Settings) -> Settings:
    if s.mode not in ("hybrid", "dense", "bm25"):
        raise ConfigError(f"mode must be hybrid, dense or bm25, not {s.mode!r}")
    if s.llm not in ("auto", "ollama", "embedded"):
        raise ConfigError(f"llm must be auto, ollama or embedded, not {s.llm!r}")
    if s.top_k < 1 or s.top_k > 50:
        raise ConfigError(f"top_k must be between 1 and 50, not {s.top_k}")
    if s.chunk_size < 50 or s.chunk_overlap < 0 or s.chunk_overlap >= s.chunk_size:
        raise ConfigError("chunk_size must be >= 50 and chunk_overlap in [0, chunk_size)")
    return s


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then RAG_* environment variables, then Gradio's own variables."""
    env = os.environ if environ is None else environ
    names = {f.name for f in fields(Settings) if f.name != "verify"}
    from_env: dict[str, object] = {
        name: env[f"RAG_{name.upper()}"] for name in names if f"RAG_{name.upper()}" in env
    }
    if "GRADIO_SERVER_NAME" in env and "host" not in from_env:
        from_env["host"] = env["GRADIO_SERVER_NAME"]
    if "GRADIO_SERVER_PORT" in env and "port" not in from_env:
        from_env["port"] = env["GRADIO_SERVER_PORT"]
    return _validated(dataclasses.replace(Settings(), **_coerced(from_env)))
