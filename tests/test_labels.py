import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from govreport import schema
from govreport.labels import LabelIndex, label_key, split_enumerator, within_one_edit, without_line_breaks
from govreport.normalize import fold_width


@pytest.fixture(scope="module")
def apps_2019():
    return LabelIndex((r.path[-1], r.id) for r in schema.template("2019").table("applications").rows)


@pytest.fixture(scope="module")
def active(request):
    return {t: LabelIndex((r.path[-1], r.id) for r in schema.template(t).table("active").rows) for t in ("2019", "2021")}


def test_enumerators():
    assert split_enumerator("（三）不予公开") == (3, "不予公开")
    assert split_enumerator("(三) 不予公开")[0] == 3
    assert split_enumerator("1.属于国家秘密") == (1, "属于国家秘密")
    assert split_enumerator("5. 要求行政机关确认")[0] == 5
    assert split_enumerator("十一、其他")[0] == 11
    assert split_enumerator("规章") == (None, "规章")
    assert label_key("3.危及“三安全一稳定”") == "危及三安全一稳定"


@pytest.mark.parametrize("label,row,how", [
    ("1.属于国家秘密", "denied.state_secret", "exact"),
    ("1. 属于 国家秘密", "denied.state_secret", "spaces"),  # a stray space inside the label
    ("１．属于国家秘密", "denied.state_secret", "exact"),  # full-width digit and dot
    ("1.属于国际秘密", "denied.state_secret", "variant"),  # a typo seen in real reports
    ("(二)部分公开", "partially_granted", "remark"),  # the remark left out
    ("3.危及三安全一稳定", "denied.endangers_security", "exact"),  # quotes dropped
    ("2.没有现成的信息需要另行制作", "unavailable.needs_creation", "typo"),  # one extra character
    ("四、结转下年度继续办理", "carried_forward", "exact"),
    ("1.属于国家\n秘密", "denied.state_secret", "exact"),  # wrapped in its cell: layout, not a typo
    ("1.属于国家 \n 秘密", "denied.state_secret", "exact"),  # the line break's own indentation
    ("1.属于 国家\n秘密", "denied.state_secret", "spaces"),  # a stray space beside a line break
])
def test_row_variants(apps_2019, label, row, how):
    hits = apps_2019.lookup(label)
    assert [h.payload for h in hits] == [row]
    assert hits[0].how == how


def test_normative_documents_both_wordings(active):
    assert [h.payload for h in active["2019"].lookup("行政规范性文件")] == ["normative_documents"]
    assert [h.payload for h in active["2021"].lookup("规范性文件")] == ["normative_documents"]
    assert active["2021"].lookup("规范性文件")[0].how == "variant"


@pytest.mark.parametrize("label", [
    "属于商业秘密",  # a real-sounding item that is not in the template
    "行政裁决",
    "规章制度",  # short keys are never fuzzy-matched
    "其他",  # only meaningful under （六）: the index alone must not guess
    "2.属于国家秘密X",  # typo-close but the enumerator says item 2, the template says 1
])
def test_unknown_labels_are_not_guessed(apps_2019, active, label):
    assert apps_2019.lookup(label) == []
    assert active["2019"].lookup(label) == []


def test_within_one_edit():
    assert within_one_edit("abc", "abd") and within_one_edit("abc", "abxc") and within_one_edit("abc", "ab")
    assert not within_one_edit("abc", "axy") and not within_one_edit("abc", "a")


@given(st.text(alphabet=" \t\n\r\u3000x一，,。", max_size=40))
def test_without_line_breaks_is_the_regex_it_replaced(text):
    # the linear split that replaced the quadratic ``[^\S\n]*\n\s*`` removes exactly what it did
    assert without_line_breaks(text) == re.sub(r"[^\S\n]*\n\s*", "", text)


@given(st.text(alphabet="：:,，。;；、x 一（）“", max_size=30))
def test_label_keys_lose_trailing_marks_as_the_regex_did(text):
    # the old key, its trailing marks taken by the quadratic ``[...]+$`` pattern
    _, rest = split_enumerator(fold_width(text))
    old = re.sub(r"[:：,，。;；、]+$", "", re.sub(r"[“”\"'‘’「」『』]", "", re.sub(r"\s+", "", rest)))
    assert label_key(text) == old
