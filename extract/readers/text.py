"""Plain text and markdown: the decoded file is the text; front matter and URLs are blanked in place."""

from __future__ import annotations

import re

import yaml

from ..model import Link, ReadError

URL = re.compile(r"https?://[^\s)\]>\"']+")
MD_LINK = re.compile(r"(!?)\[([^\]\n]*)\]\(\s*(<[^>\n]*>|[^)\s]+)(?:\s+\"[^\"\n]*\")?\s*\)")
FRONT_MATTER = re.compile(r"\A(?:\ufeff)?---[ \t]*\r?\n")
FRONT_MATTER_END = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE)
# Markdown backslash escapes: "\\$3" is "$3" (notes escape $ so that MathJax leaves it alone).
ESCAPE = re.compile(r"\\[\\`*_{}\[\]()#+\-.!$%|~]")
# libyaml's parser where PyYAML was built with it: the same documents, an order of magnitude faster on the
# front matter of every note.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
TITLE_LINE = re.compile(r"^title:[ \t]*(?P<v>.*?)[ \t]*\r?$", re.MULTILINE)


def blank(text: str, spans: list[tuple[int, int]]) -> str:
    """Replace each span of text by spaces, keeping line breaks, so that every offset stays put."""
    if not spans:
        return text
    out, pos = [], 0
    for start, end in sorted(spans):
        start = max(start, pos)
        if end <= start:
            continue
        out.append(text[pos:start])
        out.append(re.sub(r"[^\r\n]", " ", text[start:end]))
        pos = end
    out.append(text[pos:])
    return "".join(out)


def unescape(text: str) -> str:
    """Markdown escapes read as the characters they escape, each moved onto its backslash and followed by a
    space, so that every offset stays put and the character still touches what stood before the backslash:
    "S\\$11.6 billion" reads "S$ 11.6 billion" (Singapore dollars, not "S" and US dollars)."""
    if "\\" not in text:
        return text
    return ESCAPE.sub(lambda m: m.group()[1] + " ", text)


def read_text(raw: str) -> tuple[str, tuple[Link, ...]]:
    """Analysis text of a plain text file: URLs blanked; markdown-style links kept as cited links."""
    return _links_and_urls(raw)


def read_markdown(raw: str) -> tuple[str, tuple[Link, ...], dict]:
    """Analysis text of a markdown note, its cited links and its front matter (`title` stays readable)."""
    meta: dict = {}
    text = raw
    m = FRONT_MATTER.match(raw)
    if m:
        end = FRONT_MATTER_END.search(raw, m.end())
        if end is None:
            raise ReadError("read", "front matter opened with '---' on line 1 is never closed",
                            "close the front matter with a line '---'")
        block = raw[m.end(): end.start()]
        try:
            meta = yaml.load(block, Loader=SAFE_LOADER) or {}
        except yaml.YAMLError as exc:
            raise ReadError("read", f"front matter is not valid YAML: {str(exc).splitlines()[0]}",
                            "fix the YAML between the '---' lines") from exc
        if not isinstance(meta, dict):
            meta = {}
        # The title is text to extract from: it stays where it stands in the file, the rest is blanked.
        title = TITLE_LINE.search(raw, m.end(), end.start())
        if title and title.group("v"):
            text = blank(raw, [(0, title.start("v")), (title.end("v"), end.end())])
        else:
            text = blank(raw, [(0, end.end())])
    text = unescape(text)
    text, links = _links_and_urls(text)
    return text, links, meta


def _links_and_urls(text: str) -> tuple[str, tuple[Link, ...]]:
    links, spans = [], []
    for m in MD_LINK.finditer(text):
        if not m.group(1):
            links.append(Link(m.start(2), m.end(2), m.group(3).strip("<>")))
        spans.append((m.end(2) + 1, m.end()))
    spans += [m.span() for m in URL.finditer(text)]
    return blank(text, spans), tuple(links)
