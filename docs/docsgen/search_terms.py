"""Words the Chinese segmenter of the search index must keep whole.

The theme's search plugin cuts Chinese text into words with jieba when the index is built (the
browser then matches a query against those words). jieba's general dictionary splits the
template's terms (勾稽关系 into 勾稽 + 关系, 主动公开 into 主动 + 公开), so a reader searching for
the term would find nothing; these words are added to its dictionary before the index is built.
"""

from __future__ import annotations

TERMS = (
    "勾稽关系", "主动公开", "依申请公开", "政府信息公开", "政府信息公开工作年度报告", "年度报告",
    "行政复议", "行政诉讼", "行政许可", "行政处罚", "行政强制", "行政事业性收费", "规范性文件",
    "不予公开", "部分公开", "无法提供", "不予处理", "国家秘密", "万元", "本年增/减", "繁体",
)


def teach_segmenter() -> bool:
    """Add the terms to jieba's dictionary; False when jieba is not installed (no Chinese
    segmentation then, and the search plugin indexes Chinese runs as single words)."""
    try:
        import jieba  # type: ignore[import-untyped,unused-ignore]
    except ImportError:
        return False
    jieba.setLogLevel(60)  # its "building prefix dict" chatter is not a build warning
    for term in TERMS:
        jieba.add_word(term, freq=100_000)
    return True
