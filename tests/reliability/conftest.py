"""Fixtures of the probe suite: private log folder, a bystander folder of someone else's files."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def private_log_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Failure logs go to the test's tmp folder, never to the home folder."""
    folder = tmp_path / "logs"
    monkeypatch.setenv("RAG_LOG_DIR", str(folder))
    return folder


@pytest.fixture
def bystander(tmp_path: Path) -> Path:
    """A folder of someone else's files, to point settings at by mistake."""
    folder = tmp_path / "my-photos"
    (folder / "2024").mkdir(parents=True)
    (folder / "holiday.jpg").write_bytes(b"\xff\xd8\xff not really a jpeg")
    (folder / "2024" / "notes.txt").write_text("do not delete", encoding="utf-8")
    return folder
