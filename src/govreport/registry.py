"""Discovering format plugins, ranking them for an input, and calling them safely.

Every installed plugin sniffs every input (one :class:`~govreport.plugin.ReportInput`, no
routing before sniffing). The candidates are ranked by

1. the sniff score (a plugin must reach :data:`MIN_CONFIDENCE` to read at all),
2. then whether one of the plugin's ``filenames`` patterns matches the input's file name,
3. then the plugin's declared ``priority`` (higher first),
4. then its name,

and the first that reads the input without failing wins. A sniff that raises, or returns
anything but a finite number in 0..1, counts as 0 and is recorded with the plugin's name
(:class:`SniffProblem`, diagnostic GR007 on the report); a name that is already taken is
refused and reported (GR006), never a silent replacement.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from fnmatch import fnmatch
from importlib import metadata
from operator import attrgetter
from typing import Any, NamedTuple

import attrs

from .blocks import Document
from .errors import GovReportError, NoFormatError, PluginError, UnknownFormatError
from .model import Report
from .plugin import ReportInput
from .template.spec import TABLE_TEMPLATES

ENTRY_POINT_GROUP = "govreport.formats"
#: The one confidence threshold: a plugin must score at least this to read an input. Low on
#: purpose: sniffers return 0 for what is clearly not their layout, and the ranking (not the
#: threshold) chooses between plugins that both recognise an input.
MIN_CONFIDENCE = 0.2
_BUILTIN_DISTRIBUTION = "govreport"


@attrs.frozen
class PluginInfo:
    """An installed plugin: its instance, where it came from, and what it declares."""

    name: str
    plugin: Any
    origin: str
    aliases: tuple[str, ...] = ()
    description: str = ""
    filenames: tuple[str, ...] = ()
    priority: int = 0
    #: An old-style plugin (``binary = True``) that sniffs and reads the bytes themselves.
    reads_bytes: bool = False

    @property
    def renders(self) -> bool:
        """Whether the plugin can write its layout (it has ``render(report)``)."""
        return callable(getattr(self.plugin, "render", None))

    @property
    def render_templates(self) -> tuple[str, ...]:
        """The templates the plugin's ``render`` writes completely (none if it cannot render)."""
        if not self.renders:
            return ()
        return tuple(getattr(self.plugin, "render_templates", TABLE_TEMPLATES))

    @property
    def render_lossless(self) -> bool:
        """Whether reading back what ``render`` wrote gives every value (``False`` for a layout
        such as ``flat`` that loses cell boundaries: its values read back right or null)."""
        return bool(getattr(self.plugin, "render_lossless", True))

    def matches_filename(self, filename: str | None) -> bool:
        """Whether ``filename`` (no folder) fits one of the plugin's ``filenames`` patterns."""
        if not filename or not self.filenames:
            return False
        name = filename.lower()
        return any(fnmatch(name, pattern.lower()) for pattern in self.filenames)

    def sniff(self, source: ReportInput) -> float:
        """The plugin's raw score for ``source`` (may raise: see :meth:`Registry.rank`)."""
        if self.reads_bytes:
            return self.plugin.sniff(_bytes_of(source))  # type: ignore[no-any-return]
        return self.plugin.sniff(source)  # type: ignore[no-any-return]

    def read(self, source: ReportInput) -> Document | Report:
        """The plugin's Document for ``source``: library errors pass through (with the source
        filled in); anything else, or a result that is not a Document, is a :class:`PluginError`
        naming the plugin. (A finished :class:`~govreport.model.Report`, which older plugins
        could return, is still accepted; it breaks the contract, see govreport.testing.)"""
        try:
            doc = self.plugin.read(_bytes_of(source) if self.reads_bytes else source)
        except GovReportError:
            raise
        except Exception as e:
            raise PluginError(f"format plugin {self.name!r} failed: {type(e).__name__}: {e}") from e
        if not isinstance(doc, (Document, Report)):
            raise PluginError(f"format plugin {self.name!r} returned {type(doc).__name__}, not a Document")
        return doc


def _bytes_of(source: ReportInput) -> bytes:
    return source.encoded


@attrs.frozen
class PluginFailure:
    """A plugin that is installed but not used, and why: it failed to load (``kind="load"``),
    its name was already taken (``kind="duplicate"``), or it is an installed template that
    could not be registered (``kind="template"``)."""

    name: str
    origin: str
    error: str
    kind: str = "load"


@attrs.frozen
class SniffProblem:
    """A plugin whose sniff raised or returned something that is not a score in 0..1."""

    plugin: str
    problem: str


class Candidate(NamedTuple):
    """One plugin's standing for one input.

    A NamedTuple rather than an attrs class: every input makes one per installed plugin, and
    a frozen attrs instance costs 1.6 times as much to make (sixteen of them were a sixth of
    what ranking the plugins for a report cost).

    Attributes:
        info: the plugin.
        score: its sniff's score for the input (0 for a sniff that raised or gave no score).
        filename_match: whether one of its ``filenames`` patterns matches the input's file name.
    """

    info: PluginInfo
    score: float
    filename_match: bool = False

    def rank_key(self) -> tuple[float, bool, int, str]:
        """The ranking's order as a sort key: score, file-name match, priority, name."""
        return (-self.score, not self.filename_match, -self.info.priority, self.info.name)


def _tie_break_key(info: PluginInfo) -> tuple[int, str]:
    """The last two keys of :meth:`Candidate.rank_key`: priority (higher first), then name."""
    return (-info.priority, info.name)


#: The first two keys of :meth:`Candidate.rank_key`, for a sort with ``reverse=True``.
_BY_SCORE_THEN_FILENAME = attrgetter("score", "filename_match")


@attrs.frozen
class Ranking:
    """Every plugin's candidacy for one input, best first, and the sniffs that went wrong."""

    candidates: tuple[Candidate, ...]
    problems: tuple[SniffProblem, ...] = ()

    def confident(self) -> list[Candidate]:
        """The candidates that reach :data:`MIN_CONFIDENCE`, best first."""
        return [c for c in self.candidates if c.score >= MIN_CONFIDENCE]

    def summary(self) -> str:
        """``name=score`` for every plugin, best first (for error messages)."""
        return ", ".join(f"{c.info.name}={c.score:.2f}" for c in self.candidates) or "no plugins installed"


def _distributions(eps: list[metadata.EntryPoint]) -> dict[int, tuple[str | None, str]]:
    """Each entry point's distribution: its name and ``name version``, by ``id(ep)``.

    A distribution's ``name`` and ``version`` each parse its whole METADATA file (govreport's
    holds its README: 24 KB) every time they are asked for; here it is parsed once per
    distribution, not twice per distribution or per plugin."""
    seen: dict[int, tuple[str | None, str]] = {}
    out: dict[int, tuple[str | None, str]] = {}
    for ep in eps:
        dist = getattr(ep, "dist", None)
        if id(dist) not in seen:
            if dist is None:
                seen[id(dist)] = (None, "unknown distribution")
            else:
                about = dist.metadata
                seen[id(dist)] = (about["Name"], f"{about['Name']} {about['Version']}")
        out[id(ep)] = seen[id(dist)]
    return out


def _load_order(ep: metadata.EntryPoint, dist_name: str | None) -> tuple[bool, str, str]:
    """Built-in plugins first (so a third-party plugin cannot take a built-in name), then by
    entry-point name and value: the same order on every machine."""
    return (dist_name != _BUILTIN_DISTRIBUTION, ep.name, ep.value)


def score_of(raw: object) -> tuple[float, str | None]:
    """A sniff's return value as a score, and what is wrong with it (``None`` if nothing)."""
    if type(raw) is float and 0.0 <= raw <= 1.0:
        return raw, None  # what sniffers return: no conversion, no checks (NaN fails the test)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)):
        return 0.0, f"sniff returned {type(raw).__name__} {raw!r}, not a number"
    score = float(raw)
    if not math.isfinite(score):
        return 0.0, f"sniff returned {score!r}, not a finite number"
    if not 0.0 <= score <= 1.0:
        return 0.0, f"sniff returned {score!r}, outside 0..1"
    return score, None


class Registry:
    """The set of format plugins, loaded from entry points (or given explicitly)."""

    def __init__(self, entry_points: Iterable[metadata.EntryPoint] | None = None) -> None:
        self._plugins: dict[str, PluginInfo] = {}
        self._tie_order: tuple[PluginInfo, ...] | None = None  # made when first ranked, after every register()
        self.failures: list[PluginFailure] = []
        eps = list(entry_points if entry_points is not None else metadata.entry_points(group=ENTRY_POINT_GROUP))
        dists = _distributions(eps)
        for ep in sorted(eps, key=lambda ep: _load_order(ep, dists[id(ep)][0])):
            origin = f"{dists[id(ep)][1]} ({ep.value})"
            try:
                obj = ep.load()
                self.register(obj, origin=origin, name=ep.name)
            except _DuplicateName as e:
                self.failures.append(PluginFailure(e.name, origin, str(e), kind="duplicate"))
            except Exception as e:  # a broken third-party plugin must not take the library down
                self.failures.append(PluginFailure(ep.name, origin, f"{type(e).__name__}: {e}"))

    def register(self, plugin: Any, *, origin: str = "registered at run time", name: str | None = None) -> PluginInfo:
        """Add a plugin (a class or an instance); returns its :class:`PluginInfo`.

        Raises :class:`TypeError` for an object that is not a plugin and :class:`ValueError`
        when another plugin already has the name: the first one keeps it. (An alias may repeat
        another plugin's name or alias: names are looked up first, then aliases in
        registration order.)
        """
        instance = plugin() if isinstance(plugin, type) else plugin
        pname = getattr(instance, "name", "") or name
        if not pname or not callable(getattr(instance, "sniff", None)) or not callable(getattr(instance, "read", None)):
            raise TypeError(f"{plugin!r} is not a format plugin (needs name, sniff(source) and read(source))")
        taken = self._plugins.get(pname)
        if taken is not None:
            raise _DuplicateName(pname, f"the name {pname!r} is already taken by the plugin from {taken.origin}; "
                                        f"this one (from {origin}) is not used")
        info = PluginInfo(pname, instance, origin, _strings(getattr(instance, "aliases", ())),
                          getattr(instance, "description", ""), _strings(getattr(instance, "filenames", ())),
                          int(getattr(instance, "priority", 0)), bool(getattr(instance, "binary", False)))
        self._plugins[pname] = info
        self._tie_order = None
        return info

    def _owner(self, name: str) -> PluginInfo | None:
        if name in self._plugins:
            return self._plugins[name]
        return next((info for info in self._plugins.values() if name in info.aliases), None)

    def __iter__(self) -> Iterator[PluginInfo]:
        return iter(self._plugins.values())

    def names(self) -> list[str]:
        return list(self._plugins)

    def renderers(self) -> list[PluginInfo]:
        """The plugins that can write their layout."""
        return [info for info in self._plugins.values() if info.renders]

    def get(self, name: str) -> PluginInfo:
        """The plugin called ``name`` (or with that alias); :class:`UnknownFormatError` otherwise."""
        info = self._owner(name)
        if info is None:
            raise UnknownFormatError(f"no format plugin named {name!r}",
                                     expected="one of: " + ", ".join(sorted(self._plugins)))
        return info

    def rank(self, source: ReportInput) -> Ranking:
        """Every plugin's candidacy for ``source``, best first (see the module docstring)."""
        candidates = []
        problems = []
        named = bool(source.filename)  # most inputs are text without a file name
        if self._tie_order is None:
            self._tie_order = tuple(sorted(self._plugins.values(), key=_tie_break_key))
        for info in self._tie_order:
            problem: str | None
            try:
                raw = info.sniff(source)
            except Exception as e:
                score, problem = 0.0, f"sniff raised {type(e).__name__}: {e}"
            else:
                score, problem = score_of(raw)
            if problem is not None:
                problems.append(SniffProblem(info.name, problem))
            candidates.append(Candidate(info, score, named and info.matches_filename(source.filename)))
        # Made in the tie-break order (priority, then name), and a sort, reversed too, keeps
        # the order of equal keys: this is the order of Candidate.rank_key, with a key made in
        # C rather than a Python call per candidate.
        candidates.sort(key=_BY_SCORE_THEN_FILENAME, reverse=True)
        return Ranking(tuple(candidates), tuple(problems))

    def scores(self, text: str) -> list[tuple[float, PluginInfo]]:
        """Every plugin's score for ``text`` (normalised), best first."""
        return [(c.score, c.info) for c in self.rank(as_input(text)).candidates]

    def guess(self, text: str, *, source: str | None = None) -> PluginInfo:
        """The plugin most confident about ``text``; :class:`NoFormatError` if none is sure enough."""
        ranking = self.rank(as_input(text))
        confident = ranking.confident()
        if not confident:
            raise NoFormatError("no installed format plugin recognises this text", source=source,
                                expected=f"a layout one of the plugins reads ({ranking.summary()})")
        return confident[0].info


def _strings(value: Any) -> tuple[str, ...]:
    """A plugin's ``aliases`` or ``filenames``: a lone string is one entry, not its characters
    (``filenames = "*.md"`` must not become the pattern ``*``)."""
    return (value,) if isinstance(value, str) else tuple(value)


class _DuplicateName(ValueError):
    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.name = name


def as_input(text: str) -> ReportInput:
    """``text`` (already normalised) as a :class:`ReportInput`, unless it is one."""
    if isinstance(text, ReportInput):
        return text
    from .normalize import NormalizedText

    return ReportInput(NormalizedText(text, "hans", "str"), decoded_text=text)


_DEFAULT: Registry | None = None


def default_registry() -> Registry:
    """The process-wide registry of installed plugins (loaded on first use).

    Its first use also registers the installed templates (entry-point group
    ``govreport.templates``); one that fails is among its ``failures`` (``kind="template"``).
    """
    global _DEFAULT
    if _DEFAULT is None:
        from .template.catalog import register_installed

        registry = Registry()
        registry.failures.extend(PluginFailure(f.name, f.origin, f.error, kind="template")
                                 for f in register_installed())
        _DEFAULT = registry
    return _DEFAULT
