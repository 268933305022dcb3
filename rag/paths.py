"""Which folders are ours to write into, and which seed files we may read.

A folder we replace or delete from (the index, the models folder, an eval
output folder) is ours only when it is absent, empty, or holds our own
marker file or nothing but names we write. Anything else belongs to someone
else: refused with one line before any write, because a mistyped
RAG_INDEX_DIR must never cost a user their files.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from rag.errors import RagError


class NotOurs(RagError):
    """A path the settings point at holds something we did not write."""


@dataclass(frozen=True)
class Ownership:
    """What marks a folder as ours: a marker file, or only names we write."""

    what: str  # "index folder", for the message
    setting: str  # the variable that moves it, for the message
    markers: frozenset[str]  # any one of these present: ours
    known: frozenset[str]  # every entry among these (or hidden temp names we use): ours
    temp_prefixes: tuple[str, ...] = ()


def require_ours(folder: Path, owner: Ownership) -> None:
    """Return when `folder` is ours to write; else raise NotOurs naming it."""
    folder = Path(folder)
    if folder.is_symlink() or (folder.exists() and not folder.is_dir()):
        kind = "a symbolic link" if folder.is_symlink() else "a file"
        raise NotOurs(f"{owner.what} {folder} is {kind}, not a folder we made: "
                      f"point {owner.setting} at a new or empty folder")
    if not folder.exists():
        return
    foreign = sorted(name for name in _entries(folder) if not _is_ours(name, owner))
    present = set(_entries(folder))
    if foreign and not (present & owner.markers):
        shown = ", ".join(foreign[:3]) + (", …" if len(foreign) > 3 else "")
        raise NotOurs(f"{owner.what} {folder} holds files this project did not write ({shown}): "
                      f"nothing was changed; point {owner.setting} at a new or empty folder")


def _entries(folder: Path) -> Iterable[str]:
    return (p.name for p in folder.iterdir())


def _is_ours(name: str, owner: Ownership) -> bool:
    return name in owner.known or name in owner.markers or name.startswith(owner.temp_prefixes)


def inside(path: Path, folder: Path) -> bool:
    """True when `path`, with every link followed, lies inside `folder`."""
    try:
        Path(path).resolve().relative_to(Path(folder).resolve())
    except ValueError:
        return False
    return True
