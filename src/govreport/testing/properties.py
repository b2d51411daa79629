"""The round-trip and placement-damage properties, for any plugin that renders (Hypothesis).

* :func:`check_round_trip`: for random reports of every template the plugin writes,
  ``parse(plugin.render(report))`` is read by that plugin (sniffing picks it among all
  installed ones) and gives back every cell, legacy figure and metadata field (a plugin whose
  ``render_lossless`` is False, such as ``flat``, may give a null back, never another value).
* :func:`check_placement_damage`: damage a random report before writing it — blank a random
  cell, or drop a whole table — and the reading must never hold a wrong value: the blanked
  cell is null or absent, a dropped table is reported missing (GR103), every other value is
  the report's.

Both raise ``AssertionError`` (through Hypothesis, with the shrunk example) on a failure.
"""

from __future__ import annotations

from typing import Any

import attrs
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from .. import schema
from ..api import parse
from ..model import Report
from ..registry import PluginInfo, Registry, default_registry
from ..schema import TEMPLATE_LEGACY
from ..template.catalog import table_templates
from .reports import make_report, report_values, written_templates

#: The national table templates (the ones every table layout writes; a registered template is
#: drawn for a plugin that writes the template it refines: :func:`written_templates`).
TABLE_TEMPLATES: tuple[str, ...] = schema.TABLE_TEMPLATES


@st.composite
def reports(draw: st.DrawFn, templates: tuple[str, ...] | None = None) -> Report:
    """A random report of one of ``templates`` (by default every registered table template;
    see :func:`~govreport.testing.reports.make_report`)."""
    template = draw(st.sampled_from(templates if templates is not None else [s.id for s in table_templates()]))
    seed = draw(st.integers(0, 10**9))
    split = draw(st.booleans())
    return make_report(template, seed=seed, split_other=split) if template != TEMPLATE_LEGACY else \
        make_report(template, seed=seed)


def _settings(max_examples: int, shrink: bool) -> settings:
    phases = tuple(p for p in Phase if shrink or p not in (Phase.shrink, Phase.explain))
    return settings(max_examples=max_examples, deadline=None, database=None, phases=phases,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def _writer(name: str, registry: Registry | None) -> tuple[Registry, PluginInfo]:
    reg = registry or default_registry()
    info = reg.get(name)
    assert info.renders, f"plugin {name!r} has no render(report): nothing to round-trip"
    return reg, info


def _differences(got: dict[str, Any], want: dict[str, Any]) -> list[str]:
    keys = sorted(set(got) | set(want))
    return [f"{k}: read {got.get(k, '<absent>')!r}, written {want.get(k, '<absent>')!r}"
            for k in keys if got.get(k, "<absent>") != want.get(k, "<absent>")]


def check_round_trip(name: str, *, registry: Registry | None = None, max_examples: int = 25,
                     shrink: bool = True) -> None:
    """``parse(render(report))`` is ``report`` for the plugin ``name`` (see the module).

    ``shrink=False`` reports the first failing example as found (faster, less readable).
    """
    reg, info = _writer(name, registry)
    templates = written_templates(info)
    assert templates, f"plugin {name!r} declares no render_templates"

    @_settings(max_examples, shrink)
    @given(report=reports(templates))
    def round_trip(report: Report) -> None:
        back = parse(info.plugin.render(report), registry=reg, source=f"<written by {name}>")
        assert back.format == info.name, f"sniffing chose {back.format!r} for a report written by {name!r}"
        got, want = report_values(back), report_values(report)
        if not info.render_lossless:  # values may be refused (null), never changed
            got = {k: v for k, v in got.items() if v is not None}
            want = {k: v for k, v in want.items() if k in got}
        differences = _differences(got, want)
        assert not differences, "the round trip changed values:\n  " + "\n  ".join(differences[:20])

    round_trip()


def _blank(report: Report, key: str) -> Report:
    table_id = key.split(".", 1)[0]
    table = report.table(table_id)
    assert table is not None
    cells = tuple(attrs.evolve(c, value=None) if c.key == key else c for c in table)
    return attrs.evolve(report, **{table_id: attrs.evolve(table, cells=cells)})  # type: ignore[arg-type]


def check_placement_damage(name: str, *, registry: Registry | None = None, max_examples: int = 25,
                           shrink: bool = True) -> None:
    """Blanked cells and dropped tables never turn into wrong values (see the module)."""
    reg, info = _writer(name, registry)
    tables = {spec.id for spec in table_templates()}
    templates = tuple(t for t in written_templates(info) if t in tables)
    assert templates, f"plugin {name!r} writes no table template ({', '.join(sorted(tables))})"

    @_settings(max_examples, shrink)
    @given(report=reports(templates), data=st.data())
    def blanked_cell(report: Report, data: st.DataObject) -> None:
        key = data.draw(st.sampled_from(sorted(c.key for c in report.cells())), label="blanked cell")
        back = parse(info.plugin.render(_blank(report, key)), registry=reg, source=f"<written by {name}>")
        got, want = report_values(back), report_values(report)
        assert got.get(key) is None, f"the blanked cell {key} was read as {got[key]!r}"
        wrong = [f"{k}: read {v!r}, written {want.get(k)!r}" for k, v in got.items()
                 if v is not None and k != key and v != want.get(k)]
        assert not wrong, "blanking one cell made others wrong:\n  " + "\n  ".join(wrong[:20])

    @_settings(max(5, max_examples // 3), shrink)
    @given(report=reports(templates), table_id=st.sampled_from(["active", "applications", "review_litigation"]))
    def dropped_table(report: Report, table_id: str) -> None:
        back = parse(info.plugin.render(attrs.evolve(report, **{table_id: None})), registry=reg,  # type: ignore[arg-type]
                     source=f"<written by {name}>")
        assert back.table(table_id) is None, f"table {table_id} was dropped but read back"
        assert any(d.code == "GR103" and table_id in d.message for d in back.diagnostics), \
            f"the dropped table {table_id} is not reported (GR103)"
        want = {k: v for k, v in report_values(report).items() if not k.startswith(table_id + ".")}
        got = {k: v for k, v in report_values(back).items() if v is not None}
        wrong = [f"{k}: read {v!r}, written {want.get(k)!r}" for k, v in got.items() if v != want.get(k)]
        assert not wrong, f"dropping {table_id} made other values wrong:\n  " + "\n  ".join(wrong[:20])

    blanked_cell()
    dropped_table()
