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
    # Codes of checks being added to the library (fixes written from their meanings in the code table).
    "GR006": "Uninstall one of the two packages that register the plugin name (`govreport formats` shows both "
             "origins), or rename the plugin in its entry point.",
    "GR007": "A bug in the plugin named in the message: run the plugin test kit's contract check on it. The report "
             "was read by the next candidate, so check `report.format`.",
    "GR008": "Nothing to fix in govreport: the page lies about its charset and the bytes decided. Tell the "
             "publisher if you can.",
    "GR009": "Check the cells named in the message against the source: they are null. The file mixes encodings or "
             "is damaged; a clean copy reads fully.",
    "GR010": "The value is beyond what its column can hold (and almost surely a typo in the source). Check the "
             "cell in the source; the other rows of the report are written.",
    "GR011": "Look for memory or a killer (OOM, a time limit) on the machine; rerun with `--resume` and the file "
             "is tried again, with fewer `--jobs` if memory is short.",
    "GR012": "Parse the PDF itself (`pip install 'govreport[pdf]'`) or the page or .docx it was made from; "
             "pdftotext's text keeps no table columns to read.",
    "GR013": "Parse the PDF itself (`pip install 'govreport[pdf]'`) or the page or .docx it was made from; "
             "text copied out of a PDF keeps no table cells to read.",
    "GR112": "The layout's columns and the row's values disagree (a cell merged or split by the publisher). Check "
             "the row in the source; its values were not used.",
    "GR119": "Check the named cells in the source (whose header put 'corrected' and 'upheld' in another order in "
             "one group); they are null. The .docx or HTML page the text came from places them by its columns.",
    "GR134": "Enter the table's cells by hand from the source, or parse the .docx or HTML page the text came "
             "from, which places each value under its header cell. The cells are null.",
    "GR113": "More than one placement fits and the arithmetic does not decide: read the candidates in the message "
             "against the source. The cells stay null.",
    "GR114": "The source has no cell under that column in this row (a missing cell in the markup). Check the row; "
             "that cell is null.",
    "GR115": "The row lost cells in the markup (a broken `<td>`, a cell dropped by the converter): compare it "
             "with the source and enter its values by hand. Its cells are null.",
    "GR116": "The row was read as it stands, though its total does not add up with its blank cells as 0: check "
             "the row's blank cells against the source (a total that counts cells the source left blank, or a "
             "value lost in conversion).",
    "GR117": "Compare the row with the source: a cell may have been lost in conversion (its values after it one "
             "column to the left), or the report's own column sums are wrong. Its cells are null.",
    "GR118": "Compare the row with the source: a cell may have been lost in conversion (its values after it one "
             "column to the side of their header), or the row is right as it stands. The cells named are null.",
    "GR120": "The report states the figure twice with different values: read the two clauses in the message; the "
             "figure is null rather than one of them.",
    "GR121": "The prose's value was kept; compare it with the statistics table in the source and correct by hand "
             "if the table is right.",
    "GR122": "The row's numbers run together with no separator and split in more than one way: read the row in "
             "the source. It was not used.",
    "GR130": "Nothing to fix: the value was recovered from digits run together, the only value the template's "
             "arithmetic allows. Drop cells with this code to keep only values read directly.",
    "GR131": "Several splits of the digits fit the arithmetic: read the cells in the source (the original page, "
             "not the scrape). They are null.",
    "GR132": "The source's own figures do not add up, whatever the split: check the rule named in the message in "
             "the original report. The rows it binds keep only the values their digits give one way; the others are null.",
    "GR133": "The run of digits has too many possible splits to search: read the cells in the original report. "
             "They are null.",
    "GR140": "The row's values could start at either end of the stream of cells: read the row in the source. Its "
             "values were not used.",
    "GR150": "The number is written with non-ASCII digits (Arabic-Indic, superscript, circled): correct the source "
             "or read the cell by hand. It is null.",
    "GR151": "A space or line break splits the digits, so one number or two cannot be told: read the cell in the "
             "source. It is null.",
    "GR152": "The number has more digits than any count or exact amount: a typo or two cells run together. Read "
             "the cell in the source; it is null.",
    "GR300": "The file is larger than the limit: raise `Limits.max_bytes` if the file is genuine.",
    "GR301": "A zip member inflates past the limit: raise `Limits.max_member_bytes` only for a file you trust.",
    "GR302": "A zip member inflates too well to be a document (a zip bomb): do not raise `Limits.max_ratio` for "
             "a file you do not trust.",
    "GR303": "The report has more cells than the limit: raise `Limits.max_cells` if it is genuine.",
    "GR304": "A merged cell spans more than the limit: raise `Limits.max_span` if the table is genuine.",
    "GR305": "The markup nests deeper than the limit: raise `Limits.max_depth` if the document is genuine.",
    "GR306": "A line or cell is longer than the limit: raise `Limits.max_line_length` if it is genuine.",
    "GR307": "Reading took longer than the time budget: raise `Limits.time_budget` for large genuine reports.",
    "GR308": "The document has more elements than the limit: raise `Limits.max_elements` if it is genuine.",
    "GR309": "The zip lists more members than the limit: raise `Limits.max_members` if the .docx is genuine.",
    "GR330": "Convert the document again with wider columns or to another layout (HTML, pandoc `gfm`), or "
             "fill the row's cells in by hand from the source.",
}
