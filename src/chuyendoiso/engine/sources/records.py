"""The records each operational system exports, one dataclass per source (docs/sources.md).

Column names are those of the export file (CSV header, Parquet column, JSON key); a column
typed ``X | None`` may be missing or empty. Timestamps are the local time of Việt Nam
(UTC+7) without an offset. Org unit codes are GSO codes of either structure (before or
from 1 July 2025) or department codes; the caller says which codes are known.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from enum import StrEnum
from typing import Annotated

from chuyendoiso.engine.sources.schema import RecordSchema, Role, column, schema_of

_ID = ("Mã bản ghi, duy nhất trong hệ thống nguồn", "Record identifier, unique in the source")
_UNIT = (
    "Mã đơn vị (mã thống kê cũ hoặc mới, hoặc mã sở ngành)",
    "Org unit code (old or new GSO code, or a department code)",
)


class DossierStatus(StrEnum):
    RECEIVED = "received"  # mới tiếp nhận
    IN_PROGRESS = "in_progress"  # đang xử lý
    SUPPLEMENT_REQUESTED = "supplement_requested"  # chờ bổ sung
    PROCESSED = "processed"  # đã giải quyết, chưa trả kết quả
    RETURNED = "returned"  # đã trả kết quả
    WITHDRAWN = "withdrawn"  # công dân rút hồ sơ


class Channel(StrEnum):
    ONLINE = "online"  # trực tuyến
    DIRECT = "direct"  # trực tiếp (kể cả bưu chính)


@dataclass(frozen=True)
class Dossier:
    """Hồ sơ thủ tục hành chính của Hệ thống thông tin giải quyết TTHC (một cửa).

    Administrative-procedure dossier from the one-stop-shop information system.
    """

    id: Annotated[str, column("Mã hồ sơ", "Dossier code", role=Role.KEY)]
    org_unit: Annotated[str, column(*_UNIT, role=Role.ORG_UNIT)]
    received_at: Annotated[datetime, column("Thời điểm tiếp nhận", "Received at")]
    status: Annotated[DossierStatus, column("Trạng thái hồ sơ", "Status")]
    channel: Annotated[Channel, column("Kênh nộp hồ sơ", "Channel the dossier came through")]
    due_at: Annotated[datetime, column("Hạn giải quyết", "Time limit for the result")]
    processed_at: Annotated[
        datetime | None, column("Thời điểm có kết quả", "Processed (result) at")
    ]
    has_electronic_result: Annotated[
        bool | None, column("Có cấp kết quả điện tử", "Result issued as an electronic document")
    ]
    is_digitised: Annotated[
        bool | None, column("Hồ sơ và kết quả đã được số hóa", "Dossier and result digitised")
    ]
    reused_digitised_data: Annotated[
        bool | None, column("Có sử dụng lại dữ liệu đã số hóa", "Reused previously digitised data")
    ]
    fully_online: Annotated[
        bool | None,
        column("Xử lý hoàn toàn trực tuyến", "Every step from filing to result done online"),
    ]
    procedure_code: Annotated[str | None, column("Mã thủ tục hành chính", "Procedure code")]
    updated_at: Annotated[
        datetime | None,
        column("Thời điểm thay đổi trạng thái gần nhất", "Last change of status at"),
    ]


class SocEventKind(StrEnum):
    QUERY = "query"
    TARGETED_ATTACK = "targeted_attack"
    SPAM = "spam"
    MALWARE_MAIL = "malware_mail"
    MALWARE_CLEANED = "malware_cleaned"
    VULNERABILITY = "vulnerability"
    DANGEROUS_CONNECTION = "dangerous_connection"
    STATE_PC_SHARING_MALWARE = "state_pc_sharing_malware"


class SocAction(StrEnum):
    DETECTED = "detected"
    BLOCKED = "blocked"
    REMOVED = "removed"


@dataclass(frozen=True)
class SocEvent:
    """Sự kiện do Trung tâm giám sát an toàn thông tin (SOC) ghi nhận.

    Event recorded by the provincial Security Operations Centre.
    """

    id: Annotated[str, column("Mã sự kiện", "Event identifier", role=Role.KEY)]
    org_unit: Annotated[str, column(*_UNIT, role=Role.ORG_UNIT)]
    detected_at: Annotated[datetime, column("Thời điểm phát hiện", "Detected at")]
    kind: Annotated[SocEventKind, column("Loại sự kiện", "Kind of event")]
    occurrences: Annotated[
        int, column("Số lượt gộp trong bản ghi", "Occurrences aggregated in the record")
    ]
    action: Annotated[SocAction | None, column("Xử lý", "Action taken")]
    host: Annotated[
        str | None, column("Máy tính / tài sản liên quan", "Computer or asset concerned")
    ]
    severity: Annotated[str | None, column("Mức độ", "Severity")]


class PaymentChannel(StrEnum):
    INTERNET = "internet"
    ATM = "atm"
    POS = "pos"
    MOBILE_MONEY = "mobile_money"


@dataclass(frozen=True)
class Payment:
    """Giao dịch thanh toán không dùng tiền mặt (báo cáo của ngân hàng, doanh nghiệp).

    Cashless payment transaction.
    """

    id: Annotated[str, column("Mã giao dịch", "Transaction identifier", role=Role.KEY)]
    org_unit: Annotated[str, column(*_UNIT, role=Role.ORG_UNIT)]
    paid_at: Annotated[datetime, column("Thời điểm giao dịch", "Paid at")]
    channel: Annotated[PaymentChannel, column("Kênh thanh toán", "Payment channel")]
    amount: Annotated[Decimal, column("Số tiền (đồng)", "Amount in đồng")]
    merchant_id: Annotated[
        str | None, column("Mã điểm chấp nhận thanh toán", "Merchant identifier")
    ]


@dataclass(frozen=True)
class HealthRecord:
    """Hồ sơ sức khỏe điện tử của người dân.

    Electronic health record of a resident.
    """

    id: Annotated[str, column("Mã hồ sơ sức khỏe", "Health-record identifier", role=Role.KEY)]
    org_unit: Annotated[str, column(*_UNIT, role=Role.ORG_UNIT)]
    created_at: Annotated[datetime, column("Thời điểm lập hồ sơ", "Created at")]
    facility_id: Annotated[str, column("Mã cơ sở khám chữa bệnh lập hồ sơ", "Health facility code")]
    connected: Annotated[
        bool,
        column(
            "Cơ sở đã kết nối hệ thống hồ sơ sức khỏe điện tử",
            "Facility connected to the electronic health-record system",
        ),
    ]
    sex: Annotated[str | None, column("Giới tính", "Sex")]


class CivilEventType(StrEnum):
    BIRTH = "birth"  # khai sinh
    DEATH = "death"  # khai tử
    MARRIAGE = "marriage"  # kết hôn
    PARENTAGE = "parentage"  # nhận cha, mẹ, con
    GUARDIANSHIP = "guardianship"  # giám hộ
    CHANGE = "change"  # thay đổi, cải chính, bổ sung hộ tịch
    OTHER = "other"


@dataclass(frozen=True)
class CivilStatusEvent:
    """Sự kiện hộ tịch trên Hệ thống đăng ký và quản lý hộ tịch điện tử.

    Civil-status event registered in the electronic civil registry.
    """

    id: Annotated[str, column("Mã sự kiện hộ tịch", "Event identifier", role=Role.KEY)]
    org_unit: Annotated[str, column(*_UNIT, role=Role.ORG_UNIT)]
    registered_at: Annotated[datetime, column("Thời điểm đăng ký", "Registered at")]
    event_type: Annotated[CivilEventType, column("Loại sự kiện", "Kind of event")]


SCHEMAS: dict[str, RecordSchema] = {
    name: schema_of(record, name)
    for name, record in (
        ("dossiers", Dossier),
        ("soc_events", SocEvent),
        ("payments", Payment),
        ("health_records", HealthRecord),
        ("civil_status_events", CivilStatusEvent),
    )
}
