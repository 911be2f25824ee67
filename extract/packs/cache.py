"""Compiled packs kept between processes: compiling a pack's patterns is most of what a cold `extract parse`
costs, and every worker of a pool would pay it again. A compiled form is pickled into the user's cache
folder under a key made of what it was built from — the bytes of the pack files, the source of this
package, the versions of Python and `regex` — so a changed pack, a new release or another interpreter
never reads a stale one: it builds its own. The `regex` module pickles a pattern with its compiled code,
which loads some fifty times faster than it compiles.

The cache is an optimisation only: a folder that cannot be created or written, or a file that cannot be
read or unpickled, is passed over and the form compiled as without it. Where: $EXTRACT_CACHE_DIR, else
$XDG_CACHE_HOME/extract, else ~/.cache/extract; EXTRACT_NO_CACHE=1 turns it off. Like `__pycache__`, the
folder is the user's own (created readable by them only): whoever may write into it may run code as them.
"""

from __future__ import annotations

import functools
import hashlib
import os
import pickle
import sys
import tempfile
import weakref
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
PACKAGE = Path(__file__).resolve().parent.parent
_keys: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()  # compiled pack -> the key it was stored under


def folder() -> Path | None:
    """Where compiled forms are kept; None when caching is off."""
    if os.environ.get("EXTRACT_NO_CACHE", "").strip() not in ("", "0"):
        return None
    named = os.environ.get("EXTRACT_CACHE_DIR", "").strip()
    if named:
        return Path(named).expanduser()
    base = os.environ.get("XDG_CACHE_HOME", "").strip() or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "extract"


@functools.cache
def code_version() -> str:
    """A digest of everything besides the pack files that a compiled form depends on: this package's source,
    the versions of Python, `regex` and pickle."""
    import regex

    digest = hashlib.sha256(f"{sys.version}\0{regex.__version__}\0{pickle.HIGHEST_PROTOCOL}\0".encode())
    for path in sorted(PACKAGE.rglob("*.py")):
        digest.update(str(path.relative_to(PACKAGE)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def files_key(paths: Iterable[Path]) -> str:
    """The key of a form built from these files (their names and bytes) by this code."""
    digest = hashlib.sha256(code_version().encode())
    for path in paths:
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def cached(kind: str, key: str, build: Callable[[], T]) -> T:
    """The form of this kind and key: read from the cache where it holds it, else built and stored."""
    where = folder()
    if where is None:
        return build()
    path = where / f"{kind}-{key[:40]}.pickle"
    try:
        with open(path, "rb") as f:
            return pickle.load(f)
    except Exception:  # noqa: BLE001 - absent, unreadable, truncated or from elsewhere: build it
        pass
    value = build()
    _store(path, value)
    return value


def _store(path: Path, value: object) -> None:
    """Write atomically (a temporary file renamed over): processes building the same form at once each
    write a whole file, and a reader never sees half of one."""
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
        try:
            with os.fdopen(fd, "wb") as f:
                pickle.dump(value, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except BaseException:
            os.unlink(tmp)
            raise
    except Exception:  # noqa: BLE001 - a cache that cannot be written is no cache, not an error
        pass


def remember(pack: object, key: str) -> None:
    """Note the key a compiled pack was built under, for the forms built from it (`key_of`)."""
    _keys[pack] = key


def key_of(pack: object) -> str | None:
    """The key of the pack's files, where the registry built it from them."""
    return _keys.get(pack)
