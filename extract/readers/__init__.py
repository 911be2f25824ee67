"""Readers: a source file in, a `Document` out (text to analyse plus the way back to raw offsets)."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..model import Document, ReadError
from ..stories import front_matter_link
from .decoding import decode
from .layout import iso_date, markdown_structure
from .text import read_markdown, read_text

DEFAULT_MAX_BYTES = 50_000_000
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


def read_document(path: Path, source: str, max_bytes: int = DEFAULT_MAX_BYTES) -> Document:
    """Read one source file; `source` is how tables name it (its path under the sources folder)."""
    if path.is_symlink() and not path.exists():
        raise ReadError("read", f"broken symbolic link (points to {os.readlink(path)})", "fix or remove the link")
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ReadError("read", f"file is {size / 1e6:.1f} MB, over the {max_bytes / 1e6:g} MB limit",
                            "raise the limit with --max-bytes, or split the file")
        data = path.read_bytes()
    except PermissionError as exc:
        raise ReadError("read", "permission denied", "make the file readable by this user") from exc
    except IsADirectoryError as exc:
        raise ReadError("read", "is a directory", "") from exc
    except OSError as exc:
        raise ReadError("read", f"cannot read file: {exc.strerror or exc}", "check the path and the disk") from exc
    return read_bytes(data, source)


def read_bytes(data: bytes, source: str) -> Document:
    """A Document from a file's bytes (what `read_document` does once the file is read)."""
    raw, encoding = decode(data)
    sha = hashlib.sha256(data).hexdigest()
    fmt = sniff_format(source, raw)
    common = dict(source=source, raw=raw, fmt=fmt, sha256=sha, nbytes=len(data), encoding=encoding)
    if fmt == "html":
        from .html import read_html  # BeautifulSoup: imported by the first page, not by every process

        text, starts, ends, links, title, lang, structure = read_html(raw)
        return Document(text=text, raw_starts=starts, raw_ends=ends, links=links, title=title, lang_hint=lang,
                        structure=structure, **common)
    if fmt == "markdown":
        text, links, meta = read_markdown(raw)
        title = meta.get("title")
        lang = meta.get("lang") or meta.get("language")
        date = iso_date(meta.get("date") or meta.get("published") or meta.get("pubDate") or "")
        translated, original = front_matter_link(meta)
        return Document(text=text, links=links, title=str(title) if title else None,
                        lang_hint=str(lang) if lang else None, structure=markdown_structure(text, date),
                        translated=translated, original=original, **common)
    text, links = read_text(raw)
    return Document(text=text, links=links, structure=markdown_structure(text), **common)
