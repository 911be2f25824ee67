"""A currency word several countries share names the one the document is about (CLAIMS.md §2: 元 is CNY
where the text is about China): a Taiwanese report that writes 新台幣9,899億元 means New Taiwan dollars by
its bare 營收120億元 and by a column in 億元 too. Which words name which currency is pack data
(`local_currency`); here a document's amounts are counted by the currency they name."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

import regex

from .packs import Pack, lexicon
from .recognize.quantities import Quantity

SAMPLE = 200_000  # characters of a document read to tell its currency: a long document says it early on


class LocalCurrency:
    """The currency a document's shared currency word names, per pack, read once from its first SAMPLE
    characters."""

    def __init__(self, text: str) -> None:
        self.text = text[:SAMPLE]
        self._known: dict[str, tuple[str, regex.Pattern | None]] = {}

    def _of(self, pack: Pack) -> tuple[str, regex.Pattern | None]:
        if pack.code not in self._known:
            local = pack.sections.money.local_currency
            if not local.default:
                self._known[pack.code] = ("", None)
            else:
                code_of = {w: code for code, words in local.named_by.items() for w in words}
                names = regex.compile(lexicon(list(code_of), spaced=False))  # longest first: 新台币, not 台币
                said = Counter(code_of[m.group()] for m in names.finditer(self.text))
                best = max(said.values(), default=0)
                top = sorted(code for code, n in said.items() if n == best)
                currency = local.default if not best or local.default in top or len(top) > 1 else top[0]
                own = local.named_by.get(local.default, ())
                self._known[pack.code] = (currency, regex.compile(lexicon(list(own), spaced=False)) if own else None)
        return self._known[pack.code]

    def applied(self, q: Quantity, pack: Pack) -> Quantity:
        """q in the document's currency where it is money in the pack's default by a shared word only."""
        local = pack.sections.money.local_currency
        if not local.default or q.unit != local.default:
            return q
        currency, own = self._of(pack)
        if currency == local.default or (own is not None and own.search(q.text)):
            return q
        return replace(q, unit=currency)
