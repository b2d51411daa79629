"""The templates a process knows: the national ones, and any a user registers.

A template is data (a :class:`~govreport.template.spec.TemplateSpec` and its tables); the
table engine, the validator, the renderers and template detection read whatever is
registered here, so a province's own variant of a national template or a future national
revision is one data module that calls :func:`register`, plus its tests.
"""

from __future__ import annotations

from ..errors import SchemaError
from . import rules
from .national import TEMPLATE_SPECS
from .spec import TEMPLATE_LEGACY, TemplateSpec

#: The national templates: always registered.
NATIONAL = frozenset(TEMPLATE_SPECS)


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
