"""Run the statements of ``plan`` on Apache Spark, transpiled from DuckDB SQL by SQLGlot.

Spark reads the files itself; only the reading differs from DuckDB. Record numbers: Parquet
has ``_metadata.row_index``; for JSON Lines each file split (block) is numbered by
``monotonically_increasing_id`` (consecutive within a split) and offset by the records of
the splits before it in the file, which keeps Spark's parallel reading. CSV files are read
by DuckDB's reader into Parquet files in the workdir (``csv_records``), so that both engines
read the same records and set the same malformed ones aside. Duplicate keys
are found by grouping key hashes (``xxhash64``), which scales out, instead of sorting them.

The session (``spark_session``) is local (``local[*]``) unless a master URL is given or a
session is already active. On a cluster the executors read the files by their path, as
``file://`` URLs (a cluster's default file system may be HDFS): inputs and the workdir, where
CSV files are staged, must be on storage mounted at the same path on every machine.
"""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
from py4j.protocol import Py4JJavaError
from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.sources.checks import FileScan, Physical
from chuyendoiso.engine.sources.csv_records import stage_csv
from chuyendoiso.engine.sources.definitions import SourceDefinition
from chuyendoiso.engine.sources.engine_duckdb import (
    connect,
    parquet_names,
    unreadable,
)
from chuyendoiso.engine.sources.expressions import to_spark
from chuyendoiso.engine.sources.inputs import Format, InputFile, SourceInputError, one_line
from chuyendoiso.engine.sources.keys import DuplicateSearch, ledger_sql
from chuyendoiso.engine.sources.ledger import Ledger, LedgerPart
from chuyendoiso.engine.sources.plan import (
    RunOutcome,
    check_columns,
    frame_columns,
    readable,
    run_steps,
)
from chuyendoiso.engine.sources.quarantine import write_quarantine
from chuyendoiso.engine.sources.results import AggregateRow
from chuyendoiso.engine.sources.spark_session import session

__all__ = ["run", "session"]

COLLECT_LIMIT = 100_000
_PHYSICAL: dict[type, Physical] = {
    T.StringType: Physical.TEXT,
    T.VarcharType: Physical.TEXT,
    T.CharType: Physical.TEXT,
    T.TimestampType: Physical.TIMESTAMP,
    T.TimestampNTZType: Physical.TIMESTAMP,
    T.DateType: Physical.DATE,
    T.BooleanType: Physical.BOOLEAN,
    T.ByteType: Physical.INTEGER,
    T.ShortType: Physical.INTEGER,
    T.IntegerType: Physical.INTEGER,
    T.LongType: Physical.INTEGER,
    T.DecimalType: Physical.DECIMAL,
    T.FloatType: Physical.FLOAT,
    T.DoubleType: Physical.FLOAT,
}


def url(path: Path | str) -> str:
    """A local path as the ``file://`` URL every executor reads (not the default file system)."""
    return f"file://{Path(path).resolve()}"


def _tables(spark: SparkSession, codes: list[str], paths: list[str]) -> None:
    """The views ``known_units(code)`` and ``input_files(_file, path)``, built in Java from
    literals: a table made from Python rows would need Python on every executor, which the
    rest of the engine does not. The codes (thousands) come as one string (a code holds no
    line break); the paths (a few) one literal each."""
    lines = F.split(F.lit("\n".join(codes)), "\n")
    known = spark.range(1).select(F.explode(lines).alias("code")).limit(len(codes))
    known.createOrReplaceTempView("known_units")  # limit: no row for no code
    files = F.posexplode(F.array(*[F.lit(path) for path in paths]))
    spark.range(1).select(files).toDF("_file", "path").createOrReplaceTempView("input_files")


def _physical(data_type: T.DataType) -> Physical:
    return _PHYSICAL.get(type(data_type), Physical.OTHER)


def _numbered_by_split(frame: DataFrame) -> DataFrame:
    """Add ``_row``: the record's 1-based number in its file (see the module docstring)."""
    marked = frame.select(
        "*",
        F.col("_metadata.file_block_start").alias("_split"),
        F.monotonically_increasing_id().alias("_id"),
    )
    splits = marked.groupBy("_split").agg(F.min("_id").alias("_first"), F.count("*").alias("_n"))
    before = Window.orderBy("_split").rowsBetween(Window.unboundedPreceding, -1)
    splits = splits.withColumn("_before", F.coalesce(F.sum("_n").over(before), F.lit(0)))
    splits = splits.cache()  # one small row per split, used by every statement of the run
    return (
        marked.join(F.broadcast(splits), "_split")
        .withColumn("_row", F.col("_id") - F.col("_first") + F.col("_before") + 1)
        .drop("_split", "_id", "_first", "_n", "_before")
    )


def _read(spark: SparkSession, file: InputFile, columns: list[str]) -> DataFrame:
    """Parquet and JSON Lines (CSV files are staged first, see ``register_file``)."""
    path = url(file.path)
    match file.format:
        case Format.PARQUET:
            frame = spark.read.parquet(path)
            return frame.select("*", (F.col("_metadata.row_index") + 1).alias("_row"))
        case Format.JSONL:
            schema = T.StructType([T.StructField(c, T.StringType()) for c in columns])
            frame = spark.read.schema(schema).options(mode="FAILFAST").json(path)
            return _numbered_by_split(frame)
    raise AssertionError(file.format)  # pragma: no cover


@dataclass
class _Staging:
    """Where CSV files are staged: a DuckDB connection and a folder, made on first use."""

    workdir: Path
    folder: tempfile.TemporaryDirectory[str] | None = None
    connection: duckdb.DuckDBPyConnection | None = None

    def _connect(self) -> tuple[duckdb.DuckDBPyConnection, Path]:
        if self.folder is None or self.connection is None:
            self.folder = tempfile.TemporaryDirectory(prefix="csv-staging-", dir=self.workdir)
            self.connection = connect(self.workdir)
        return self.connection, Path(self.folder.name)

    def parquet_names(self, file: InputFile) -> list[str]:
        """The column names of a Parquet file as written (Spark refuses ``id`` beside
        ``ID`` with its own message; they are checked first, as on DuckDB)."""
        try:
            return parquet_names(self._connect()[0], file.path)
        except duckdb.Error as exc:
            raise unreadable(file, exc) from exc

    def stage(self, file: InputFile, index: int) -> tuple[str, str | None, list[str]]:
        connection, folder = self._connect()
        try:
            staged = stage_csv(connection, file, index, folder)
        except duckdb.Error as exc:
            raise unreadable(file, exc) from exc
        malformed = None if staged.malformed is None else str(staged.malformed)
        return str(staged.records), malformed, list(staged.header)

    def close(self) -> None:
        if self.connection is not None:
            self.connection.close()
        if self.folder is not None:
            self.folder.cleanup()


def register_file(
    spark: SparkSession,
    definition: SourceDefinition,
    file: InputFile,
    index: int,
    staging: _Staging,
) -> FileScan:
    view, malformed = f"f{index}", None
    written: list[str] | None = None  # the header's names as written (staging renames some)
    if file.format is Format.CSV:
        records, malformed_path, written = staging.stage(file, index)
        frame = spark.read.parquet(url(records))
        if malformed_path is not None:
            malformed = f"m{index}"
            spark.read.parquet(url(malformed_path)).createOrReplaceTempView(malformed)
    else:
        if file.format is Format.PARQUET:
            check_columns(definition, file, staging.parquet_names(file))
        frame = _read(spark, file, [definition.export_name(c) for c in definition.schema.names])
    stored = {f.name: _physical(f.dataType) for f in frame.schema.fields if f.name != "_row"}
    matched, physical = frame_columns(definition, file, stored, written)
    columns = [F.col(_backquoted(actual)).alias(name) for name, actual in matched.items()]
    frame.select(F.col("_row"), *columns).createOrReplaceTempView(view)
    return FileScan(index=index, view=view, physical=physical, malformed=malformed)


def _backquoted(name: str) -> str:
    """A column name for ``F.col``: spaces, dots and Vietnamese letters are allowed inside
    back quotes, a back quote is doubled."""
    return "`" + name.replace("`", "``") + "`"


def run(
    definition: SourceDefinition,
    files: list[InputFile],
    period: Period,
    *,
    known_units: set[str],
    workdir: Path,
    quarantine_path: Path,
    progress: Callable[[str], None],
    ledger: Ledger | None = None,
    spark_master: str | None = None,
) -> RunOutcome:
    """Aggregate rows of the run and what else it wrote (see ``plan.run_steps``); the
    session is that of ``spark_master`` (``spark_session.session``), Spark's output in
    ``workdir/spark.log`` when the run starts Spark's Java process."""
    to_read = readable(files)
    if not to_read:
        return RunOutcome([])
    spark = session(spark_master, log=workdir / "spark.log")
    steps = _Steps(spark, definition, quarantine_path)
    staging = _Staging(workdir)
    try:
        _tables(spark, sorted(known_units), [str(f.path) for f in files])
        scans = [register_file(spark, definition, f, i, staging) for i, f in to_read]
        steps.views += [s.view for s in scans] + [s.malformed for s in scans if s.malformed]
        return run_steps(definition, scans, period, steps, progress, ledger)
    except (PySparkException, Py4JJavaError) as exc:
        raise SourceInputError(
            "Spark không đọc được dữ liệu đầu vào / Spark cannot read the input",
            files=[str(f.path) for _, f in to_read],
            detail=_detail(exc),
        ) from exc
    finally:
        for view in steps.views:
            spark.catalog.dropTempView(view)
        spark.catalog.clearCache()
        staging.close()


@dataclass
class _Steps:
    """The statements of ``plan``, transpiled, on one session; the views it registered."""

    spark: SparkSession
    definition: SourceDefinition
    quarantine_path: Path
    views: list[str] = field(default_factory=lambda: ["known_units", "input_files"])
    search: DuplicateSearch = DuplicateSearch.GROUP  # grouping hashes scales out
    engine: str = "spark"

    def view(self, name: str, sql: str) -> None:
        self.spark.sql(to_spark(sql)).createOrReplaceTempView(name)
        self.views.append(name)

    def materialise(self, name: str, sql: str) -> int:
        frame = self.spark.sql(to_spark(sql)).cache()
        frame.createOrReplaceTempView(name)
        self.views.append(name)
        return frame.count()

    def aggregate(self, sql: str) -> list[AggregateRow]:
        return [AggregateRow.of(tuple(r)) for r in self.spark.sql(to_spark(sql)).collect()]

    def write_quarantine(self, sql: str, rows: int) -> None:
        """Up to ``COLLECT_LIMIT`` rows are collected at once; more are streamed partition
        by partition, so that the driver never holds them all."""
        frame = self.spark.sql(to_spark(sql))
        found = frame.collect() if rows <= COLLECT_LIMIT else frame.toLocalIterator()
        write_quarantine(self.quarantine_path, frame.columns, found)

    def fetch(self, sql: str) -> list[tuple[object, ...]]:
        return [tuple(row) for row in self.spark.sql(to_spark(sql)).collect()]

    def write_by_file(self, sql: str, folder: Path) -> str:
        frame = self.spark.sql(to_spark(sql))
        frame.write.mode("overwrite").partitionBy("_file").parquet(url(folder))
        if not any(folder.glob("*/*.parquet")):
            return f"SELECT * FROM ({sql}) AS nothing WHERE 1 = 0"
        name = f"written_{len(self.views)}"
        self.spark.read.parquet(url(folder)).createOrReplaceTempView(name)
        self.views.append(name)
        return f"SELECT * FROM {name}"

    def register_ledger(self, parts: list[LedgerPart]) -> None:
        def reader(files: list[str]) -> str:
            name = f"ledger_part_{len(self.views)}"
            self.spark.read.parquet(*(url(Path(f)) for f in files)).createOrReplaceTempView(name)
            self.views.append(name)
            return name

        self.view("ledger", ledger_sql(self.definition, parts, reader, self.engine))


def _detail(exc: Exception) -> str:
    """The first and the innermost message of a Spark error (the innermost says why)."""
    if not isinstance(exc, Py4JJavaError):
        return one_line(str(exc))
    cause, messages = exc.java_exception, []
    while cause is not None:
        messages.append(one_line(str(cause.toString())))
        cause = cause.getCause()
    return " / ".join(dict.fromkeys([messages[0], messages[-1]]))
