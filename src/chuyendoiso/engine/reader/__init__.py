"""The report reader: extract every figure of a Vietnamese narrative report, match it to
the indicator catalogue and check that the figures add up. See docs/reader.md.

    from chuyendoiso.engine.reader import read_document, factcheck
    document = read_document("bao-cao.docx")
    result = factcheck(document.text, catalog, lookup=stored_value)
    result.to_dict(); result.render_text(); result.proposed_values(catalog, org_unit="19")

An untrusted document (an upload) is read in a worker process under ``Limits``:
``factcheck_untrusted(data, "x.docx", catalog, limits=Limits(), lookup=stored_value)``.
The unit a text is about is inferred among known units by ``infer_place`` (in the
worker: ``read_untrusted(..., units=units)``, then ``result_of(reading, ..., place=...)``).
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
from chuyendoiso.engine.reader.place import Certainty, Evidence, Inference, Role, infer_place
from chuyendoiso.engine.reader.placement import Basis, Placement, placement_of
from chuyendoiso.engine.reader.placenames import KnownUnit, NameIndex
from chuyendoiso.engine.reader.result import FactCheckResult, factcheck
from chuyendoiso.engine.reader.sandbox import factcheck_untrusted, read_untrusted, result_of
from chuyendoiso.engine.reader.text import READABLE_FORMATS, Document, read_document
from chuyendoiso.engine.reader.worker import Reading

__all__ = [
    "READABLE_FORMATS",
    "Basis",
    "Bound",
    "Certainty",
    "ChangeKind",
    "Check",
    "CheckKind",
    "Comparison",
    "Document",
    "Evidence",
    "ExtractedFigure",
    "Extraction",
    "FactCheckResult",
    "FigurePeriod",
    "Inference",
    "Kind",
    "KnownUnit",
    "Lexicon",
    "Limits",
    "Lookup",
    "Match",
    "Matcher",
    "NameIndex",
    "PeriodSource",
    "Placement",
    "Reading",
    "Role",
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
    "infer_place",
    "legacy_encoding",
    "load_corpus",
    "match",
    "matches_within",
    "placement_of",
    "read",
    "read_document",
    "read_lexicon",
    "read_untrusted",
    "result_of",
]
