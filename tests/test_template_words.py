"""The template in one home: no source file outside the template package holds a template word.

The words are taken from the template data itself (every registered template's titles, row
labels with and without their enumerators, column labels, header words, hints, row groups,
label variants, section titles, and the legacy vocabulary's labels and written sentences), and
searched in every source file of ``src/`` and ``plugins/`` but the template package's (and the
test kit's, ``govreport.testing``, whose fixtures are tests). Comments and docstrings count: a
label copied into a comment is the first step to one copied into code.
"""

from __future__ import annotations

import re
from pathlib import Path

from govreport import schema
from govreport.labels import split_enumerator
from govreport.template import legacy, national

ROOT = Path(__file__).resolve().parent.parent
OUTSIDE = ("src/govreport/template/", "src/govreport/testing/")
_FORMAT_FIELD = re.compile(r"\{[^{}]*\}")


def template_words() -> set[str]:
    words: set[str] = set()
    for spec in schema.TEMPLATE_SPECS.values():
        words.update(spec.hints)
        words.update(spec.section_titles)
        words.update(variant for variant, _ in spec.label_variants)
        words.update(wording for _, wordings in spec.label_variants for wording in wordings)
        for table in spec.tables:
            words.add(table.title)
            words.update(table.header_words)
            words.update(table.header_ignored)
            words.update(key for key, _ in table.row_groups)
            words.update(title for _, title in table.group_titles)
            words.add(table.header_lead)
            words.add(table.header_note)
            words.update(table.column_bands)
            for row in table.rows:
                words.update(row.path)
                words.update(split_enumerator(part)[1] for part in row.path)
                words.update(c.label for c in row.columns)
    words.update(national.SECTION_TITLES)
    words.update(national.ACTIVE_GROUP_TITLES.values())
    words.update(national.LABEL_VARIANTS)
    words.update(v for variants in national.LABEL_VARIANTS.values() for v in variants)
    words.update((national.APPLICATIONS_CORNER, national.APPLICANTS, national.LEGAL_PERSONS, national.REVIEW,
                  national.LITIGATION, *national.LITIGATION_KINDS))
    words.update(legacy.FIGURE_LABELS.values())
    for subject in legacy.SUBJECTS:
        words.update(subject.table_rows)
    for section in legacy.WRITTEN_SECTIONS:
        words.add(section.title)
        words.update(part for _, wording in section.clauses for part in _FORMAT_FIELD.split(wording))
    return {w for w in words if len(w) >= 2}


def source_files() -> list[Path]:
    found = [p for top in ("src", "plugins") for pattern in ("*.py", "*.lark") for p in (ROOT / top).rglob(pattern)]
    return [p for p in found if not p.relative_to(ROOT).as_posix().startswith(OUTSIDE)]


def test_the_word_list_is_the_template_data():
    assert len(source_files()) > 40
    words = template_words()
    assert {"予以公开", "本年新制作数量", "行政复议", "总计", "结果维持", "申请人情况"} <= words
    assert len(words) > 150


def test_no_template_word_outside_the_template_package():
    words = sorted(template_words(), key=len, reverse=True)
    pattern = re.compile("|".join(map(re.escape, words)))
    found = []
    for path in source_files():
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            m = pattern.search(line)
            if m:
                found.append(f"{path.relative_to(ROOT)}:{n}: {m.group()!r} in {line.strip()[:100]}")
    assert not found, "template words outside src/govreport/template/:\n" + "\n".join(found)


def test_the_search_finds_a_word_where_there_is_one(tmp_path):
    # the search itself can fail: a label in a source line is found
    pattern = re.compile("|".join(map(re.escape, sorted(template_words(), key=len, reverse=True))))
    assert pattern.search('# a comment with （一）予以公开 in it')
    assert not pattern.search("def place(cells): return cells  # no word of the template")
