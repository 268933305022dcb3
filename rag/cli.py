"""`rag` command line: a thin shell. Parse, call one library function, print.

Every RagError becomes `error: <one line>` on stderr and a non-zero exit;
no stack traces reach the user: anything unforeseen becomes one line and the
path of a log file with the details (exit code 2).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from rag.config import CHOICES, EVAL_SPLITS, Settings, chat_model_field, load_settings, unknown_variable_warnings
from rag.errors import UNEXPECTED_EXIT_CODE, RagError, one_line, unexpected_failure
from rag.inputs import checked_text


LLM_CHOICES = list(CHOICES["llm"])


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rag", description="Bilingual document QA with verified citations.")
    sub = parser.add_subparsers(dest="command", required=True)

    models = sub.add_parser("models", help="fetch and verify model files")
    models_sub = models.add_subparsers(dest="models_command", required=True)
    fetch = models_sub.add_parser("fetch", help="assemble and verify the embedding model and the GGUF LLM")
    fetch.add_argument("--only", choices=["embedding", "llm"], help="fetch just one model")
    fetch.set_defaults(handler=cmd_models_fetch)
    export = models_sub.add_parser("export-onnx", help="export the embedding model for ONNX Runtime (fetch does it too)")
    export.set_defaults(handler=cmd_models_export_onnx)

    index = sub.add_parser("index", help="build the index (only when something changed)")
    index.add_argument("--force", action="store_true", help="rebuild even if up to date")
    index.set_defaults(handler=cmd_index)

    add = sub.add_parser("add", help="add files or folders to the collection (copied into the library)")
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.set_defaults(handler=cmd_add)

    remove = sub.add_parser("remove", help="remove documents from the collection (a shipped one is hidden)")
    remove.add_argument("doc_ids", nargs="+", metavar="DOC_ID")
    remove.set_defaults(handler=cmd_remove)

    listing = sub.add_parser("list", help="the documents in the collection")
    listing.set_defaults(handler=cmd_list)

    search = sub.add_parser("search", help="retrieve passages for a question")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=None, help="number of passages (default 5)")
    search.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default=None)
    search.add_argument("--json", action="store_true", help="print one JSON object")
    search.set_defaults(handler=cmd_search)

    ask = sub.add_parser("ask", help="answer a question with verified citations")
    ask.add_argument("question")
    ask.add_argument("--llm", choices=LLM_CHOICES, default=None)
    ask.add_argument("--model", default=None, help="model name for Ollama or the OpenAI-compatible server")
    ask.add_argument("-k", type=int, default=None)
    ask.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default=None)
    ask.add_argument("--json", action="store_true", help="print one JSON object")
    ask.set_defaults(handler=cmd_ask)

    ev = sub.add_parser("eval", help="run the QA eval set and write a report")
    ev.add_argument("--questions", default=None, help="eval YAML file (default eval_questions.yaml)")
    ev.add_argument("--llm", choices=LLM_CHOICES, default=None)
    ev.add_argument("--model", default=None, help="model name for Ollama or the OpenAI-compatible server")
    ev.add_argument("--mode", choices=["hybrid", "dense", "bm25"], default=None)
    ev.add_argument("-k", type=int, default=None)
    ev.add_argument("--retrieval-only", action="store_true")
    ev.add_argument("--compare", action="store_true", help="run the baselines side by side")
    ev.add_argument("--split", choices=[*EVAL_SPLITS, "all"], default="all",
                    help="which questions: dev (tuned on), test, holdout, fresh … fresh31 (each reported once, then tuned on), fresh32 (in reserve), all (default)")
    ev.add_argument("--baselines", default="previous",
                    help="answer systems besides ours for --compare, comma-separated: sentences, document, "
                         "previous, plain (default previous)")
    ev.add_argument("--replies", default=None,
                    help="JSONL file: store the model's replies and reuse them for identical prompts")
    ev.add_argument("--limit", type=int, default=None, help="only the first N questions")
    ev.add_argument("--out", default=None, help="output folder (default eval_out/<timestamp>)")
    ev.set_defaults(handler=cmd_eval)

    serve = sub.add_parser("serve", help="start the chat app")
    serve.add_argument("--host", default=None)
    serve.add_argument("--port", type=int, default=None)
    serve.add_argument("--share", action="store_true", help="ask Gradio for a public share link")
    serve.set_defaults(handler=cmd_serve)

    bench = sub.add_parser("bench", help="print speed figures")
    bench.add_argument("what", choices=["retrieval", "answer", "scale"])
    bench.add_argument("--repeat", type=int, default=3)
    bench.add_argument("--split", choices=[*EVAL_SPLITS, "all"], default="test", help="retrieval, answer: which eval questions")
    bench.add_argument("--limit", type=int, default=None, help="retrieval, answer: only the first N questions")
    bench.add_argument("--chunks", type=int, default=100_000, help="scale: synthetic chunks (default 100000)")
    bench.add_argument("--queries", type=int, default=200, help="scale: queries timed and checked for recall")
    bench.add_argument("--stores", default=None, help="scale: comma-separated flat,approx,ivf,ivfpq,hnsw,milvus "
                                                      "(default flat,approx,milvus; no milvus above 200000 chunks)")
    bench.add_argument("--no-embed", action="store_true", help="scale: skip the embedding-throughput measurement")
    bench.set_defaults(handler=cmd_bench)
    return parser


def cmd_models_fetch(args: argparse.Namespace, settings: Settings) -> int:
    from rag import models

    status = models.run_fetch(settings, only=args.only)
    if status == 0 and args.only in (None, "embedding") and not settings.embedding_model:
        try:
            return cmd_models_export_onnx(args, settings)
        except Exception as exc:  # the export is a speed-up: without it PyTorch embeds, as before
            first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
            print(f"warning: ONNX export failed ({first}); questions are embedded with PyTorch; "
                  "`rag models export-onnx` tries again", file=sys.stderr)
    return status


def cmd_models_export_onnx(args: argparse.Namespace, settings: Settings) -> int:
    from rag import embeddings_onnx, models

    folder = models.ensure_embedding_model(settings.models_dir)
    print(f"ONNX export ready: {embeddings_onnx.export(folder, settings.models_dir)}")
    return 0


def cmd_index(args: argparse.Namespace, settings: Settings) -> int:
    from rag import index

    return index.run_index_command(settings, force=args.force)


def cmd_add(args: argparse.Namespace, settings: Settings) -> int:
    from rag.ingest import commands

    return commands.run_add_command(settings, args.paths)


def cmd_remove(args: argparse.Namespace, settings: Settings) -> int:
    from rag.ingest import commands

    return commands.run_remove_command(settings, args.doc_ids)


def cmd_list(args: argparse.Namespace, settings: Settings) -> int:
    from rag.ingest import commands

    return commands.run_list_command(settings)


def cmd_search(args: argparse.Namespace, settings: Settings) -> int:
    from rag import retrieval

    settings = settings.with_overrides(top_k=args.k, mode=args.mode)
    return retrieval.run_search_command(settings, checked_text(args.query), as_json=args.json)


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    from rag import ask

    settings = settings.with_overrides(llm=args.llm, top_k=args.k, mode=args.mode)
    settings = settings.with_overrides(**{chat_model_field(settings.llm): args.model})
    return ask.run_ask_command(settings, checked_text(args.question), as_json=args.json)


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    from rag import evaluate
    from rag.paths import require_ours
    from rag.report import EVAL_OUT_OWNER

    if args.out:
        require_ours(Path(args.out), EVAL_OUT_OWNER)  # refuse before the run, not after it

    settings = settings.with_overrides(llm=args.llm, top_k=args.k, mode=args.mode)
    settings = settings.with_overrides(**{chat_model_field(settings.llm): args.model})
    return evaluate.run_eval_command(settings, args)


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    from rag import ui

    settings = settings.with_overrides(host=args.host, port=args.port, share=args.share or None)
    return ui.serve(settings)


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from rag import bench

    scale = {"chunks": args.chunks, "queries": args.queries, "stores": args.stores, "embed": not args.no_embed}
    return bench.run_bench_command(settings, args.what, repeat=args.repeat, split=args.split, limit=args.limit, scale=scale)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()  # its log_dir is used if loading the real settings fails unexpectedly
    try:
        for warning in unknown_variable_warnings():
            print(f"warning: {warning}", file=sys.stderr)
        settings = load_settings()
        return args.handler(args, settings)
    except RagError as exc:
        print(f"error: {one_line(exc, limit=2000)}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("error: interrupted", file=sys.stderr)
        return 130
    except Exception as exc:  # noqa: BLE001 - the last line of defence: one line, details in a log
        print(f"error: {unexpected_failure(exc, settings.log_dir)}", file=sys.stderr)
        return UNEXPECTED_EXIT_CODE


if __name__ == "__main__":
    sys.exit(main())
