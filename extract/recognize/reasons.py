"""Why a number is not a figure: every rejection of the recognizer has a name, and `extract parse --explain`
prints it with the words below."""

from __future__ import annotations

from dataclasses import dataclass

GLUED_TO_NAME = "glued_to_name"
TIME_OR_DATE = "time_or_date"
NAME_AFTER = "name_after"
PRONOUN = "pronoun"
NUMERAL_IN_WORD = "numeral_in_word"
RATE_OF_ITSELF = "rate_of_itself"
LIST_POSITION = "list_position"
ORDINAL = "ordinal"
DENOMINATOR = "denominator"
NO_DISCOUNT = "no_discount"
TENOR = "tenor"
AGE = "age"
QUOTE_WIDGET = "quote_widget"
PERIOD = "period"

REASONS = {
    GLUED_TO_NAME: "letters glued on its left make it part of a name (H100, GPT-4, v5)",
    TIME_OR_DATE: "part of a time or a date (10:30, 5/17)",
    NAME_AFTER: "letters run on from it: a name or a code (300X, 4o)",
    PRONOUN: "'one' after a determiner stands for a thing (the one you chose)",
    NUMERAL_IN_WORD: "a numeral character of a word that says no number (一切, 四川, 陆地)",
    RATE_OF_ITSELF: "a count of a thing per that same thing names a denominator, not a figure",
    LIST_POSITION: "a position in a list or a chapter (Top 10, No. 5, Chapter 3, the 10 best)",
    ORDINAL: "an ordinal (第5)",
    DENOMINATOR: "the denominator of a rate said before it (per 1,000 tokens)",
    NO_DISCOUNT: "a price at ten tenths or more of itself is no discount (十折)",
    TENOR: "the tenor of a bond or a look-back window (10-year yield, 52-week high, 30年期国债, 'for a third day')",
    AGE: "an age that qualifies whom a figure counts (65周岁及以上, a 58-year-old)",
    PERIOD: "the period a figure holds for, no figure (the first five months, les 12 derniers mois, 过去12个月)",
    QUOTE_WIDGET: "a stock quote's price, change and percent change in brackets after a name (115.395, 2.79, 2.47%)",
}


@dataclass(frozen=True)
class Rejection:
    """A number the recognizer read and did not keep as a figure, and why."""

    start: int
    end: int
    text: str
    reason: str  # a key of REASONS

    @property
    def why(self) -> str:
        return REASONS[self.reason]
