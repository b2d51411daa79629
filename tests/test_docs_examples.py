"""Every example on every documentation page prints what the page shows (docs/docsgen/examples.py;
the site build runs the same check), and the checker itself notices a page that is wrong."""

import os
import sys
from pathlib import Path

import pytest

from govreport import registry

DOCS = Path(__file__).resolve().parents[1] / "docs"
sys.path.insert(0, str(DOCS))

from docsgen import example_plugins  # noqa: E402
from docsgen.examples import check_page, find_examples, output_matches  # noqa: E402

PAGES = sorted(p.relative_to(DOCS).as_posix() for p in DOCS.rglob("*.md")
               if p.relative_to(DOCS).parts[0] not in ("examples", "docsgen"))


@pytest.fixture(scope="module", autouse=True)
def example_plugins_on_path():
    pytest.importorskip("duckdb", reason="the docs extra is not installed (pip install -e '.[docs]')")
    pytest.importorskip("matplotlib", reason="the docs extra is not installed (pip install -e '.[docs]')")
    # The pages' examples see the example plugins as installed; the tests after these must not:
    # the path, the environment and the process-wide registry are given back as they were.
    saved_path, saved_env, saved_registry = list(sys.path), dict(os.environ), registry._DEFAULT
    registry._DEFAULT = None
    example_plugins.make_discoverable()
    yield
    sys.path[:] = saved_path
    os.environ.clear()
    os.environ.update(saved_env)
    registry._DEFAULT = saved_registry


@pytest.mark.parametrize("page", [p for p in PAGES if find_examples((DOCS / p).read_text(encoding="utf-8"))])
def test_page_examples_print_what_the_page_shows(page):
    failures = check_page(page, (DOCS / page).read_text(encoding="utf-8"))
    assert not failures, "\n\n".join(map(str, failures))


WRONG_PAGE = '''# A page

```pycon
>>> 1 + 1
3
```

```console
$ echo one; echo two
one
three
```

```python
raise ValueError("a python block that fails")
```

<!-- govreport:listing -->
```python
this_name_is_not_defined()
```
'''


def test_a_wrong_page_fails_at_each_wrong_example():
    failures = check_page("wrong.md", WRONG_PAGE)
    assert [f.line for f in failures] == [4, 9, 15]
    assert "3" in failures[0].what and "two" in failures[1].what and "ValueError" in failures[2].what


def test_output_matching_and_ellipsis():
    assert output_matches("a\n...\nd", "a\nb\nc\nd\n")
    assert output_matches("a\n...\nb", "a\nb")
    assert not output_matches("a\n...\nd", "a\nb\nc\n")
    assert output_matches("a  \n\n", "a")
    assert not output_matches("a", "a\nb")
    assert output_matches("4 passed in ...s", "4 passed in 0.61s")
    assert not output_matches("4 passed in ...s", "3 passed in 0.61s")
