"""The sources folder: which files it holds, and how a batch brings new files into it.

Walking it reports what it cannot read instead of passing over it: a folder that cannot be listed, a
name that is not UTF-8 (no table can name it), a FIFO or device. A symbolic link to a folder is followed
once: the real folders are read first, then linked folders not read yet, so that a link back to an
ancestor or to a folder already read adds nothing and loops nowhere.

A batch imports only files it can read, so that nothing it rejects lands in the folder to be rejected
again by every later batch, and no two different files land on one path.
"""

from __future__ import annotations

import contextlib
import os
import shutil
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .model import ReadError, UsageError
from .readers import DEFAULT_MAX_BYTES, read_document
from .tables import file_sha256


def shown(path: str | os.PathLike) -> str:
    """A path as tables and messages write it: bytes that are not UTF-8 as escapes (caf\\xe9.txt)."""
    return os.fsencode(path).decode("utf-8", "backslashreplace")


def _utf8(name: str) -> bool:
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _error(path: str, reason: str, hint: str, stage: str = "read") -> dict:
    return {"path": path, "stage": stage, "reason": reason, "hint": hint}


def walk_sources(root: Path) -> tuple[list[tuple[Path, str]], list[dict]]:
    """(path, name under root) of every file under root, hidden ones left out, sorted by name; and an
    error row for each folder that cannot be listed and each name no table can hold."""
    files: list[tuple[Path, str]] = []
    errors: list[dict] = []
    seen: set[tuple[int, int]] = set()
    try:
        st = root.stat()
        os.scandir(root).close()
    except OSError as exc:
        raise UsageError(f"folder cannot be read: {shown(root)} ({exc.strerror})") from exc
    seen.add((st.st_dev, st.st_ino))
    linked: list[tuple[Path, str]] = []
    _walk(root, "", files, errors, linked, seen)
    while linked:  # folders reached through links, each read once, after every real folder
        linked.sort(key=lambda x: x[1])
        folder, rel = linked.pop(0)
        try:
            st = folder.stat()
        except OSError:
            continue
        if (st.st_dev, st.st_ino) in seen:
            continue  # already read, under its own name or another link's
        seen.add((st.st_dev, st.st_ino))
        more: list[tuple[Path, str]] = []
        _walk(folder, rel, files, errors, more, seen)
        linked += more
    files.sort(key=lambda x: x[1])
    errors.sort(key=lambda e: e["path"])
    return files, errors


def _walk(folder: Path, rel: str, files: list, errors: list, linked: list, seen: set[tuple[int, int]]) -> None:
    """Files of a folder and of its real subfolders; links to folders go to `linked`, to be read later."""
    try:
        with os.scandir(folder) as it:
            entries = sorted(it, key=lambda e: e.name)
    except OSError as exc:
        reason = "permission denied" if isinstance(exc, PermissionError) else (exc.strerror or str(exc))
        errors.append(_error(shown(rel) + "/", f"folder cannot be read: {reason}",
                             "make the folder readable by this user (chmod +rx), or move it out of the sources"))
        return
    for entry in entries:
        if entry.name.startswith("."):
            continue
        name = f"{rel}/{entry.name}" if rel else entry.name
        path = Path(entry.path)
        is_link = entry.is_symlink()
        is_dir = entry.is_dir()  # through a link, where it is one
        if not _utf8(entry.name):
            what = "folder" if is_dir else "file"
            errors.append(_error(shown(name) + ("/" if is_dir else ""), f"{what} name is not valid UTF-8",
                                 "rename it in UTF-8 (convmv -f latin1 -t utf8 does this for a tree)"))
            continue
        if is_link and is_dir:
            linked.append((path, name))
        elif is_dir:
            st = entry.stat()
            if (st.st_dev, st.st_ino) in seen:
                continue
            seen.add((st.st_dev, st.st_ino))
            _walk(path, name, files, errors, linked, seen)
        elif is_link or entry.is_file(follow_symlinks=False):
            files.append((path, name))  # a broken link too: reading it says so
        else:
            errors.append(_error(shown(name), "not a regular file (a FIFO, socket or device)",
                                 "only text, markdown and HTML files are read"))


def source_files(sources: Path) -> list[Path]:
    """Files under the sources folder, hidden ones left out, in a stable order."""
    return [path for path, _ in walk_sources(sources)[0]]


@dataclass
class Imported:
    """What importing files into the sources folder did: the files it refused, as error rows."""

    errors: list[dict] = field(default_factory=list)


def check_given(paths: list[Path], sources: Path, out: Path) -> None:
    """UsageError for a path to import that holds the sources folder or the output folder itself."""
    s, o = sources.resolve(), out.resolve()
    for given in paths:
        g = given.resolve()
        if s == g or s.is_relative_to(g):
            raise UsageError(f"{given} holds the sources folder {sources} itself; give the new files or folders")
        if o == g or o.is_relative_to(g):
            raise UsageError(f"{given} holds the output folder {out}; give the new files or folders")
        if g.is_relative_to(o):
            raise UsageError(f"{given} is in the output folder {out}: tables are not articles")


def import_files(paths: list[Path], sources: Path, max_bytes: int = DEFAULT_MAX_BYTES,
                 say: Callable[[str], None] = lambda line: None) -> Imported:
    """Copy the given files, or the files of the given folders, into the sources folder, each renamed
    into place; a file it cannot read is not copied but returned as an error row naming it as given.

    Two different files that would land on one path do not: the first keeps it, the next goes under the
    name of its folder (b/report.txt), or takes a suffix (report~2.txt) where that is taken too, and
    `say` is told. The names depend only on what is given, so the same batch twice lands the same way.
    A file already inside the sources folder is left where it is."""
    done = Imported()
    inside = sources.resolve()
    taken: dict[str, Path] = {}
    plan: list[tuple[Path, str]] = []
    for given in paths:
        if given.resolve().is_relative_to(inside):
            continue  # already a source
        if given.is_dir():
            files, errors = walk_sources(given)
            done.errors += [{**e, "path": shown(given / e["path"].rstrip("/")) + ("/" if e["path"].endswith("/")
                                                                                  else "")} for e in errors]
            label = given.resolve().name
        else:
            files = [(given, given.name)]
            label = Path(os.path.abspath(given)).parent.name
            if not _utf8(given.name):
                done.errors.append(_error(shown(given), "file name is not valid UTF-8; not imported",
                                          "rename it in UTF-8 (convmv -f latin1 -t utf8 does this)"))
                continue
            if given.name.startswith("."):
                done.errors.append(_error(shown(given), "hidden file (its name starts with '.'); not imported",
                                          "rename it without the leading '.'"))
                continue
        for path, rel in files:
            if rel in taken:
                first = taken[rel]
                if _same_bytes(first, path):
                    say(f"{shown(path)} has the same name and bytes as {shown(first)}: imported once, as {rel}")
                    continue
                rel = _free_name(rel, label, taken)
                say(f"{shown(path)} has the same name as {shown(first)}: imported as {rel}")
            taken[rel] = path
            plan.append((path, rel))
    for path, rel in plan:
        error = _import_one(path, rel, sources, max_bytes)
        if error:
            done.errors.append(error)
    return done


def _same_bytes(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b) or file_sha256(a) == file_sha256(b)
    except OSError:
        return False


def _free_name(rel: str, label: str, taken: dict[str, Path]) -> str:
    """A name for a file whose name is taken: under its folder's name, else with a suffix."""
    if label and not label.startswith(".") and _utf8(label) and f"{label}/{rel}" not in taken:
        return f"{label}/{rel}"
    stem, dot, suffix = rel.rpartition(".") if "." in rel.rsplit("/", 1)[-1] else (rel, "", "")
    n = 2
    while f"{stem}~{n}{dot}{suffix}" in taken:
        n += 1
    return f"{stem}~{n}{dot}{suffix}"


def _import_one(path: Path, rel: str, sources: Path, max_bytes: int) -> dict | None:
    """Copy one file to sources/rel once it reads; an error row naming it as given where it does not."""
    dest = sources / rel
    try:
        if dest.exists() and file_sha256(dest) == file_sha256(path):
            return None
    except OSError:
        pass  # the reading below says what is wrong with it
    try:
        read_document(path, rel, max_bytes)
    except ReadError as exc:
        return _error(shown(path), f"{exc.reason}; not imported", exc.hint, exc.stage)
    tmp = dest.with_name(f".{dest.name}.importing")
    try:
        dest.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, tmp)
        os.replace(tmp, dest)
    except BaseException as exc:  # a copy cut short (a full disk, Ctrl-C) leaves nothing half-copied
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
        if not isinstance(exc, OSError):
            raise
        return _error(shown(path), f"cannot be copied into the sources folder: {exc.strerror or exc}; not imported",
                      "check the file and the free space of the sources folder", "import")
    return None
