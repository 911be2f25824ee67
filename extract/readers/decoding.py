"""Bytes to text: which encoding a source is in, or a clear reason why it is not text at all.

Order: a byte-order mark; a charset the file declares (HTML `<meta charset>`, an XML declaration),
which wins over guessing; strict UTF-8; then charset-normalizer, restricted to the encodings articles
here come in (GB18030/GBK, Big5, cp1252). charset-normalizer is the detector `requests` relies on: it
measures how chaotic each decoding is and how coherent its characters are, which tells a Big5 page
from a GBK export better than byte statistics of our own would, and it rejects binary noise.
Line endings are left as they are: CRLF stays two characters.
"""

from __future__ import annotations

import codecs
import re

from ..model import ReadError

MAGIC = [
    (b"%PDF", "a PDF document"), (b"PK\x03\x04", "a ZIP archive (or a .docx/.xlsx/.pptx file)"),
    (b"\x89PNG", "a PNG image"), (b"GIF8", "a GIF image"), (b"\xff\xd8\xff", "a JPEG image"),
    (b"\x1f\x8b", "a gzip archive"), (b"7z\xbc\xaf", "a 7z archive"), (b"Rar!", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0", "an old Microsoft Office file"), (b"\x7fELF", "an executable"),
    (b"BZh", "a bzip2 archive"), (b"\xfd7zXZ", "an xz archive"), (b"RIFF", "a RIFF media file"),
    (b"OggS", "an Ogg media file"), (b"ID3", "an MP3 file"), (b"\x00\x00\x00\x18ftyp", "an MP4 video"),
    (b"SQLite format 3", "an SQLite database"), (b"wOFF", "a web font"),
]
BOMS = [(codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF16_LE, "utf-16"), (codecs.BOM_UTF16_BE, "utf-16")]
DECLARED = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)"""
                      rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9._:-]+)""", re.IGNORECASE)
# Labels that mean a larger encoding in practice (the WHATWG encoding standard does the same).
SUPERSETS = {"gb2312": "gb18030", "gbk": "gb18030", "cp936": "gb18030", "big5": "big5hkscs",
             "cp950": "big5hkscs", "latin-1": "cp1252", "iso8859-1": "cp1252", "ascii": "cp1252"}
GUESSES = ["gb18030", "big5hkscs", "cp1252"]


def _canonical(label: str) -> str | None:
    try:
        name = codecs.lookup(label).name
    except LookupError:
        return None
    return SUPERSETS.get(name, name)


def decode(data: bytes) -> tuple[str, str]:
    """(text, encoding) of a file's bytes, or ReadError saying why the file is not readable text."""
    if not data:
        raise ReadError("read", "file is empty", "remove it or give it content")
    for bom, encoding in BOMS:
        if data.startswith(bom):
            try:
                # UTF-8 keeps its BOM as U+FEFF so offsets match the file read as UTF-8 (CLAIMS.md §3).
                return data.decode(encoding), encoding
            except UnicodeDecodeError as exc:
                raise ReadError("decode", f"starts with a {encoding} byte-order mark but is not valid {encoding} "
                                          f"(byte {exc.start})", "re-save the file in that encoding") from exc
    for magic, what in MAGIC:
        if data.startswith(magic):
            raise ReadError("read", f"binary file: {what}", "only text, markdown and HTML files are read; "
                                                            "convert it to text first")
    if b"\x00" in data[:65536]:
        raise ReadError("read", "binary file (NUL bytes)", "only text, markdown and HTML files are read")
    declared = DECLARED.search(data[:4096])
    if declared:
        encoding = _canonical((declared.group(1) or declared.group(2)).decode("ascii", "replace"))
        if encoding:
            try:
                return data.decode(encoding), encoding
            except UnicodeDecodeError:
                pass  # a wrong declaration: fall through to what the bytes say
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as exc:
        utf8_error = exc.start
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=GUESSES).best()
    if best is not None:
        encoding = _canonical(best.encoding) or best.encoding
        try:
            return data.decode(encoding), encoding
        except UnicodeDecodeError:
            pass
    raise ReadError("decode", f"not valid UTF-8 (byte {utf8_error}) and not GB18030, Big5 or cp1252 text either",
                    "save the file as UTF-8")
