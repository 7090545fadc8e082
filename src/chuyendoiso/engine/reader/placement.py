"""The unit a fact-check compared the text's figures with, and why: given by the user, or
inferred from the text (``place.infer_place``), or none, when nothing could be inferred
(then the text is checked against itself only). What ``FactCheckResult.place`` holds."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from chuyendoiso.engine.reader.place import Certainty, Inference, unit_dict
from chuyendoiso.engine.reader.placenames import KnownUnit

NOT_COMPARED = "không so với số liệu đã lưu, chỉ kiểm tra số liệu trong văn bản"


class Basis(StrEnum):
    GIVEN = "given"  # --org, the page's unit field
    INFERRED = "inferred"
    NONE = "none"


@dataclass(frozen=True)
class Placement:
    unit: KnownUnit | None  # the unit the figures were compared with, if any
    basis: Basis
    inference: Inference | None = None
    refused: str = ""  # why the inferred unit's stored data was not read

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

    def lines_vi(self) -> list[str]:
        """What the fact-check says of its unit, a line each."""
        inference = self.inference
        if self.basis is Basis.GIVEN:
            assert self.unit is not None
            lines = [f"Đơn vị so sánh: {self.unit.name} (mã {self.unit.code}, do người dùng chọn)"]
            if self.differs and inference is not None:
                lines.append(f"Cảnh báo: văn bản có vẻ nói về {inference.describe_vi()}")
            return lines
        described = inference.describe_vi() if inference else "không rõ"
        if self.unit is None:
            return [f"Đơn vị của văn bản: {described}: {NOT_COMPARED}."]
        line = f"Đơn vị của văn bản: {described}"
        if self.refused:
            return [line, f"{self.refused}: {NOT_COMPARED}."]
        if not self.unit.reporting:
            return [line, f"Đơn vị này không có trong danh mục của hệ thống: {NOT_COMPARED}."]
        return [line]

    def warning_vi(self) -> str:
        """The warning of a given unit other than the text's, or ""."""
        if not self.differs or self.unit is None or self.inference is None:
            return ""
        return (
            f"đã so với {self.unit.name} (mã {self.unit.code}) nhưng văn bản có vẻ nói về "
            f"{self.inference.describe_vi()}"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            **unit_dict(self.unit),
            "basis": self.basis.value,
            "compared": self.compared,
            "refused": self.refused,
            "message": " ".join(self.lines_vi()),
            "inferred": self.inference.to_dict() if self.inference else None,
        }


def placement_of(inference: Inference | None, given: KnownUnit | None = None) -> Placement:
    """The unit given, else the one inferred (sure or likely), else none."""
    if given is not None:
        return Placement(given, Basis.GIVEN, inference)
    placement = Placement(None, Basis.NONE, inference)
    inferred = placement.inferred
    return Placement(inferred, Basis.INFERRED, inference) if inferred else placement
