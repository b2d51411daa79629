"""Small review findings, each kept fixed: plugin aliases that mislead, the formats listing."""

from __future__ import annotations

import pytest

from govreport.cli import main
from govreport.errors import UnknownFormatError
from govreport.registry import default_registry


def test_no_plugin_is_called_pandoc():
    # pandoc writes several layouts (gfm and markdown: the markdown plugin; plain: fixed-width),
    # so the name of the converter names no one layout
    with pytest.raises(UnknownFormatError):
        default_registry().get("pandoc")
    assert default_registry().get("docx-text").name == "docx-export"
    assert default_registry().get("pandoc-markdown").name == "markdown"
    assert default_registry().get("pandoc-plain").name == "fixed-width"


def test_formats_lines_up_every_plugin_whatever_the_length_of_its_name(capsys):
    assert main(["formats", "--quick"]) == 0
    lines = capsys.readouterr().out.splitlines()
    names = {info.name for info in default_registry()}
    assert max(len(n) for n in names) > 14  # libreoffice-text: the case that misaligned
    names.add("templates")  # the line of the templates in use lines up with the plugins
    starts = set()
    for line in lines:
        head, _, rest = line.partition(" ")
        if head in names:
            starts.add(len(line) - len(rest.lstrip(" ")))  # where the description starts
        else:
            starts.add(len(line) - len(line.lstrip(" ")))  # where the plugin's other lines start
    assert len(starts) == 1, starts
