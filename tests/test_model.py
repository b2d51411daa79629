import json

import pytest

import govreport
from factories import make_report
from govreport import schema
from govreport.errors import SchemaError
from govreport.model import Report


@pytest.mark.parametrize("template", ["2019", "2021", "legacy"])
def test_dict_round_trip(template):
    report = make_report(template, seed=3)
    assert Report.from_dict(report.to_dict()) == report
    assert Report.from_dict(json.loads(report.to_json())) == report


def test_parsed_report_round_trips(fixture_text):
    report = govreport.parse(fixture_text("tsv_shift_2019.txt"), source="x.txt")
    again = Report.from_dict(json.loads(report.to_json()))
    assert again == report
    assert again.diagnostics == report.diagnostics


def test_navigation(fixture_text):
    report = govreport.parse(fixture_text("tsv_shift_2019.txt"))
    cell = report.applications.cell("new_received", "total")
    assert cell.value == 4 and cell.raw == "4" and cell.span.line > 0
    assert report.applications.get("granted", "natural_person") == 2
    assert report.value("active.procurement.amount") == 250400.5
    assert report.value("meta.year") == 2020
    assert report.active.row("penalties") == {"prev_items": 9, "change": 3, "decisions": 40}
    assert [c.key for c in report.review_litigation][:2] == ["review_litigation.review.upheld",
                                                             "review_litigation.review.corrected"]
    with pytest.raises(SchemaError):
        report.applications.cell("no_such_row", "total")
    with pytest.raises(KeyError):  # SchemaError is a GovReportError and also reads as a missing key
        report.table("no_such_table")


def test_schema_matches_the_data_contract_shape():
    keys_2019 = schema.cell_keys("2019")
    keys_2021 = schema.cell_keys("2021")
    assert len(keys_2019) == 22 + 23 * 7 + 15
    assert len(keys_2021) == 10 + 26 * 7 + 15
    assert "applications.denied.state_secret.natural_person" in keys_2019
    assert "applications.other_handling.no_correction.total" in keys_2021
    assert "active.fees.amount" in keys_2021 and "active.procurement.amount" in keys_2019
    assert len(set(keys_2019)) == len(keys_2019)


def test_schema_equals_shared_fields_tsv():
    from pathlib import Path

    path = Path(__file__).resolve().parents[2] / "shared" / "spec" / "fields.tsv"
    if not path.exists():
        pytest.skip("../shared is not beside the repository")
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    theirs = {tuple(ln.split("\t")) for ln in lines if ln.strip()}
    ours = {(f.template, f.table, f.row, f.column, f.row_label, f.column_label) for f in schema.fields()}
    assert ours == theirs


def test_make_cell_builds_the_same_frozen_cell_as_its_constructor():
    import attrs

    from govreport.model import _CELL_FIELDS, Cell, Span, make_cell

    assert tuple(f.name for f in attrs.fields(Cell)) == _CELL_FIELDS  # a new field must reach make_cell
    made = make_cell("applications", "new_received", "total", 12, "12", Span(3, 5))
    built = Cell("applications", "new_received", "total", 12, "12", Span(3, 5))
    assert made == built and hash(made) == hash(built) and repr(made) == repr(built)
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        made.value = 13  # type: ignore[misc]


@pytest.mark.parametrize("name", ["pipe_hant_2019.txt", "tsv_shift_2019.txt", "docx_2021_split.txt"])
def test_the_engine_makes_each_cell_as_its_constructor_does(fixture_text, name):
    """The table engine sets a cell's slots itself (model.CELL_SETTERS): every field set, frozen."""
    import attrs

    from govreport.model import Cell

    report = govreport.parse(fixture_text(name))
    cells = list(report.cells())
    assert len(cells) > 100
    for c in cells:
        built = Cell(c.table, c.row, c.column, c.value, c.raw, c.span)
        assert c == built and hash(c) == hash(built) and repr(c) == repr(built)
        with pytest.raises(attrs.exceptions.FrozenInstanceError):
            c.value = 13  # type: ignore[misc]


@pytest.mark.parametrize("name", ["pipe_hant_2019.txt", "tsv_shift_2019.txt", "docx_2021_split.txt"])
def test_parsed_tables_index_exactly_their_cells(fixture_text, name):
    report = govreport.parse(fixture_text(name))
    assert len(report.tables) == 3
    for table in report.tables:
        assert table._index == {(c.row, c.column): c for c in table.cells}
        rebuilt = type(table)(table.id, table.template, table.cells, table.span)
        assert rebuilt == table
        for c in table.cells:
            assert table.cell(c.row, c.column) is c
