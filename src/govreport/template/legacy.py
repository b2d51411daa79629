"""The legacy (pre-2019) figures' vocabulary, as data.

Reports before the 2019 template state five figures in prose (see the data contract's
``legacy.*`` keys). What a clause must say to state one of them lives here: the words that
name its subject, the measure words its count takes, what may follow the measure (the thing
counted), the words that make a clause about something else, and its row labels in the
statistics table (统计表) many legacy reports end with. The narrative plugin reads clauses
with these lists and repeats none of them; a new wording is one more entry here.
"""

from __future__ import annotations

import attrs


@attrs.frozen
class LegacySubject:
    """What a clause about one legacy figure looks like."""

    key: str
    #: Words naming the subject; a count after one of them (in the same clause) may be its figure.
    words: tuple[str, ...]
    #: A word that must stand between the subject and its count, or right after the measure
    #: (主动公开…信息, 收到…申请, 收取…费); empty when the subject word is the noun itself.
    noun: str
    #: The measure words its count takes (``425条``, ``2件``, ``120元``).
    measures: tuple[str, ...]
    #: What may directly follow the measure word: the thing counted (``425条政府信息``).
    counted: tuple[str, ...]
    #: Words that make a clause about something else (complaints are not applications).
    excluded: tuple[str, ...] = ()
    #: True when the sentence (or its section heading) must be about information disclosure.
    needs_context: bool = True
    #: Row labels of the figure in a legacy statistics table (统计表).
    table_rows: tuple[str, ...] = ()
    #: A money figure: the count is an amount in 元 or 万元, kept in 元.
    money: bool = False


#: What each legacy figure is, in the words of the data contract (the key's label).
FIGURE_LABELS: dict[str, str] = {
    "active_disclosed": "主动公开政府信息",
    "applications_received": "收到政府信息公开申请",
    "reviews": "因政府信息公开申请提起的行政复议",
    "lawsuits": "因政府信息公开申请提起的行政诉讼",
    "fees": "收取的费用（元）",
}

SUBJECTS: tuple[LegacySubject, ...] = (
    LegacySubject(
        "active_disclosed", words=("主动公开",), noun="信息",
        measures=("条", "件", "项", "篇", "份"), counted=("政府信息", "信息"),
        excluded=("依申请公开信息", "不予公开"), needs_context=False,
        table_rows=("主动公开政府信息数", "主动公开信息数", "主动公开信息总数"),
    ),
    LegacySubject(
        "applications_received", words=("收到", "受理", "接到", "接收", "收悉"), noun="申请",
        measures=("件", "条", "个", "份", "起", "次", "宗", "件次"),
        counted=("政府信息公开申请", "信息公开申请", "申请", "依申请"),
        excluded=("投诉", "举报", "信访", "复议", "诉讼", "咨询", "许可", "审批", "来电", "来信"),
        table_rows=("受理依申请公开信息总数", "受理政府信息公开申请数", "受理申请总数", "收到申请数", "申请总数"),
    ),
    LegacySubject(
        "reviews", words=("行政复议",), noun="",
        measures=("件", "起", "次", "宗", "例", "个"), counted=("案件", "申请", "案"),
        excluded=("决定书",),
        table_rows=("行政复议数", "行政复议案件数", "行政复议件数"),
    ),
    LegacySubject(
        "lawsuits", words=("行政诉讼",), noun="",
        measures=("件", "起", "次", "宗", "例", "个"), counted=("案件", "案"),
        excluded=("判决书",),
        table_rows=("行政诉讼数", "行政诉讼案件数", "行政诉讼件数"),
    ),
    LegacySubject(
        "fees", words=("收取", "收费"), noun="费",
        measures=("元", "万元"), counted=(),
        excluded=("经费", "资金", "预算", "拨款", "支出", "投入", "罚款", "标准", "每"),
        table_rows=("收取费用", "收费金额", "收费总额"),
        money=True,
    ),
)

#: A sentence or heading with one of these is about information disclosure.
DISCLOSURE_WORDS: tuple[str, ...] = ("信息公开", "公开信息", "政府信息", "依申请", "政务公开", "公开申请")

#: Negated statements (未收到…申请, 没有发生…行政复议, 无…): the figure is 0. ``无`` counts
#: only where a clause or a time phrase ends before it (无收费 yes, 无法 no).
NEGATIONS: tuple[str, ...] = (
    "未收到", "未接到", "未受理", "未发生", "未出现", "未产生", "未有", "未提起", "未收取", "未收",
    "没有收到", "没有接到", "没有发生", "没有出现", "没有产生", "没有提起", "没有收取", "没有",
    "未向", "没有向", "均未", "并未", "从未", "不存在",
)
#: Characters after which a bare ``无`` opens a negated statement.
BARE_NEGATION_AFTER = "年度内均并亦"

#: Statements after the subject that its count is zero (行政复议和行政诉讼均为零).
ZERO_STATEMENTS: tuple[str, ...] = ("均为零", "均为0", "为零", "为0", "数为零", "数为0")

#: A count in a clause with one of these is the total (全年共…, 总计…).
TOTAL_MARKERS: tuple[str, ...] = ("共", "总计", "合计", "总数", "全年", "总量")

#: A clause whose words before the subject end with one of these, or with the ending of a
#: body's name, gives the count of a part (各乡镇…, 区直各单位…, 县政府公开办…), unless that
#: body is the reporting one (:data:`SELF_SCOPES`, or the report's agency).
PART_SCOPES: tuple[str, ...] = ("各", "单位", "部门", "乡镇", "街道", "区直", "县直", "市直", "办", "科", "股")

#: Words before the subject naming the reporting body itself: its count is not a part.
SELF_SCOPES: tuple[str, ...] = (
    "我局", "我区", "我县", "我市", "我委", "我办", "我厅", "我院", "我中心", "本局", "本机关", "本单位", "本部门",
    "全区", "全县", "全市", "全省", "全局", "本级", "本委", "本办",
)

#: Between the subject and the count: the count is of something else (a share, a change, a
#: sub-category, a rate, another period).
GAP_STOPS: tuple[str, ...] = (
    "中的", "其中", "占", "比", "较", "增加", "减少", "增长", "下降", "同比", "部分", "情况", "方面", "每",
    "累计", "历年", "达到", "率",
)

#: A clause with one of these speaks of another period than the report's year.
OTHER_PERIODS: tuple[str, ...] = ("累计", "历年", "上年", "去年", "上一年", "前年", "同期")

#: Right after a count, these make it approximate, a bound or a rate: not a figure.
APPROXIMATE: tuple[str, ...] = ("左右", "以上", "以下", "以内", "多", "余", "/", "／", "每")

#: Before the subject, channels (通过门户网站主动公开…): how it was published, not by whom.
CHANNEL_SCOPES: tuple[str, ...] = (
    "网站", "网", "公报", "平台", "微博", "微信", "公众号", "公开栏", "查阅点", "报刊", "电视",
)

#: Before the subject, the government of the report's level (县政府主动公开…): the reporting
#: body itself when the report is a government's.
GOVERNMENT_SELF_SCOPES: tuple[str, ...] = (
    "县政府", "市政府", "区政府", "县人民政府", "市人民政府", "区人民政府", "旗政府", "州政府", "镇政府", "乡政府",
    "管委会",
)

#: The title of a legacy statistics table and the words of its header's value columns.
STAT_TABLE_TITLE = "统计表"
STAT_CUMULATIVE = "累计"
#: Units a statistics-table row states between its label and its values.
STAT_UNITS: tuple[str, ...] = ("万元", "元", "件次", "件", "条", "个", "项", "次", "份", "人次")

#: Words that may stand between a body's name and the subject (各乡镇共主动公开…) and are
#: dropped before the name is looked at.
SCOPE_FILLERS: tuple[str, ...] = (
    "共计", "共", "已", "全年", "依法", "及时", "积极", "均", "都", "还", "也", "等", "认真", "对外", "向社会", "累计",
)


@attrs.frozen
class WrittenSection:
    """A section of a pre-2019 report as the narrative layout writes it: its title and its
    clauses, each the figure it states (``""``: a clause with no figure) and its wording with
    ``{}`` where the figure goes. Clauses of figures that are null are left out; a section
    with none is."""

    title: str
    clauses: tuple[tuple[str, str], ...]


#: The sections a pre-2019 report is written in, in order (the clauses of one section are
#: joined by :data:`CLAUSE_JOINER` into one sentence, after the year).
WRITTEN_SECTIONS: tuple[WrittenSection, ...] = (
    WrittenSection("一、概述", (("", "我单位认真贯彻落实《中华人民共和国政府信息公开条例》"),)),
    WrittenSection("二、主动公开政府信息情况", (("active_disclosed", "主动公开政府信息{}条"),)),
    WrittenSection("三、政府信息公开申请的办理情况", (("applications_received", "共收到政府信息公开申请{}件"),)),
    WrittenSection("四、政府信息公开的收费及减免情况", (("fees", "因政府信息公开收取费用{}"),)),
    WrittenSection("五、因政府信息公开申请提起行政复议、行政诉讼情况",
                   (("reviews", "因政府信息公开申请提起行政复议{}件"), ("lawsuits", "提起行政诉讼{}件"))),
)
CLAUSE_JOINER = "，"
#: The year before a written sentence: ``2016年，``.
YEAR_LEAD = "{}年，"
SENTENCE_END = "。"
