"""EmbeddingGemma's ONNX export: made once, checked against the weights it came from.

The adapter that embeds with it is rag/embeddings.py's OnnxEmbedder: the same vectors as
PyTorch, without loading PyTorch.

Measured on this 2-core AVX2 machine (round thirteen): a query embedded in about a third of
PyTorch's time, cosine 1.000000 against PyTorch's vector for the same text; a new process reads
its tokenizer and the ONNX graph in about 2 s, where importing torch and sentence-transformers
and loading the model took most of `rag search`'s 12 s cold start.

The ONNX graph is made once from the verified model folder (`rag models fetch`, or `rag models
export-onnx`): the sentence-transformers pipeline (transformer, mean pooling, both dense layers,
normalisation) exported whole with torch.onnx, written into a temporary folder and renamed into
place, with a provenance file that names the source weights' SHA-256. A graph whose provenance
does not match the folder's weights is not used.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
import time
from pathlib import Path

from rag.config import ONNX_FOLDER_NAME
from rag.models import MODELS_OWNER, embedding_fingerprint
from rag.paths import require_ours

GRAPH_NAME = "model.onnx"
PROVENANCE_NAME = "provenance.json"
# Bumped when the exported graph's inputs, outputs or pipeline change.
EXPORT_FORMAT = 1


def onnx_folder(models_dir: Path) -> Path:
    return Path(models_dir) / ONNX_FOLDER_NAME


def source_digest(model_folder: Path) -> str:
    """What identifies the source model's bytes: a digest of its fingerprint (rag/models.py: the
    pinned SHA-256s of a verified folder, else names and sizes). Cheap: nothing is hashed."""
    fingerprint = json.dumps(embedding_fingerprint(Path(model_folder)), sort_keys=True)
    return hashlib.sha256(fingerprint.encode("utf-8")).hexdigest()


def usable_export(model_folder: Path, folder: Path, digest: str | None = None) -> bool:
    """True when `folder` holds a graph exported from these weights in this format."""
    try:
        provenance = json.loads((folder / PROVENANCE_NAME).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return False
    if provenance.get("format") != EXPORT_FORMAT or not (folder / GRAPH_NAME).is_file():
        return False
    return provenance.get("source_sha256") == (digest or source_digest(model_folder))


# ---------------------------------------------------------------- export


def export(model_folder: Path, models_dir: Path, say=print) -> Path:
    """Export the verified model folder to models_dir/embeddinggemma-onnx, unless a usable export
    of the same weights is there. Written beside it first and renamed into place: a crash leaves
    the previous export (or none), never half of one."""
    model_folder, target = Path(model_folder), onnx_folder(models_dir)
    require_ours(Path(models_dir), MODELS_OWNER)  # the export replaces a folder in it: only in a folder of ours
    digest = source_digest(model_folder)
    if usable_export(model_folder, target, digest):
        return target
    say(f"exporting the embedding model to ONNX ({target}); about two minutes, once")
    started = time.monotonic()
    work = Path(tempfile.mkdtemp(prefix=".fetch-onnx-", dir=models_dir))
    work.chmod(0o755)  # mkdtemp's 0700 would keep the export from other users of the models folder
    try:
        exporter = _export_graph(model_folder, work / GRAPH_NAME)
        (work / PROVENANCE_NAME).write_text(json.dumps(
            {"format": EXPORT_FORMAT, "source_sha256": digest, "torch": exporter}, indent=2), encoding="utf-8")
        if target.exists():
            shutil.rmtree(target)  # ours: only an export of other weights or format gets here
        work.rename(target)
    finally:
        if work.exists():
            shutil.rmtree(work, ignore_errors=True)
    say(f"ONNX export ready in {time.monotonic() - started:.0f} s")
    return target


def _export_graph(model_folder: Path, out: Path) -> str:
    """Write the graph to `out`; return the version of torch that exported it (for the provenance)."""
    import torch
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_folder), device="cpu")
    model[0].auto_model.config._attn_implementation = "eager"  # sdpa's mask code does not export

    class Pipeline(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, ids, mask):
            return self.inner({"input_ids": ids, "attention_mask": mask})["sentence_embedding"]

    sample = model.tokenizer(["task: search result | query: 서울시 인구는?", "title: none | text: 짧은 글"],
                             return_tensors="pt", padding=True)
    with torch.no_grad():
        torch.onnx.export(Pipeline(model).eval(), (sample["input_ids"], sample["attention_mask"]), str(out),
                          input_names=["ids", "mask"], output_names=["sentence_vector"],
                          dynamic_axes={"ids": {0: "batch", 1: "length"}, "mask": {0: "batch", 1: "length"}},
                          opset_version=18, dynamo=True, external_data=True)
    return torch.__version__
