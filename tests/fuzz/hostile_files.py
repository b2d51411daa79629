"""Generators of hostile files: what an attacker or a broken exporter hands the parser.

Each returns the bytes of one file. Sizes are parameters, so the tests build small-but-telling
versions and ``benchmarks/bench_hostile.py`` the full-size ones (1 GB bombs, 256 MB of
paragraphs) while measuring peak memory. Nothing here is copied from a real report: the
markup is the .docx/HTML structure itself, the text is the template's own words.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Iterator

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_DOC_HEAD = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w="{W_NS}"><w:body>'
_DOC_TAIL = "</w:body></w:document>"
_CONTENT_TYPES = ('<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/'
                  'package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>')
MiB = 1024 * 1024


def _para(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def docx_of(document_xml: str | bytes, *, extra: dict[str, bytes] | None = None) -> bytes:
    """A minimal .docx (a zip with ``word/document.xml``) around the given XML."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        z.writestr("word/document.xml", document_xml)
        for name, data in (extra or {}).items():
            z.writestr(zipfile.ZipInfo(name), data)
    return buf.getvalue()


def _streamed_docx(chunks: Iterator[bytes], level: int = 9) -> bytes:
    """A .docx whose document.xml is written chunk by chunk (never whole in memory)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as z:
        z.writestr("[Content_Types].xml", _CONTENT_TYPES)
        with z.open("word/document.xml", "w", force_zip64=True) as f:
            for chunk in chunks:
                f.write(chunk)
    return buf.getvalue()


def zip_bomb_docx(inflated: int = 1024 * MiB) -> bytes:
    """A .docx of ~1 MB whose document.xml inflates to ``inflated`` bytes (one huge run of
    whitespace inside the body: well-formed XML, maximal compression)."""
    def chunks() -> Iterator[bytes]:
        yield _DOC_HEAD.encode()
        block = b" " * MiB
        for _ in range(inflated // MiB):
            yield block
        yield _DOC_TAIL.encode()
    return _streamed_docx(chunks())


def paragraphs_docx(total: int = 256 * MiB) -> bytes:
    """A .docx with ``total`` bytes of ordinary paragraphs (each one distinct, so it does not
    compress like a bomb: the size limit, not the ratio, must stop it)."""
    def chunks() -> Iterator[bytes]:
        yield _DOC_HEAD.encode()
        written, n = 0, 0
        while written < total:
            block = "".join(_para(f"第{n + i}段：本机关主动公开政府信息{(n + i) * 7919 % 100003}条。")
                            for i in range(2000)).encode()
            n += 2000
            written += len(block)
            yield block
        yield _DOC_TAIL.encode()
    return _streamed_docx(chunks(), level=1)


def grid_span_docx(span: int = 1_000_000_000) -> bytes:
    """A table whose one cell claims to span ``span`` grid columns."""
    cell = f'<w:tc><w:tcPr><w:gridSpan w:val="{span}"/></w:tcPr>{_para("规章")}</w:tc>'
    row = f"<w:tr>{cell}<w:tc>{_para('3')}</w:tc></w:tr>"
    return docx_of(_DOC_HEAD + f"<w:tbl>{row * 3}</w:tbl>" + _DOC_TAIL)


def nested_tables_docx(depth: int = 5000) -> bytes:
    """Tables nested ``depth`` deep, each in the one cell of the one above."""
    open_, close = "<w:tbl><w:tr><w:tc>", "<w:p/></w:tc></w:tr></w:tbl>"
    return docx_of(_DOC_HEAD + open_ * depth + _para("1") + close * depth + _DOC_TAIL)


def xxe_docx(target: str = "file:///etc/passwd") -> bytes:
    """document.xml declaring an external entity and using it in a cell."""
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY xxe SYSTEM "{target}">]>'
           f'<w:document xmlns:w="{W_NS}"><w:body>{_para("&xxe;")}</w:body></w:document>')
    return docx_of(xml)


def billion_laughs_docx(levels: int = 10) -> bytes:
    """The billion-laughs entity expansion (10 levels of 10: 10**10 'lol's)."""
    ents = ['<!ENTITY lol0 "lol">'] + [f'<!ENTITY lol{i} "{("&lol" + str(i - 1) + ";") * 10}">'
                                       for i in range(1, levels)]
    xml = (f'<?xml version="1.0"?><!DOCTYPE w:document [{"".join(ents)}]>'
           f'<w:document xmlns:w="{W_NS}"><w:body>{_para(f"&lol{levels - 1};")}</w:body></w:document>')
    return docx_of(xml)


def path_traversal_docx() -> bytes:
    """A valid .docx that also holds members named to escape any folder they are written to."""
    body = _DOC_HEAD + _para("2020年政府信息公开工作年度报告") + _para("一、总体情况") + _DOC_TAIL
    return docx_of(body, extra={"../../../../tmp/govreport-escaped.txt": b"escaped",
                                "/tmp/govreport-absolute.txt": b"absolute",
                                "word/../../govreport-dotdot.txt": b"dotdot"})


def many_members_zip(members: int = 200_000) -> bytes:
    """A zip listing ``members`` empty files (each costs memory to list)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", _DOC_HEAD + _DOC_TAIL)
        for i in range(members):
            z.writestr(zipfile.ZipInfo(f"m/{i}"), b"")
    return buf.getvalue()


def lying_size_docx(inflated: int = 256 * MiB) -> bytes:
    """A bomb whose zip headers claim document.xml is 100 bytes: only streaming counts catch it."""
    data = zip_bomb_docx(inflated)
    # Patch the sizes in the local header and the central directory (zip64 extra fields hold
    # the real ones: overwrite those too).
    real = inflated + len(_DOC_HEAD) + len(_DOC_TAIL)
    return data.replace(real.to_bytes(8, "little"), (100).to_bytes(8, "little"))


def huge_spans_html(cells: int = 400, span: int = 200) -> bytes:
    """A ~38 KB page whose cells each claim ``span`` x ``span`` grid positions."""
    row = "".join(f'<td colspan="{span}" rowspan="{span}">{i}</td>' for i in range(cells // 20))
    body = "".join(f"<tr>{row}</tr>" for _ in range(20))
    return (f"<html><body><p>2020年政府信息公开工作年度报告</p><table>{body}</table></body></html>").encode()


def huge_span_value_html(span: int = 1_000_000_000) -> bytes:
    return (f'<html><body><table><tr><td colspan="{span}" rowspan="{span}">规章</td><td>1</td></tr>'
            f"</table></body></html>").encode()


def nested_tags_html(depth: int = 100_000, tag: str = "div") -> bytes:
    return (f"<html><body>{f'<{tag}>' * depth}2020年政府信息公开工作年度报告{f'</{tag}>' * depth}"
            f"</body></html>").encode()


def nested_tables_html(depth: int = 5000) -> bytes:
    return (f"<html><body>{'<table><tr><td>' * depth}1{'</td></tr></table>' * depth}</body></html>").encode()


def one_cell_rows_html(rows: int = 100_000) -> bytes:
    """A page with one table of ``rows`` one-cell rows (quadratic grid building shows here)."""
    body = "".join(f"<tr><td>{i % 10}</td></tr>" for i in range(rows))
    return f"<html><body><p>二、主动公开政府信息情况</p><table>{body}</table></body></html>".encode()


def long_line_text(chars: int = 8 * MiB) -> bytes:
    return ("二、主动公开政府信息情况\n规章\t" + "1" * chars + "\n").encode()


def report_text(total: int = 60 * MiB) -> bytes:
    """A text report's table rows repeated to ``total`` bytes (UTF-8), cut at a line end."""
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    from factories import make_report
    from govreport.render import render

    one = render(make_report("2019", seed=1), "tsv").encode()
    data = (one * (total // len(one) + 1))[:total]
    return data[: data.rindex(b"\n") + 1]


def paragraphs_html(total: int = 60 * MiB) -> bytes:
    """A page of ``total`` bytes of short paragraphs."""
    para = "<p>第1段：本机关主动公开政府信息12条，收到申请3件。</p>\n".encode()
    return b"<html><body>" + para * (total // len(para)) + b"</body></html>"


def deflate_ratio(data: bytes) -> float:
    """How many times the given bytes shrink under zlib (for sanity checks of the generators)."""
    return len(data) / max(1, len(zlib.compress(data, 9)))
