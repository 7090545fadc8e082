"""The unit a fact-check compared the text's figures with, and why: given by the user, or
inferred from the text (``place.infer_place``), or none, when nothing could be inferred
(then the text is checked against itself only). What ``FactCheckResult.place`` holds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from chuyendoiso.engine.domain.errors import both, in_language
from chuyendoiso.engine.reader.place import Certainty, Inference, unit_dict
from chuyendoiso.engine.reader.placenames import KnownUnit
from chuyendoiso.engine.reader.placewords import NOT_COMPARED


class Basis(StrEnum):
    GIVEN = "given"  # --org, the page's unit field
    INFERRED = "inferred"
    NONE = "none"


@dataclass(frozen=True)
class Placement:
    unit: KnownUnit | None  # the unit the figures were compared with, if any
    basis: Basis
    inference: Inference | None = None
    refused: str = ""  # why the inferred unit's stored data was not read, in both languages

    @property
    def compared(self) -> bool:
        """Whether the figures were compared with the unit's stored data."""
        return self.unit is not None and self.unit.reporting and not self.refused

    @property
    def inferred(self) -> KnownUnit | None:
        """The unit the text is about, when the reader could tell."""
        inference = self.inference
        if inference is None or inference.certainty not in (Certainty.SURE, Certainty.LIKELY):
            return None
        return inference.unit

    @property
    def differs(self) -> bool:
        """A unit was given, and the text is about another one."""
        inferred = self.inferred
        return self.basis is Basis.GIVEN and inferred is not None and inferred != self.unit

    @property
    def importable(self) -> KnownUnit | None:
        """The unit figures may be stored for: the one given, or the one inferred when the
        reader is sure of it."""
        if self.basis is Basis.GIVEN:
            return self.unit
        sure = self.inference is not None and self.inference.certainty is Certainty.SURE
        return self.unit if self.basis is Basis.INFERRED and sure and self.compared else None

    def lines(self) -> list[str]:
        """What the fact-check says of its unit, a line each, in both languages ("tiếng
        Việt / English": ``in_language`` picks one)."""
        return [both(vi, en) for vi, en in zip(self._lines("vi"), self._lines("en"), strict=True)]

    def _lines(self, language: str) -> list[str]:
        en, inference = language == "en", self.inference
        not_compared = NOT_COMPARED[language]
        if self.basis is Basis.GIVEN:
            assert self.unit is not None
            unit, code = self.unit.name, self.unit.code
            lines = [
                f"Unit compared with: {unit} (code {code}, chosen by the user)"
                if en
                else f"Đơn vị so sánh: {unit} (mã {code}, do người dùng chọn)"
            ]
            if self.differs and inference is not None:
                about = inference.describe(language)
                warning = (
                    "Warning: the text seems to be about"
                    if en
                    else "Cảnh báo: văn bản có vẻ nói về"
                )
                lines.append(f"{warning} {about}")
            return lines
        unknown = "unknown" if en else "không rõ"
        described = inference.describe(language) if inference else unknown
        line = f"{'Unit of the text' if en else 'Đơn vị của văn bản'}: {described}"
        if self.unit is None:
            return [f"{line}: {not_compared}."]
        if self.refused:
            return [line, f"{in_language(self.refused, language)}: {not_compared}."]
        if not self.unit.reporting:
            outside = (
                "This unit is not in the system's list of units"
                if en
                else "Đơn vị này không có trong danh mục của hệ thống"
            )
            return [line, f"{outside}: {not_compared}."]
        return [line]

    def warning(self) -> str:
        """The warning of a given unit other than the text's, in both languages, or ""."""
        if not self.differs or self.unit is None or self.inference is None:
            return ""
        unit, code = self.unit.name, self.unit.code
        return both(
            f"đã so với {unit} (mã {code}) nhưng văn bản có vẻ nói về "
            f"{self.inference.describe('vi')}",
            f"compared with {unit} (code {code}) but the text seems to be about "
            f"{self.inference.describe('en')}",
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            **unit_dict(self.unit),
            "basis": self.basis.value,
            "compared": self.compared,
            "refused": self.refused,
            "message": both(" ".join(self._lines("vi")), " ".join(self._lines("en"))),
            "inferred": self.inference.to_dict() if self.inference else None,
        }


def placement_of(inference: Inference | None, given: KnownUnit | None = None) -> Placement:
    """The unit given, else the one inferred (sure or likely), else none."""
    if given is not None:
        return Placement(given, Basis.GIVEN, inference)
    placement = Placement(None, Basis.NONE, inference)
    inferred = placement.inferred
    return Placement(inferred, Basis.INFERRED, inference) if inferred else placement
