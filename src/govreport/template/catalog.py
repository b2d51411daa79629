"""The templates a process knows: the national ones, and any a user registers.

A template is data (a :class:`~govreport.template.spec.TemplateSpec` and its tables); the
table engine, the validator, the renderers and template detection read whatever is
registered here, so a province's own variant of a national template or a future national
revision is one data module that calls :func:`register`, plus its tests.
"""

from __future__ import annotations

from collections.abc import Iterable
from importlib import metadata

import attrs

from ..errors import SchemaError
from ..headings import TableHeadings
from . import rules
from .national import TEMPLATE_SPECS
from .spec import TEMPLATE_LEGACY, TemplateSpec

#: The national templates: always registered.
NATIONAL = frozenset(TEMPLATE_SPECS)
#: The entry-point group an installed distribution names its templates in: each entry point
#: is a :class:`~govreport.template.spec.TemplateSpec` (``"mypkg.template:SPEC"``).
ENTRY_POINT_GROUP = "govreport.templates"


@attrs.frozen
class TemplateFailure:
    """An installed template that is not used, and why."""

    name: str
    origin: str
    error: str


def register(spec: TemplateSpec) -> TemplateSpec:
    """Make ``spec`` a template reports may be read in (and checked and rendered in).

    Its id must be new. A template that ``refines`` another is chosen over it only when a
    report uses its own hint words (and its years allow); a template that refines none is
    chosen by its hints against the other such templates, else by its years.
    """
    if spec.id in TEMPLATE_SPECS or spec.id == TEMPLATE_LEGACY:
        raise SchemaError(f"a template {spec.id!r} is already registered", expected="a new template id")
    if spec.refines is not None and spec.refines not in TEMPLATE_SPECS:
        raise SchemaError(f"template {spec.id!r} refines {spec.refines!r}, which is not registered",
                          expected=", ".join(TEMPLATE_SPECS))
    TableHeadings(spec)  # its own table headings must be patterns (a SchemaError saying which)
    sections = [t.section for t in spec.tables]
    if len(set(sections)) != len(sections) or not all(1 <= n <= len(spec.section_titles) for n in sections):
        raise SchemaError(f"template {spec.id!r}: its tables stand in sections {sections}, not in distinct sections "
                          f"among its {len(spec.section_titles)} section titles",
                          expected="each TableSpec.section a different number from 1 to len(section_titles)")
    TEMPLATE_SPECS[spec.id] = spec
    rules.table_rules.cache_clear()
    return spec


def unregister(template_id: str) -> None:
    """Forget a template :func:`register` added (for tests; the national ones stay)."""
    if template_id in NATIONAL or template_id not in TEMPLATE_SPECS:
        raise SchemaError(f"no template {template_id!r} is registered", expected=", ".join(TEMPLATE_SPECS))
    if any(t.refines == template_id for t in TEMPLATE_SPECS.values()):
        raise SchemaError(f"template {template_id!r} is refined by another registered template")
    del TEMPLATE_SPECS[template_id]
    rules.table_rules.cache_clear()


def table_templates() -> tuple[TemplateSpec, ...]:
    """Every registered template with tables, national ones first."""
    return tuple(TEMPLATE_SPECS.values())


def in_force(year: int) -> tuple[TemplateSpec, ...]:
    """The registered templates with tables in force in ``year`` (``first_year``/``last_year``;
    refinements included). None is: a report of that year is a legacy (prose) report."""
    return tuple(s for s in TEMPLATE_SPECS.values() if s.in_force(year))


def first_table_year() -> int:
    """The earliest ``first_year`` a registered template with tables declares (the national
    templates always declare theirs): the years before it are legacy years unless a template
    declares no first year."""
    return min(s.first_year for s in TEMPLATE_SPECS.values() if s.first_year is not None)


def register_installed(entry_points: Iterable[metadata.EntryPoint] | None = None) -> list[TemplateFailure]:
    """Register every template installed under :data:`ENTRY_POINT_GROUP`; the ones that fail.

    The CLI and :func:`govreport.parse` do this once per process (with the format plugins),
    so an installed template is read exactly as a registered one. A template that refines
    another installed one is registered after it, whatever their order. One that fails to
    load, is no :class:`~govreport.template.spec.TemplateSpec` or cannot be registered is
    reported and left out: it never stops the others.
    """
    eps = list(entry_points if entry_points is not None else metadata.entry_points(group=ENTRY_POINT_GROUP))
    failures: list[TemplateFailure] = []
    waiting: list[tuple[metadata.EntryPoint, TemplateSpec]] = []
    for ep in eps:
        try:
            spec = ep.load()
        except Exception as e:  # a broken third-party template must not take the library down
            failures.append(TemplateFailure(ep.name, ep.value, f"{type(e).__name__}: {e}"))
            continue
        if not isinstance(spec, TemplateSpec):
            failures.append(TemplateFailure(ep.name, ep.value, f"{spec!r} is not a TemplateSpec"))
        elif TEMPLATE_SPECS.get(spec.id) is not spec:  # registered already by its own module
            waiting.append((ep, spec))
    while waiting:  # a refinement waits for the template it refines
        ready = [(ep, s) for ep, s in waiting if s.refines is None or s.refines in TEMPLATE_SPECS]
        if not ready:
            failures.extend(TemplateFailure(ep.name, ep.value, f"it refines {s.refines!r}, which is not registered")
                            for ep, s in waiting)
            break
        for ep, spec in ready:
            waiting.remove((ep, spec))
            if TEMPLATE_SPECS.get(spec.id) is spec:  # named by two entry points
                continue
            try:
                register(spec)
            except SchemaError as e:
                failures.append(TemplateFailure(ep.name, ep.value, str(e)))
    return failures
