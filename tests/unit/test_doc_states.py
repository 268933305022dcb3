"""Saved document states: keyed by everything they depend on, pruned least recently used first,
and only our own files are ever removed. (Building and loading a real state: tests/integration.)"""

import os
from pathlib import Path

from rag.doc_states import STATE_SUFFIX, DocumentStates
from rag.types import Document


class Model:
    def __init__(self, path: Path):
        self.gguf_path = path


def states(tmp_path: Path, prompt_source: str = "prompt v1", budget: int = 10**9) -> DocumentStates:
    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"weights")
    return DocumentStates(tmp_path / "states", Model(gguf), prompt=None, prompt_source=prompt_source,
                          budget_bytes=budget)


def doc(text: str, doc_id: str = "001") -> Document:
    return Document(doc_id, f"{doc_id}.txt", text, "0" * 64, title="t")


def test_a_state_file_is_named_by_everything_it_depends_on(tmp_path):
    s = states(tmp_path)
    a = s.path(doc("서울시는 2010년에 창립했다."))
    assert a.name.startswith("001.") and a.name.endswith(STATE_SUFFIX)
    assert s.path(doc("서울시는 2010년에 창립했다.")) == a
    assert s.path(doc("서울시는 2011년에 창립했다.")) != a  # the text changed
    assert states(tmp_path, prompt_source="prompt v2").path(doc("서울시는 2010년에 창립했다.")) != a


def test_stale_states_are_removed_and_nothing_else(tmp_path):
    s = states(tmp_path)
    s.folder.mkdir(parents=True)
    current, stale = s.path(doc("new text")), s.folder / f"001.0123456789abcdef{STATE_SUFFIX}"
    current.write_bytes(b"x")
    stale.write_bytes(b"x")
    (s.folder / "notes.txt").write_text("a user's file")
    assert s.remove_stale([current]) == 1
    assert current.exists() and not stale.exists() and (s.folder / "notes.txt").exists()


def test_the_least_recently_used_states_go_first_when_over_budget(tmp_path):
    s = states(tmp_path, budget=250)
    s.folder.mkdir(parents=True)
    files = [s.folder / f"00{i}.{'a' * 16}{STATE_SUFFIX}" for i in range(3)]
    for age, path in zip((300, 200, 100), files):  # files[0] used longest ago
        path.write_bytes(b"x" * 100)
        os.utime(path, (path.stat().st_atime, path.stat().st_mtime - age))
    newest = s.folder / f"009.{'b' * 16}{STATE_SUFFIX}"
    newest.write_bytes(b"x" * 100)
    s._prune(keep=newest)
    assert [p.exists() for p in files] == [False, False, True] and newest.exists()
