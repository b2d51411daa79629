"""A griffe extension: field types read at run time from a NamedTuple come back as
``ForwardRef('str')`` (the modules use ``from __future__ import annotations``); show ``str``."""

from __future__ import annotations

import re
from typing import Any

from griffe import Class, Extension, parse_docstring_annotation

_FORWARD = re.compile(r"""^ForwardRef\((['"])(.*)\1\)$""")


class ForwardRefs(Extension):
    """Unwrap ``ForwardRef('X')`` annotations in a class's docstring sections (run after griffe_fieldz)."""

    def on_class(self, *, cls: Class, **kwargs: Any) -> None:
        if cls.docstring is None:
            return
        for section in cls.docstring.parsed:
            for item in section.value if isinstance(section.value, list) else ():
                match = _FORWARD.match(str(getattr(item, "annotation", "") or ""))
                if match:
                    item.annotation = parse_docstring_annotation(match.group(2), cls.docstring)
