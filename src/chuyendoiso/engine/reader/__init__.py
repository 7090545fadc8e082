"""The report reader: extract every figure of a Vietnamese narrative report, match it to
the indicator catalogue and check that the figures add up. See docs/reader.md.

    from chuyendoiso.engine.reader import read_document, factcheck
    document = read_document("bao-cao.docx")
    result = factcheck(document.text, catalog, lookup=stored_value)
    result.to_dict(); result.render_text(); result.proposed_values(catalog, org_unit="19")
"""

from chuyendoiso.engine.reader.check import Lookup, check, check_against
from chuyendoiso.engine.reader.extract import Extraction, extract, read
from chuyendoiso.engine.reader.lexicon import Lexicon, default_lexicon, read_lexicon
from chuyendoiso.engine.reader.match import Matcher, match
from chuyendoiso.engine.reader.model import (
    Bound,
    ChangeKind,
    Check,
    CheckKind,
    Comparison,
    ExtractedFigure,
    FigurePeriod,
    Kind,
    Match,
    PeriodSource,
    Trend,
    Verdict,
)
from chuyendoiso.engine.reader.result import FactCheckResult, factcheck
from chuyendoiso.engine.reader.text import READABLE_FORMATS, Document, read_document

__all__ = [
    "READABLE_FORMATS",
    "Bound",
    "ChangeKind",
    "Check",
    "CheckKind",
    "Comparison",
    "Document",
    "ExtractedFigure",
    "Extraction",
    "FactCheckResult",
    "FigurePeriod",
    "Kind",
    "Lexicon",
    "Lookup",
    "Match",
    "Matcher",
    "PeriodSource",
    "Trend",
    "Verdict",
    "check",
    "check_against",
    "default_lexicon",
    "extract",
    "factcheck",
    "match",
    "read",
    "read_document",
    "read_lexicon",
]
