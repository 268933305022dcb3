"""Why Milvus keywords are our BM25 weights and not Milvus's own full-text search: Korean recall.

Milvus-lite's analyzers (standard, jieba) split Korean on spaces, so "서울은"
never matches "서울"; our sparse rows are BM25 over Kiwi morphemes (the
project's tokenize). Both are searched in the same Milvus-lite database over
the seeds' chunks; the eval set's answerable questions are asked of each,
BM25 alone, and the figures are printed per language.
"""

from __future__ import annotations

import pytest
from pymilvus import DataType, Function, FunctionType, MilvusClient

from rag.config import PROJECT_ROOT
from rag.evaluate import load_eval_set
from rag.index import build_bm25
from rag.metrics import hit_at, reciprocal_rank
from rag.retrieval import tokenize
from rag.store.keywords import KeywordWeights

pytestmark = pytest.mark.integration
K = 5


def analyzer_collection(client: MilvusClient, texts: list[str]) -> None:
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field("text", DataType.VARCHAR, max_length=65535, enable_analyzer=True)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    schema.add_function(Function(name="bm25", function_type=FunctionType.BM25, input_field_names=["text"],
                                 output_field_names=["sparse"]))
    client.create_collection("analyzed", schema=schema)
    client.insert("analyzed", [{"row": i, "text": t} for i, t in enumerate(texts)])
    indexes = client.prepare_index_params()
    indexes.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="BM25")
    client.create_index("analyzed", indexes)
    client.load_collection("analyzed")


def kiwi_collection(client: MilvusClient, weights: KeywordWeights) -> None:
    schema = MilvusClient.create_schema(auto_id=False)
    schema.add_field("row", DataType.INT64, is_primary=True)
    schema.add_field("sparse", DataType.SPARSE_FLOAT_VECTOR)
    client.create_collection("kiwi", schema=schema)
    client.insert("kiwi", [{"row": i, "sparse": weights.row(i) or {2**32 - 2: 1e-6}} for i in range(weights.rows.shape[0])])
    indexes = client.prepare_index_params()
    indexes.add_index(field_name="sparse", index_type="SPARSE_INVERTED_INDEX", metric_type="IP")
    client.create_index("kiwi", indexes)
    client.load_collection("kiwi")


def ranked_docs(client, collection: str, query, docs: list[str]) -> list[str]:
    if not query:
        return []
    hits = client.search(collection, data=[query], anns_field="sparse", limit=20, output_fields=["row"])[0]
    ordered = []  # only matching chunks come back (Milvus-lite reports BM25 metric scores negated: order only)
    for hit in hits:
        if docs[hit["row"]] not in ordered:
            ordered.append(docs[hit["row"]])
    return ordered


def test_kiwi_bm25_rows_keep_korean_recall_that_milvus_analyzer_loses(real_index, tmp_path):
    texts = [c.text for c in real_index.chunks]
    docs = [c.doc_id for c in real_index.chunks]
    weights = KeywordWeights.from_bm25(build_bm25(texts))
    items = [i for i in load_eval_set(PROJECT_ROOT / "eval_questions.yaml", PROJECT_ROOT / "seeds") if not i.unanswerable]
    client = MilvusClient(str(tmp_path / "recall.db"))
    try:
        analyzer_collection(client, texts)
        kiwi_collection(client, weights)
        figures = {}
        for language in ("ko", "en"):
            asked = [i for i in items if i.language == language]
            for name, query in (("kiwi morphemes (ours)", lambda q: weights.query(tokenize(q))),
                                ("milvus standard analyzer", lambda q: q)):
                collection = "kiwi" if name.startswith("kiwi") else "analyzed"
                ranked = [ranked_docs(client, collection, query(i.question), docs) for i in asked]
                figures[(language, name)] = (sum(hit_at(r, i.sources, K) for r, i in zip(ranked, asked)) / len(asked),
                                             sum(reciprocal_rank(r, i.sources) for r, i in zip(ranked, asked)) / len(asked))
    finally:
        client.close()
    print(f"\nBM25 alone in Milvus-lite, {len(items)} answerable eval questions (document level):")
    for (language, name), (hit, mrr) in figures.items():
        print(f"  {language}  {name:<26} hit@{K} {hit:.3f}  MRR {mrr:.3f}")
    assert figures[("ko", "kiwi morphemes (ours)")][0] > figures[("ko", "milvus standard analyzer")][0]
