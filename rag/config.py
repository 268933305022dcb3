"""One Settings dataclass; every default explained; env overrides in one place.

Environment variables `RAG_<FIELD>` (upper case) override any field, e.g.
`RAG_EMBEDDING_MODEL=sentence-transformers/all-MiniLM-L6-v2`. CLI flags are
applied on top with `Settings.with_overrides(...)`.
"""

from __future__ import annotations

import dataclasses
import difflib
import os
import re
from dataclasses import dataclass, field, fields
from pathlib import Path
from urllib.parse import urlsplit

from rag.errors import RagError

PROJECT_ROOT = Path(__file__).resolve().parent.parent

EMBEDDING_FOLDER_NAME = "embeddinggemma-300m"
ONNX_FOLDER_NAME = "embeddinggemma-onnx"  # its ONNX export (rag/embeddings_onnx.py)
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
    # Whole-document answers: a fact is accepted only from the retrieved evidence and the
    # sentences nearest the question, this many in all (the model read the whole document).
    document_sentences: int = 6
    # A term every document says (서울, in articles about Seoul) names no answer, when the
    # collection has at least this many documents (one article always says its own topic).
    common_term_documents: int = 3
    # English claims: at most this many words that are neither the question's, filler, nor part
    # of a checked fact (dev: right answers had 0-3, wrong ones 6 and 40).
    unchecked_words: int = 4
    # A question for one item of a list: a claim that is a statement adding at least this many
    # new terms copies a sentence instead of naming its item (fresh6/fresh7, read as dev: the three
    # such wrong answers added 5 or more; right ones, one to three).
    item_statement_terms: int = 4


@dataclass(frozen=True)
class Settings:
    # Where the documents live; the file stem of each is its doc_id.
    seeds_dir: Path = PROJECT_ROOT / "seeds"
    # The built index (faiss + bm25 + manifest); rebuilt by `rag index`.
    index_dir: Path = PROJECT_ROOT / "index"
    # Model files assembled and verified by `rag models fetch` (git-ignored).
    models_dir: Path = PROJECT_ROOT / "models"
    # Documents added with `rag add` or the app's Documents tab: our copies and library.json
    # (git-ignored; created by us, never a folder we did not make).
    library_dir: Path = PROJECT_ROOT / "data" / "library"
    # Prompt templates (data, not code).
    prompts_dir: Path = PROJECT_ROOT / "prompts"

    # Embedding model: a sentence-transformers name or folder. "" means the
    # verified local EmbeddingGemma folder under models_dir.
    embedding_model: str = ""
    # Batch size for document embedding; small keeps peak memory low on 2 cores.
    embedding_batch_size: int = 16
    # A build saves its vectors every this many texts, so a killed `rag index` resumes
    # there (about a minute of EmbeddingGemma on 2 cores; a file per checkpoint).
    checkpoint_texts: int = 256
    # bf16 is ~3x faster on CPUs with avx512_bf16 and gives the same rankings;
    # "auto" picks it only where the CPU supports it, else fp32.
    embedding_dtype: str = "auto"
    # auto: ONNX Runtime when `rag models fetch` has exported the model (the same vectors, a query
    # in about a third of the time, no PyTorch to load), else PyTorch; torch or onnx to insist.
    embedding_runtime: str = "auto"

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

    # Where chunk vectors and keyword weights are searched: faiss (embedded, the default) or
    # milvus (Milvus-lite inside the index folder, or the server at milvus_uri). A change re-indexes.
    vector_store: str = "faiss"
    # FAISS index: auto (flat up to faiss_flat_max chunks, IVF above), flat, ivf, ivfpq or hnsw.
    faiss_index: str = "auto"
    # Exact (flat) search up to this many chunks: a query scans them all, 60 ms at 100,000 x 768
    # here (rag bench scale), so about 12 ms at this size; above it an IVF index answers
    # (0.55 ms at 100,000, recall@10 0.995).
    faiss_flat_max: int = 20_000
    # IVF lists probed per query; 0 = the fewest that reach faiss_recall_target on sample
    # queries at build time (recorded in the manifest, with the recall it measured).
    faiss_nprobe: int = 0
    # recall@10 against exact search that the tuned nprobe must reach (the goal is 0.95;
    # the margin covers questions that fall less evenly than the tuning queries).
    faiss_recall_target: float = 0.97
    # HNSW search depth (FAISS hnsw, and Milvus above faiss_flat_max chunks).
    faiss_hnsw_ef: int = 64
    # A Milvus server or cluster (http://host:19530); "" = Milvus-lite in the index folder.
    # A token, if the server needs one, is read from RAG_MILVUS_TOKEN (kept out of settings).
    milvus_uri: str = ""
    # The Milvus collection (on a server each build adds a suffix, recorded in the manifest).
    milvus_collection: str = "seoul_rag_chunks"

    # Evidence given to the LLM: this many numbered sentences.
    evidence_sentences: int = 6
    # Show the model only the evidence sentences that pass the evidence checks (rag/checks.py).
    # The prompt is shorter (first token p50 about 2.5 s instead of 6.5 s on dev/fresh/fresh2)
    # and coverage higher, but the model then answers from whatever is left: over those three
    # splits 13 wrong answers shown instead of 6, so it is off. (When no sentence passes, the
    # model is never asked, whatever this says: its answer could only be dropped.)
    shown_evidence_checked: bool = False
    # When verification drops every claim of the model's reply, ask once more showing only the
    # evidence sentences that pass the evidence checks (rag/second_ask.py); the second reply is
    # verified the same way. Replayed over dev, fresh, fresh2 and fresh3: 16 more right answers,
    # 3 more wrong. Costs a second prefill (shorter) only on questions whose reply was dropped.
    second_ask: bool = True
    # Within the second ask: when no role holder can be read from the text (rag/role_lookup.py),
    # ask the model again from the sentences that pass the evidence checks. Off leaves only the
    # lookup. (A setting so that each can be measured alone; see the README for the figures.)
    second_ask_narrowed: bool = True
    # What the model reads: "document" (the whole document the evidence lies in, from a
    # state saved by `rag index`: embedded model only; other backends and cross-document
    # questions read sentences) or "sentences" (the numbered evidence sentences). Sentences
    # are the default: on the three splits nobody tuned on they were the more precise (fresh2:
    # 0.912 vs 0.774, 3 vs 7 wrong answers of 60; fresh: 0.789 vs 0.711; holdout: 0.524 vs
    # 0.429). Document is the fast setting: first token ~0.8 s against ~5.5-7 s.
    answer_context: str = "sentences"
    # Document mode needs at least this share of the evidence sentences in one document.
    document_share: float = 0.67
    # Disk budget for saved document states (MB; about 30-80 MB per article).
    state_budget_mb: int = 2048
    # Answer verification thresholds (not read from the environment).
    verify: VerifyPolicy = field(default_factory=VerifyPolicy)
    # Longest question accepted before truncation (characters).
    max_question_chars: int = 1000

    # Input limits: a 5 MB file of prose is ~9,000 chunks and hours of embedding
    # on a small CPU. A bigger document is skipped (and reported); a bigger
    # collection is refused before the build starts.
    max_document_bytes: int = 1_000_000
    max_collection_bytes: int = 10_000_000
    # Files added from the user's own documents (rag/ingest): a bigger file is refused
    # before it is read (a PDF is mostly images; 50 MB holds thousands of pages of text).
    max_file_bytes: int = 50_000_000
    # Zip bombs disguised as .docx: refused when the archive would unpack to more than this
    # in all, or a member to more than max_zip_ratio times its packed size (Word's XML
    # packs about 5-20x; 100x is Apache POI's default limit).
    max_unzipped_bytes: int = 200_000_000
    max_zip_ratio: int = 100
    # A symbolic link in seeds_dir that leads outside it is read only when this is on.
    follow_symlinks: bool = False
    # Where unexpected failures are written in full (the user sees one line and this path).
    log_dir: Path = Path.home() / ".cache" / "seoul-rag" / "logs"

    # LLM backend: auto (Ollama if reachable and has the model, else embedded),
    # ollama, openai (an OpenAI-compatible server, below), or embedded.
    llm: str = "auto"
    # Ollama: host (OLLAMA_HOST is honoured too) and model. A 7B instruct
    # model with good Korean is the sensible default for real users.
    ollama_host: str = ""
    ollama_model: str = "qwen2.5:7b-instruct"
    # Seconds before an Ollama request is given up.
    ollama_timeout: float = 120.0
    # OpenAI-compatible server (llama.cpp's server, vLLM, LM Studio, ...): its API root
    # (8000 is the default port of llama-cpp-python's server and vLLM; LM Studio uses 1234).
    # Its key is read from RAG_OPENAI_API_KEY or OPENAI_API_KEY only: never a setting,
    # so it is never printed, logged or recorded.
    openai_base_url: str = "http://127.0.0.1:8000/v1"
    # The model name sent to it; "" means the one model the server lists.
    openai_model: str = ""
    # Seconds for one whole answer from that server (one deadline, like Ollama's).
    openai_timeout: float = 120.0
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
    # The eval tab's endpoint is callable by API clients (gradio_client, /call/eval)
    # only when this is on: one call starts a long run on the CPU the chat needs.
    eval_api: bool = False

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


# Inclusive ranges of the numeric settings. NaN and infinities fail every range.
RANGES: dict[str, tuple[float, float]] = {
    "embedding_batch_size": (1, 1024),
    "checkpoint_texts": (1, 10**7),
    "chunk_size": (50, 20_000),
    "chunk_overlap": (0, 19_999),
    "top_k": (1, 50),
    "rrf_k": (1, 10_000),
    "candidates": (1, 1000),
    "evidence_sentences": (1, 50),
    "max_question_chars": (1, 100_000),
    "max_document_bytes": (1, 10**10),
    "max_collection_bytes": (1, 10**11),
    "max_file_bytes": (1, 10**10),
    "max_unzipped_bytes": (1, 10**11),
    "max_zip_ratio": (2, 100_000),
    "ollama_timeout": (0.1, 3600),
    "openai_timeout": (0.1, 3600),
    "n_ctx": (256, 131_072),
    "n_threads": (0, 1024),
    "max_tokens": (1, 32_768),
    "temperature": (0.0, 2.0),
    "port": (1, 65_535),
    "document_share": (0.0, 1.0),
    "state_budget_mb": (0, 10**7),
    "faiss_flat_max": (0, 10**10),
    "faiss_nprobe": (0, 65_536),
    "faiss_recall_target": (0.0, 1.0),
    "faiss_hnsw_ef": (1, 10_000),
}
# The eval set's splits (eval_questions.yaml). dev: questions looked at while adding a check or
# moving a threshold. test, holdout and fresh … fresh31 were each reported once and then read
# while tuning: dev questions now, kept apart so their old figures stay reproducible.
# fresh32: written by a session that saw only the articles, in reserve for the next report.
EVAL_SPLITS = ("dev", "test", "holdout", "fresh", "fresh2", "fresh3", "fresh4", "fresh5", "fresh6", "fresh7", "fresh8",
               "fresh9", "fresh10", "fresh11", "fresh12", "fresh13", "fresh14", "fresh15", "fresh16",
               "fresh17", "fresh18", "fresh19", "fresh20", "fresh21", "fresh22", "fresh23", "fresh24",
               "fresh25", "fresh26", "fresh27", "fresh28", "fresh29",
               "fresh30", "fresh31", "fresh32")
CHOICES: dict[str, tuple[str, ...]] = {
    "mode": ("hybrid", "dense", "bm25"),
    "llm": ("auto", "ollama", "openai", "embedded"),
    "embedding_dtype": ("auto", "bf16", "fp32"),
    "embedding_runtime": ("auto", "torch", "onnx"),
    "answer_context": ("sentences", "document"),
    "vector_store": ("faiss", "milvus"),
    "faiss_index": ("auto", "flat", "ivf", "ivfpq", "hnsw"),
}
# Must not be blank: an empty path would mean the current folder.
NON_EMPTY = ("seeds_dir", "index_dir", "library_dir", "models_dir", "prompts_dir", "log_dir", "ollama_model", "host")
TRUE_WORDS, FALSE_WORDS = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")
# RAG_* variables that are read elsewhere, not Settings fields (never "unknown").
OTHER_VARIABLES = ("RAG_WHEEL_CACHE", "RAG_OPENAI_API_KEY", "RAG_MILVUS_TOKEN")


def _coerce(kind: object, raw: object, name: str) -> object:
    if not isinstance(raw, str):
        return raw
    kind = getattr(kind, "__name__", kind)
    try:
        if kind == "Path":
            if not raw.strip():
                raise ConfigError(f"setting {name} is empty: set RAG_{name.upper()} to a folder, or unset it")
            return Path(raw).expanduser()
        if kind == "int":
            return int(raw.strip().replace("_", ""))
        if kind == "float":
            return float(raw)
        if kind == "bool":
            return _boolean(raw)
    except ValueError:
        raise ConfigError(f"setting {name} (RAG_{name.upper()}) is {raw!r}, not {_KIND_WORD.get(kind, kind)}") from None
    return raw


_KIND_WORD = {"int": "a whole number", "float": "a number", "bool": "a yes/no value (1, 0, true, false)"}


def _boolean(raw: str) -> bool:
    word = raw.strip().lower()
    if word not in TRUE_WORDS + FALSE_WORDS:
        raise ValueError(raw)
    return word in TRUE_WORDS


def _coerced(values: dict[str, object]) -> dict[str, object]:
    types = {f.name: f.type for f in fields(Settings)}
    unknown = set(values) - set(types)
    if unknown:
        raise ConfigError(f"unknown setting(s): {', '.join(sorted(unknown))}")
    return {k: _coerce(types[k], v, k) for k, v in values.items()}


def _validated(s: Settings) -> Settings:
    """Every setting checked: types, ranges (NaN fails), choices, URL syntax, relations."""
    for problem in _problems(s):
        raise ConfigError(problem)
    return s


def _problems(s: Settings):
    for name, (low, high) in RANGES.items():
        value = getattr(s, name)
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not low <= value <= high:
            yield f"setting {name} (RAG_{name.upper()}) must be between {_number(low)} and {_number(high)}, not {value!r}"
    for name, allowed in CHOICES.items():
        if getattr(s, name) not in allowed:
            yield f"setting {name} (RAG_{name.upper()}) must be {', '.join(allowed[:-1])} or {allowed[-1]}, not {getattr(s, name)!r}"
    for name in NON_EMPTY:
        if not str(getattr(s, name)).strip():
            yield f"setting {name} is empty: set RAG_{name.upper()} to a value, or unset it"
    if s.chunk_overlap >= s.chunk_size:
        yield f"setting chunk_overlap ({s.chunk_overlap}) must be smaller than chunk_size ({s.chunk_size})"
    if s.max_tokens >= s.n_ctx:
        yield f"setting max_tokens ({s.max_tokens}) must be smaller than n_ctx ({s.n_ctx}): the prompt needs room too"
    yield from _milvus_problems(s)
    problem = url_problem(s.resolved_ollama_host())
    if problem:
        yield f"Ollama host {s.resolved_ollama_host()!r} {problem}: set OLLAMA_HOST like http://127.0.0.1:11434"
    problem = url_problem(s.openai_base_url)
    if problem:
        yield (f"OpenAI-compatible server URL {s.openai_base_url!r} {problem}: "
               "set RAG_OPENAI_BASE_URL like http://127.0.0.1:8000/v1")


def _milvus_problems(s: Settings):
    if s.milvus_uri and url_problem(s.milvus_uri):
        yield f"Milvus address {s.milvus_uri!r} (RAG_MILVUS_URI) {url_problem(s.milvus_uri)}: set it like http://127.0.0.1:19530"
    if not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]{0,180}", s.milvus_collection):
        yield (f"setting milvus_collection (RAG_MILVUS_COLLECTION) must be letters, digits and _ "
               f"(not starting with a digit, at most 181), not {s.milvus_collection!r}")


def _number(value: float) -> str:
    return f"{value:,}" if isinstance(value, int) else f"{value:g}"


def url_problem(host: str) -> str:
    """"" when `host` is a usable server address (Ollama's forms: host, host:port, URL)."""
    text = host.strip()
    if not text or any(ch.isspace() for ch in text):
        return "is not a server address"
    try:
        parts = urlsplit(text if "://" in text else f"http://{text}")
        parts.port  # noqa: B018 - raises on a port that is not a number in range
    except ValueError:
        return "is not a valid URL (bad brackets or a port that is not a number up to 65535)"
    if parts.scheme not in ("http", "https"):
        return f"has the scheme {parts.scheme!r}; use http or https"
    if not parts.hostname:
        return "names no host"
    return ""


def chat_model_field(llm: str) -> str:
    """The setting that names the model of backend `llm`: what `--model` and the app's model box set."""
    return "openai_model" if llm == "openai" else "ollama_model"


def load_settings(environ: dict[str, str] | None = None) -> Settings:
    """Defaults, then RAG_* environment variables, then Gradio's and Ollama's own variables."""
    env = os.environ if environ is None else environ
    names = {f.name for f in fields(Settings) if f.name != "verify"}
    from_env: dict[str, object] = {
        name: env[f"RAG_{name.upper()}"] for name in names if f"RAG_{name.upper()}" in env
    }
    if "GRADIO_SERVER_NAME" in env and "host" not in from_env:
        from_env["host"] = env["GRADIO_SERVER_NAME"]
    if "GRADIO_SERVER_PORT" in env and "port" not in from_env:
        from_env["port"] = env["GRADIO_SERVER_PORT"]
    if "OLLAMA_HOST" in env and "ollama_host" not in from_env:
        from_env["ollama_host"] = env["OLLAMA_HOST"]
    return _validated(dataclasses.replace(Settings(), **_coerced(from_env)))


def unknown_variable_warnings(environ: dict[str, str] | None = None) -> list[str]:
    """One line per RAG_* variable that is no setting, naming the closest real one."""
    env = os.environ if environ is None else environ
    known = [f"RAG_{f.name.upper()}" for f in fields(Settings)]
    warnings = []
    for variable in sorted(v for v in env if v.startswith("RAG_") and v not in known and v not in OTHER_VARIABLES):
        close = difflib.get_close_matches(variable, known, n=1, cutoff=0.6)
        hint = f"; did you mean {close[0]}?" if close else "; see rag/config.py for the settings"
        warnings.append(f"{variable} is not a setting and is ignored{hint}")
    return warnings
