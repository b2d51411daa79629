"""Discovering format plugins and choosing one by sniffing."""

from __future__ import annotations

from collections.abc import Iterable
from importlib import metadata
from typing import Any

import attrs

from .errors import NoFormatError, UnknownFormatError

ENTRY_POINT_GROUP = "govreport.formats"
#: A plugin must be at least this sure before the library lets it parse a report.
MIN_CONFIDENCE = 0.2


@attrs.frozen
class PluginInfo:
    """An installed plugin: its instance and where it came from."""

    name: str
    plugin: Any
    origin: str
    aliases: tuple[str, ...] = ()
    description: str = ""


@attrs.frozen
class PluginFailure:
    """A plugin that could not be loaded, and why."""

    name: str
    origin: str
    error: str


def _origin(ep: metadata.EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    where = f"{dist.name} {dist.version}" if dist is not None else "unknown distribution"
    return f"{where} ({ep.value})"


class Registry:
    """The set of format plugins, loaded from entry points (or given explicitly)."""

    def __init__(self, entry_points: Iterable[metadata.EntryPoint] | None = None) -> None:
        self._plugins: dict[str, PluginInfo] = {}
        self.failures: list[PluginFailure] = []
        eps = entry_points if entry_points is not None else metadata.entry_points(group=ENTRY_POINT_GROUP)
        for ep in sorted(eps, key=lambda e: e.name):
            try:
                obj = ep.load()
                self.register(obj, origin=_origin(ep), name=ep.name)
            except Exception as e:  # a broken third-party plugin must not take the library down
                self.failures.append(PluginFailure(ep.name, _origin(ep), f"{type(e).__name__}: {e}"))

    def register(self, plugin: Any, *, origin: str = "registered at run time", name: str | None = None) -> PluginInfo:
        """Add a plugin (a class or an instance); returns its [`PluginInfo`][govreport.registry.PluginInfo]."""
        instance = plugin() if isinstance(plugin, type) else plugin
        pname = getattr(instance, "name", "") or name
        if not pname or not callable(getattr(instance, "sniff", None)) or not callable(getattr(instance, "read", None)):
            raise TypeError(f"{plugin!r} is not a format plugin (needs name, sniff(text) and read(text))")
        info = PluginInfo(pname, instance, origin, tuple(getattr(instance, "aliases", ())),
                          getattr(instance, "description", ""))
        self._plugins[pname] = info
        return info

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self._plugins.values())

    def names(self) -> list[str]:
        return list(self._plugins)

    def get(self, name: str) -> PluginInfo:
        """The plugin called ``name`` (or with that alias);
        [`UnknownFormatError`][govreport.errors.UnknownFormatError] otherwise."""
        if name in self._plugins:
            return self._plugins[name]
        for info in self._plugins.values():
            if name in info.aliases:
                return info
        raise UnknownFormatError(f"no format plugin named {name!r}",
                                 expected="one of: " + ", ".join(sorted(self._plugins)))

    def scores(self, text: str, *, binary: bool = False) -> list[tuple[float, PluginInfo]]:
        """Every plugin's confidence for ``text``, best first. A plugin whose sniff fails scores 0."""
        out = []
        for info in self._plugins.values():
            if bool(getattr(info.plugin, "binary", False)) != binary:
                continue
            try:
                score = float(info.plugin.sniff(text))
            except Exception:
                score = 0.0
            out.append((max(0.0, min(1.0, score)), info))
        out.sort(key=lambda pair: -pair[0])
        return out

    def guess(self, text: str, *, source: str | None = None, binary: bool = False) -> PluginInfo:
        """The plugin most confident about ``text``; [`NoFormatError`][govreport.errors.NoFormatError] if none is sure
        enough."""
        scores = self.scores(text, binary=binary)
        if not scores or scores[0][0] < MIN_CONFIDENCE:
            tried = ", ".join(f"{i.name}={s:.2f}" for s, i in scores) or "no plugins installed"
            raise NoFormatError("no installed format plugin recognises this text", source=source,
                                expected=f"a layout one of the plugins reads ({tried})")
        return scores[0][1]


_DEFAULT: Registry | None = None


def default_registry() -> Registry:
    """The process-wide registry of installed plugins (loaded on first use)."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Registry()
    return _DEFAULT
