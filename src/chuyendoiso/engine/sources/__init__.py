"""Source connectors: indicator figures computed from the records of operational systems.

Read a source's definitions (``read_source``), then ``compute`` its figures for a period
from CSV, Parquet or JSON Lines files on DuckDB (default) or Spark; synthetic records come
from ``engine.demo``. See docs/sources.md. Modules, one concern each:

- ``records`` / ``schema``: the record dataclasses and the schemas derived from them;
- ``definitions`` / ``definitions_file`` / ``expressions``: metric definitions in YAML;
- ``checks`` / ``keys`` / ``plan``: the SQL (DuckDB dialect) checking records and ids and
  computing figures; ``ledger``: the accepted ids of earlier runs;
- ``engine_duckdb`` / ``engine_spark``: the two engines (Spark imported only when used);
  ``spark_session``: the local or cluster session Spark runs on, its output in a log;
- ``inputs`` / ``results`` / ``compute``: files in, figures and reconciliation out;
- ``totals``: the province's total of each indicator, from the figures per org unit;
"""

from chuyendoiso.engine.sources.checks import Reason
from chuyendoiso.engine.sources.compute import ENGINES, compute, safe_name, spark_advice
from chuyendoiso.engine.sources.definitions import (
    KeyPolicy,
    Measure,
    MetricDefinition,
    RatioDefinition,
    SourceDefinition,
    Window,
)
from chuyendoiso.engine.sources.definitions_file import SourceFileError, read_source
from chuyendoiso.engine.sources.expressions import literal
from chuyendoiso.engine.sources.inputs import (
    SUFFIXES,
    InputFile,
    SourceInputError,
    fingerprint,
    format_of,
    one_line,
    require_readable,
    resolve_inputs,
    sha256_of,
)
from chuyendoiso.engine.sources.ledger import Ledger, PriorFile, has_part, install
from chuyendoiso.engine.sources.records import SCHEMAS
from chuyendoiso.engine.sources.results import (
    ComputedFigure,
    ComputeResult,
    PartialFigure,
    Reconciliation,
    combine_partials,
)
from chuyendoiso.engine.sources.totals import IndicatorTotal, province_totals

__all__ = [
    "ENGINES",
    "SCHEMAS",
    "SUFFIXES",
    "ComputeResult",
    "ComputedFigure",
    "IndicatorTotal",
    "InputFile",
    "KeyPolicy",
    "Ledger",
    "Measure",
    "MetricDefinition",
    "PartialFigure",
    "PriorFile",
    "RatioDefinition",
    "Reason",
    "Reconciliation",
    "SourceDefinition",
    "SourceFileError",
    "SourceInputError",
    "Window",
    "combine_partials",
    "compute",
    "fingerprint",
    "format_of",
    "has_part",
    "install",
    "literal",
    "one_line",
    "province_totals",
    "read_source",
    "require_readable",
    "resolve_inputs",
    "safe_name",
    "sha256_of",
    "spark_advice",
]
