"""Start the chat app: `python app.py` (the same as `rag serve`).

Settings come from rag.config.load_settings(): RAG_* variables, and Gradio's
own GRADIO_SERVER_NAME / GRADIO_SERVER_PORT. Listens on 127.0.0.1:7860 by
default; a public share link only with `--share`.
"""

from __future__ import annotations

import sys

from rag.config import load_settings
from rag.errors import RagError


def main(argv: list[str]) -> int:
    from rag import ui

    try:
        settings = load_settings().with_overrides(share=True if "--share" in argv else None)
        return ui.serve(settings)
    except RagError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
