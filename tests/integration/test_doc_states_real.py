"""Whole-document answers from a saved state, with the real embedded model.

A state is built (or found) for the WeGO article; the question is answered from
it with almost the whole prompt reused, and the citation is found by code in
the article's sentences. Speed itself is measured by `rag bench answer`.
"""

import pytest

from rag.doc_states import PROMPT_NAME, restore
from rag.llm import embedded_model
from rag.pipeline import DOCUMENT_SCHEMA, Pipeline
from rag.prompts import load_prompt

pytestmark = pytest.mark.integration

WEGO = "002_d32cad0dd2ba4f1c"


@pytest.fixture(scope="module")
def pipeline(real_index_settings, real_index, real_embedder):
    settings = real_index_settings.with_overrides(llm="embedded", answer_context="document")
    return Pipeline(settings, index=real_index, embedder=real_embedder)


def test_a_single_document_question_reads_only_the_question_after_the_saved_state(pipeline, real_index):
    path = pipeline.states.ensure(real_index.documents[WEGO])
    assert path.is_file() and path.parent == pipeline.settings.index_dir / "states"
    answer = pipeline.answer("WeGO 총회에는 몇 명이 참석했나요?")
    usage = embedded_model(pipeline.chat).last_usage
    assert usage.prompt_tokens > 1000 and usage.prompt_tokens - usage.reused_tokens < 80, usage
    assert not answer.abstained and "350" in answer.text, answer.notes
    (citation,) = [c for c in answer.citations if "350" in c.span]
    document = real_index.documents[WEGO]
    assert citation.doc_id == WEGO and citation.quote == document.text[citation.start : citation.end]
    assert citation.start <= citation.span_start < citation.span_end <= citation.end


def test_an_english_question_about_the_same_document_reuses_the_same_state(pipeline, real_index):
    document = real_index.documents[WEGO]
    state = pipeline.states.ensure(document)  # the one the Korean question used: one state for both languages
    messages = load_prompt(pipeline.settings.prompts_dir, PROMPT_NAME).render(
        "en", title=document.title, document=document.text, question="In which year was WeGO founded?")
    model = embedded_model(pipeline.chat)
    reply = "".join(model.stream(messages, json_schema=DOCUMENT_SCHEMA, max_tokens=48, prefix_state=state))
    usage = model.last_usage
    assert usage.prompt_tokens > 1000 and usage.prompt_tokens - usage.reused_tokens < 80, usage
    assert "2010" in reply


def test_a_damaged_state_is_a_clear_error_not_a_crash(pipeline, real_index, tmp_path):
    broken = tmp_path / "broken.kvstate"
    broken.write_bytes(b"not a state")
    loaded = embedded_model(pipeline.chat).load()
    with loaded.lock, pytest.raises(Exception, match="could not be read; run `rag index`"):
        restore(loaded.llama, broken)


def test_a_dropped_document_reply_is_followed_by_the_evidence_sentence_ask(pipeline):
    # Read whole, the Zurich article gets the university's world rank for the number of Nobel
    # laureates ("9위": not a count of people, dropped); the evidence sentences then give 21명.
    answer = pipeline.answer("취리히 연방공과대학은 노벨상 수상자를 몇 명 배출했나요?")
    assert any(note.startswith("asked again: the first reply") for note in answer.notes), answer.notes
    assert not answer.abstained and "21" in answer.text, (answer.text, answer.notes)
    assert any("21" in c.span for c in answer.citations)
