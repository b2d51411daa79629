"""Chinese search: the theme's search plugin cuts Chinese text into words with jieba when it
builds the index (zero-width spaces between the words, where the configured separator splits),
and the browser cuts a query such as 勾稽关系 along the words the index has. Without jieba a run
of Chinese up to the next punctuation is one word, and a term inside a longer run is missed.

Measured on the built index with the theme's own search worker (``search_probe.js``): with jieba
依申请公开 is found on 7 pages, without it on 1 (勾稽关系 and 主动公开, which the pages mostly
write between brackets or punctuation, are found either way). Adding the template's terms to
jieba's dictionary as whole words made it worse (1 page again): a term then no longer matches
inside a longer compound, so jieba's own dictionary is used as it is.
"""

from __future__ import annotations


def segmenter_available() -> bool:
    """True when jieba is installed (and quiet: its "building prefix dict" lines are no warning)."""
    try:
        import jieba  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return False
    jieba.setLogLevel(60)
    return True
