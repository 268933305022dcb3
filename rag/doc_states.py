"""Document states: the embedded model's memory of "instructions + one whole document", computed once.

On these CPUs every prompt token costs about 20 ms before the first answer
token. A question whose evidence lies in one document loads that document's
saved state and the model reads only the question: the first token comes in
about a second instead of a dozen.

A state is llama.cpp's KV cache after the prompt prefix (the system message
and the document part of the user message, prompts/answer_document.yaml),
saved with `llama_state_save_file`. Its file name carries a key over
everything it depends on (model file, prompt text, document text,
llama-cpp-python version), so a change to any of them builds a new one and a
stale one is never loaded. States live in `<index>/states/`, within a disk
budget: the least recently used are removed first. Only files named like ours
in that folder are ever removed.
"""

from __future__ import annotations

import ctypes
import hashlib
import os
import time
from pathlib import Path
from typing import Callable, Iterable

from rag.errors import RagError
from rag.prompts import Prompt
from rag.types import Document

STATE_SUFFIX = ".kvstate"
PROMPT_NAME = "answer_document"
# Two questions that differ from the first character: the prompt they share is the prefix.
_PROBES = ("Alpha probe?", "Zulu probe!")


def prefix_tokens(llama, prompt: Prompt, document: Document) -> list[int]:
    """The tokens every question about `document` starts with, as the chat template renders them."""
    rendered = [prompt_tokens(llama, prompt.render("en", title=document.title, document=document.text, question=q))
                for q in _PROBES]
    shared = 0
    for a, b in zip(*rendered):
        if a != b:
            break
        shared += 1
    return rendered[0][:shared]


def prompt_tokens(llama, messages: list[dict]) -> list[int]:
    """The prompt tokens create_chat_completion would evaluate for `messages` (same template, same flags)."""
    result = _formatter(llama)(messages=messages)
    return llama.tokenize(result.prompt.encode("utf-8"), add_bos=not result.added_special, special=True)


def _formatter(llama):
    """The chat template formatter llama-cpp-python builds from the GGUF's metadata (one per model)."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    if getattr(llama, "_rag_formatter", None) is None:
        def text(token_id: int) -> str:
            return llama._model.token_get_text(token_id) if token_id != -1 else ""

        llama._rag_formatter = Jinja2ChatFormatter(llama.metadata["tokenizer.chat_template"],
                                                   text(llama.token_eos()), text(llama.token_bos()))
    return llama._rag_formatter


def state_key(model_path: Path, prompt_source: str, document: Document) -> str:
    import llama_cpp

    model = f"{model_path.name}:{model_path.stat().st_size}" if model_path.is_file() else model_path.name
    parts = [model, prompt_source, document.text, document.title, llama_cpp.__version__]
    return hashlib.sha256("\x00".join(parts).encode("utf-8")).hexdigest()[:16]


class DocumentStates:
    """Saved states of one collection's documents for one embedded model, within a disk budget."""

    def __init__(self, folder: Path, chat, prompt: Prompt, prompt_source: str, budget_bytes: int) -> None:
        self.folder, self.chat, self.prompt = Path(folder), chat, prompt
        self.prompt_source, self.budget_bytes = prompt_source, budget_bytes

    def path(self, document: Document) -> Path:
        key = state_key(self.chat.gguf_path, self.prompt_source, document)
        return self.folder / f"{document.doc_id}.{key}{STATE_SUFFIX}"

    def ready(self, document: Document) -> Path | None:
        path = self.path(document)
        return path if path.is_file() else None

    def ensure(self, document: Document) -> Path:
        """The state file for `document`, built now if it is missing (tens of seconds)."""
        path = self.path(document)
        if path.is_file():
            os.utime(path)  # most recently used: kept longest within the budget
            return path
        self.folder.mkdir(parents=True, exist_ok=True)
        loaded = self.chat.load()
        with loaded.lock:
            tokens = prefix_tokens(loaded.llama, self.prompt, document)
            if len(tokens) + 512 > loaded.llama.n_ctx():
                raise RagError(f"document {document.doc_id} ({len(tokens)} tokens) is too long for a state in a "
                               f"{loaded.llama.n_ctx()}-token context: its questions use evidence sentences")
            _save(loaded.llama, tokens, path)
        self._prune(keep=path)
        return path

    def build_all(self, documents: Iterable[Document], report: Callable[[str], None] = print) -> list[Path]:
        """States for every document that fits, with a progress line per document."""
        documents = list(documents)
        built = []
        for i, document in enumerate(documents, 1):
            if self.ready(document):
                built.append(self.ensure(document))
                continue
            report(f"state {i}/{len(documents)}: building {document.doc_id} (tens of seconds)")
            started = time.perf_counter()
            try:
                built.append(self.ensure(document))
            except RagError as exc:
                report(f"state {i}/{len(documents)}: skipped: {exc}")
                continue
            report(f"state {i}/{len(documents)}: {document.doc_id} in {time.perf_counter() - started:.0f} s")
        return built

    def remove_stale(self, current: Iterable[Path]) -> int:
        """Remove our state files that belong to no current document (changed or removed ones)."""
        keep = {Path(p).name for p in current}
        stale = [p for p in self.folder.glob(f"*{STATE_SUFFIX}") if p.is_file() and p.name not in keep]
        for path in stale:
            path.unlink(missing_ok=True)
        return len(stale)

    def _prune(self, keep: Path) -> None:
        """Remove states of this folder, least recently used first, until within the budget."""
        ours = sorted((p for p in self.folder.glob(f"*{STATE_SUFFIX}") if p.is_file() and p != keep),
                      key=lambda p: p.stat().st_mtime)
        total = keep.stat().st_size + sum(p.stat().st_size for p in ours)
        for path in ours:
            if total <= self.budget_bytes:
                break
            total -= path.stat().st_size
            path.unlink(missing_ok=True)


def _save(llama, tokens: list[int], path: Path) -> None:
    """Prefill `tokens` and write llama.cpp's state to `path` (atomically: temp file, then rename)."""
    import llama_cpp

    llama.reset()
    llama.eval(tokens)
    temp = path.with_name(path.name + f".tmp-{os.getpid()}")
    array = (llama_cpp.llama_token * len(tokens))(*tokens)
    if not llama_cpp.llama_state_save_file(llama._ctx.ctx, str(temp).encode(), array, len(tokens)):
        temp.unlink(missing_ok=True)
        raise RagError(f"could not write the model state {path}; check the disk")
    temp.replace(path)


def restore(llama, path: Path) -> int:
    """Load a saved state into `llama`; its next prompt that starts with the same tokens reads only the rest."""
    import llama_cpp

    capacity = llama.n_ctx()
    tokens = (llama_cpp.llama_token * capacity)()
    count = ctypes.c_size_t(0)
    if not llama_cpp.llama_state_load_file(llama._ctx.ctx, str(path).encode(), tokens, capacity, ctypes.byref(count)):
        llama.reset()
        raise RagError(f"the model state {path.name} could not be read; run `rag index` to rebuild it")
    n = count.value
    llama.input_ids[:n] = tokens[:n]
    llama.n_tokens = n
    llama._requires_eval = True  # the logits are not those of a live decode: evaluate the rest first
    os.utime(path)
    return n
