"""What scrapers write of an HTML page, for tests/converters/make.sh: markdown from the
``html2text`` package (NAME.html2text.md) and BeautifulSoup's ``get_text`` with one text per
line (NAME.bs4-lines.txt) or tab-joined (NAME.bs4-tabs.txt).

Usage: python scrape.py OUTDIR PAGE.html... (needs html2text and beautifulsoup4: test-time tools,
not the library's dependencies).
"""

from __future__ import annotations

import sys
from pathlib import Path

import bs4
import html2text


def main(out: Path, pages: list[Path]) -> None:
    for page in pages:
        html = page.read_text(encoding="utf-8")
        (out / f"{page.stem}.html2text.md").write_text(html2text.html2text(html), encoding="utf-8")
        soup = bs4.BeautifulSoup(html, "html.parser")
        (out / f"{page.stem}.bs4-lines.txt").write_text(soup.get_text("\n"), encoding="utf-8")
        (out / f"{page.stem}.bs4-tabs.txt").write_text(soup.get_text("\t"), encoding="utf-8")


if __name__ == "__main__":
    main(Path(sys.argv[1]), [Path(p) for p in sys.argv[2:]])
