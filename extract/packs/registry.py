"""Where packs come from, and which languages they make known.

The packs folder is `extract/resources/`; the environment variable EXTRACT_PACKS names more folders
(separated by the path separator, `:` on Unix), searched first: a `<code>.yaml` there adds a language or
replaces a shipped one, and a `base.yaml`, `entities.yaml` or `countries.yaml` there replaces the shipped
file. Child
processes (`--jobs`, Dask workers started on this machine) inherit the variable; workers elsewhere need it
set too. The registry is the packs themselves: each pack's code, the other codes it reads (aliases such
as zh-Hans), what documents call it (hints), its script and the codes langdetect gives it. A language
no pack names is an error, not English.
"""

from __future__ import annotations

import functools
import hashlib
import os
from pathlib import Path
from typing import Any

import yaml

from . import cache
from .pack import Pack, compile_pack
from .schema import (
    BaseOnly,
    CountriesFile,
    EntitiesFile,
    LanguageSection,
    PackData,
    PackError,
    ScriptVariants,
    base_only,
    build,
    pack_data,
)

ENV = "EXTRACT_PACKS"
BUILT_IN = Path(__file__).resolve().parent.parent / "resources"
NOT_PACKS = frozenset({"base.yaml", "entities.yaml", "countries.yaml"})


class UnknownLanguage(LookupError):
    """A language code that no pack names."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


def _parse_yaml(path: Path) -> Any:
    try:
        return yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as exc:
        raise PackError(f"{path}: not valid YAML: {exc}") from exc


def merge(base: dict, pack: dict) -> dict:
    """Pack fields extend base fields: dicts merge recursively, lists concatenate."""
    out = dict(base)
    for key, value in pack.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = merge(out[key], value)
        elif isinstance(value, list) and isinstance(out.get(key), list):
            out[key] = out[key] + [v for v in value if v not in out[key]]
        else:
            out[key] = value
    return out


class Registry:
    """The packs of a list of folders, searched in order (the shipped folder last)."""

    def __init__(self, folders: tuple[Path, ...]) -> None:
        self.folders = folders
        self._packs: dict[str, Pack] = {}

    # ------------------------------------------------------------- files
    def path(self, name: str) -> Path:
        """The first file of that name in the folders."""
        for folder in self.folders:
            if (folder / name).is_file():
                return folder / name
        raise PackError(f"no file {name!r} in the packs folders ({', '.join(map(str, self.folders))})")

    @functools.cache  # noqa: B019 - a registry lives as long as the process
    def raw(self, name: str) -> dict:
        """A YAML file of the packs, parsed."""
        data = _parse_yaml(self.path(name))
        if not isinstance(data, dict):
            raise PackError(f"{name}: expected a mapping of keys")
        return data

    @functools.cached_property
    def codes(self) -> tuple[str, ...]:
        """Codes of every pack, sorted."""
        names = {p.name for folder in self.folders if folder.is_dir() for p in folder.iterdir() if p.is_file()}
        return tuple(sorted(n[:-5] for n in names if n.endswith(".yaml") and n not in NOT_PACKS))

    @functools.cached_property
    def _base(self) -> tuple[BaseOnly, dict]:
        own, rest = base_only(self.raw("base.yaml"), "base.yaml")
        pack_data(rest, "base.yaml")  # checked on its own, so that an error names this file
        return own, rest

    @functools.cache  # noqa: B019
    def _language(self, code: str) -> LanguageSection:
        """The language section of a pack's file, the whole file checked against the schema."""
        name = f"{code}.yaml"
        raw = self.raw(name)
        if "rules_version" in raw:
            raise PackError(f"{name}: unknown key 'rules_version' (only base.yaml holds it)")
        section = pack_data(raw, name).language
        if section.code != code:
            raise PackError(f"{name}: code: {section.code!r} is not the file's name ({code!r})")
        return section

    # ------------------------------------------------------------- languages
    @functools.cached_property
    def _names(self) -> dict[str, str]:
        """Every code and alias (exactly as written) -> the code of its pack."""
        out: dict[str, str] = {}
        for code in self.codes:
            for name in (code, *self._language(code).aliases):
                if name in out:
                    raise PackError(f"{code}.yaml: {name!r} is already a code of pack {out[name]!r}")
                out[name] = code
        return out

    @functools.cached_property
    def _hints(self) -> dict[str, str]:
        """What a document may call a language (lowercase) -> a code or alias."""
        out = {name.lower(): name for name in self._names}
        for code in self.codes:
            for hint, name in self._language(code).hints.items():
                if self._names.get(name) != code:
                    raise PackError(f"{code}.yaml: hints.{hint}: {name!r} is not a code or alias of this pack")
                out[hint.lower()] = name
        return out

    def pack_code(self, lang: str) -> str:
        """The code of the pack a language code (or alias, or hint: en-US) is read with."""
        if lang in self._names:
            return self._names[lang]
        named = self.from_hint(lang)
        if named is None:
            known = ", ".join(f"{c} ({', '.join(a)})" if (a := self._language(c).aliases) else c for c in self.codes)
            raise UnknownLanguage(f"no language pack for {lang!r}; known: {known}. A pack is a <code>.yaml file in "
                                  f"extract/resources/ or in a folder named by ${ENV}")
        return self._names[named]

    def from_hint(self, hint: str | None) -> str | None:
        """The code or alias a front matter `lang` or an HTML `lang` attribute names, if any."""
        if not hint:
            return None
        key = hint.strip().lower()
        if key in self._hints:
            return self._hints[key]
        return self._hints.get(key.split("-")[0].split("_")[0])

    def from_detected(self, code: str) -> str | None:
        """Our code for a code langdetect gives, if a pack reads that language."""
        for c in self.codes:
            if code in self._language(c).detected:
                return self._language(c).detected[code]
        return code if code in self._names else None

    def script(self, lang: str) -> str:
        return self._language(self.pack_code(lang)).script

    def variants(self, script: str) -> ScriptVariants | None:
        """How the two written forms of the language of a script are told apart, if a pack says."""
        for c in self.codes:
            section = self._language(c)
            if section.script == script and section.variants is not None:
                return section.variants
        return None

    def function_words(self, code: str) -> tuple[str, ...]:
        return self._language(code).function_words

    # ------------------------------------------------------------- packs
    def pack(self, lang: str) -> Pack:
        """The compiled pack a language is read with; compiled once, and kept compiled between processes
        (cache.py)."""
        code = self.pack_code(lang)
        found = self._packs.get(code)
        if found is None:
            key = cache.files_key([self.path("base.yaml"), self.path(f"{code}.yaml")])
            found = self._packs[code] = cache.cached("pack", key, lambda: compile_pack(self.data(code)))
            cache.remember(found, key)
        return found

    def data(self, code: str) -> PackData:
        """base.yaml merged with the pack's file, typed."""
        self._language(code)
        return pack_data(merge(self._base[1], self.raw(f"{code}.yaml")), f"base.yaml + {code}.yaml")

    @functools.cached_property
    def default_language(self) -> str:
        """The language of text nothing tells apart (base.yaml)."""
        code = self._base[0].default_language
        if code not in self._names:
            raise PackError(f"base.yaml: default_language: {code!r} is no code of a pack")
        return code

    @functools.cached_property
    def entities(self) -> EntitiesFile:
        return build(EntitiesFile, self.raw("entities.yaml"), "entities.yaml")

    @functools.cached_property
    def countries(self) -> CountriesFile:
        return build(CountriesFile, self.raw("countries.yaml"), "countries.yaml")

    @functools.cached_property
    def rules_version(self) -> str:
        """base.yaml's rules version; with packs of other folders, a digest of them too: tables built with
        other packs are rebuilt in full."""
        version = self._base[0].rules_version
        extra = sorted(p for folder in self.folders if folder != BUILT_IN and folder.is_dir()
                       for p in folder.iterdir() if p.is_file() and p.suffix in (".yaml", ".txt"))
        if not extra:
            return version
        digest = hashlib.sha256()
        for p in extra:
            digest.update(p.name.encode() + b"\0" + p.read_bytes() + b"\0")
        return f"{version}+packs.{digest.hexdigest()[:12]}"


def registry() -> Registry:
    """The registry of the packs folders in effect (EXTRACT_PACKS, then the shipped folder)."""
    return _registry_for(os.environ.get(ENV, ""))


@functools.cache
def _registry_for(setting: str) -> Registry:
    folders = []
    for part in setting.split(os.pathsep):
        if part.strip():
            folder = Path(part).expanduser().resolve()
            if not folder.is_dir():
                raise PackError(f"${ENV}: {part!r} is not a folder")
            folders.append(folder)
    return Registry((*folders, BUILT_IN))
