"""How far the fact-checker can be trusted, measured on texts annotated by hand.

A corpus is a folder of texts ``NN_slug.txt``, each with its annotations in ``NN_slug.yaml``
(the format: tests/fixtures/factcheck/README.md): every figure with its value, kind,
period, indicator and whether it is a goal; the numbers that are not figures; and the
claims that can be recomputed, with their verdict. ``evaluate(corpus, catalog)`` reads
every text as ``cds factcheck`` does and compares:

- a figure is *found* when one of the reader's figures covers its number with its value;
- its *period* is right when the reader's period has the same first and last day;
- an *assigned* indicator is right when it is the annotated one (null included);
- a check is *caught* when one of the reader's checks with the same verdict involves all
  of its figures; a "không khớp" of the reader that involves no figure of an annotated
  inconsistency is a *false alarm*.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import yaml

from chuyendoiso.engine.domain.catalog import Catalog
from chuyendoiso.engine.domain.errors import ValidationError, in_language
from chuyendoiso.engine.domain.periods import Period, PeriodType, parse_period
from chuyendoiso.engine.reader.model import Verdict
from chuyendoiso.engine.reader.normalize import nfc
from chuyendoiso.engine.reader.result import FactCheckResult, factcheck


@dataclass(frozen=True)
class Annotated:
    """A figure as the annotator reads it."""

    number: str
    start: int
    end: int
    value: Decimal | None
    kind: str
    period: Period | None
    indicator: str | None
    target: bool


@dataclass(frozen=True)
class Claim:
    verdict: Verdict
    kind: str
    figures: tuple[int, ...]  # indexes into the text's annotated figures
    why: str


@dataclass(frozen=True)
class AnnotatedText:
    name: str
    text: str
    province: str
    document_period: Period | None
    figures: tuple[Annotated, ...]
    not_figures: tuple[tuple[int, int], ...]
    claims: tuple[Claim, ...]


@dataclass
class Scores:
    texts: int = 0
    figures: int = 0
    found: int = 0
    period_right: int = 0
    assigned: int = 0
    assigned_right: int = 0
    annotated_indicators: int = 0
    indicators_found: int = 0
    goals: int = 0
    goals_as_results: int = 0
    inconsistencies: int = 0
    caught: int = 0
    consistent: int = 0
    confirmed: int = 0
    false_alarms: int = 0
    false_figures: int = 0
    problems: list[str] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        for name, value in vars(other).items():
            if isinstance(value, int):
                setattr(self, name, getattr(self, name) + value)
        self.problems.extend(other.problems)

    def share(self, part: int, whole: int) -> float:
        return 100.0 * part / whole if whole else 100.0

    @property
    def found_pct(self) -> float:
        return self.share(self.found, self.figures)

    @property
    def period_pct(self) -> float:
        return self.share(self.period_right, self.figures)

    @property
    def indicator_pct(self) -> float:
        return self.share(self.assigned_right, self.assigned)


def _span(text: str, number: str, nth: int, where: str) -> tuple[int, int]:
    """The ``nth`` place of ``number`` standing alone (not inside a longer number, a date, a
    fraction or a range); failing that, of ``number`` not inside a longer number."""
    escaped = re.escape(number)
    for pattern in (
        r"(?<![0-9])(?<![0-9][.,/\-])" + escaped + r"(?![.,/\-]?[0-9])",
        r"(?<![0-9])(?<![0-9][.,])" + escaped + r"(?![.,]?[0-9])",
    ):
        found = [m.span() for m in re.finditer(pattern, text)]
        if len(found) >= nth:
            return found[nth - 1]
    raise ValidationError(
        f"Không thấy lần thứ {nth} của '{number}' trong văn bản / number not in the text",
        file=where,
        value=number,
    )


def _period(value: Any, where: str) -> Period | None:
    if value in (None, ""):
        return None
    return parse_period(str(value))


def _decimal(value: Any, where: str) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation as exc:
        raise ValidationError("Giá trị không phải số / not a number", file=where) from exc


def _figure(text: str, item: Mapping[str, Any], where: str) -> Annotated:
    number = str(item["number"])
    start, end = _span(text, nfc(number), int(item.get("nth", 1)), where)
    return Annotated(
        number=number,
        start=start,
        end=end,
        value=_decimal(item.get("value"), where),
        kind=str(item.get("kind", "")),
        period=_period(item.get("period"), where),
        indicator=item.get("indicator") or None,
        target=bool(item.get("target", False)),
    )


def _ref(item: Any) -> tuple[str, int]:
    if isinstance(item, Mapping):
        return str(item["number"]), int(item.get("nth", 1))
    return str(item), 1


def _claim(item: Mapping[str, Any], figures: Sequence[Annotated], text: str, where: str) -> Claim:
    indexes = []
    for ref in item.get("figures") or ():
        number, nth = _ref(ref)
        start, _ = _span(text, nfc(number), nth, where)
        index = next((i for i, f in enumerate(figures) if f.start == start), None)
        if index is None:
            raise ValidationError(
                f"'{number}' của phép kiểm tra không có trong danh sách số liệu / "
                "a check names a figure that is not annotated",
                file=where,
                value=number,
            )
        indexes.append(index)
    return Claim(
        Verdict(item["verdict"]), str(item.get("kind", "")), tuple(indexes), item.get("why", "")
    )


def load_text(path: Path) -> AnnotatedText:
    """One annotated text: ``NN_slug.yaml`` beside ``NN_slug.txt``."""
    where = str(path)
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    text = nfc(path.with_suffix(".txt").read_text(encoding="utf-8"))
    figures = tuple(_figure(text, item, where) for item in data.get("figures") or ())
    not_figures = tuple(
        _span(text, nfc(number), nth, where)
        for number, nth in (_ref(i) for i in data.get("not_figures") or ())
    )
    claims = tuple(_claim(item, figures, text, where) for item in data.get("checks") or ())
    return AnnotatedText(
        path.stem,
        text,
        str(data.get("province", "")),
        _period(data.get("document_period"), where),
        figures,
        not_figures,
        claims,
    )


def load_corpus(folder: Path) -> list[AnnotatedText]:
    return [load_text(path) for path in sorted(Path(folder).glob("*.yaml"))]


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _same_days(a: Period | None, b: Period | None) -> bool:
    """The same first and last day; a level counted on a period's last day is that period's
    ("tính đến 31/12/2023" is the year 2023's level)."""
    if a is None or b is None:
        return a is b
    if (a.start, a.end) == (b.start, b.end):
        return True
    day, other = (a, b) if a.type is PeriodType.DAY else (b, a)
    return (
        day.type is PeriodType.DAY and other.type is not PeriodType.RANGE and day.end == other.end
    )


class _Comparison:
    """One text: the annotator's reading against the reader's."""

    def __init__(self, annotated: AnnotatedText, result: FactCheckResult, catalog: Catalog) -> None:
        self.numerators = {i.code: i.numerator for i in catalog.indicators if i.numerator}
        self.a = annotated
        self.r = result
        self.scores = Scores(texts=1)
        self.found: dict[int, int] = {}  # annotated index -> reader figure id
        for index, figure in enumerate(annotated.figures):
            reader_id = self._reader_figure(figure)
            if reader_id is not None:
                self.found[index] = reader_id

    def _reader_figure(self, figure: Annotated) -> int | None:
        covering = [
            f
            for f in self.r.figures
            if _overlaps((f.number_start, f.number_end), (figure.start, figure.end))
        ]
        for f in covering:
            if figure.value is None or f.value == figure.value:
                return f.id
        return None

    def problem(self, text: str) -> None:
        self.scores.problems.append(f"{self.a.name}: {text}")

    def run(self) -> Scores:
        self._figures()
        self._extra_figures()
        self._claims()
        return self.scores

    def _figures(self) -> None:
        s = self.scores
        for index, figure in enumerate(self.a.figures):
            s.figures += 1
            s.annotated_indicators += figure.indicator is not None
            s.goals += figure.target
            reader_id = self.found.get(index)
            if reader_id is None:
                self.problem(f"không thấy số liệu '{figure.number}' ({figure.value})")
                continue
            s.found += 1
            match = self.r.matches[reader_id]
            extracted = self.r.figures[reader_id]
            if _same_days(match.period.period, figure.period):
                s.period_right += 1
            else:
                self.problem(
                    f"kỳ của '{figure.number}': {match.period.id} thay vì "
                    f"{figure.period.id if figure.period else None}"
                )
            same = self._same_indicator(match.indicator, figure)
            if match.indicator is not None:
                s.assigned += 1
                if same:
                    s.assigned_right += 1
                else:
                    self.problem(
                        f"chỉ tiêu của '{figure.number}': {match.indicator} thay vì "
                        f"{figure.indicator}"
                    )
            if figure.indicator is not None and same:
                s.indicators_found += 1
            if figure.target and not extracted.target and match.indicator is not None:
                s.goals_as_results += 1
                self.problem(f"mục tiêu '{figure.number}' đọc như kết quả")

    def _same_indicator(self, found: str | None, figure: Annotated) -> bool:
        """The annotated indicator; for a fraction, its ratio or the ratio's numerator
        ("105/131 cơ sở": the share connected, or the number connected)."""
        if found == figure.indicator:
            return True
        if figure.kind != "ratio" or found is None or figure.indicator is None:
            return False
        return figure.indicator == self.numerators.get(found) or (
            self.numerators.get(figure.indicator) == found
        )

    def _extra_figures(self) -> None:
        spans = [(f.start, f.end) for f in self.a.figures]
        for f in self.r.figures:
            span = (f.number_start, f.number_end)
            if not any(_overlaps(span, other) for other in spans):
                self.scores.false_figures += 1
                self.problem(f"không phải số liệu: '{f.text}'")

    def _claims(self) -> None:
        s = self.scores
        bad_ids: set[int] = set()
        for claim in self.a.claims:
            ids = {self.found.get(i) for i in claim.figures}
            if claim.verdict is Verdict.INCONSISTENT:
                s.inconsistencies += 1
                bad_ids |= {i for i in ids if i is not None}
            else:
                s.consistent += 1
            caught = None not in ids and any(
                c.status is claim.verdict and ids <= set(c.figures) for c in self.r.checks
            )
            if claim.verdict is Verdict.INCONSISTENT:
                s.caught += caught
            else:
                s.confirmed += caught
            if not caught:
                numbers = ", ".join(self.a.figures[i].number for i in claim.figures)
                self.problem(f"chưa bắt được {claim.kind} {claim.verdict.value}: {numbers}")
        for check in self.r.inconsistent:
            if not bad_ids & set(check.figures):
                s.false_alarms += 1
                said = in_language(check.message, "vi")
                self.problem(f"báo động sai [{check.kind.value}]: {said}")


def evaluate_text(annotated: AnnotatedText, catalog: Catalog) -> Scores:
    result = factcheck(annotated.text, catalog)
    return _Comparison(annotated, result, catalog).run()


def evaluate(corpus: Iterable[AnnotatedText], catalog: Catalog) -> Scores:
    total = Scores()
    for annotated in corpus:
        total.add(evaluate_text(annotated, catalog))
    return total
