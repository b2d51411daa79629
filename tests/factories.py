"""Build consistent reports for tests: the plugin test kit's generator (govreport.testing.reports)."""

from govreport.testing.reports import AGENCIES, cell_values, make_report, make_tables, report_values

__all__ = ["AGENCIES", "cell_values", "make_report", "make_tables", "report_values"]
