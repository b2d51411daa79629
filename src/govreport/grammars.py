"""Loading the Lark grammars shipped with govreport.

The ``.lark`` files live in the repository's top-level ``grammars/`` folder. A wheel carries
them inside the package (``govreport/grammars``); an editable install does not, so the loader
looks in the package first and falls back to the repository folder. Parsers are LALR with the
contextual lexer, built once per process.

Building a parser's tables takes 20-120 ms per grammar, most of a command's start-up: Lark keeps
them in a cache file per grammar, in ``$XDG_CACHE_HOME/govreport`` (``~/.cache/govreport``), and
loads them from there in under a millisecond. Lark checks the file against the grammar's text,
its imports and the options, and rebuilds a stale or damaged one. The folder is the user's own
(mode 700): the cache is a pickle, and is only ever read from a place only its user can write.
Where there is no such folder (no home, a read-only file system) parsers are built every time.
"""

from __future__ import annotations

import hashlib
import os
import sys
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
            cache = _cache_file(path, start, transformer)
            if cache is not None:
                opts.setdefault("cache", str(cache))
            parser = Lark(path.read_text(encoding="utf-8"), **opts)
            _PARSERS[key] = parser
    return parser


def cache_dir() -> Path | None:
    """The folder of govreport's parser caches (created, mode 700), or None when there is none."""
    try:
        base = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache")
        folder = base / "govreport"
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except (OSError, RuntimeError):  # RuntimeError: no home directory to be found
        return None
    if hasattr(os, "getuid"):  # POSIX: a pickle is only read from a folder no one else can write
        st = folder.stat()
        if st.st_uid != os.getuid() or st.st_mode & 0o022:
            return None
    return folder if os.access(folder, os.W_OK) else None


def _cache_file(path: Path, start: str, transformer: Transformer[Any, Any] | None) -> Path | None:
    """Where the parser for this grammar file, start rule and transformer class is cached.

    One file per grammar path (a plugin's grammar named like a built-in one gets its own), Lark
    version and Python version; Lark itself checks the contents against the grammar."""
    folder = cache_dir()
    if folder is None:
        return None
    import lark

    kind = "" if transformer is None else f"{type(transformer).__module__}.{type(transformer).__qualname__}"
    key = hashlib.sha256(f"{path.resolve()}\0{start}\0{kind}".encode()).hexdigest()[:16]
    return folder / f"{path.stem}-{key}-lark{lark.__version__}-py{sys.version_info[0]}{sys.version_info[1]}.cache"
