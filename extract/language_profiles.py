"""langdetect's profiles, read where a text needs them. langdetect loads the n-gram frequencies of its 55
languages into one dict before its first answer, a third of a second of CPU that a cold `extract parse` of
one sentence, and each worker of a pool, pays for the few hundred n-grams a text holds. Here its own loader
runs once per installation; its table (each n-gram and its probability in each language, the same floats
in the same order of languages) is kept in an SQLite file of the user's cache folder (packs/cache.py), and a
detector looks up only the n-grams of its text. langdetect reads its table only by `in` and `[]`, so its
answers are the same to the last bit; where the cache is off or cannot be read or written, langdetect's own
loader is used.
"""

from __future__ import annotations

import functools
import hashlib
import os
import sqlite3
import tempfile
from array import array
from pathlib import Path

from .packs import cache


class LazyProfiles:
    """langdetect's `word_lang_prob_map`, read from the SQLite table one n-gram at a time (each read once).
    A connection is this process's own: a worker forked after the parent opened one opens its own."""

    def __init__(self, path: Path, size: int) -> None:
        self.path, self.size = path, size
        self._seen: dict[str, list[float] | None] = {}
        self._conn: sqlite3.Connection | None = None
        self._pid = 0

    def _lookup(self, word: str) -> list[float] | None:
        if word in self._seen:
            return self._seen[word]
        if self._conn is None or self._pid != os.getpid():
            self._conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._pid = os.getpid()
        row = self._conn.execute("SELECT probs FROM ngrams WHERE gram = ?", (word,)).fetchone()
        found = self._seen[word] = _unpacked(row[0], self.size) if row else None
        return found

    def __contains__(self, word: object) -> bool:
        return isinstance(word, str) and self._lookup(word) is not None

    def __getitem__(self, word: str) -> list[float]:
        found = self._lookup(word)
        if found is None:
            raise KeyError(word)
        return found


@functools.cache
def factory():
    """A langdetect DetectorFactory with every profile: its table read lazily from the cache where it can be,
    else loaded whole by langdetect."""
    from langdetect import detector_factory as df

    try:
        made = _cached_factory(df)
        if made is not None:
            return made
    except Exception:  # noqa: BLE001 - the cache is an optimisation: fall back to langdetect's own loader
        pass
    df.init_factory()
    return df._factory


def _cached_factory(df):
    where = cache.folder()
    if where is None:
        return None
    import langdetect

    profiles = Path(df.PROFILES_DIRECTORY)
    digest = hashlib.sha256(f"{getattr(langdetect, '__version__', '')}\0{df.__file__}\0".encode())
    names = os.listdir(profiles)  # in langdetect's order: the order of its languages
    for name in names:
        st = (profiles / name).stat()
        digest.update(f"{name}\0{st.st_size}\0{st.st_mtime_ns}\0".encode())
    path = where / f"langdetect-{digest.hexdigest()[:40]}.sqlite"
    if not path.is_file():
        _build(df, path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        langlist = [row[0] for row in conn.execute("SELECT lang FROM langs ORDER BY position")]
    finally:
        conn.close()
    if len(langlist) < 2:
        return None
    made = df.DetectorFactory()
    made.langlist = langlist
    made.word_lang_prob_map = LazyProfiles(path, len(langlist))
    return made


def _build(df, path: Path) -> None:
    """langdetect's table, loaded by langdetect, written to `path` atomically."""
    whole = df.DetectorFactory()
    whole.load_profile(df.PROFILES_DIRECTORY)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    os.close(fd)
    try:
        conn = sqlite3.connect(tmp)
        with conn:
            conn.execute("CREATE TABLE langs (position INTEGER PRIMARY KEY, lang TEXT NOT NULL)")
            conn.execute("CREATE TABLE ngrams (gram TEXT PRIMARY KEY, probs BLOB NOT NULL) WITHOUT ROWID")
            conn.executemany("INSERT INTO langs VALUES (?, ?)", enumerate(whole.langlist))
            conn.executemany("INSERT INTO ngrams VALUES (?, ?)",
                             ((gram, _packed(probs)) for gram, probs in whole.word_lang_prob_map.items()))
        conn.close()
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def _packed(probs: list[float]) -> bytes:
    """An n-gram's probabilities, sparse (most are 0.0): the positions of the others, then their values."""
    at = [i for i, p in enumerate(probs) if p != 0.0]
    return array("H", at).tobytes() + array("d", [probs[i] for i in at]).tobytes()


def _unpacked(blob: bytes, size: int) -> list[float]:
    n = len(blob) // 10
    probs = [0.0] * size
    for i, p in zip(array("H", blob[:2 * n]), array("d", blob[2 * n:]), strict=True):
        probs[i] = p
    return probs
