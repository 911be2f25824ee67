"""The records that pass between pipeline steps: Document, Mention, Claim."""

from __future__ import annotations

from array import array
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Link:
    """A cited link: the span of its visible title in the document text, and its URL."""

    start: int
    end: int
    url: str


@dataclass(frozen=True)
class Heading:
    """A section heading: the span of its text (without `#` marks or tags) and its level, 1 the highest."""

    start: int
    end: int
    level: int


@dataclass(frozen=True)
class Item:
    """A list item: its span, the span of its label (`**Input tokens:**`, `<strong>Revenue</strong>:`) if
    it opens with one, the item it is nested in (an index into `Structure.items`, -1 for none), and the
    sentence that introduces its list ("The rankings page (as of August 2025) shows:")."""

    start: int
    end: int
    label: tuple[int, int] | None = None
    parent: int = -1
    lead: tuple[int, int] | None = None


@dataclass(frozen=True)
class Cell:
    """A table cell: its span, and the spans of its row's header cell and its column's header cell."""

    start: int
    end: int
    row_header: tuple[int, int] | None = None
    column_header: tuple[int, int] | None = None


@dataclass(frozen=True)
class Structure:
    """What a reader knows of a document's layout, as spans of its text, each list sorted by start; and
    the date the document says it was written or published (ISO `YYYY-MM-DD`, or a prefix of it)."""

    headings: tuple[Heading, ...] = ()
    items: tuple[Item, ...] = ()
    cells: tuple[Cell, ...] = ()
    date: str = ""


@dataclass(frozen=True)
class Document:
    """One source file, read.

    `text` is what recognition reads. For text and markdown it has the same length as `raw` (front matter
    and URLs are blanked, never removed), so a span of `text` is the same span of the file. For HTML it
    is the visible article text, and `raw_starts`/`raw_ends` give each of its characters' span in `raw`.
    """

    source: str
    raw: str
    text: str
    fmt: str
    sha256: str
    nbytes: int
    encoding: str = "utf-8"
    title: str | None = None
    lang_hint: str | None = None
    links: tuple[Link, ...] = ()
    structure: Structure = field(default_factory=Structure)
    translated: bool | None = None  # as the front matter says (`translated: true`), where it says
    original: str | None = None  # the original a translation names (front matter `original`...), if any
    raw_starts: array | None = field(default=None, repr=False)
    raw_ends: array | None = field(default=None, repr=False)

    def to_raw(self, start: int, end: int) -> tuple[int, int]:
        """The span of the source file that `text[start:end]` was read from."""
        if self.raw_starts is None:
            return start, end
        return self.raw_starts[start], self.raw_ends[end - 1]


@dataclass(frozen=True)
class Mention:
    """One place in a source where a figure asserts a fact: the provenance record of CLAIMS.md §3."""

    mention_id: str
    claim_id: str
    source: str
    start: int
    end: int
    text: str
    lang: str
    value_low: float
    value_high: float
    unit: str
    per: str
    item: str
    qualifier: str
    metric: str
    subject: str
    period: str
    sentence: str
    source_sha256: str
    cited_url: str
    prefix: str = ""
    suffix: str = ""


@dataclass(frozen=True)
class Claim:
    """One distinct fact, however many times and in however many languages it was stated."""

    claim_id: str
    subject: str
    metric: str
    period: str
    value_low: float
    value_high: float
    unit: str
    per: str
    item: str
    qualifier: str
    n_mentions: int
    n_sources: int
    langs: str
    sources: str
    first_mention_id: str
    conflicts_with: str
    # Filled in once every claim is known (stories.py): beside the contract's columns, at the end.
    n_independent_sources: int = 0
    independent_conflicts_with: str = ""
    translation_conflicts_with: str = ""


def with_fields(record, **changes):
    """`dataclasses.replace` for the frozen records here, without running `__init__` again: a copy of the
    record's fields with `changes` over them. Replacing a field of every mention is a step of every run;
    this is several times faster, and a frozen dataclass has no `__post_init__` to skip."""
    copy = object.__new__(type(record))
    copy.__dict__.update(record.__dict__, **changes)
    return copy


class ReadError(Exception):
    """A source that cannot be read: the stage it failed at, why, and what the user can do."""

    def __init__(self, stage: str, reason: str, hint: str = "") -> None:
        super().__init__(reason)
        self.stage, self.reason, self.hint = stage, reason, hint


class UsageError(Exception):
    """A command that cannot be carried out as given (a missing or misplaced folder, an output folder in
    use, a run that would empty the tables): the command line says why and exits 2, touching nothing."""
