"""rag.llm without model loads: the scripted fake, Ollama against a scripted loopback server, selection."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.config import Settings
from rag.errors import RagError
from rag.llm import (
    FallbackChat,
    LLMStreamError,
    LLMUnavailable,
    LlamaCppChat,
    OllamaChat,
    ScriptedChat,
    count_tokens,
    estimate_tokens,
    generate,
    probe_ollama,
    select_chat_model,
)
from tests.ollama_server import fake_ollama, free_port

QUESTION = [{"role": "system", "content": "Answer from the evidence."}, {"role": "user", "content": "서울의 인구는?"}]


def down_host() -> str:
    return f"http://127.0.0.1:{free_port()}"


# ---------------------------------------------------------------- ScriptedChat


def test_scripted_chat_streams_small_deltas_of_each_reply_in_turn():
    chat = ScriptedChat(["first answer", "second"])
    assert list(chat.stream(QUESTION)) == ["fir", "st ", "ans", "wer"]
    assert generate(chat, QUESTION) == "second"


def test_scripted_chat_records_what_it_was_asked():
    chat = ScriptedChat(["{}"])
    generate(chat, QUESTION, json_schema={"type": "object"}, max_tokens=32)
    assert "서울의 인구는?" in chat.last_prompt
    assert chat.calls[0]["json_schema"] == {"type": "object"}
    assert chat.calls[0]["max_tokens"] == 32


def test_scripted_chat_breaks_off_mid_stream_keeping_the_partial_text():
    chat = ScriptedChat(["abcdefghij"], fail_after=2)
    received = []
    with pytest.raises(LLMStreamError) as caught:
        for delta in chat.stream(QUESTION):
            received.append(delta)
    assert received == ["abc", "def"]
    assert caught.value.partial == "abcdef"
    assert isinstance(caught.value, RagError)


def test_scripted_chat_refuses_a_call_it_has_no_reply_for():
    chat = ScriptedChat(["only one"])
    generate(chat, QUESTION)
    with pytest.raises(AssertionError, match="only 1 replies"):
        generate(chat, QUESTION)


def test_token_estimate_counts_hangul_and_digits_one_each_other_ascii_per_four_chars():
    assert estimate_tokens("서울시") == 4  # 3 * 1.1, rounded up
    assert estimate_tokens("abcdefghijklmnopqrst") == 6  # 5 * 1.1
    assert estimate_tokens("2024") == 5  # 4 * 1.1
    assert count_tokens(ScriptedChat([]), "서울 abc") == estimate_tokens("서울 abc") == 4  # 3.3 up


# ---------------------------------------------------------------- OllamaChat


def test_ollama_chat_streams_the_reply_in_several_deltas_and_passes_options():
    with fake_ollama(models=("tiny:latest",), reply="Seoul has 9.4 million people [1].") as fake:
        chat = OllamaChat(fake.host, "tiny", timeout=5, num_ctx=2048)
        deltas = list(chat.stream(QUESTION, json_schema={"type": "object"}, max_tokens=40, temperature=0.0))
        body = [r for r in fake.requests if r["path"] == "/api/chat"][0]["body"]
    assert len(deltas) > 1
    assert "".join(deltas) == "Seoul has 9.4 million people [1]."
    assert body["format"] == {"type": "object"}
    assert body["options"] == {"temperature": 0.0, "num_predict": 40, "num_ctx": 2048}
    assert body["messages"][1]["content"] == "서울의 인구는?"


def test_ollama_model_not_pulled_says_how_to_pull_it():
    with fake_ollama(models=("tiny:latest",)) as fake:
        chat = OllamaChat(fake.host, "qwen2.5:7b-instruct", timeout=5)
        with pytest.raises(LLMUnavailable, match=r"run `ollama pull qwen2.5:7b-instruct`"):
            generate(chat, QUESTION)
        assert "ollama pull qwen2.5:7b-instruct" in probe_ollama(fake.host, "qwen2.5:7b-instruct")
        assert probe_ollama(fake.host, "tiny") is None


def test_ollama_server_down_says_how_to_start_it():
    host = down_host()
    with pytest.raises(LLMUnavailable) as caught:
        generate(OllamaChat(host, "tiny", timeout=5), QUESTION)
    assert str(caught.value) == (
        f"Ollama is not reachable at {host}: start it with `ollama serve`, or use --llm embedded"
    )
    assert probe_ollama(host, "tiny") == str(caught.value)


def test_ollama_stream_dying_mid_way_keeps_the_partial_text():
    with fake_ollama(reply="abcdefghijklmnopqrstuvwxyz", die_after=3) as fake:
        chat = OllamaChat(fake.host, "tiny", timeout=5)
        received = []
        with pytest.raises(LLMStreamError) as caught:
            for delta in chat.stream(QUESTION):
                received.append(delta)
    assert "".join(received) == "abcdefghijkl"
    assert caught.value.partial == "abcdefghijkl"
    assert "broke off after 12 characters" in str(caught.value)
    assert "\n" not in str(caught.value)


# ---------------------------------------------------------------- selection


def settings_for(host: str, llm: str, tmp_path: Path, gguf: bool = True) -> Settings:
    path = tmp_path / "model.gguf"
    if gguf:
        path.write_bytes(b"GGUF not really")  # never loaded: LlamaCppChat loads lazily
    return Settings().with_overrides(llm=llm, ollama_host=host, ollama_model="tiny", gguf_path=str(path))


def test_auto_picks_ollama_when_it_answers_and_has_the_model(tmp_path):
    with fake_ollama(models=("tiny:latest",)) as fake:
        chat, notice = select_chat_model(settings_for(fake.host, "auto", tmp_path))
    assert isinstance(chat, FallbackChat) and isinstance(chat.primary, OllamaChat)  # embedded if Ollama fails later
    assert (chat.backend, chat.model, chat.primary.host) == ("ollama", "tiny", fake.host)
    assert notice == f"using Ollama model tiny at {fake.host}"


def test_auto_falls_back_to_the_embedded_model_when_ollama_is_down(tmp_path):
    host = down_host()
    chat, notice = select_chat_model(settings_for(host, "auto", tmp_path))
    assert isinstance(chat, LlamaCppChat)
    assert chat.backend == "embedded"
    assert chat.gguf_path == tmp_path / "model.gguf"
    assert notice == f"Ollama not reachable at {host}: using the embedded model model"


def test_auto_falls_back_when_ollama_lacks_the_model_and_says_how_to_pull_it(tmp_path):
    fallback = ScriptedChat([], model="embedded-fake")
    with fake_ollama(models=("other:latest",)) as fake:
        chat, notice = select_chat_model(settings_for(fake.host, "auto", tmp_path), embedded=lambda s: fallback)
    assert chat is fallback
    assert "`ollama pull tiny`" in notice
    assert notice.endswith("using the embedded model embedded-fake")


def test_auto_with_nothing_usable_names_both_problems(tmp_path):
    with pytest.raises(LLMUnavailable) as caught:
        select_chat_model(settings_for(down_host(), "auto", tmp_path, gguf=False))
    assert "ollama serve" in str(caught.value)
    assert "run `make setup` (or `rag models fetch`)" in str(caught.value)


def test_ollama_mode_does_not_fall_back(tmp_path):
    with pytest.raises(LLMUnavailable, match="ollama serve"):
        select_chat_model(settings_for(down_host(), "ollama", tmp_path))


def test_embedded_mode_never_asks_ollama(tmp_path):
    with fake_ollama() as fake:
        chat, notice = select_chat_model(settings_for(fake.host, "embedded", tmp_path))
        assert fake.requests == []
    assert isinstance(chat, LlamaCppChat)
    assert notice == "using the embedded model model"


def test_embedded_mode_with_the_file_missing_gives_the_setup_hint(tmp_path):
    with pytest.raises(LLMUnavailable, match=r"LLM file missing: .*model\.gguf; run `make setup`"):
        select_chat_model(settings_for(down_host(), "embedded", tmp_path, gguf=False))


def test_llamacpp_chat_with_the_file_missing_fails_on_first_use(tmp_path):
    chat = LlamaCppChat(tmp_path / "absent.gguf", n_ctx=512, n_threads=1)
    with pytest.raises(LLMUnavailable, match=r"LLM file missing: .*absent\.gguf; run `make setup`"):
        generate(chat, QUESTION)


# ------------------------------------------------------------ replaying stored replies


class _CountingChat:
    """Plays one fixed reply per call and counts the calls (accepts any option, like the embedded model)."""

    backend, model = "fake", "counting"

    def __init__(self, reply: str, fail: bool = False) -> None:
        self.reply, self.fail, self.calls = reply, fail, 0

    def stream(self, messages, **options):
        self.calls += 1
        for i in range(0, len(self.reply), 2):
            yield self.reply[i : i + 2]
        if self.fail:
            raise LLMStreamError("the stream broke off", self.reply)


def test_replaying_chat_replays_a_stored_reply_from_its_file(tmp_path: Path):
    from rag.llm import ReplayingChat

    store = tmp_path / "replies.jsonl"
    first = _CountingChat('{"answer": "300명 [1]"}')
    assert "".join(ReplayingChat(first, store).stream(QUESTION, max_tokens=64)) == first.reply
    second = _CountingChat("never asked")
    again = ReplayingChat(second, store)
    assert "".join(again.stream(QUESTION, max_tokens=64)) == first.reply
    assert (second.calls, again.replayed) == (0, 1)
    assert "".join(again.stream(QUESTION, max_tokens=32)) == "never asked"  # another option: another request


def test_replaying_chat_ignores_the_saved_state_object(tmp_path: Path):
    """A state object prints with its address: keyed on it, no document-mode reply would ever replay."""
    from rag.llm import ReplayingChat

    store = tmp_path / "replies.jsonl"
    "".join(ReplayingChat(_CountingChat("A"), store).stream(QUESTION, prefix_state=object()))
    inner = _CountingChat("B")
    assert "".join(ReplayingChat(inner, store).stream(QUESTION, prefix_state=object())) == "A"
    assert inner.calls == 0


def test_replaying_chat_remembers_a_reply_read_only_in_part(tmp_path: Path):
    from rag.llm import ReplayingChat

    store = tmp_path / "replies.jsonl"
    deltas = ReplayingChat(_CountingChat("abcdefgh"), store).stream(QUESTION)
    assert next(deltas) + next(deltas) == "abcd"
    deltas.close()  # the reader had what it needed
    inner = _CountingChat("zzz")
    assert "".join(ReplayingChat(inner, store).stream(QUESTION)) == "abcd"
    assert inner.calls == 0


def test_replaying_chat_does_not_remember_a_failed_stream(tmp_path: Path):
    from rag.llm import ReplayingChat

    store = tmp_path / "replies.jsonl"
    with pytest.raises(LLMStreamError):
        "".join(ReplayingChat(_CountingChat("abcd", fail=True), store).stream(QUESTION))
    assert not store.exists()
