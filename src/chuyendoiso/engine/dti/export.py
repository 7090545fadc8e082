"""A self-assessment written out: a JSON-ready dict, Markdown (Vietnamese), and an XLSX
workbook whose figures are numbers, not text (docs/dti.md)."""

from __future__ import annotations

import io
from decimal import Decimal
from typing import Any

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from chuyendoiso.engine.domain.vnnumbers import format_number, round_half_up
from chuyendoiso.engine.dti.assess import STATUS_LABELS, ComponentResult, Status
from chuyendoiso.engine.dti.explain import INDEX_PLACES
from chuyendoiso.engine.dti.framework import FrameworkKind
from chuyendoiso.engine.dti.report import DtiReport
from chuyendoiso.engine.dti.scoring import shown

POINT_PLACES = 2
KIND_LABELS = {
    FrameworkKind.OFFICIAL: (
        "cấu trúc theo văn bản công bố; điểm chưa tìm thấy được đánh dấu",
        "structure from the published texts; points not found are marked",
    ),
    FrameworkKind.PROVINCE: (
        "bản của tỉnh: điểm và cách chấm do tỉnh điền theo hướng dẫn của năm",
        "the province's copy: points and rules filled in from the year's guidance",
    ),
    FrameworkKind.FIXTURE: ("bộ chỉ số thử nghiệm, không chính thức", "a test framework"),
}


# what a component's figure was read from (``Measured.status``), as the workbook says it
VALUES_READ = {"approved": "đã phê duyệt", "approved_and_drafts": "đã phê duyệt và bản nháp"}


def _num(value: Decimal | None, places: int) -> str:
    return "" if value is None else format_number(value, places)


def _plain(value: Decimal | None, places: int) -> float | None:
    """A number for JSON and XLSX cells, rounded half up as the page shows it."""
    return None if value is None else float(round_half_up(value, places))


def report_dict(report: DtiReport) -> dict[str, Any]:
    a, fw = report.assessment, report.framework
    return {
        "framework": {
            "code": fw.code,
            "number": fw.number,
            "name_vi": fw.name_vi,
            "name_en": fw.name_en,
            "decision": fw.decision,
            "kind": fw.kind.value,
            "years": list(fw.years),
            "source": fw.source,
            "file": fw.file,
        },
        "org_unit": {"code": report.unit_code, "name": report.unit_name},
        "year": report.year,
        "official_year": report.official_year,
        "values": "approved_and_drafts" if report.drafts_included else "approved",
        "index": _plain(a.index, INDEX_PLACES),
        "points": _plain(a.achieved, POINT_PLACES),
        "points_scored_max": _plain(a.scored_max, POINT_PLACES),
        "max_points": _plain(fw.max_points, POINT_PLACES),
        "coverage": _plain(a.coverage, INDEX_PLACES),
        "what_if": {code: str(value) for code, value in a.overrides.items()},
        "pillars": [
            {
                "code": p.pillar.code,
                "name_vi": p.pillar.name_vi,
                "name_en": p.pillar.name_en,
                "group": p.pillar.group.value,
                "max_points": _plain(p.pillar.max_points, POINT_PLACES),
                "points": _plain(p.achieved, POINT_PLACES),
                "points_scored_max": _plain(p.scored_max, POINT_PLACES),
                "points_lost": _plain(p.lost, POINT_PLACES),
                "value": _plain(p.value, INDEX_PLACES),
                "components_scored": p.scored,
                "components_listed": len(p.components),
            }
            for p in a.pillars
        ],
        "components": [_component(c) for c in a.components],
        "points_lost": [
            {
                "pillar": loss.pillar.pillar.code,
                "points_lost": _plain(loss.pillar.lost, POINT_PLACES),
                "components": [
                    {"code": c.component.code, "points_lost": _plain(c.lost, POINT_PLACES)}
                    for c in loss.components
                ],
            }
            for loss in report.losses
        ],
        "best_changes": [
            {
                "component": ch.component.code,
                "name_vi": ch.component.name_vi,
                "from": str(ch.current),
                "to": str(ch.target),
                "points_gained": _plain(ch.points_after - ch.points_before, POINT_PLACES),
                "index_after": _plain(ch.index_after, INDEX_PLACES),
                "index_gained": _plain(ch.gain_shown, INDEX_PLACES),
            }
            for ch in report.changes
        ],
        "comparison": [
            {
                "year": pl.year,
                "structure": pl.structure.value,
                "measure": pl.measure,
                "rank": pl.rank,
                "of": pl.of,
                "composed": pl.composed,
                "own_published": _plain(pl.own.value, INDEX_PLACES) if pl.own else None,
                "own_published_rank": pl.own.rank if pl.own else None,
            }
            for pl in report.placements
        ],
    }


def _component(c: ComponentResult) -> dict[str, Any]:
    comp, m = c.component, c.measured
    return {
        "code": comp.code,
        "ref": comp.ref,
        "pillar": comp.pillar,
        "name_vi": comp.name_vi,
        "name_en": comp.name_en,
        "indicator": comp.indicator,
        "value": None if c.value is None else str(c.value),
        "value_period": m.period if m else "",
        "value_status": m.status if m else "",
        "value_note": m.note if m else "",
        "what_if": c.what_if,
        "status": c.status.value,
        "points": _plain(c.points, POINT_PLACES),
        "max_points": _plain(comp.max_points, POINT_PLACES),
        "rule": comp.rule.kind.value if comp.rule else None,
        "how_vi": c.how_vi,
        "how_en": c.how_en,
        "source": comp.source,
    }


def report_markdown(report: DtiReport) -> str:
    a, fw = report.assessment, report.framework
    lines = [
        f"# Chỉ số DTI tự đánh giá: {report.unit_name}, năm {report.year}",
        "",
        f"- Bộ chỉ số: {fw.name_vi} ({fw.decision}); {KIND_LABELS[fw.kind][0]}.",
        f"- Số liệu: {'đã phê duyệt và bản nháp' if report.drafts_included else 'đã phê duyệt'}.",
    ]
    if not report.official_year:
        lines.append(
            f"- Năm {report.year} không phải năm Bộ đánh giá theo bộ chỉ số này "
            f"({', '.join(map(str, fw.years)) or 'chưa rõ'})."
        )
    if a.overrides:
        changed = ", ".join(f"{code} = {value}" for code, value in a.overrides.items())
        lines.append(f"- Giả định (what-if): {changed}.")
    lines += [
        "",
        f"**Chỉ số DTI: {_num(a.index, INDEX_PLACES) or 'chưa tính được'}**"
        f" ({_num(a.achieved, POINT_PLACES)} / {_num(a.scored_max, POINT_PLACES)} điểm đã chấm"
        + (
            f"; đã chấm {_num(a.coverage * 100, 1)}% của {_num(fw.max_points, 0)} điểm"
            if a.coverage is not None
            else ""
        )
        + ").",
        "",
        "## Trụ cột",
        "",
        "| Mã | Trụ cột | Điểm tối đa | Điểm đã chấm | Đạt | Mất | Giá trị |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    for p in a.pillars:
        lines.append(
            f"| {p.pillar.code} | {p.pillar.name_vi} | {_num(p.pillar.max_points, 0) or 'chưa rõ'}"
            f" | {_num(p.scored_max, POINT_PLACES)} | {_num(p.achieved, POINT_PLACES)}"
            f" | {_num(p.lost, POINT_PLACES)} | {_num(p.value, INDEX_PLACES)} |"
        )
    lines += [
        "",
        "## Chỉ số thành phần",
        "",
        "| Mã | Tên | Giá trị | Điểm | Tối đa | Tình trạng | Cách tính |",
        "|---|---|---:|---:|---:|---|---|",
    ]
    for c in a.components:
        value = "" if c.value is None else shown(c.value)
        value += " (giả định)" if c.what_if else ""
        lines.append(
            f"| {c.component.code} | {c.component.name_vi} | {value}"
            f" | {_num(c.points, POINT_PLACES)} | {_num(c.component.max_points, 0) or 'chưa rõ'}"
            f" | {STATUS_LABELS[c.status][0]} | {c.how_vi} |"
        )
    if report.changes:
        lines += ["", "## Mười thay đổi nâng chỉ số nhiều nhất", ""]
        for n, ch in enumerate(report.changes, 1):
            # the figure's target, then the index's change in a clause of its own, so that a
            # reader (the fact-checker too) takes the rise for the index's, not the figure's
            lines.append(
                f"{n}. {ch.component.name_vi} ({ch.component.code}): số liệu hiện nay "
                f"{shown(ch.current)}, cần đạt {shown(ch.target)}; khi đó chỉ số DTI từ "
                f"{_num(ch.index_before, INDEX_PLACES)} lên {_num(ch.index_after, INDEX_PLACES)},"
                f" tăng {_num(ch.gain_shown, INDEX_PLACES)}."
            )
    missing = a.with_status(Status.NO_DATA, Status.NO_BASE)
    if missing:
        lines += ["", "## Thiếu số liệu", ""]
        lines += [f"- {c.component.code} {c.component.name_vi}" for c in missing]
    if report.placements:
        lines += ["", "## So với kết quả đã công bố", ""]
        for pl in report.placements:
            composed = " (trung bình các tỉnh cũ hợp nhất)" if pl.composed else ""
            lines.append(
                f"- DTI {pl.year}, {pl.of} tỉnh{composed}: đứng thứ {pl.rank}"
                + (
                    f"; kết quả công bố của tỉnh: {_num(pl.own.value, INDEX_PLACES)}"
                    if pl.own
                    else ""
                )
                + "."
            )
    return "\n".join(lines) + "\n"


def report_xlsx(report: DtiReport) -> bytes:
    data = report_dict(report)
    book = Workbook()
    summary = book.active
    summary.title = "Tong hop"
    _rows(
        summary,
        ["Mục", "Giá trị"],
        [
            ["Đơn vị", f"{report.unit_code} {report.unit_name}"],
            ["Năm", report.year],
            ["Bộ chỉ số", f"{data['framework']['name_vi']} ({data['framework']['decision']})"],
            ["Loại", KIND_LABELS[report.framework.kind][0]],
            ["Số liệu", "đã phê duyệt và bản nháp" if report.drafts_included else "đã phê duyệt"],
            ["Chỉ số DTI", data["index"]],
            ["Điểm đạt", data["points"]],
            ["Điểm đã chấm", data["points_scored_max"]],
            ["Điểm tối đa", data["max_points"]],
            ["Tỷ lệ đã chấm", data["coverage"]],
            *[["Giả định " + k, v] for k, v in data["what_if"].items()],
        ],
    )
    _rows(
        book.create_sheet("Tru cot"),
        ["Mã", "Trụ cột", "Điểm tối đa", "Điểm đã chấm", "Đạt", "Mất", "Giá trị"],
        [
            [
                p["code"],
                p["name_vi"],
                p["max_points"],
                p["points_scored_max"],
                p["points"],
                p["points_lost"],
                p["value"],
            ]
            for p in data["pillars"]
        ],
    )
    _rows(
        book.create_sheet("Chi so thanh phan"),
        [
            "Mã",
            "Số hiệu",
            "Trụ cột",
            "Tên",
            "Chỉ tiêu",
            "Giá trị",
            "Kỳ",
            "Trạng thái số liệu",
            "Giả định",
            "Điểm",
            "Tối đa",
            "Tình trạng",
            "Cách tính",
            "Nguồn",
        ],
        [
            [
                c["code"],
                c["ref"],
                c["pillar"],
                c["name_vi"],
                c["indicator"],
                None if c["value"] is None else float(Decimal(c["value"])),
                c["value_period"],
                VALUES_READ.get(c["value_status"], c["value_status"]),
                "có" if c["what_if"] else "",
                c["points"],
                c["max_points"],
                STATUS_LABELS[Status(c["status"])][0],
                c["how_vi"],
                c["source"],
            ]
            for c in data["components"]
        ],
    )
    _rows(
        book.create_sheet("Thay doi tot nhat"),
        ["#", "Mã", "Tên", "Từ", "Lên", "Điểm tăng", "Chỉ số sau", "Chỉ số tăng"],
        [
            [
                n,
                ch["component"],
                ch["name_vi"],
                float(Decimal(ch["from"])),
                float(Decimal(ch["to"])),
                ch["points_gained"],
                ch["index_after"],
                ch["index_gained"],
            ]
            for n, ch in enumerate(data["best_changes"], 1)
        ],
    )
    if data["comparison"]:
        _rows(
            book.create_sheet("So sanh"),
            [
                "Năm",
                "Cơ cấu",
                "Thước đo",
                "Thứ hạng",
                "Trên số tỉnh",
                "Trung bình tỉnh cũ",
                "Kết quả công bố của tỉnh",
                "Thứ hạng công bố",
            ],
            [
                [
                    c["year"],
                    c["structure"],
                    c["measure"],
                    c["rank"],
                    c["of"],
                    "có" if c["composed"] else "",
                    c["own_published"],
                    c["own_published_rank"],
                ]
                for c in data["comparison"]
            ],
        )
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _rows(sheet: Any, header: list[str], rows: list[list[Any]]) -> None:
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append(row)
        for cell in sheet[sheet.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith("="):
                cell.data_type = "s"  # a text is a text, never a formula of the sheet
            elif isinstance(cell.value, float):
                cell.number_format = "#,##0.####"
    for index, title in enumerate(header, 1):
        longest = max([len(str(title))] + [len(str(r[index - 1] or "")) for r in rows])
        sheet.column_dimensions[get_column_letter(index)].width = min(40, longest + 2)
    sheet.freeze_panes = "A2"
    # printed as a Department prints it: landscape, every column on the page's width
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0
