"""The same questions through the FAISS store and a Milvus-lite store, with the real embedding model and LLM.

`RAG_VECTOR_STORE=milvus rag index` re-indexes into Milvus-lite (its folder
inside the index folder); `rag ask` then answers the WeGO attendance question
with the right citation from each store, and `rag eval --retrieval-only`
prints both stores' retrieval figures on the test split, which must agree
within 0.02 (the stores rank by the same inner products and BM25 weights).
One split, not all ~800 questions: twice over the whole set was about twelve
minutes of CI, and agreement needs no more than a hundred questions.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.integration

WEGO = "002_d32cad0dd2ba4f1c"
FIGURES = ("hit_at_1", "hit_at_k", "mrr", "recall_at_k")
STATES = "states"


def rag(args: list[str], index_dir: Path, store: str) -> subprocess.CompletedProcess:
    env = dict(os.environ, RAG_INDEX_DIR=str(index_dir), RAG_VECTOR_STORE=store, RAG_LLM="embedded")
    return subprocess.run([sys.executable, "-m", "rag.cli", *args], capture_output=True, text=True, env=env, timeout=1200)


def test_milvus_lite_and_faiss_answer_the_wego_question_and_retrieve_alike(real_index_settings, tmp_path):
    faiss_dir = real_index_settings.index_dir
    milvus_dir = tmp_path / "index"
    if (faiss_dir / STATES).is_dir():  # the embedded model's saved article states: minutes each, not what is tested
        shutil.copytree(faiss_dir / STATES, milvus_dir / STATES)
    built = rag(["index"], milvus_dir, "milvus")
    assert built.returncode == 0, built.stderr
    manifest = json.loads((milvus_dir / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["store"]["kind"] == "milvus" and (milvus_dir / "milvus").is_dir()

    figures = {}
    for store, index_dir in (("faiss", faiss_dir), ("milvus", milvus_dir)):
        asked = rag(["ask", "WeGO 총회에는 몇 명이 참석했나요?", "--json"], index_dir, store)
        assert asked.returncode == 0, (store, asked.stderr)
        answer = json.loads(asked.stdout)
        assert not answer["abstained"] and "350" in answer["answer"], (store, answer["answer"], answer["notes"])
        assert any(c["doc_id"] == WEGO and "350" in c["span"] for c in answer["citations"]), (store, answer["citations"])

        out = tmp_path / f"eval-{store}"
        evaluated = rag(["eval", "--retrieval-only", "--split", "test", "--out", str(out)], index_dir, store)
        assert evaluated.returncode == 0, (store, evaluated.stderr)
        summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
        figures[store] = {name: summary[name] for name in FIGURES}

    print("\nretrieval on the eval set's test split (hybrid, k from settings):")
    print(f"{'store':<8}" + "".join(f"{name:>13}" for name in FIGURES))
    for store, values in figures.items():
        print(f"{store:<8}" + "".join(f"{values[name]:>13.3f}" for name in FIGURES))
    for name in FIGURES:
        assert abs(figures["faiss"][name] - figures["milvus"][name]) <= 0.02, (name, figures)
