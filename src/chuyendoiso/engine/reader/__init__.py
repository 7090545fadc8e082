"""The report reader: extract every figure of a Vietnamese narrative report, match it to
the indicator catalogue and check that the figures add up. See docs/reader.md.

    from chuyendoiso.engine.reader import read_document, factcheck
    document = read_document("bao-cao.docx")
    result = factcheck(document.text, catalog, lookup=stored_value)
    result.to_dict(); result.render_text(); result.proposed_values(catalog, org_unit="19")

An untrusted document (an upload) is read in a worker process under ``Limits``:
``factcheck_untrusted(data, "x.docx", catalog, limits=Limits(), lookup=stored_value)``.
"""

from chuyendoiso.engine.reader.check import Lookup, check, check_against
from chuyendoiso.engine.reader.evaluation import Scores, evaluate, load_corpus
from chuyendoiso.engine.reader.extract import Extraction, extract, read
from chuyendoiso.engine.reader.legacy import legacy_encoding
from chuyendoiso.engine.reader.lexicon import Lexicon, default_lexicon, read_lexicon
from chuyendoiso.engine.reader.limits import Limits
from chuyendoiso.engine.reader.match import Matcher, match, matches_within
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
from chuyendoiso.engine.reader.sandbox import factcheck_untrusted
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
    "Limits",
    "Lookup",
    "Match",
    "Matcher",
    "PeriodSource",
    "Scores",
    "Trend",
    "Verdict",
    "check",
    "check_against",
    "default_lexicon",
    "evaluate",
    "extract",
    "factcheck",
    "factcheck_untrusted",
    "legacy_encoding",
    "load_corpus",
    "match",
    "matches_within",
    "read",
    "read_document",
    "read_lexicon",
]
