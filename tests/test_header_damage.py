"""A damaged column header never shifts values: every header label of every table, in every
text layout, mistyped, cut short or blanked, and the values read back are right or null."""

import pytest

import govreport
from factories import cell_values, make_report
from govreport import schema
from govreport.template import national

TEXT_LAYOUTS = ("tsv", "pipe", "docx-export")
# Table 四's column labels (each written once per group) and table 二's and 三's header words.
HEADER_LABELS = sorted({c.label for c in schema.REVIEW_COLUMNS}
                       | {c.label for t in ("2019", "2021") for r in schema.template(t).table("active").rows
                          for c in r.columns}
                       | {c.label for c in schema.APPLICANT_COLUMNS} | {national.LEGAL_PERSONS})


def _damaged(text: str, label: str, occurrence: int, how: str) -> str | None:
    parts = text.split(label)
    if len(parts) <= occurrence:
        return None
    new = {"typo": label[:-1] + "护", "blank": "", "cut": label[:-1]}[how]
    return label.join(parts[:occurrence]) + new + label.join(parts[occurrence:])


@pytest.mark.parametrize("layout", TEXT_LAYOUTS)
@pytest.mark.parametrize("template", ["2019", "2021"])
def test_a_damaged_header_label_never_shifts_values(layout, template):
    report = make_report(template, seed=5)
    text = govreport.render(report, layout)
    want = cell_values(report)
    wrong: dict[str, object] = {}
    for label in HEADER_LABELS:
        for occurrence in (1, 2, 3):
            for how in ("typo", "blank", "cut"):
                damaged = _damaged(text, label, occurrence, how)
                if damaged is None:
                    continue
                got = cell_values(govreport.parse(damaged, format=layout))
                for k, v in got.items():
                    if v is not None and v != want.get(k):
                        wrong[f"{label}#{occurrence} {how}: {k}"] = (v, want.get(k))
    assert not wrong, dict(list(wrong.items())[:10])
