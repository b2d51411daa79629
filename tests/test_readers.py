"""The HTML and .docx readers: linear work on every table shape."""

from __future__ import annotations

from collections.abc import Callable

import pytest

import govreport
from govreport.errors import GovReportError
from test_hostile import python_steps

_HEAD = "<html><body><p>二、主动公开政府信息情况</p>"


def _page(body: str) -> bytes:
    return f"{_HEAD}{body}</body></html>".encode()


# Table shapes a page may have in the thousands: each must cost the readers (and the table
# engine after them) work in proportion to its size. Reading a grid once took a scan of every
# position taken so far for each row, so n one-cell rows cost n^2 (40,000 rows ran 20 s).
TABLE_SHAPES: dict[str, Callable[[int], bytes]] = {
    "one-cell rows": lambda n: _page("<table>" + "".join(f"<tr><td>{i % 10}</td></tr>" for i in range(n))
                                     + "</table>"),
    "label rows": lambda n: _page("<table>" + "<tr><td>行政许可</td><td>3</td></tr>" * n + "</table>"),
    "rows in a tbody": lambda n: _page("<table><tbody>" + "".join(f"<tr><td>{i % 10}</td></tr>" for i in range(n))
                                       + "</tbody></table>"),
    "a rowspan over every row": lambda n: _page(f'<table><tr><td rowspan="{n}">规章</td><td>1</td></tr>'
                                                + "<tr><td>2</td></tr>" * (n - 1) + "</table>"),
    "colspans": lambda n: _page("<table>" + '<tr><td colspan="2">规章</td><td>1</td></tr><tr><td>1</td>'
                                "<td>2</td><td>3</td></tr>" * (n // 2) + "</table>"),
    "one-row tables": lambda n: _page("<table><tr><td>1</td></tr></table>" * n),
    "a layout table around them": lambda n: _page("<table><tr><td><table><tr><td>1</td></tr></table></td></tr>"
                                                  + "<tr><td><p>5</p></td></tr>" * n + "</table>"),
    "paragraphs in one cell": lambda n: _page("<table><tr><td>" + "<p>12</p>" * n + "</td></tr></table>"),
}


def _parse_or_error(data: object) -> None:
    try:
        govreport.parse(data)  # type: ignore[arg-type]
    except GovReportError:
        pass


@pytest.mark.parametrize("shape", TABLE_SHAPES)
def test_html_tables_cost_work_in_proportion_to_their_size(shape):
    make = TABLE_SHAPES[shape]
    n = 250
    _parse_or_error(make(n))  # imports, grammars and caches first
    small, large = python_steps(_parse_or_error, make(n)), python_steps(_parse_or_error, make(4 * n))
    assert large / small < 5, f"{shape}: {large / small:.1f}x the Python steps at 4x the size"

