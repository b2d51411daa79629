"""A griffe extension: Sphinx roles left in docstrings (``:class:`Report```, ``:func:`~a.b.parse```,
``:mod:`.contract```) are shown as Markdown cross-references, never as raw roles.

The project writes cross-references the mkdocstrings way (``[`Report`][govreport.model.Report]``);
a docstring written in the other convention still reads well: each role becomes a link to what
it names when that is an object of the API reference (resolved like Sphinx does, from the
docstring's class, module and package), else plain code, so no role can break the build.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import Any

from griffe import Alias, Docstring, Extension, GriffeLoader, Module, Object

ROLE = re.compile(r":(?:py:)?(class|func|meth|mod|attr|data|exc|obj|const):`(~?)([\w.]+)`")
#: Only these packages have pages in the API reference.
DOCUMENTED = ("govreport",)


def _objects(obj: Object) -> Iterator[Object]:
    yield obj
    for member in obj.members.values():
        if not isinstance(member, Alias):
            yield from _objects(member)


class SphinxRoles(Extension):
    """Rewrite the roles of every docstring of the loaded packages (run after the other extensions)."""

    def on_package(self, *, pkg: Module, loader: GriffeLoader, **kwargs: Any) -> None:
        for obj in _objects(pkg):
            if obj.docstring is not None and ":`" in obj.docstring.value:
                self._rewrite(obj, obj.docstring, loader)

    def _rewrite(self, obj: Object, docstring: Docstring, loader: GriffeLoader) -> None:
        def link(m: re.Match[str]) -> str:
            role, short, target = m.groups()
            path = self._resolve(obj, role, target, loader)
            shown = target.lstrip(".").rsplit(".", 1)[-1] if short else target.lstrip(".")
            return f"[`{shown}`][{path}]" if path else f"`{shown}`"

        docstring.value = ROLE.sub(link, docstring.value)
        if "parsed" in docstring.__dict__:  # already parsed (and maybe extended by another extension)
            for section in docstring.parsed:
                if isinstance(section.value, str):
                    section.value = ROLE.sub(link, section.value)
                elif isinstance(section.value, list):
                    for item in section.value:
                        if isinstance(getattr(item, "description", None), str):
                            item.description = ROLE.sub(link, item.description)

    @staticmethod
    def _resolve(obj: Object, role: str, target: str, loader: GriffeLoader) -> str | None:
        module = obj if obj.is_module else obj.module
        package = module.path if module.is_package else module.path.rpartition(".")[0]
        if target.startswith("."):
            candidates = [package + target]
        else:
            scopes = [o.path for o in (obj, obj.parent) if o is not None and o.is_class]
            candidates = [target, *(f"{scope}.{target}" for scope in scopes),
                          f"{module.path}.{target}", f"{package}.{target}"]
        for candidate in candidates:
            top, _, rest = candidate.partition(".")
            try:
                found = loader.modules_collection[top]
                found = found[rest] if rest else found
                path = found.final_target.path if isinstance(found, Alias) else found.path
            except Exception:  # not there, or an alias that does not resolve: try the next scope
                continue
            public = not any(part.startswith("_") for part in path.split("."))
            return path if public and path.split(".")[0] in DOCUMENTED else None
        return None
