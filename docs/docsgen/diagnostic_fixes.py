"""What a reader can do about each diagnostic code (the diagnostics page joins this to
``govreport.diagnostics.CODES``; a code without a fix here fails the build)."""

from __future__ import annotations

FIXES: dict[str, str] = {
    "GR001": "Nothing to fix: the file was GB18030 (or GBK/GB2312), which is common for older reports. "
             "If the text reads as mojibake, the file is in another encoding: convert it to UTF-8 first.",
    "GR002": "Nothing to fix. Labels and prose are compared in simplified script; `meta.script` keeps "
             "`hant` so you can tell such reports apart.",
    "GR003": "Run `govreport formats`: it lists the plugin with the import error. Reinstall or fix the plugin's "
             "package; the other layouts keep working meanwhile.",
    "GR004": "Nothing to fix: `[bookmark: ...]` and `[image: ...]` markers from a document export are not part "
             "of the report.",
    "GR005": "Look at the message: an encoding, a layout no plugin recognises (try `--format NAME`), or a corrupt "
             "file. Fix or replace the file, then rerun `govreport convert ... --resume`: the rest of the batch "
             "is already written.",
    "GR101": "Usually nothing: the message names the template label the variant was matched to. Check it when "
             "the variant is a different word rather than a typo (`属于国际秘密` for `属于国家秘密`).",
    "GR102": "The row's values were not used. If the label is a variant of a template row, it is a gap in "
             "govreport's label variants: report it with the label text. Otherwise the row is not part of the "
             "template and can be ignored.",
    "GR103": "Check whether the report has the table at all (some publish only prose). If it does, its title or "
             "layout was not recognised: try another `--format`, or report the layout.",
    "GR104": "Check the source: the row may be missing from the report, or merged into its neighbour by the "
             "export. Its cells are absent rather than guessed.",
    "GR105": "Read the cell in the source (the message gives the line and column): a typo such as `l2` for `12`, "
             "a note in a number cell, or a value the template does not allow. The cell stays null.",
    "GR106": "The row's values could not be placed on the template's columns without guessing (a cell lost or "
             "split in the export). Correct the source row, or leave the cells null.",
    "GR107": "The report states the same row twice with different numbers: check which one the source means; "
             "both are left null rather than picking one.",
    "GR108": "State the unit: the report says neither 元 nor 万元 in the cell or its header. The amount stays "
             "null rather than being off by a factor of 10,000.",
    "GR109": "The source ends inside the table (a truncated download or a page break in the export). Fetch the "
             "full report; the cells read so far are kept.",
    "GR110": "Check the report's title and signature: the agency, the year or the date is not where reports put "
             "it. The tables are read all the same.",
    "GR111": "Usually nothing: the year settled the template. Check `meta.template` when a report uses the other "
             "template's tables out of its years.",
    "GR201": "The applications table does not balance. Compare the column in the source: often a typo in one "
             "cell, or a blank cell that was meant as a number. The message lists the cells and their values.",
    "GR202": "The results rows do not add up to 总计. Check the cells named in the message; a blank cell counts as "
             "0 and the message says so.",
    "GR203": "The six applicant columns do not add up to 总计 in this row: check the row in the source, often a "
             "value shifted into the wrong column.",
    "GR204": "The review/litigation row does not add up (维持 + 纠正 + 其他 + 尚未审结 = 总计): check the row in "
             "the source.",
    "GR205": "More documents published this year than exist in total: usually two columns swapped in the "
             "source. Check the row named in the message.",
    "GR206": "A negative count other than 本年增/减: usually a dash read as a minus sign in the source. Check the "
             "cell named in the message.",
}
