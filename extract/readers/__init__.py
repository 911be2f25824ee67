"""Readers: a source file in, a `Document` out (text to analyse plus the way back to raw offsets)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ..model import Document, ReadError
from .html import read_html
from .text import read_markdown, read_text

MARKDOWN = {".md", ".markdown", ".mdown", ".mkd"}
HTML = {".html", ".htm", ".xhtml", ".shtml"}


def sniff_format(name: str, raw: str) -> str:
    """markdown, html or text: by file name, then by content for names that say nothing."""
    suffix = Path(name).suffix.lower()
    if suffix in MARKDOWN:
        return "markdown"
    if suffix in HTML:
        return "html"
    head = raw[:512].lstrip("\ufeff \t\r\n").lower()
    if head.startswith(("<!doctype html", "<html")):
        return "html"
    if head.startswith("---") and "\n---" in raw[:4096]:
        return "markdown"
    return "text"


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a file's bytes. Offsets count code points of this text, line endings as they are."""
    if not data:
        raise ReadError("read", "file is empty", "remove it or give it content")
    if b"\x00" in data[:8192]:
        raise ReadError("read", "binary file (NUL bytes)", "only text, markdown and HTML files are read")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        raise ReadError("decode", f"not valid UTF-8 at byte {exc.start}", "save the file as UTF-8") from exc


def read_document(path: Path, source: str) -> Document:
    """Read one source file; `source` is how tables name it (its path under the sources folder)."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ReadError("read", f"cannot read file: {exc.strerror or exc}", "check the path and permissions") from exc
    raw, encoding = decode(data)
    sha = hashlib.sha256(data).hexdigest()
    fmt = sniff_format(source, raw)
    common = dict(source=source, raw=raw, fmt=fmt, sha256=sha, nbytes=len(data), encoding=encoding)
    if fmt == "html":
        text, starts, ends, links, title, lang = read_html(raw)
        return Document(text=text, raw_starts=starts, raw_ends=ends, links=links, title=title, lang_hint=lang,
                        **common)
    if fmt == "markdown":
        text, links, meta = read_markdown(raw)
        title = meta.get("title")
        lang = meta.get("lang") or meta.get("language")
        return Document(text=text, links=links, title=str(title) if title else None,
                        lang_hint=str(lang) if lang else None, **common)
    text, links = read_text(raw)
    return Document(text=text, links=links, **common)
