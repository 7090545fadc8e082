"""Read and write the catalogue as a human-editable YAML file (docs/catalog-format.md).

Reading checks the whole file before anything is returned: every problem is reported
with the file name, the line and the reason, so an import is all-or-nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from chuyendoiso.engine.domain.adminunits import Level
from chuyendoiso.engine.domain.catalog import (
    Catalog,
    Category,
    CategoryOption,
    Direction,
    Framework,
    Indicator,
    MeasureUnit,
    MissingPolicy,
    OrgAggregation,
    Pillar,
    Placement,
    RuleSeverity,
    Target,
    TargetOperator,
    TimeAggregation,
    ValidationRule,
    ValueType,
)
from chuyendoiso.engine.domain.datavalues import decimal_too_long, plain_decimal
from chuyendoiso.engine.files.catalog_datasets import dataset_dict, read_datasets
from chuyendoiso.engine.files.yamlfile import (
    LineMapping,
    ProblemCollector,
    YamlFileError,
    load_mapping,
    place_inside,
    read_text,
)
from chuyendoiso.engine.rules import Names, check_expression

FORMAT_VERSION = 1
# The fields of each kind of entry; any other key is a typo and is reported.
_DOCUMENT_KEYS = {
    "version",
    "pillars",
    "frameworks",
    "categories",
    "indicators",
    "targets",
    "datasets",
    "rules",
}
_PILLAR_KEYS = {"code", "name_vi", "name_en", "order"}
_FRAMEWORK_KEYS = {"code", "name_vi", "name_en", "source", "valid_from", "valid_to", "pillars"}
_CATEGORY_KEYS = {"code", "name_vi", "name_en", "options"}
_OPTION_KEYS = {"code", "name_vi", "name_en"}
_INDICATOR_KEYS = {
    "code",
    "name_vi",
    "name_en",
    "pillar",
    "unit",
    "unit_label_vi",
    "unit_label_en",
    "value_type",
    "aggregation_org",
    "aggregation_time",
    "direction",
    "definition_vi",
    "definition_en",
    "numerator",
    "denominator",
    "categories",
    "source_system",
    "source_system_en",
    "placements",
    "public",
    "headline",
    "levels",
}
_PLACEMENT_KEYS = {"framework", "pillar", "ref"}
_TARGET_KEYS = {"indicator", "org_unit", "year", "operator", "value", "source", "note"}
_RULE_KEYS = {"code", "name_vi", "expression", "severity", "missing", "message_vi"}


class CatalogFileError(YamlFileError):
    """Every problem found in one catalogue file."""

    what_vi = "Tệp danh mục"
    what_en = "catalogue file"


class _Reader(ProblemCollector):
    """The catalogue's own value kinds on top of the shared YAML reader."""

    def date(self, item: LineMapping, key: str, *, required: bool = True) -> dt.date | None:
        raw = item.get(key)
        if raw is None or raw == "":
            if required:
                self.problem(item.line, f"thiếu ngày '{key}' / missing date '{key}'")
            return None
        if isinstance(raw, dt.date):
            return raw
        try:
            return dt.date.fromisoformat(str(raw))
        except ValueError:
            self.problem(item.line, f"ngày '{raw}' không hợp lệ (YYYY-MM-DD) / invalid date")
            return None

    def decimal(self, item: LineMapping, key: str) -> Decimal:
        raw = item.get(key)
        try:
            value = Decimal(str(raw).strip())
            if not value.is_finite() or isinstance(raw, bool):
                raise InvalidOperation
        except (InvalidOperation, ValueError):
            self.problem(item.line, f"'{key}' = '{raw}' không phải số thập phân / not a decimal")
            return Decimal(0)
        if reason := decimal_too_long(value):
            self.problem(item.line, f"'{key}' = '{raw}': {reason}")
        return value


def read_catalog(path: str | Path) -> Catalog:
    """Read and check a catalogue file; raise CatalogFileError listing every problem."""
    path = Path(path)
    return parse_catalog(read_text(path, error=CatalogFileError), source=str(path))


def parse_catalog(text: str, *, source: str = "<catalogue>") -> Catalog:
    document = load_mapping(text, source=source, error=CatalogFileError)
    reader = _Reader()
    catalog = _read_document(reader, document)
    catalog = replace(catalog, rules=_read_rules(reader, document, catalog, text))
    reader.raise_if_any(source, CatalogFileError)
    return catalog


def _read_document(reader: _Reader, doc: LineMapping) -> Catalog:
    if doc.get("version") != FORMAT_VERSION:
        reader.problem(doc.line, f"'version' phải là {FORMAT_VERSION} / unsupported version")
    reader.known_keys(doc, _DOCUMENT_KEYS)
    pillar_items = reader.items(doc, "pillars")
    pillars = [_read_pillar(reader, item) for item in pillar_items]
    framework_items = reader.items(doc, "frameworks")
    frameworks = [_read_framework(reader, item) for item in framework_items]
    category_items = reader.items(doc, "categories")
    categories = [_read_category(reader, item) for item in category_items]
    indicator_items = reader.items(doc, "indicators")
    indicators = [_read_indicator(reader, item) for item in indicator_items]
    target_items = reader.items(doc, "targets")
    targets = [_read_target(reader, item) for item in target_items]

    pillar_codes = reader.unique("pillars", _codes(pillar_items, pillars))
    reader.unique("frameworks", _codes(framework_items, frameworks))
    category_codes = reader.unique("categories", _codes(category_items, categories))
    indicator_codes = reader.unique("indicators", _codes(indicator_items, indicators))
    framework_pillars = {f.code: {p.code for p in f.pillars} for f in frameworks}
    for item, indicator in zip(indicator_items, indicators, strict=True):
        _check_references(
            reader,
            item.line,
            indicator,
            pillar_codes,
            category_codes,
            indicator_codes,
            framework_pillars,
        )
    _check_public_parts(reader, indicator_items, indicators)
    seen_targets: set[tuple[str, str, int]] = set()
    for item, target in zip(target_items, targets, strict=True):
        if target.indicator and target.indicator not in indicator_codes:
            reader.problem(item.line, f"chỉ tiêu '{target.indicator}' không có trong danh mục")
        key = (target.indicator, target.org_unit, target.year)
        if key in seen_targets:
            reader.problem(
                item.line,
                f"mục tiêu {target.indicator} / {target.org_unit} / {target.year} lặp lại "
                "/ duplicate target (indicator, org_unit, year)",
            )
        seen_targets.add(key)
    return Catalog(
        pillars=tuple(pillars),
        frameworks=tuple(frameworks),
        categories=tuple(categories),
        indicators=tuple(indicators),
        targets=tuple(targets),
        datasets=read_datasets(reader, reader.items(doc, "datasets"), indicators),
    )


def _codes(items: list[LineMapping], entries: Sequence[Any]) -> list[tuple[int, str]]:
    """(line, code) of each entry, for :meth:`ProblemCollector.unique`."""
    return [(item.line, entry.code) for item, entry in zip(items, entries, strict=True)]


def _read_pillar(reader: _Reader, item: LineMapping) -> Pillar:
    reader.known_keys(item, _PILLAR_KEYS)
    return Pillar(
        code=reader.code(item),
        name_vi=reader.text(item, "name_vi"),
        name_en=reader.text(item, "name_en"),
        order=reader.integer(item, "order", 0, 999),
    )


def _read_framework(reader: _Reader, item: LineMapping) -> Framework:
    reader.known_keys(item, _FRAMEWORK_KEYS)
    pillar_items = reader.items(item, "pillars")
    pillars = tuple(_read_pillar(reader, p) for p in pillar_items)
    reader.unique("pillars", _codes(pillar_items, pillars))
    valid_from = reader.date(item, "valid_from")
    return Framework(
        code=reader.code(item),
        name_vi=reader.text(item, "name_vi"),
        name_en=reader.text(item, "name_en"),
        source=reader.text(item, "source"),
        valid_from=valid_from or dt.date.min,
        valid_to=reader.date(item, "valid_to", required=False),
        pillars=pillars,
    )


def _read_category(reader: _Reader, item: LineMapping) -> Category:
    reader.known_keys(item, _CATEGORY_KEYS)
    option_items = reader.items(item, "options")
    for option in option_items:
        reader.known_keys(option, _OPTION_KEYS)
    options = tuple(
        CategoryOption(
            code=reader.code(option),
            name_vi=reader.text(option, "name_vi"),
            name_en=reader.text(option, "name_en"),
        )
        for option in option_items
    )
    if not options:
        reader.problem(item.line, "phân tổ phải có ít nhất một phương án / no options")
    reader.unique("options", _codes(option_items, options))
    return Category(
        code=reader.code(item),
        name_vi=reader.text(item, "name_vi"),
        name_en=reader.text(item, "name_en"),
        options=options,
    )


def _read_indicator(reader: _Reader, item: LineMapping) -> Indicator:
    reader.known_keys(item, _INDICATOR_KEYS)
    categories = item.get("categories") or []
    if not isinstance(categories, list) or not all(isinstance(c, str) for c in categories):
        reader.problem(item.line, "'categories' phải là danh sách mã / must be a list of codes")
        categories = []
    placement_items = reader.items(item, "placements")
    for p in placement_items:
        reader.known_keys(p, _PLACEMENT_KEYS)
    placements = tuple(
        Placement(
            framework=reader.code(p, "framework"),
            pillar=reader.code(p, "pillar"),
            ref=reader.text(p, "ref", required=False),
        )
        for p in placement_items
    )
    places = [
        (p.line, f"{found.framework}/{found.pillar}")
        for p, found in zip(placement_items, placements, strict=True)
    ]
    reader.unique("placements", places)
    return Indicator(
        code=reader.code(item),
        name_vi=reader.text(item, "name_vi"),
        name_en=reader.text(item, "name_en"),
        pillar=reader.code(item, "pillar"),
        unit=reader.choice(item, "unit", MeasureUnit),
        value_type=reader.choice(item, "value_type", ValueType),
        aggregation_org=reader.choice(item, "aggregation_org", OrgAggregation),
        aggregation_time=reader.choice(item, "aggregation_time", TimeAggregation),
        direction=reader.choice(item, "direction", Direction, Direction.UP),
        unit_label_vi=reader.text(item, "unit_label_vi", required=False),
        unit_label_en=reader.text(item, "unit_label_en", required=False),
        definition_vi=reader.text(item, "definition_vi", required=False),
        definition_en=reader.text(item, "definition_en", required=False),
        numerator=reader.text(item, "numerator", required=False),
        denominator=reader.text(item, "denominator", required=False),
        categories=tuple(categories),
        source_system=reader.text(item, "source_system", required=False),
        source_system_en=reader.text(item, "source_system_en", required=False),
        placements=placements,
        public=reader.flag(item, "public"),
        headline=reader.flag(item, "headline"),
        levels=_read_levels(reader, item),
    )


def _read_levels(reader: _Reader, item: LineMapping) -> tuple[Level, ...]:
    """The levels whose report states the indicator: a list of level names, none twice."""
    raw = item.get("levels")
    if raw is None:
        return ()
    allowed = ", ".join(level.value for level in Level)
    known = {level.value for level in Level}
    names = raw if isinstance(raw, list) else []
    if not names or not all(isinstance(name, str) and name in known for name in names):
        reader.problem(
            item.line_of("levels"),
            f"'levels' phải là danh sách cấp trong: {allowed} / 'levels' must be a list of "
            f"levels among: {allowed}",
        )
        return ()
    if len(set(names)) != len(names):
        reader.problem(
            item.line_of("levels"), "'levels' có cấp trùng / 'levels' names a level twice"
        )
    return tuple(dict.fromkeys(Level(name) for name in names))


def _check_references(
    reader: _Reader,
    line: int,
    indicator: Indicator,
    pillars: set[str],
    categories: set[str],
    indicators: set[str],
    framework_pillars: dict[str, set[str]],
) -> None:
    if indicator.pillar and indicator.pillar not in pillars:
        reader.problem(line, f"trụ cột '{indicator.pillar}' không có trong 'pillars'")
    for category in indicator.categories:
        if category not in categories:
            reader.problem(line, f"phân tổ '{category}' không có trong 'categories'")
    for placement in indicator.placements:
        known = framework_pillars.get(placement.framework)
        if known is None:
            reader.problem(line, f"bộ chỉ số '{placement.framework}' không có trong 'frameworks'")
        elif placement.pillar not in known:
            reader.problem(
                line, f"trụ cột '{placement.pillar}' không có trong bộ '{placement.framework}'"
            )
    is_ratio = indicator.value_type is ValueType.RATIO
    parts = {"numerator": indicator.numerator, "denominator": indicator.denominator}
    for role, code in parts.items():
        if is_ratio and not code:
            reader.problem(line, f"chỉ tiêu tỷ lệ phải có '{role}' / a ratio needs its {role}")
        elif code and not is_ratio:
            reader.problem(line, f"chỉ chỉ tiêu tỷ lệ (ratio) mới có '{role}'")
        elif code and code not in indicators:
            reader.problem(line, f"'{role}' = '{code}' không có trong danh mục")
        elif code == indicator.code:
            reader.problem(line, f"'{role}' không được là chính chỉ tiêu này")
    if is_ratio and indicator.aggregation_org is not OrgAggregation.RATIO:
        reader.problem(
            line, "chỉ tiêu tỷ lệ phải tổng hợp theo 'ratio' / aggregate ratios by ratio"
        )


def _check_public_parts(
    reader: _Reader, items: list[LineMapping], indicators: list[Indicator]
) -> None:
    """A public ratio shows its numerator and denominator with its figure: they must be
    public too, or the ratio would publish an internal indicator's figures."""
    public = {indicator.code: indicator.public for indicator in indicators}
    for item, indicator in zip(items, indicators, strict=True):
        if not indicator.public:
            continue
        for role, code in (
            ("numerator", indicator.numerator),
            ("denominator", indicator.denominator),
        ):
            if code and public.get(code) is False:
                reader.problem(
                    item.line_of("public"),
                    f"chỉ tiêu công khai nhưng '{role}' = '{code}' là chỉ tiêu nội bộ "
                    f"/ a public ratio needs a public {role}",
                )


def _read_target(reader: _Reader, item: LineMapping) -> Target:
    reader.known_keys(item, _TARGET_KEYS)
    return Target(
        indicator=reader.code(item, "indicator"),
        org_unit=reader.text(item, "org_unit"),
        year=reader.integer(item, "year", 2000, 2100),
        value=reader.decimal(item, "value"),
        operator=reader.choice(item, "operator", TargetOperator),
        source=reader.text(item, "source"),
        note=reader.text(item, "note", required=False),
    )


def _read_rules(
    reader: _Reader, doc: LineMapping, catalog: Catalog, text: str
) -> tuple[ValidationRule, ...]:
    """The validation rules, each expression checked against the file's indicators and
    categories; a problem inside an expression names its line and column in the file."""
    items = reader.items(doc, "rules")
    rules = []
    names = Names.of(catalog)
    for item in items:
        reader.known_keys(item, _RULE_KEYS)
        rule = ValidationRule(
            code=reader.code(item),
            name_vi=reader.text(item, "name_vi"),
            expression=reader.text(item, "expression"),
            severity=reader.choice(item, "severity", RuleSeverity, RuleSeverity.ERROR),
            missing=reader.choice(item, "missing", MissingPolicy, MissingPolicy.SKIP),
            message_vi=reader.text(item, "message_vi", required=False),
        )
        raw = item.get("expression")
        place = item.places.get("expression")
        # the text as written (not stripped), so that offsets fall where the file has them
        written = raw if isinstance(raw, str) else rule.expression
        for error in check_expression(written, names) if rule.expression else ():
            line, column = item.line, error.column
            if place is not None:
                line, column = place_inside(text, place, error.line, error.column)
            reader.problem(
                line, f"cột {column} / column {column}: quy tắc {rule.code}: {error.message}"
            )
        rules.append(rule)
    reader.unique("rules", _codes(items, rules))
    return tuple(rules)


def write_catalog(catalog: Catalog, path: str | Path) -> None:
    Path(path).write_text(dump_catalog(catalog), encoding="utf-8")


def dump_catalog(catalog: Catalog) -> str:
    document = {
        "version": FORMAT_VERSION,
        "pillars": [_pillar_dict(p) for p in catalog.pillars],
        "frameworks": [_framework_dict(f) for f in catalog.frameworks],
        "categories": [_category_dict(c) for c in catalog.categories],
        "indicators": [_indicator_dict(i) for i in catalog.indicators],
        "targets": [_target_dict(t) for t in catalog.targets],
    }
    if catalog.datasets:
        document["datasets"] = [dataset_dict(d) for d in catalog.datasets]
    if catalog.rules:
        document["rules"] = [_rule_dict(r) for r in catalog.rules]
    return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100)


def _pillar_dict(pillar: Pillar) -> dict[str, Any]:
    return {
        "code": pillar.code,
        "name_vi": pillar.name_vi,
        "name_en": pillar.name_en,
        "order": pillar.order,
    }


def _framework_dict(framework: Framework) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": framework.code,
        "name_vi": framework.name_vi,
        "name_en": framework.name_en,
        "source": framework.source,
        "valid_from": framework.valid_from.isoformat(),
    }
    if framework.valid_to:
        data["valid_to"] = framework.valid_to.isoformat()
    data["pillars"] = [_pillar_dict(p) for p in framework.pillars]
    return data


def _category_dict(category: Category) -> dict[str, Any]:
    return {
        "code": category.code,
        "name_vi": category.name_vi,
        "name_en": category.name_en,
        "options": [
            {"code": o.code, "name_vi": o.name_vi, "name_en": o.name_en} for o in category.options
        ],
    }


def _indicator_dict(indicator: Indicator) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": indicator.code,
        "name_vi": indicator.name_vi,
        "name_en": indicator.name_en,
        "pillar": indicator.pillar,
        "public": indicator.public,  # always written: nothing is public unless it says so
    }
    if indicator.headline:
        data["headline"] = True
    data |= {
        "unit": indicator.unit.value,
        "unit_label_vi": indicator.unit_label_vi,
        "unit_label_en": indicator.unit_label_en,
        "value_type": indicator.value_type.value,
        "aggregation_org": indicator.aggregation_org.value,
        "aggregation_time": indicator.aggregation_time.value,
        "direction": indicator.direction.value,
        "definition_vi": indicator.definition_vi,
        "definition_en": indicator.definition_en,
    }
    optional: dict[str, Callable[[], Any]] = {
        "numerator": lambda: indicator.numerator,
        "denominator": lambda: indicator.denominator,
        "categories": lambda: list(indicator.categories),
        "source_system": lambda: indicator.source_system,
        "source_system_en": lambda: indicator.source_system_en,
        "placements": lambda: [
            {"framework": p.framework, "pillar": p.pillar, "ref": p.ref}
            for p in indicator.placements
        ],
        "levels": lambda: [level.value for level in indicator.levels],
    }
    for key, value in optional.items():
        if found := value():
            data[key] = found
    return data


def _target_dict(target: Target) -> dict[str, Any]:
    return {
        "indicator": target.indicator,
        "org_unit": target.org_unit,
        "year": target.year,
        "operator": target.operator.value,
        "value": plain_decimal(target.value),
        "source": target.source,
        "note": target.note,
    }


def _rule_dict(rule: ValidationRule) -> dict[str, Any]:
    data: dict[str, Any] = {
        "code": rule.code,
        "name_vi": rule.name_vi,
        "expression": rule.expression,
        "severity": rule.severity.value,
        "missing": rule.missing.value,
    }
    if rule.message_vi:
        data["message_vi"] = rule.message_vi
    return data
