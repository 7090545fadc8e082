"""Run the statements of ``plan`` on Apache Spark, transpiled from DuckDB SQL by SQLGlot.

Spark reads the files itself; only the reading differs from DuckDB. Record numbers: Parquet
has ``_metadata.row_index``; for JSON Lines each file split (block) is numbered by
``monotonically_increasing_id`` (consecutive within a split) and offset by the records of
the splits before it in the file, which keeps Spark's parallel reading. CSV files are read
with ``multiLine`` (a quoted value may hold line breaks, as DuckDB reads it), so each is
one split, numbered the same way. Duplicate keys
are found by grouping key hashes (``xxhash64``), which scales out, instead of sorting them.

The session is local (``local[*]``) unless one is already active: a cluster's session set
up by the caller is used as it is.
"""

from __future__ import annotations

import csv
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from py4j.protocol import Py4JJavaError
from pyspark.errors import PySparkException
from pyspark.sql import DataFrame, SparkSession, Window
from pyspark.sql import functions as F
from pyspark.sql import types as T

from chuyendoiso.engine.domain.periods import Period
from chuyendoiso.engine.sources.checks import Physical
from chuyendoiso.engine.sources.definitions import SourceDefinition
from chuyendoiso.engine.sources.engine_duckdb import LOCAL_TIME_ZONE
from chuyendoiso.engine.sources.expressions import to_spark
from chuyendoiso.engine.sources.inputs import Format, InputFile, SourceInputError, one_line
from chuyendoiso.engine.sources.plan import (
    DuplicateSearch,
    FileScan,
    match_columns,
    readable,
    run_steps,
)
from chuyendoiso.engine.sources.results import AggregateRow

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


def session() -> SparkSession:
    """The active Spark session, or a local one bound to the loopback interface."""
    active = SparkSession.getActiveSession()
    if active is not None:
        return active
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    spark = (
        SparkSession.builder.master("local[*]")
        .appName("chuyendoiso-sources")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.sql.shuffle.partitions", str(max(2, os.cpu_count() or 2)))
        .config("spark.sql.session.timeZone", LOCAL_TIME_ZONE)
        .config("spark.sql.ansi.enabled", "true")
        .getOrCreate()
    )
    spark.sparkContext.setLogLevel("FATAL")  # errors reach the caller as SourceInputError
    return spark


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


def _read(spark: SparkSession, file: InputFile, columns: tuple[str, ...]) -> DataFrame:
    path = str(file.path)
    match file.format:
        case Format.PARQUET:
            frame = spark.read.parquet(path)
            return frame.select("*", (F.col("_metadata.row_index") + 1).alias("_row"))
        case Format.CSV:
            # multiLine: a quoted value may hold line breaks (a file is then one split)
            reader = spark.read.options(
                header=True,
                sep=",",
                quote='"',
                escape='"',
                multiLine=True,
                mode="FAILFAST",
                encoding="UTF-8",
            )
            return _numbered_by_split(reader.csv(path))
        case Format.JSONL:
            schema = T.StructType([T.StructField(c, T.StringType()) for c in columns])
            frame = spark.read.schema(schema).options(mode="FAILFAST").json(path)
            return _numbered_by_split(frame)
    raise AssertionError(file.format)  # pragma: no cover


def register_file(
    spark: SparkSession, definition: SourceDefinition, file: InputFile, index: int
) -> FileScan:
    view = f"f{index}"
    frame = _read(spark, file, definition.schema.names)
    stored = {f.name: _physical(f.dataType) for f in frame.schema.fields if f.name != "_row"}
    matched, physical = match_columns(definition, file, stored)
    columns = [F.col(f"`{actual}`").alias(name) for name, actual in matched.items()]
    frame.select(F.col("_row"), *columns).createOrReplaceTempView(view)
    return FileScan(index=index, view=view, physical=physical)


def run(
    definition: SourceDefinition,
    files: list[InputFile],
    period: Period,
    *,
    known_units: set[str],
    workdir: Path,
    quarantine_path: Path,
    progress: Callable[[str], None],
) -> tuple[list[AggregateRow], bool]:
    """Aggregate rows of the run and whether a quarantine file was written."""
    to_read = readable(files)
    if not to_read:
        return [], False
    spark = session()
    steps = _Steps(spark, quarantine_path)
    try:
        spark.createDataFrame(
            [(code,) for code in sorted(known_units)], "code STRING"
        ).createOrReplaceTempView("known_units")
        spark.createDataFrame(
            [(i, str(f.path)) for i, f in enumerate(files)], "_file INT, path STRING"
        ).createOrReplaceTempView("input_files")
        scans = [register_file(spark, definition, f, i) for i, f in to_read]
        steps.views += [s.view for s in scans]
        return run_steps(definition, scans, period, steps, progress)
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


@dataclass
class _Steps:
    """The statements of ``plan``, transpiled, on one session; the views it registered."""

    spark: SparkSession
    quarantine_path: Path
    views: list[str] = field(default_factory=lambda: ["known_units", "input_files"])
    search: DuplicateSearch = DuplicateSearch.GROUP  # grouping hashes scales out

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
        try:
            _write_csv(self.spark.sql(to_spark(sql)), self.quarantine_path, rows)
        except BaseException:
            self.quarantine_path.unlink(missing_ok=True)  # never a half-written file
            raise


def _detail(exc: Exception) -> str:
    """The first and the innermost message of a Spark error (the innermost says why)."""
    if not isinstance(exc, Py4JJavaError):
        return one_line(str(exc))
    cause, messages = exc.java_exception, []
    while cause is not None:
        messages.append(one_line(str(cause.toString())))
        cause = cause.getCause()
    return " / ".join(dict.fromkeys([messages[0], messages[-1]]))


def _write_csv(frame: DataFrame, path: Path, count: int) -> None:
    """Write the (ordered) quarantine rows to one CSV file, as DuckDB's COPY writes it.

    Up to ``COLLECT_LIMIT`` rows are collected at once; more are streamed partition by
    partition, so that the driver never holds them all.
    """
    rows = frame.collect() if count <= COLLECT_LIMIT else frame.toLocalIterator()
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(frame.columns)
        for row in rows:
            writer.writerow("" if value is None else value for value in row)
