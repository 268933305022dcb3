"""Shared fixtures.

Unit tests use `fake_settings` (seeds copied into a tmp folder, index in tmp,
the deterministic FakeEmbedder selected by embedding_model="fake").
Integration tests use `real_embedder` / `real_index` (EmbeddingGemma); those
never skip: a missing model folder fails with the command that fixes it.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
from pathlib import Path

import pytest

from rag.config import PROJECT_ROOT, Settings

SEEDS_DIR = PROJECT_ROOT / "seeds"


@pytest.fixture
def fake_settings(tmp_path: Path) -> Settings:
    """Settings over a private copy of the seeds, a tmp index and the fake embedder."""
    seeds = tmp_path / "seeds"
    shutil.copytree(SEEDS_DIR, seeds)
    return Settings(seeds_dir=seeds, index_dir=tmp_path / "index", models_dir=tmp_path / "models", embedding_model="fake",
                    log_dir=tmp_path / "logs", library_dir=tmp_path / "library")


@pytest.fixture
def fake_env(fake_settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Settings:
    """The same settings as RAG_* variables, for tests that go through `rag.cli.main`."""
    monkeypatch.setenv("RAG_SEEDS_DIR", str(fake_settings.seeds_dir))
    monkeypatch.setenv("RAG_INDEX_DIR", str(fake_settings.index_dir))
    monkeypatch.setenv("RAG_MODELS_DIR", str(fake_settings.models_dir))
    monkeypatch.setenv("RAG_EMBEDDING_MODEL", "fake")
    monkeypatch.setenv("RAG_LOG_DIR", str(fake_settings.log_dir))
    monkeypatch.setenv("RAG_LIBRARY_DIR", str(fake_settings.library_dir))
    return fake_settings


@pytest.fixture
def fake_index(fake_settings: Settings):
    """A saved index over the seeds built with the FakeEmbedder (about a second)."""
    from rag.embeddings import FakeEmbedder
    from rag.index import ensure_index, load_index

    ensure_index(fake_settings, FakeEmbedder())
    return load_index(fake_settings)


def real_settings() -> Settings:
    """Project defaults with the real model (RAG_MODELS_DIR honoured for CI caches)."""
    settings = Settings()
    if os.environ.get("RAG_MODELS_DIR"):
        settings = dataclasses.replace(settings, models_dir=Path(os.environ["RAG_MODELS_DIR"]))
    return settings


@pytest.fixture(scope="session")
def real_embedder():
    """EmbeddingGemma, loaded once per session. Fails (never skips) when missing."""
    from rag.embeddings import load_embedder

    folder = Path(real_settings().resolved_embedding_model())
    if not (folder / "modules.json").is_file():
        pytest.fail(f"EmbeddingGemma folder missing at {folder}: run `make setup` (or `rag models fetch`)")
    embedder = load_embedder(real_settings())
    embedder.embed_batch(["warm-up"], "query")
    return embedder


@pytest.fixture(scope="session")
def real_index_settings(real_embedder, tmp_path_factory) -> Settings:
    """Settings whose index_dir holds a current real index: the project's index/
    when its manifest matches the seeds and settings, else one built in tmp (~1 min)."""
    from rag.errors import RagError
    from rag.index import ensure_index, load_current_index

    settings = real_settings()
    try:
        load_current_index(settings)
        return settings
    except RagError:
        settings = dataclasses.replace(settings, index_dir=tmp_path_factory.mktemp("real") / "index")
        ensure_index(settings, real_embedder)
        return settings


@pytest.fixture(scope="session")
def real_index(real_index_settings: Settings):
    from rag.index import load_index

    return load_index(real_index_settings)


@pytest.fixture(scope="session")
def app(tmp_path_factory):
    """The real app (`python app.py`) over the real seeds and index, started once per run.

    It runs as a subprocess on a free port; Ollama's host points at a closed
    port, so `auto` must fall back to the embedded model, as `make run` does
    on a machine without Ollama.
    """
    from tests.e2e.app_server import app_env, build_index, start_app, stop_app

    log = tmp_path_factory.mktemp("app") / "app.log"
    env = app_env()
    build_index(env, log)
    running = start_app(env, log)
    yield running
    stop_app(running)
