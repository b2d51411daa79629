"""Label matching: tolerant of the variants real reports have, never guessing.

A label is reduced to a *key*: width folded, whitespace and quotes removed, the enumerator
(``一、``, ``（三）``, ``2.``) split off. Keys are matched exactly first, then through a table
of known variant wordings, then, for keys of five characters or more, by one edited character
when exactly one template label is that close and the enumerators agree. Anything else is
unknown: the caller reports it and uses none of the row's values.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import cached_property, lru_cache
from typing import Generic, TypeVar

import attrs

from .engine.memo import BoundedMemo
from .normalize import fold_width
from .template.wording import LABEL_VARIANT_PAIRS

T = TypeVar("T")

_ENUM = re.compile(
    r"^\s*(?:"
    r"(?P<cn>[一二三四五六七八九十]{1,3})\s*[、.]"  # 一、
    r"|[(（]\s*(?P<paren>[一二三四五六七八九十\d]{1,3})\s*[)）]"  # （一） (1)
    r"|(?P<num>\d{1,2})\s*(?:[、.．]|\s)(?!\d)"  # 1. 1、
    r")\s*"
)
_SPACES = re.compile(r"\s+")
_QUOTES = re.compile(r"[“”\"'‘’「」『』]")
_PARENTHETICAL = re.compile(r"[(（][^()（）]*[)）]")
# Stripped with str.rstrip, not a regex ``[...]+$``: searched for, such a pattern restarts at
# each mark of a long run of them, quadratic in the run.
_TRAILING_MARKS = ":：,，。;；、"

_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}


def _enum_value(text: str) -> int | None:
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if len(text) == 1:
        return _CN_DIGITS.get(text)
    if text.startswith("十"):
        return 10 + _CN_DIGITS.get(text[1], 0)
    if len(text) == 2 and text[1] == "十":
        return _CN_DIGITS.get(text[0], 0) * 10
    if len(text) == 3 and text[1] == "十":
        return _CN_DIGITS.get(text[0], 0) * 10 + _CN_DIGITS.get(text[2], 0)
    return None


def split_enumerator(text: str) -> tuple[int | None, str]:
    """``"（三）某类申请"`` → ``(3, "某类申请")``; ``"某类申请"`` → ``(None, "某类申请")``."""
    m = _ENUM.match(text)
    if not m:
        return None, text
    raw = m.group("cn") or m.group("paren") or m.group("num")
    return _enum_value(raw), text[m.end():]


@lru_cache(maxsize=16384)
def label_key(text: str) -> str:
    """The comparison key of a label (no enumerator, spaces, quotes or trailing punctuation)."""
    text = fold_width(text)
    _, rest = split_enumerator(text)
    key = _QUOTES.sub("", _SPACES.sub("", rest))
    return key.rstrip(_TRAILING_MARKS)


def without_line_breaks(text: str) -> str:
    """``text`` with each line break and the whitespace around it removed.

    A line break inside a cell (its paragraphs, its ``<br>``, a wrapped cell line) is layout,
    not a stray space in the label's wording. Done by splitting, in one pass: the regex
    ``[^\\S\\n]*\\n\\s*`` would restart at each space of a long run that has no line break
    after it, quadratic in the run.
    """
    if "\n" not in text:
        return text
    pieces = text.split("\n")
    return "".join([pieces[0].rstrip(), *(p.strip() for p in pieces[1:-1]), pieces[-1].lstrip()])


def core_key(key: str) -> str:
    """A key without parenthetical remarks: ``部分公开(区分处理的…)`` → ``部分公开``."""
    return _PARENTHETICAL.sub("", key)


def within_one_edit(a: str, b: str) -> bool:
    """True when ``a`` and ``b`` differ by at most one inserted, deleted or replaced character."""
    if a == b:
        return True
    la, lb = len(a), len(b)
    if abs(la - lb) > 1:
        return False
    if la == lb:
        return sum(x != y for x, y in zip(a, b)) == 1
    if la > lb:
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    return a[i:] == b[i + 1:]


def variant_keys(variants: Iterable[tuple[str, tuple[str, ...]]]) -> dict[str, tuple[str, ...]]:
    """A template's label variants (``TemplateSpec.label_variants``) as label keys: each
    variant's key → the keys of the wordings it stands for, whichever way the template wrote
    them (a variant named twice stands for the wordings of both)."""
    found: dict[str, tuple[str, ...]] = {}
    for variant, wordings in variants:
        known = found.get(label_key(variant), ())
        found[label_key(variant)] = (*known, *(k for k in map(label_key, wordings) if k not in known))
    return found


@attrs.frozen
class LabelMatch(Generic[T]):
    """The result of a lookup: what it matched, the template's label, and how."""

    payload: T
    canonical: str
    how: str  # exact | spaces | variant | typo | remark

    @property
    def is_variant(self) -> bool:
        return self.how != "exact"


@attrs.frozen
class _Entry(Generic[T]):
    canonical: str
    key: str
    core: str
    enum: int | None
    payload: T


class LabelIndex(Generic[T]):
    """Look labels up among a fixed set of template labels.

    ``entries`` are ``(template_label, payload)`` pairs; several entries may share a key, in
    which case [`lookup`][govreport.labels.LabelIndex.lookup] returns all of them and the caller disambiguates by context.
    ``variants`` are the template's variant wordings (``TemplateSpec.label_variants``: a
    variant and the template wordings it stands for); by default the national templates'.
    """

    def __init__(self, entries: Iterable[tuple[str, T]],
                 variants: Iterable[tuple[str, tuple[str, ...]]] = LABEL_VARIANT_PAIRS) -> None:
        self._variant_pairs = tuple(variants)
        self._entries: list[_Entry[T]] = []
        self._by_key: dict[str, list[_Entry[T]]] = {}
        self._by_core: dict[str, list[_Entry[T]]] = {}
        self._cache: BoundedMemo[str, list[LabelMatch[T]]] = BoundedMemo(
            "the template labels each looked-up text may stand for", 20_000)
        for label, payload in entries:
            enum, _ = split_enumerator(fold_width(label))
            key = label_key(label)
            entry = _Entry(label, key, core_key(key), enum, payload)
            self._entries.append(entry)
            self._by_key.setdefault(key, []).append(entry)
            self._by_core.setdefault(entry.core, []).append(entry)

    @cached_property
    def _variants(self) -> dict[str, tuple[str, ...]]:
        # Worked out on the first lookup that gets as far as the variants: most indexes (a
        # template has one per row, for its column labels) never do.
        return variant_keys(self._variant_pairs)

    def lookup(self, text: str) -> list[LabelMatch[T]]:
        """All template labels ``text`` may stand for (empty when unknown)."""
        # Reports repeat the same labels; the cache keeps matching off the per-report cost.
        hit = self._cache.get(text)
        if hit is None:
            hit = self._cache.keep(text, self._lookup(text))
        return list(hit)

    def _lookup(self, text: str) -> list[LabelMatch[T]]:
        folded = fold_width(text)
        enum, rest = split_enumerator(folded)
        key = label_key(folded)
        if not key:
            return []
        spaced = bool(_SPACES.search(without_line_breaks(rest.strip())))
        hits = self._by_key.get(key)
        if hits:
            return [LabelMatch(e.payload, e.canonical, "spaces" if spaced else "exact") for e in hits]
        core = core_key(key)
        hits = self._by_core.get(core) or self._by_core.get(key)
        if hits:
            return [LabelMatch(e.payload, e.canonical, "remark") for e in hits]
        variants = self._variants
        for variant in variants.get(key, ()) or variants.get(core, ()):
            hits = self._by_key.get(variant) or self._by_core.get(variant)
            if hits:
                return [LabelMatch(e.payload, e.canonical, "variant") for e in hits]
        if len(core) >= 5:
            close = [e for e in self._entries if within_one_edit(core, e.core) and len(e.core) >= 5]
            cores = {e.core for e in close}
            if len(cores) == 1 and all(enum is None or e.enum is None or e.enum == enum for e in close):
                return [LabelMatch(e.payload, e.canonical, "typo") for e in close]
        return []
