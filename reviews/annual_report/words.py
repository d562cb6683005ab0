"""The words of the annual report: numbers as GOV.UK writes them (one to nine in words, 10 and
over in figures), phrases that read naturally for every count (none, one, two, many), lists
joined with "and", sums of money, and the sentence case every generated sentence is given."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def number(n: int) -> str:
    """One to nine in words, 10 and over in digits (GOV.UK style); nought is "none"."""
    if n == 0:
        return "none"
    return WORDS[n] if 0 < n < 10 else f"{n:,}"


def counted(n: int, singular: str, plural: str | None = None) -> str:
    """ "no incidents", "one incident", "five incidents", "12 incidents"."""
    noun = singular if n == 1 else (plural or singular + "s")
    return f"{'no' if n == 0 else number(n)} {noun}"


def verb(n: int, one: str, many: str) -> str:
    """The verb agreeing with a count: "is" for one, "are" for none or several."""
    return one if n == 1 else many


def was(n: int) -> str:
    return verb(n, "was", "were")


def are(n: int) -> str:
    return verb(n, "is", "are")


def have(n: int) -> str:
    return verb(n, "has", "have")


def sentence(text: str) -> str:
    """The text with its first letter in capitals and a full stop."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith((".", "?", "!")) else ".")


def join(parts: Sequence[str]) -> str:
    """ "a", "a and b", "a, b and c"."""
    parts = [p for p in parts if p]
    if len(parts) <= 1:
        return "".join(parts)
    return ", ".join(parts[:-1]) + " and " + parts[-1]


def every(total: int, singular: str, plural: str | None = None) -> str:
    """All of a group, named for its size: "no incidents", "the incident", "both incidents",
    "all three incidents", "all 12 incidents"."""
    plural = plural or singular + "s"
    if total == 0:
        return f"no {plural}"
    if total == 1:
        return f"the {singular}"
    if total == 2:
        return f"both {plural}"
    return f"all {number(total)} {plural}"


def part_of(n: int, total: int, singular: str, plural: str | None = None) -> str:
    """Some of a group, as the subject of a sentence: "none of the three children", "neither
    child", "the child", "both children", "one of the two children", "five of the 12 children"."""
    plural = plural or singular + "s"
    if total == 0 or n == total:
        return every(total, singular, plural)
    if n == 0:
        return {1: f"no {singular}", 2: f"neither {singular}"}.get(
            total, f"none of the {number(total)} {plural}"
        )
    return f"{number(n)} of the {number(total)} {plural}"


def some_of(n: int, total: int, noun: str) -> str:
    """ "the decision", "both decisions", "all five decisions", "two of the decisions"."""
    if total == 1:
        return f"the {noun}"
    if n == total:
        return f"both {noun}s" if total == 2 else f"all {number(total)} {noun}s"
    return f"{number(n)} of the {noun}s"


def money(value: str | Decimal | None) -> str:
    """ "£10,000", "£10,000.50"."""
    amount = Decimal(str(value or 0))
    return f"£{amount:,.0f}" if amount == amount.to_integral_value() else f"£{amount:,.2f}"


def tally(mapping: Mapping[str, Any], key: str) -> int:
    """The count under `key` in a mapping of the statistics; none when it is missing or null."""
    return int(mapping.get(key) or 0)
