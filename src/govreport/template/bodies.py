"""What the name of a reporting body looks like: a closed list of endings, as data.

An agency read from a title, a header line or a signature is kept only when it ends like the
name of a body (人民政府, 办公室, 局, 管委会, 实验区 …) and does not open like a sentence
(在…, 我区…, 根据…): a fragment of prose is a wrong value, a null with GR110 is not. The lists
are data, so a new kind of body is one more entry here, not a new rule in a reader.
"""

from __future__ import annotations

import re

#: Endings of the names of reporting bodies, longest first where one ends another.
AGENCY_ENDINGS: tuple[str, ...] = (
    "人民政府", "政府", "办公室", "办公厅", "办事处", "委员会", "管委会", "管理委员会", "委", "局", "厅", "署",
    "实验区", "开发区", "高新区", "新区", "示范区", "中心", "院", "街道", "公署", "总队", "支队", "大队",
    "所", "处", "站", "馆", "联合会", "协会", "大学", "学校",
)

#: Words a sentence opens with and a name never does (prepositions, pronouns, time words).
SENTENCE_OPENINGS: tuple[str, ...] = (
    "在", "我", "本", "不", "对", "由", "经", "按", "据", "根据", "以", "为", "从", "向", "将", "现", "今", "全",
    "各", "该", "其", "于", "和", "与", "通过", "围绕", "结合", "坚持", "加强", "推进", "进一步",
)

#: Characters of running prose that no body's name contains.
PROSE_CHARACTERS = frozenset("的了是把被着过们这那吗呢吧之")

_NAME = re.compile(r"[\u4e00-\u9fff（）()]{2,40}")


def looks_like_body(text: str, endings: tuple[str, ...] = AGENCY_ENDINGS) -> bool:
    """True when ``text`` (stripped) can be the name of a body: Chinese characters only, an
    ending from ``endings``, no sentence opening and no character of running prose."""
    name = text.strip()
    if not _NAME.fullmatch(name) or not name.endswith(endings):
        return False
    if name.startswith(SENTENCE_OPENINGS) or not PROSE_CHARACTERS.isdisjoint(name):
        return False
    return name not in endings  # "政府" alone names no one
