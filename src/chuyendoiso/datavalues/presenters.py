"""Values turned into files and page rows: the Excel entry template, the problems of an import
as a table."""

from __future__ import annotations

import io
from typing import Any

from django.utils.translation import gettext_lazy as _

from chuyendoiso.datavalues.selectors import EntryTemplate
from chuyendoiso.engine.files import values_xlsx
from chuyendoiso.web.language import in_language

XLSX_MEDIA_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# the place and reason of a problem, as the upload page shows them
PROBLEM_COLUMNS = [
    ("sheet", _("Trang")),
    ("row", _("Dòng")),
    ("column", _("Cột")),
    ("header", _("Tên cột")),
    ("field", _("Trường")),
    ("object", _("Vị trí")),
    ("value", _("Giá trị")),
    ("reason", _("Lý do")),
]


def template_xlsx(found: EntryTemplate) -> bytes:
    out = io.BytesIO()
    values_xlsx.write_template(
        out, dataset=found.dataset, period=found.period, rows=found.rows, stored=found.stored
    )
    return out.getvalue()


def template_filename(found: EntryTemplate, org_code: str) -> str:
    parts = ["mau", found.dataset.code, found.period.id, org_code]
    return "-".join(part for part in parts if part) + ".xlsx"


def problem_table(problems: list[dict[str, Any]]) -> tuple[list[str], list[list[str]]]:
    """The headers and rows of a table of problems: only the columns some problem has."""
    used = [(key, label) for key, label in PROBLEM_COLUMNS if any(key in p for p in problems)]
    rows = [[_shown(key, problem) for key, _label in used] for problem in problems]
    return [str(label) for _key, label in used], rows


def _shown(key: str, problem: dict[str, Any]) -> str:
    """A problem's cell; the product's reason, written in both languages, in the page's (a
    rule's message, written by the catalogue's authors, whole)."""
    cell = str(problem.get(key, ""))
    return in_language(cell) if key == "reason" and "rule" not in problem else cell
