"""Loading the Lark grammars shipped with govreport.

The ``.lark`` files live in the repository's top-level ``grammars/`` folder. A wheel carries
them inside the package (``govreport/grammars``); an editable install does not, so the loader
looks in the package first and falls back to the repository folder. Parsers are built once per
process (and cached on disk by Lark), LALR with the contextual lexer.
"""

from __future__ import annotations

import threading
from importlib import resources
from pathlib import Path
from typing import Any

from lark import Lark, Transformer

from .errors import GovReportError

_LOCK = threading.Lock()
_PARSERS: dict[tuple[str, str, type | None], Lark] = {}


def grammar_dir() -> Path:
    """The folder holding govreport's grammars (inside the installed package, else the repo)."""
    packaged = resources.files("govreport") / "grammars"
    if packaged.is_dir():
        return Path(str(packaged))
    repo = Path(__file__).resolve().parents[2] / "grammars"
    if repo.is_dir():
        return repo
    raise GovReportError("govreport's grammars were not found (a broken install?)",
                         expected=f"a grammars folder in the package or at {repo}")


def load_grammar(name_or_path: str | Path, *, transformer: Transformer[Any, Any] | None = None, start: str = "start",
                 **options: Any) -> Lark:
    """A cached LALR parser for a grammar.

    ``name_or_path`` is one of govreport's grammar names (``"pipe"``) or the path of a
    plugin's own ``.lark`` file; either may ``%import gr_common (...)`` the shared rules.
    ``transformer`` is applied during parsing (no second pass over the tree).
    """
    # Looked up by what the caller gave before any path work: finding the grammar folder
    # touches the file system, and this runs once per report.
    key = (str(name_or_path), start, type(transformer) if transformer is not None else None)
    parser = _PARSERS.get(key)
    if parser is not None:
        return parser
    path = Path(name_or_path)
    if path.suffix != ".lark":
        path = grammar_dir() / f"{name_or_path}.lark"
    with _LOCK:
        parser = _PARSERS.get(key)
        if parser is None:
            opts: dict[str, Any] = {"parser": "lalr", "lexer": "contextual", "start": start,
                                    "import_paths": [grammar_dir(), path.parent], "maybe_placeholders": False}
            opts.update(options)
            if transformer is not None:
                opts["transformer"] = transformer
            parser = Lark(path.read_text(encoding="utf-8"), **opts)
            _PARSERS[key] = parser
    return parser
