"""The Thái Nguyên demo: org units, the catalogue, the seed report's figures and synthetic history.

The same dataset serves the demo, development, the docs and the tests. It loads in one
transaction, refuses a database that holds figures of its own (a province's) unless forced,
and never changes an existing user.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from chuyendoiso.access.services import user_add
from chuyendoiso.catalog.services import catalog_import
from chuyendoiso.datavalues.convert import values_read
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.demo import generate_demo_values
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.engine.domain.access import Role
from chuyendoiso.engine.domain.adminunits_package import load_structures
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.files.catalog_file import read_catalog
from chuyendoiso.engine.files.values_file import read_values_csv
from chuyendoiso.orgunits.models import OrgUnit
from chuyendoiso.orgunits.services import orgunits_load_provinces

DEMO_PROVINCE = "19"
DEMO_USER = "admin"
# one user per role (demo only; password CDS_DEMO_PASSWORD): (name, role, unit code, structure)
# a ward of Thái Nguyên city before 1 July 2025, the city above it, a department, the province
DEMO_ROLE_USERS = [
    ("baocao.xa", Role.REPORTER, "05440", OrgUnit.Structure.BEFORE_2025),
    ("duyet.huyen", Role.APPROVER, "164", OrgUnit.Structure.BEFORE_2025),
    ("baocao.so", Role.REPORTER, "19.STTTT", OrgUnit.Structure.CONTINUING),
    ("dieuphoi.tinh", Role.COORDINATOR, "19", OrgUnit.Structure.CONTINUING),
    ("xem.tinh", Role.VIEWER, "19", OrgUnit.Structure.CONTINUING),
]


def catalog_path() -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "catalog" / "catalog.yaml"


def seed_values_path() -> Path:
    return Path(settings.REFERENCE_DATA_DIR) / "demo" / "seed_values.csv"


@dataclass(frozen=True)
class DemoResult:
    org_units: int
    indicators: int
    reported_values: int
    synthetic_values: int
    username: str
    password: str | None  # None: the user was there already and is left as it was
    # (name, role, unit) of each role user created now; one that was there is left as it was
    role_users: list[tuple[str, str, str]] = field(default_factory=list)

    def describe(self) -> str:
        login = (
            f"Đăng nhập quản trị / admin login: {self.username} / {self.password}"
            if self.password is not None
            else f"Người dùng {self.username} đã có, giữ nguyên mật khẩu và quyền / "
            f"user {self.username} exists: password and rights left unchanged"
        )
        roles = "".join(
            f"\n  {name} / {_demo_password()}: {role}, {unit}"
            for name, role, unit in self.role_users
        )
        if roles:
            roles = "\nNgười dùng theo vai trò (chỉ để minh họa) / demo users by role:" + roles
        return (
            f"Dữ liệu minh họa đã nạp / demo loaded: {self.org_units} đơn vị, "
            f"{self.indicators} chỉ tiêu, {self.reported_values} số liệu từ báo cáo, "
            f"{self.synthetic_values} số liệu giả lập.\n{login}{roles}"
        )


class NotADemoDatabaseError(ValidationError):
    """The database holds figures the demo would not write: the demo would overwrite them."""


def demo_load(
    *,
    progress: Callable[[str], None] = lambda _: None,
    synthetic: bool = True,
    force: bool = False,
    submissions: bool = True,
) -> DemoResult:
    """Load the demo, all or nothing. Unless ``force``, refuse (``NotADemoDatabaseError``)
    when a stored value is not one of the demo's."""
    catalog = read_catalog(catalog_path())
    reported = read_values_csv(seed_values_path(), source="seed")
    progress("0/4 Sinh số liệu giả lập / generating the synthetic history…")
    history = generate_demo_values(catalog, reported, load_structures([DEMO_PROVINCE]))
    generated = history if synthetic else []
    with transaction.atomic():
        if not force:
            _refuse_other_values([*reported, *history, *_demo_drafts(), *_dti_values()])
        else:
            _reopen_demo_submissions()
        progress("1/4 Đơn vị hành chính / org units…")
        units = orgunits_load_provinces(acting_user=None, province_codes=[DEMO_PROVINCE])
        progress("2/4 Danh mục chỉ tiêu / catalogue…")
        catalog_import(acting_user=None, catalog=catalog)
        progress("3/4 Số liệu báo cáo / reported figures…")
        datavalues_import(acting_user=None, values=reported, source_name="seed_values.csv")
        if generated:
            progress("4/4 Số liệu giả lập / synthetic history…")
            datavalues_import(acting_user=None, values=generated, source_name="synthetic")
        progress("Chỉ số DTI tự đánh giá / the DTI self-assessment…")
        demo_dti(send=submissions)
        password = _ensure_demo_user()
        role_users = _ensure_role_users()
        if submissions:
            progress("Quy trình báo cáo / the workflow's submissions…")
            demo_submissions()
    return DemoResult(
        org_units=units["units"] + units["departments"],
        indicators=len(catalog.indicators),
        reported_values=len(reported),
        synthetic_values=len(generated),
        username=DEMO_USER,
        password=password,
        role_users=role_users,
    )


# the workflow in the demo: the seed's half-year approved; two wards of Thái Nguyên city with
# the monthly one-stop-shop report of May 2025 (NĐ 09 calendar), one submitted, one a draft
DEMO_APPROVED = ("BC_CDS_6THANG", DEMO_PROVINCE, "", "2024S1")
DEMO_MONTH = "202505"
DEMO_COMMUNES = [("05440", 118, 112, True), ("05443", 64, 57, False)]  # received, processed


def demo_submissions() -> None:
    """The demo's submissions, through the workflow's services: the seed's half-year sent and
    approved, the wards' drafts entered and one of them sent. A ward's report already there
    (a database loaded before) is left as it is."""
    from chuyendoiso.collection.selectors import submission_key, submission_state
    from chuyendoiso.collection.services import submission_approve, submission_submit
    from chuyendoiso.engine.domain.workflow import State

    dataset, code, structure, period = DEMO_APPROVED
    province = OrgUnit.objects.get(code=code, structure=structure)
    state = submission_state(
        submission_key(dataset_code=dataset, org_unit=province, period_id=period)
    )
    steps = {State.DRAFT: 2, State.RETURNED: 2, State.SUBMITTED: 1}.get(state, 0)
    for action in (submission_submit, submission_approve)[2 - steps :]:
        action(
            acting_user=None,
            dataset_code=dataset,
            org_unit=province,
            period_id=period,
            reason="số liệu của báo cáo gốc / the seed report's figures",
        )
    for commune_code, received, processed, send in DEMO_COMMUNES:
        commune = OrgUnit.objects.get(code=commune_code, structure=OrgUnit.Structure.BEFORE_2025)
        key = submission_key(
            dataset_code="BC_MOT_CUA_THANG", org_unit=commune, period_id=DEMO_MONTH
        )
        if submission_state(key) is not State.DRAFT:
            continue
        values = _dossiers(commune_code, received, processed)
        datavalues_import(acting_user=None, values=values, source_name="demo")
        if send:
            submission_submit(
                acting_user=None,
                dataset_code=key.dataset.code,
                org_unit=commune,
                period_id=DEMO_MONTH,
            )


# the DTI self-assessment of the demo (docs/dti.md): the province's copies of both frameworks,
# with illustrative points, and its self-assessed values of 2024, made up for the demo
DEMO_DTI_YEAR = "2024"
DEMO_DTI_FRAMEWORKS = ("dti_922_demo.yaml", "dti_405_demo.yaml")
DEMO_DTI_VALUES = (
    ("TDG_NGHI_QUYET_CDS", 1),
    ("TDG_SOC_VAN_HANH", 1),
    ("TDG_LGSP_VAN_HANH", 1),
    ("TDG_CAN_BO_CNTT", 96),
    ("TDG_DE_AN_DO_THI_TM", 0),
)


def demo_dti(*, send: bool = True) -> None:
    """Load the demo's DTI framework copies and its self-assessed values and, with ``send``,
    send and approve their report through the workflow (one already sent is left as it is)."""
    from chuyendoiso.collection.evidence_selectors import evidence_of_report
    from chuyendoiso.collection.evidence_services import evidence_add
    from chuyendoiso.collection.selectors import submission_key, submission_state
    from chuyendoiso.collection.services import submission_approve, submission_submit
    from chuyendoiso.dti.services import dti_framework_load
    from chuyendoiso.engine.domain.workflow import State

    for name in DEMO_DTI_FRAMEWORKS:
        path = Path(settings.REFERENCE_DATA_DIR) / "demo" / name
        text = path.read_text(encoding="utf-8")
        dti_framework_load(text=text, file_name=name, acting_user=None)
    province = OrgUnit.objects.get(code=DEMO_PROVINCE, structure=OrgUnit.Structure.CONTINUING)
    key = submission_key(
        dataset_code="BC_DTI_TU_DANH_GIA", org_unit=province, period_id=DEMO_DTI_YEAR
    )
    if submission_state(key) is not State.DRAFT:
        return
    datavalues_import(acting_user=None, values=_dti_values(), source_name="demo")
    if not evidence_of_report(key):  # reloaded with --force: the report's one is there
        evidence_add(
            acting_user=None,
            dataset_code=key.dataset.code,
            org_unit=province,
            period_id=DEMO_DTI_YEAR,
            indicator="TDG_SOC_VAN_HANH",
            link="https://dti.gov.vn/",
            note="minh chứng minh họa của bản demo / a demo example",
        )
    for action in (submission_submit, submission_approve) if send else ():
        action(
            acting_user=None,
            dataset_code=key.dataset.code,
            org_unit=province,
            period_id=DEMO_DTI_YEAR,
            reason="số liệu minh họa / demo figures",
        )


def _dti_values() -> list[engine.DataValue]:
    return [
        engine.DataValue(
            indicator=indicator,
            org_unit=DEMO_PROVINCE,
            period=DEMO_DTI_YEAR,
            value=Decimal(figure),
            origin=engine.Origin.SYNTHETIC,
            comment="số liệu minh họa; minh chứng: hồ sơ tự đánh giá của tỉnh / demo figure",
        )
        for indicator, figure in DEMO_DTI_VALUES
    ]


def _reopen_demo_submissions() -> None:
    """With --force: bring every sent report back to a draft, so that the demo's figures
    can be written over (the values of a sent report are read-only)."""
    from chuyendoiso.collection.models import Submission
    from chuyendoiso.collection.services import submission_reopen, submission_return

    reason = "cds demo --force: nạp lại bản minh họa / reloading the demo"
    sent = Submission.objects.exclude(state__in=["draft", "returned"])
    for row in sent.select_related("dataset", "org_unit"):
        undo = submission_return if row.state == "submitted" else submission_reopen
        undo(
            acting_user=None,
            dataset_code=row.dataset.code,
            org_unit=row.org_unit,
            period_id=row.period,
            reason=reason,
        )


def _demo_drafts() -> list[engine.DataValue]:
    return [value for code, *figures, _ in DEMO_COMMUNES for value in _dossiers(code, *figures)]


def _dossiers(org: str, received: int, processed: int) -> list[engine.DataValue]:
    return [
        engine.DataValue(
            indicator=indicator,
            org_unit=org,
            period=DEMO_MONTH,
            calendar="nd09",
            value=Decimal(figure),
            status=engine.Status.DRAFT,
            origin=engine.Origin.SYNTHETIC,
            comment="số liệu minh họa / demo figure",
        )
        for indicator, figure in (("CQS_HS_TIEP_NHAN", received), ("CQS_HS_DA_XU_LY", processed))
    ]


def _refuse_other_values(demo: Sequence[engine.DataValue]) -> None:
    expected = set(demo)
    others = [
        value for value, _ in values_read(DataValue.objects.order_by("pk")) if value not in expected
    ]
    if not others:
        return
    first = others[0]
    raise NotADemoDatabaseError(
        f"cơ sở dữ liệu đã có {len(others)} số liệu không phải của bản minh họa, không ghi gì "
        f"(cds demo --force ghi đè) / the database holds {len(others)} value(s) that are not "
        "the demo's; nothing written (cds demo --force overwrites them)",
        field="database",
        others=len(others),
        first=f"{first.indicator}/{first.org_unit}/{first.period} = {first.value}",
    )


def _demo_password() -> str:
    return os.environ.get("CDS_DEMO_PASSWORD", "chuyendoiso")


def _ensure_role_users() -> list[tuple[str, str, str]]:
    """Create the demo's users by role (through the access services, audited); an existing
    user of one of their names is left as it is, roles included."""
    users = get_user_model().objects
    created = []
    for name, role, code, structure in DEMO_ROLE_USERS:
        if users.filter(username=name).exists():
            continue
        unit = OrgUnit.objects.get(code=code, structure=structure)
        user_add(
            acting_user=None, username=name, role=role, org_unit=unit, password=_demo_password()
        )
        created.append((name, role.label_vi, f"{unit.code} {unit.name}"))
    return created


def _ensure_demo_user() -> str | None:
    """Create the demo's admin user; an existing user of that name is left as it is."""
    users = get_user_model().objects
    if users.filter(username=DEMO_USER).exists():
        return None
    password = _demo_password()
    users.create_user(username=DEMO_USER, password=password, is_staff=True, is_superuser=True)
    return password
