"""Read a source's metric definitions from YAML (data/sources/*.yaml, docs/sources.md).

The whole file is checked before anything is returned; every problem names the file, the
line and the field. With a catalogue, indicator codes and ratio parts are checked against
it too, so a definition cannot drift from the indicator it feeds.
"""

from __future__ import annotations

from pathlib import Path

from chuyendoiso.engine.domain.catalog import Catalog, TimeAggregation, ValueType
from chuyendoiso.engine.files.yamlfile import (
    LineMapping,
    ProblemCollector,
    YamlFileError,
    load_mapping,
    read_text,
)
from chuyendoiso.engine.sources.definitions import (
    KeyPolicy,
    Measure,
    MetricDefinition,
    RatioDefinition,
    SourceDefinition,
    Window,
    normal_name,
)
from chuyendoiso.engine.sources.expressions import parse_filter
from chuyendoiso.engine.sources.records import SCHEMAS
from chuyendoiso.engine.sources.schema import ColumnType, RecordSchema, Role

FORMAT_VERSION = 1
_TOP_KEYS = {
    "version",
    "source",
    "name_vi",
    "name_en",
    "schema",
    "org_unit",
    "columns",
    "key_policy",
    "latest_by",
    "metrics",
    "ratios",
}
_METRIC_KEYS = {"indicator", "measure", "column", "date", "filter", "window"}
_RATIO_KEYS = {"indicator", "numerator", "denominator"}
_SUMMABLE = {ColumnType.INTEGER, ColumnType.AMOUNT}


class SourceFileError(YamlFileError):
    """Every problem found in one source definition file."""

    what_vi = "Tệp định nghĩa nguồn"
    what_en = "source definition file"


def read_source(path: str | Path, *, catalog: Catalog | None = None) -> SourceDefinition:
    """Read and check a source definition file; raise SourceFileError listing every problem."""
    path = Path(path)
    text = read_text(path, error=SourceFileError)
    return parse_source(text, source=str(path), catalog=catalog)


def parse_source(
    text: str, *, source: str = "<source>", catalog: Catalog | None = None
) -> SourceDefinition:
    document = load_mapping(text, source=source, error=SourceFileError)
    reader = _Reader()
    definition = reader.document(document, source)
    if catalog is not None and definition is not None:
        reader.against_catalog(definition, catalog)
    reader.raise_if_any(source, SourceFileError)
    assert definition is not None  # no problems means a schema was found
    return definition


class _Reader(ProblemCollector):
    def document(self, doc: LineMapping, path: str) -> SourceDefinition | None:
        self.known_keys(doc, _TOP_KEYS)
        if doc.get("version") != FORMAT_VERSION:
            self.problem(doc.line, f"'version' phải là {FORMAT_VERSION} / unsupported version")
        schema_name = self.text(doc, "schema")
        schema = SCHEMAS.get(schema_name)
        if schema_name and schema is None:
            known = ", ".join(sorted(SCHEMAS))
            self.problem(doc.line, f"'schema' = '{schema_name}' không có / unknown ({known})")
        org_unit = self.text(doc, "org_unit", required=False) or "org_unit"
        metric_items = self.items(doc, "metrics", required=True)
        if doc.get("metrics") == []:
            self.problem(doc.line, "'metrics' không được rỗng / 'metrics' must not be empty")
        ratio_items = self.items(doc, "ratios")
        if schema is not None:
            self._org_unit_column(doc, schema, org_unit)
        key_policy = self.choice(doc, "key_policy", KeyPolicy, KeyPolicy.UNIQUE)
        latest_by = self.text(doc, "latest_by", required=False) or None
        self._latest_by(doc, schema, key_policy, latest_by)
        metrics = tuple(self.metric(item, schema, org_unit) for item in metric_items)
        ratios = tuple(self.ratio(item) for item in ratio_items)
        codes = [(m.line, m.indicator) for m in metrics] + [(r.line, r.indicator) for r in ratios]
        self.unique("metrics/ratios", codes)
        measured = {m.indicator for m in metrics}
        for ratio in ratios:
            for role, part in (("numerator", ratio.numerator), ("denominator", ratio.denominator)):
                if part and part not in measured:
                    self.problem(
                        ratio.line,
                        f"'{role}' = '{part}' không phải chỉ tiêu trong 'metrics' của nguồn "
                        "/ must be a metric of this source",
                    )
        if schema is None:
            return None
        columns = self._columns(doc, schema)
        return SourceDefinition(
            code=self.text(doc, "source"),
            name_vi=self.text(doc, "name_vi"),
            name_en=self.text(doc, "name_en"),
            schema=schema,
            metrics=metrics,
            ratios=ratios,
            key_policy=key_policy,
            latest_by=latest_by,
            path=path,
            columns=columns,
        )

    def _columns(self, doc: LineMapping, schema: RecordSchema) -> tuple[tuple[str, str], ...]:
        """``columns:``: schema column -> the export's name for it. Each export column is
        one schema column's (names compared as files are matched: case, spaces and a BOM
        aside), whether mapped or a schema column's own name."""
        raw = doc.get("columns")
        if raw is None:
            return ()
        line = doc.line_of("columns")
        if not isinstance(raw, LineMapping):
            self.problem(
                line,
                "'columns' phải là bảng cột lược đồ: tên cột trong tệp / 'columns' must map "
                "schema columns to the export's column names",
            )
            return ()
        mapped: dict[str, str] = {}
        for name, export in raw.items():
            at = raw.line_of(name)
            if schema.column(name) is None:
                known = ", ".join(schema.names)
                self.problem(
                    at, f"'columns': cột '{name}' không có trong lược đồ / unknown column ({known})"
                )
            elif not isinstance(export, str | int) or isinstance(export, bool):
                self.problem(at, f"'columns': '{name}' phải là tên cột / must be a column name")
            elif not normal_name(str(export)):
                self.problem(at, f"'columns': tên cột của '{name}' rỗng / empty column name")
            else:
                mapped[name] = str(export).strip()
        owners: dict[str, list[str]] = {}
        for column in schema.names:
            owners.setdefault(normal_name(mapped.get(column, column)), []).append(column)
        for names in owners.values():
            if len(names) > 1:
                export = mapped.get(names[0], names[0])
                self.problem(
                    line,
                    f"'columns': các cột {', '.join(names)} cùng đọc cột '{export}' của tệp / "
                    "several schema columns read the same export column",
                )
        return tuple((c, mapped[c]) for c in schema.names if c in mapped and mapped[c] != c)

    def _latest_by(
        self,
        item: LineMapping,
        schema: RecordSchema | None,
        policy: KeyPolicy,
        name: str | None,
    ) -> None:
        """``latest_by`` names the column ordering the versions of a record, and only for
        the ``latest`` policy: a date, a time or a version number."""
        if policy is not KeyPolicy.LATEST:
            if name:
                self.problem(
                    item.line, "'latest_by' chỉ dùng với key_policy: latest / only for 'latest'"
                )
            return
        if not name:
            self.problem(
                item.line, "key_policy: latest cần 'latest_by' / 'latest' needs 'latest_by'"
            )
            return
        if schema is None:
            return
        found = schema.column(name)
        if found is None or not (found.is_temporal or found.type is ColumnType.INTEGER):
            allowed = ", ".join(
                c.name for c in schema.columns if c.is_temporal or c.type is ColumnType.INTEGER
            )
            self.problem(
                item.line,
                f"'latest_by' = '{name}' phải là cột ngày giờ hoặc số nguyên / "
                f"must be a date, time or integer column ({allowed})",
            )

    def _org_unit_column(self, item: LineMapping, schema: RecordSchema, name: str) -> None:
        """The org unit column must be the one checked against the known units (and required):
        figures are stored per org unit, so a code the platform does not know, or none, would
        make them unusable."""
        found = schema.column(name)
        if found is None or found.role is not Role.ORG_UNIT:
            allowed = ", ".join(c.name for c in schema.columns if c.role is Role.ORG_UNIT)
            self.problem(
                item.line,
                f"'org_unit' = '{name}' phải là cột mã đơn vị của lược đồ / "
                f"not the schema's org unit column ({allowed})",
            )

    def metric(
        self, item: LineMapping, schema: RecordSchema | None, default_unit: str
    ) -> MetricDefinition:
        self.known_keys(item, _METRIC_KEYS)
        measure = self.choice(item, "measure", Measure)
        column = self.text(item, "column", required=measure is not Measure.COUNT) or None
        date_column = self.text(item, "date")
        org_unit = default_unit
        raw_filter = item.get("filter")
        filter_sql = None
        if raw_filter is not None and not isinstance(raw_filter, str):
            self.problem(item.line, "'filter' phải là biểu thức SQL dạng chuỗi / must be text")
        elif raw_filter and raw_filter.strip():
            filter_sql = raw_filter.strip()
        if schema is not None:
            self._check_columns(item, schema, measure, column, date_column, filter_sql)
        if item.get("measure") == Measure.COUNT.value and column:
            self.problem(item.line, "'column' chỉ dùng với sum, count_distinct / not for count")
        return MetricDefinition(
            indicator=self.code(item, "indicator"),
            measure=measure,
            date_column=date_column,
            org_unit_column=org_unit,
            column=column,
            filter=filter_sql,
            window=self.choice(item, "window", Window, Window.PERIOD),
            line=item.line,
        )

    def _check_columns(
        self,
        item: LineMapping,
        schema: RecordSchema,
        measure: Measure,
        column: str | None,
        date_column: str,
        filter_sql: str | None,
    ) -> None:
        date = schema.column(date_column)
        if date_column and (date is None or not date.is_temporal):
            temporal = ", ".join(c.name for c in schema.columns if c.is_temporal)
            self.problem(
                item.line, f"'date' = '{date_column}' phải là cột ngày / not a date ({temporal})"
            )
        if column:
            found = schema.column(column)
            if found is None:
                self.problem(item.line, f"'column' = '{column}' không có / unknown column")
            elif measure is Measure.SUM and found.type not in _SUMMABLE:
                self.problem(
                    item.line, f"'column' = '{column}' không cộng được / sum needs a number"
                )
        if filter_sql:
            _, problems = parse_filter(filter_sql, schema.names)
            for problem in problems:
                self.problem(item.line, f"'filter': {problem}")

    def ratio(self, item: LineMapping) -> RatioDefinition:
        self.known_keys(item, _RATIO_KEYS)
        return RatioDefinition(
            indicator=self.code(item, "indicator"),
            numerator=self.code(item, "numerator"),
            denominator=self.code(item, "denominator"),
            line=item.line,
        )

    def against_catalog(self, definition: SourceDefinition, catalog: Catalog) -> None:
        indicators = {i.code: i for i in catalog.indicators}
        for metric in definition.metrics:
            indicator = indicators.get(metric.indicator)
            if indicator is None:
                self.problem(metric.line, f"chỉ tiêu '{metric.indicator}' không có trong danh mục")
                continue
            if indicator.value_type not in (ValueType.COUNT, ValueType.AMOUNT):
                self.problem(metric.line, f"'{metric.indicator}' không phải chỉ tiêu số lượng")
            stock = indicator.aggregation_time is TimeAggregation.STOCK
            if stock != (metric.window is Window.TO_DATE):
                self.problem(
                    metric.line,
                    f"'window' của '{metric.indicator}' phải là "
                    f"{'to_date' if stock else 'period'} (aggregation_time: "
                    f"{indicator.aggregation_time.value})",
                )
        for ratio in definition.ratios:
            indicator = indicators.get(ratio.indicator)
            if indicator is None:
                self.problem(ratio.line, f"chỉ tiêu '{ratio.indicator}' không có trong danh mục")
            elif (indicator.numerator, indicator.denominator) != (
                ratio.numerator,
                ratio.denominator,
            ):
                self.problem(
                    ratio.line,
                    f"tử số/mẫu số khác danh mục / parts differ from the catalogue: "
                    f"{indicator.numerator}/{indicator.denominator}",
                )
