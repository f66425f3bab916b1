"""Reading published annual reports: HTML or text (UTF-8, GBK, GB18030), 2021, 2019 and pre-2019."""

from gongkai.reports.parsing.decode import UnknownEncoding
from gongkai.reports.parsing.parser import NOT_A_REPORT, ParseResult, parse_report

__all__ = ["NOT_A_REPORT", "ParseResult", "UnknownEncoding", "parse_report"]
