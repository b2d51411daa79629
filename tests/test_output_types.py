"""Property tests: a value is stored exactly or not at all (null + GR010), never rounded."""

from __future__ import annotations

from decimal import Decimal

import attrs
from hypothesis import given
from hypothesis import strategies as st

import govreport
from factories import make_report
from govreport import outputs
from govreport.model import Cell, Table
from govreport.shaping import long_rows, wide_rows


@given(st.integers())
def test_an_integer_fits_exactly_or_is_refused(n):
    value, why = outputs.fit_integer(n)
    if outputs.INT64_MIN <= n <= outputs.INT64_MAX:
        assert (value, why) == (n, None)
    else:
        assert value is None and why


@given(st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(),
                 st.decimals(allow_nan=True, allow_infinity=True)))
def test_a_decimal_fits_exactly_or_is_refused(x):
    value, why = outputs.fit_decimal(x)
    if value is None:
        assert why
        return
    assert why is None
    exact = Decimal(repr(x)) if isinstance(x, float) else Decimal(x)
    assert Decimal(value) == exact  # the same number, not a rounded one
    assert abs(exact) < Decimal(10) ** 32
    exponent = exact.normalize().as_tuple().exponent
    assert not isinstance(exponent, int) or exponent >= -outputs.DECIMAL_SCALE


@given(st.sampled_from(["2019", "2021"]), st.integers(0, 50), st.integers(), st.data())
def test_typed_rows_keep_every_value_that_fits_and_flag_the_others(template, seed, value, data):
    report = make_report(template, seed=seed)
    table = report.applications
    cells = list(table.cells)
    i = data.draw(st.integers(0, len(cells) - 1))
    cells[i] = Cell(cells[i].table, cells[i].row, cells[i].column, value)
    report = attrs.evolve(report, applications=Table(table.id, table.template, tuple(cells)), source="s.txt")
    fits = outputs.INT64_MIN <= value <= outputs.INT64_MAX
    for shaper, key_of in ((long_rows, lambda r: f"{r[1]}.{r[2]}.{r[3]}"), (wide_rows, None)):
        rows, misfits = shaper(report)
        assert len(misfits) == (0 if fits else 1)
        if key_of is not None:
            stored = {key_of(r): r[4] for r in rows if r[1] not in ("meta", "legacy")}
            assert stored == {c.key: _exact(c.value) if (c is not cells[i] or fits) else None
                              for c in report.cells()}
        else:
            row = dict(zip(outputs.WIDE.names, rows[0]))
            assert row[cells[i].key] == (value if fits else None)
            assert {k: row[k] for k in stored} == stored  # wide and long store the same values
    assert govreport.CODES["GR010"].severity == "error"


def _exact(v):
    return Decimal(repr(v)) if isinstance(v, float) else v


def _reference_long_rows(report):
    """The long shape as first written: the records export, then each value fitted (the oracle)."""
    from govreport.records import record_values

    out, misfits, lines = [], [], {}
    for src, table, row, column, value, raw, line in record_values(report):
        text = None
        if table == "meta":
            if row in outputs.NUMERIC_META:
                value, why = outputs.fit_integer(value)
            else:
                value, text, why = None, (None if value is None else str(value)), None
        elif isinstance(value, int):
            value, why = outputs.fit_integer(value)
        else:
            value, why = outputs.fit_decimal(value)
        if why is not None:
            key = f"{table}.{row}.{column}" if column else f"{table}.{row}"
            misfits.append(outputs.Misfit(key, raw, why))
            lines[key] = line
        out.append((src, table, row, column, value, text, raw, line))
    return out, list(outputs.misfits_as_diagnostics(report.source, misfits, lines))


@given(st.sampled_from(["2019", "2021", "legacy"]), st.integers(0, 10_000),
       st.one_of(st.none(), st.integers(), st.decimals(allow_nan=False, allow_infinity=False, places=2),
                 st.floats(allow_nan=False, allow_infinity=False)), st.data())
def test_long_rows_are_the_records_export_fitted(template, seed, value, data):
    # long_rows makes the common row (a count that fits) in one pass; it must agree with the
    # records export fitted value by value, for every kind of value a cell may hold
    report = make_report(template, seed=seed)
    if report.applications is not None:
        table = report.applications
        cells = list(table.cells)
        i = data.draw(st.integers(0, len(cells) - 1))
        cells[i] = Cell(cells[i].table, cells[i].row, cells[i].column, value)
        report = attrs.evolve(report, applications=Table(table.id, table.template, tuple(cells)))
    assert long_rows(report) == _reference_long_rows(report)
