"""Seed files -> Document: decoding, page-chrome removal, metadata.

The seeds are news pages saved as text: article sentences sit between menus,
share buttons, weather tickers and comment widgets. `clean_text` keeps every
article line and drops chrome by line-level rules (UI phrases, short labels,
bullet metadata lines, dates, bylines, copyright lines) rather than per-file
hacks. Text is untrusted: HTML in it is kept as literal text, never parsed.
Nothing inside a kept line is rewritten except whitespace, because offsets
into the cleaned text are shown to users.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from rag.config import Settings
from rag.errors import RagError
from rag.paths import inside
from rag.types import Document

SEED_SUFFIXES = (".txt", ".md")
SIDECAR_NAME = "metadata.yaml"
SIDECAR_KEYS = ("title", "outlet", "date")
# Bump when cleaning rules change, so indexes built from older text are rebuilt.
CLEANING_VERSION = 1


@dataclass(frozen=True)
class SkippedFile:
    path: str
    reason: str


@dataclass(frozen=True)
class LoadResult:
    documents: tuple[Document, ...]
    skipped: tuple[SkippedFile, ...]


@dataclass(frozen=True)
class PageMetadata:
    title: str = ""
    outlet: str = ""
    date: str = ""


class _Unreadable(Exception):
    """A seed file we skip (reported, not fatal)."""


# ---------------------------------------------------------------- loading


@dataclass(frozen=True)
class SeedPolicy:
    """What the loader may read: the defaults are Settings' defaults."""

    follow_symlinks: bool = False  # a link leading out of the seeds folder is not read unless set
    max_document_bytes: int = 1_000_000
    max_collection_bytes: int = 10_000_000


def seed_policy(settings: Settings) -> SeedPolicy:
    return SeedPolicy(settings.follow_symlinks, settings.max_document_bytes, settings.max_collection_bytes)


def load_seeds(settings: Settings) -> LoadResult:
    """load_documents with the settings' folder and limits (every caller sees the same set)."""
    return load_documents(settings.seeds_dir, seed_policy(settings))


def load_documents(seeds_dir: Path, policy: SeedPolicy = SeedPolicy()) -> LoadResult:
    """Load every *.txt / *.md seed (sorted by name); skip unreadable ones."""
    seeds_dir = Path(seeds_dir)
    paths, skipped = _allowed(seeds_dir, _seed_paths(seeds_dir), policy)
    _check_collection_size(seeds_dir, paths, policy)
    sidecar = seeds_dir / SIDECAR_NAME
    readable_sidecar = policy.follow_symlinks or not sidecar.is_symlink() or inside(sidecar, seeds_dir)
    overrides = load_sidecar(sidecar, {p.stem for p in paths}) if readable_sidecar else {}
    if not readable_sidecar:
        skipped.append(SkippedFile(str(sidecar), _OUTSIDE))
    documents: list[Document] = []
    for path in paths:
        try:
            documents.append(load_document(path, overrides.get(path.stem, {})))
        except _Unreadable as why:
            skipped.append(SkippedFile(str(path), str(why)))
    if not documents:
        reasons = "; ".join(f"{Path(s.path).name}: {s.reason}" for s in skipped)
        raise RagError(f"no loadable document in {seeds_dir} ({reasons}): save the seeds as UTF-8 text")
    return LoadResult(tuple(documents), tuple(skipped))


_OUTSIDE = "a symbolic link leading outside the seeds folder: not read (set RAG_FOLLOW_SYMLINKS=1 to allow it)"


def _allowed(seeds_dir: Path, paths: list[Path], policy: SeedPolicy) -> tuple[list[Path], list[SkippedFile]]:
    """Drop links leading outside the folder and files over the per-document limit."""
    kept, skipped = [], []
    for path in paths:
        size = path.stat().st_size
        if not policy.follow_symlinks and not inside(path, seeds_dir):
            skipped.append(SkippedFile(str(path), _OUTSIDE))
        elif size > policy.max_document_bytes:
            skipped.append(SkippedFile(str(path), (
                f"{_mb(size)} is over the per-document limit of {_mb(policy.max_document_bytes)}: "
                "split it, or raise RAG_MAX_DOCUMENT_BYTES")))
        else:
            kept.append(path)
    return kept, skipped


def _check_collection_size(seeds_dir: Path, paths: list[Path], policy: SeedPolicy) -> None:
    total = sum(p.stat().st_size for p in paths)
    if total > policy.max_collection_bytes:
        raise RagError(
            f"the documents in {seeds_dir} total {_mb(total)}, over the collection limit of "
            f"{_mb(policy.max_collection_bytes)}: remove some, or raise RAG_MAX_COLLECTION_BYTES"
        )


def _mb(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _seed_paths(seeds_dir: Path) -> list[Path]:
    if not seeds_dir.is_dir():
        raise RagError(f"seeds folder {seeds_dir} does not exist: create it and put .txt or .md documents in it (or set RAG_SEEDS_DIR)")
    paths = sorted(
        p for p in seeds_dir.iterdir()
        if p.is_file() and p.suffix.lower() in SEED_SUFFIXES and not p.name.startswith(".")
    )
    if not paths:
        raise RagError(f"seeds folder {seeds_dir} has no .txt or .md documents: add some, then run `rag index`")
    return paths


def load_document(path: Path, override: dict[str, str] | None = None) -> Document:
    """One seed file -> Document. Raises _Unreadable for files we skip."""
    raw_bytes = path.read_bytes()
    raw = decode_seed(raw_bytes)
    text = clean_text(raw)
    if not text:
        raise _Unreadable("no article text left after removing page chrome")
    meta = extract_metadata(raw, text)
    fields = {"title": meta.title, "outlet": meta.outlet, "date": meta.date, **(override or {})}
    return Document(
        doc_id=path.stem,
        path=str(path),
        text=text,
        sha256=hashlib.sha256(raw_bytes).hexdigest(),
        **fields,
    )


def decode_seed(raw_bytes: bytes) -> str:
    """UTF-8 (a BOM is dropped); binary or undecodable bytes are refused."""
    if b"\x00" in raw_bytes:
        raise _Unreadable("binary file (contains NUL bytes): only UTF-8 text is read")
    if not raw_bytes.strip():
        raise _Unreadable("empty file")
    try:
        return raw_bytes.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        raise _Unreadable(f"not valid UTF-8 (bad byte at offset {err.start}): re-save it as UTF-8") from None


# ---------------------------------------------------------------- sidecar


def load_sidecar(path: Path, doc_ids: set[str]) -> dict[str, dict[str, str]]:
    """Optional `{doc_id: {title, outlet, date}}` overrides, strictly validated."""
    if not path.is_file():
        return {}
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as err:
        first_line = str(err).splitlines()[0] if str(err) else type(err).__name__
        raise RagError(f"{path} is not valid YAML ({first_line}): fix or delete it") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise RagError(f"{path} must map doc_id -> {{title, outlet, date}}: fix its layout")
    return {str(doc_id): _checked_entry(path, str(doc_id), entry, doc_ids) for doc_id, entry in data.items()}


def _checked_entry(path: Path, doc_id: str, entry: object, doc_ids: set[str]) -> dict[str, str]:
    if doc_id not in doc_ids:
        raise RagError(f"{path} names {doc_id!r}, which is not a seed file stem: fix the name or drop the entry")
    if not isinstance(entry, dict):
        raise RagError(f"{path}: entry {doc_id!r} must be a mapping with title, outlet and/or date")
    unknown = sorted(set(map(str, entry)) - set(SIDECAR_KEYS))
    if unknown:
        raise RagError(f"{path}: entry {doc_id!r} has unknown key(s) {', '.join(unknown)}; allowed: title, outlet, date")
    checked = {key: "" if value is None else str(value) for key, value in entry.items()}
    if checked.get("date") and _iso_date(checked["date"]) != checked["date"]:
        raise RagError(f"{path}: entry {doc_id!r} date {checked['date']!r} is not YYYY-MM-DD: quote it as 'YYYY-MM-DD'")
    return checked


def _iso_date(text: str) -> str:
    """'YYYY-MM-DD' if `text` is a real calendar date in that form, else ''."""
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    return _valid_date(*match.groups()) if match else ""


def _valid_date(year: str, month: str, day: str) -> str:
    try:
        return dt.date(int(year), int(month), int(day)).isoformat()
    except ValueError:
        return ""


# ---------------------------------------------------------------- cleaning

# Whitespace we normalise: no-break and typographic spaces -> " ", zero-width -> "".
_SPACE_TABLE = str.maketrans(
    {**{c: " " for c in "\t\u00a0\u1680\u202f\u205f\u3000"}, **{chr(c): " " for c in range(0x2000, 0x200B)},
     **{c: None for c in "\u200b\u200c\u200d\u2060\ufeff"}}
)
# A line that ends like a sentence (optionally closed by quotes/brackets).
_SENTENCE_END = re.compile(r"[.?!。][\"'”’」』)\]>]*$")
# UI strings of news pages (share bar, comment widget, ticker, layout labels).
_UI_PHRASES = re.compile(
    r"바로가기$|^(상단|본문|하단|Dim)영역$|^상태바$|숏 ?뉴스|불러오는 ?중|^닫기$|^인쇄$|스크랩|글자 ?크기|뉴스 ?듣기"
    r"|글씨 키우기|홈 구독|기사를 공유|주소 ?복사|^댓글( ?\d+)?$|댓글 ?(삭제|쓰기|수정|정렬|모음)|개의 댓글|첫 댓글"
    r"|BEST ?댓글|로그인·계정인증|^\d* ?/ ?\d+$|기상청 제공|원본보기|간격처리를 위한|top ?버튼|^주요 ?기사$"
    r"|많이 (본|읽힌)|가장 ?많이 본|^더보기$|오늘의 이슈|SNS \[|^기자명 "
)
# Polite "-ㅂ니다/-세요" voice addressed to the reader is UI text; news prose is plain "-다".
_UI_VOICE = re.compile(r"(니다|니까|세요)[.?!]?$")
_UI_VOICE_WORDS = re.compile(r"댓글|삭제|로그인|계정|카테고리|언론사|기사|구독|복사")
_COPYRIGHT = re.compile(r"(ⓒ|©|저작권자|copyright).*(무단|금지|reserved)", re.IGNORECASE)
_DATE_ONLY = re.compile(r"\d{2,4}[./-]\d{1,2}([./-]\d{1,2})?( ?\([월화수목금토일]\))?")
_DATELINE = re.compile(r"(승인|등록|입력|수정|기사입력|최종수정|발행|게재|업데이트) ?:? ?\d{4}[./-]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
_BULLET = "•"
# Photo captions repeat the title with a "▲" mark and without its "[section]" tag.
_DEDUP_PREFIX = re.compile(r"^[▲△■□●•\s]*(\[[^\]]{1,20}\]\s*)?")
SHORT_LABEL_CHARS = 6  # "행정", "뉴시스", "AD", "더보기": labels, never article sentences
CHROME_LINE_MAX = 100  # UI strings are short; a long line is prose even if it shares a word


def clean_text(raw: str) -> str:
    """Article text: chrome lines dropped, repeated lines kept once, whitespace normalised.

    Lines of one raw block stay joined by "\\n"; blocks (blank-line separated)
    become paragraphs joined by "\\n\\n".
    """
    seen: set[str] = set()
    paragraphs = []
    for block in _blocks(normalized_lines(raw)):
        kept = [line for line in block if not is_chrome(line) and _first_time(line, seen)]
        if kept:
            paragraphs.append("\n".join(kept))
    return "\n\n".join(paragraphs)


def normalized_lines(raw: str) -> list[str]:
    text = raw.replace("\r\n", "\n").replace("\r", "\n").translate(_SPACE_TABLE)
    return [line.strip() for line in text.split("\n")]


def _blocks(lines: list[str]) -> list[list[str]]:
    blocks: list[list[str]] = [[]]
    for line in lines:
        if line:
            blocks[-1].append(line)
        elif blocks[-1]:
            blocks.append([])
    return [b for b in blocks if b]


def _first_time(line: str, seen: set[str]) -> bool:
    """Pages print the title and photo captions twice (also as '▲ caption')."""
    key = _DEDUP_PREFIX.sub("", line)
    if key in seen:
        return False
    seen.add(key)
    return True


def is_chrome(line: str) -> bool:
    """True for a line of page furniture rather than article text."""
    if len(line) > CHROME_LINE_MAX:
        return False
    return (
        bool(_UI_PHRASES.search(line))
        or _is_short_label(line)
        or _is_metadata_line(line)
        or _is_ui_voice(line)
        or bool(_COPYRIGHT.search(line))
    )


def _is_short_label(line: str) -> bool:
    if line.startswith("#"):  # a markdown heading is content, however short
        return False
    return len(line.replace(" ", "")) <= SHORT_LABEL_CHARS and not _SENTENCE_END.search(line)


def _is_metadata_line(line: str) -> bool:
    """Bullet lists, datelines, weather and reporter e-mail lines (metadata, not prose)."""
    if _SENTENCE_END.search(line):
        return False
    return (
        line.startswith(_BULLET)
        or "℃" in line
        or bool(_DATE_ONLY.fullmatch(line))
        or bool(_DATELINE.match(line))
        or bool(_EMAIL.search(line))
    )


def _is_ui_voice(line: str) -> bool:
    has_quote = any(q in line for q in "\"“”")
    return not has_quote and bool(_UI_VOICE.search(line)) and bool(_UI_VOICE_WORDS.search(line))


# ---------------------------------------------------------------- metadata

_PUBLISHED = re.compile(r"(승인|등록|입력|기사입력|발행|게재|Published:?) ?:? ?(\d{4})[./-](\d{1,2})[./-](\d{1,2})")
# "[영등포신문=이천용 기자]", "【울랴놉스크=뉴시스】", "[서울=뉴시스]": the side without 기자 / the non-place side.
_BYLINE_EQ = re.compile(r"^[\[【] ?([^=\]】]+?) ?= ?([^\]】]+?) ?[\]】]")
_BYLINE_NAME = re.compile(r"^\[ ?(\S+) [^\]]*기자 ?\]")  # "[서울시정일보 김동길 대기자]"
_OUTLET_NAME = re.compile(
    r"[가-힣A-Za-z0-9]+(뉴스|신문|일보|경제|방송|통신|타임스|타임즈|저널|미디어|투데이|데일리)"
)
_COPYRIGHT_OUTLET = (
    re.compile(r"([가-힣A-Za-z]+) ?\( ?(?:https?://)?www\."),  # "아시아경제(www.asiae.co.kr)"
    re.compile(r"(?:ⓒ|©) ?([가-힣A-Za-z0-9]+) 무단"),  # "© 서울시정일보 무단전재"
)
TITLE_MAX_CHARS = 150


def extract_metadata(raw: str, text: str) -> PageMetadata:
    """Title, outlet and publication date, only where the page prints them."""
    lines = normalized_lines(raw)
    return PageMetadata(title=_title(text), outlet=_outlet(lines), date=_published_date(lines))


def _title(text: str) -> str:
    """The headline is the first line of article text (it precedes the body)."""
    first = text.split("\n", 1)[0].strip()
    if first.startswith("#"):
        return first.lstrip("#").strip()
    if _SENTENCE_END.search(first) or len(first) > TITLE_MAX_CHARS:
        return ""  # the text opens with a sentence: no headline printed
    return first


def _published_date(lines: list[str]) -> str:
    """A labelled date (승인/등록/입력 …); bare dates such as today's date in a header are ignored."""
    for line in lines:
        match = _PUBLISHED.search(line)
        if match and (iso := _valid_date(*match.groups()[1:])):
            return iso
    return ""


def _outlet(lines: list[str]) -> str:
    for find in (_byline_outlet, _bullet_outlet, _copyright_outlet):
        for line in lines:
            if outlet := find(line):
                return outlet
    return ""


def _byline_outlet(line: str) -> str:
    if match := _BYLINE_EQ.match(line):
        left, right = match.groups()
        return left if "기자" in right else right
    match = _BYLINE_NAME.match(line)
    return match.group(1) if match else ""


def _bullet_outlet(line: str) -> str:
    name = line.removeprefix(_BULLET).strip()
    return name if line.startswith(_BULLET) and _OUTLET_NAME.fullmatch(name) else ""


def _copyright_outlet(line: str) -> str:
    if not _COPYRIGHT.search(line):
        return ""
    for pattern in _COPYRIGHT_OUTLET:
        if match := pattern.search(line):
            return match.group(1)
    return ""
