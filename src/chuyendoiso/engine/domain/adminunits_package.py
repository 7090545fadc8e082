"""Loading the administrative units (``adminunits``) from their package.

Reads the data shipped by the PyPI package ``vietnamadminunits`` (1.0.4): the SQLite
file ``data/dataset.db`` (tables ``admin_units_legacy``: the 63 provinces with their
districts and communes; ``admin_units``: the 34 provinces with their communes) and
``data/converter_2025.json`` (the old-to-new mapping). Only the data files are read,
read-only; the package's address parser is not used and the package is not imported.

Known gap of the package data, handled explicitly: five island districts had no
communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo). Their legacy row has an
empty ward; they are returned as districts without communes
(``AdminStructures.districts_without_communes``) and mapped straight from the
district to the new commune-level special zone (đặc khu) at district level.
"""

from __future__ import annotations

import importlib.util
import json
import sqlite3
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from chuyendoiso.engine.domain.adminunits import (
    LAST_DAY_BEFORE_MERGER,
    AdminStructures,
    AdminUnit,
    Level,
    Structure,
    UnitMapping,
)
from chuyendoiso.engine.domain.errors import CdsError, NotFoundError

_PACKAGE = "vietnamadminunits"
_NOT_LEGACY = "is not in admin_units_legacy among the merged provinces"


class AdminUnitsDataError(CdsError):
    """The package data is missing, inconsistent or cannot be resolved."""


# --- reading the package data -------------------------------------------------------


def package_data_dir() -> Path:
    """The ``data`` folder of the installed ``vietnamadminunits`` (without importing it)."""
    spec = importlib.util.find_spec(_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise AdminUnitsDataError(
            "Chưa cài gói vietnamadminunits / package vietnamadminunits is not installed",
            package=_PACKAGE,
        )
    data_dir = Path(next(iter(spec.submodule_search_locations))) / "data"
    for name in ("dataset.db", "converter_2025.json"):
        if not (data_dir / name).is_file():
            raise AdminUnitsDataError(
                "Thiếu tệp dữ liệu của gói vietnamadminunits / package data file missing",
                path=str(data_dir / name),
            )
    return data_dir


@lru_cache(maxsize=1)
def _converter() -> dict[str, Any]:
    with (package_data_dir() / "converter_2025.json").open(encoding="utf-8") as handle:
        data: dict[str, Any] = json.load(handle)
    for section in ("DICT_PROVINCE", "DICT_PROVINCE_WARD_NO_DIVIDED", "DICT_PROVINCE_WARD_DIVIDED"):
        if section not in data:
            raise AdminUnitsDataError(
                "Dữ liệu chuyển đổi thiếu mục / converter data lacks a section", section=section
            )
    return data


def _connect() -> sqlite3.Connection:
    path = package_data_dir() / "dataset.db"
    return sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)


def _query(sql: str, params: Sequence[str]) -> list[tuple[Any, ...]]:
    connection = _connect()
    try:
        return connection.execute(sql, tuple(params)).fetchall()
    finally:
        connection.close()


def _placeholders(values: Sequence[str]) -> str:
    return ",".join("?" for _ in values)


def _fix_name(name: str, kind: str) -> str:
    """'Thành Phố Bắc Kạn' -> 'Thành phố Bắc Kạn': the kind prefix written as the kind."""
    if name.casefold().startswith(kind.casefold() + " "):
        return kind + name[len(kind) :]
    return name


def _province_kind(name: str) -> str:
    for kind in ("Thành phố", "Tỉnh"):
        if name.startswith(kind + " "):
            return kind
    raise AdminUnitsDataError(
        "Tên tỉnh không bắt đầu bằng 'Tỉnh' hay 'Thành phố' / unexpected province name",
        name=name,
    )


def _check_code(code: object, length: int, what: str) -> str:
    if not isinstance(code, str) or len(code) != length or not code.isdigit():
        raise AdminUnitsDataError(
            "Mã đơn vị hành chính không đúng dạng / malformed administrative code",
            level=what,
            code=code,
        )
    return code


def all_new_province_codes() -> list[str]:
    """The GSO codes of the 34 provinces from 1 July 2025, sorted."""
    rows = _query("SELECT DISTINCT provinceCode FROM admin_units ORDER BY provinceCode", [])
    return [_check_code(code, 2, "province") for (code,) in rows]


# --- building the structures ----------------------------------------------------------


def load_structures(new_province_codes: Iterable[str]) -> AdminStructures:
    """Both structures and the mapping for the given new (from 2025) province codes.

    ``before`` holds the old provinces merged into them, with their districts and
    communes; ``after`` the new provinces and their communes; ``mapping`` the
    province-, district- and commune-level rows (see ``UnitMapping``). Every key of
    the converter data is resolved to a code through the key columns of the dataset;
    keys that cannot be resolved, old units without a new one and new communes without
    an old one raise ``AdminUnitsDataError`` listing all of them (``extra["problems"]``).
    An unknown province code raises ``NotFoundError``.
    """
    wanted = sorted(set(new_province_codes))
    if not wanted:
        return AdminStructures(before=[], after=[], mapping=[])
    builder = _Builder(_converter())
    builder.read_new(wanted)
    builder.read_old()
    builder.map_communes()
    builder.check_complete()
    if builder.problems:
        raise AdminUnitsDataError(
            "Dữ liệu đơn vị hành chính không khớp / administrative-unit data does not resolve",
            problems=builder.problems,
            provinces=wanted,
        )
    return builder.result()


class _Builder:
    """Reads the rows of the wanted provinces once and resolves the converter keys."""

    def __init__(self, converter: dict[str, Any]) -> None:
        self.converter = converter
        self.problems: list[str] = []
        self.before: list[AdminUnit] = []
        self.after: list[AdminUnit] = []
        self.new_province_code: dict[str, str] = {}  # new provinceKey -> code
        self.new_commune_code: dict[tuple[str, str], str] = {}  # (provinceKey, wardKey) -> code
        self.old_to_new_province: dict[str, str] = {}  # old provinceKey -> new provinceKey
        self.old_province_code: dict[str, str] = {}  # old provinceKey -> code
        self.old_commune: dict[str, tuple[str, str]] = {}  # full key -> (code, district code)
        self.island_district: dict[str, str] = {}  # "province_district_" key -> district code
        self.commune_rows: list[UnitMapping] = []
        self.island_rows: list[UnitMapping] = []
        self.times_mapped: Counter[str] = Counter()  # old full key -> rows in the converter
        self.targeted: set[str] = set()  # new commune codes that some old unit maps to

    def read_new(self, wanted: list[str]) -> None:
        rows = _query(
            "SELECT provinceCode, province, provinceKey, wardCode, ward, wardType, wardKey "
            f"FROM admin_units WHERE provinceCode IN ({_placeholders(wanted)}) "
            "ORDER BY provinceCode, wardCode",
            wanted,
        )
        missing = sorted(set(wanted) - {row[0] for row in rows})
        if missing:
            raise NotFoundError(
                "Không có tỉnh mới (từ 1/7/2025) với mã này / unknown new province code",
                codes=missing,
                known=all_new_province_codes(),
            )
        for p_code, p_name, p_key, w_code, w_name, w_type, w_key in rows:
            if p_key not in self.new_province_code:
                self.new_province_code[p_key] = _check_code(p_code, 2, "province")
                self.after.append(_province(p_code, p_name, Structure.FROM_2025))
            self.after.append(
                _commune(w_code, w_name, w_type, p_code, Structure.FROM_2025),
            )
            if (p_key, w_key) in self.new_commune_code:
                self.problems.append(f"new commune key {p_key}/{w_key} is not unique")
            self.new_commune_code[(p_key, w_key)] = w_code

    def read_old(self) -> None:
        for new_key in self.new_province_code:
            olds = self.converter["DICT_PROVINCE"].get(new_key)
            if not olds:
                self.problems.append(f"DICT_PROVINCE has no entry for new province {new_key!r}")
            for old_key in olds or []:
                self.old_to_new_province[old_key] = new_key
        old_keys = sorted(self.old_to_new_province)
        if not old_keys:
            return
        rows = _query(
            "SELECT provinceCode, province, provinceKey, districtCode, district, districtType, "
            "districtKey, wardCode, ward, wardType, wardKey FROM admin_units_legacy "
            f"WHERE provinceKey IN ({_placeholders(old_keys)}) "
            "ORDER BY provinceCode, districtCode, wardCode",
            old_keys,
        )
        districts: set[str] = set()
        for row in rows:
            p_code, p_name, p_key, d_code, d_name, d_type, d_key = row[:7]
            w_code, w_name, w_type, w_key = row[7:]
            if p_key not in self.old_province_code:
                self.old_province_code[p_key] = _check_code(p_code, 2, "province")
                self.before.append(_province(p_code, p_name, Structure.BEFORE_2025))
            if d_code not in districts:
                districts.add(d_code)
                self.before.append(
                    AdminUnit(
                        code=_check_code(d_code, 3, "district"),
                        name=_fix_name(d_name, d_type),
                        level=Level.DISTRICT,
                        parent_code=p_code,
                        structure=Structure.BEFORE_2025,
                        kind_vi=d_type,
                        valid_from=None,
                        valid_to=LAST_DAY_BEFORE_MERGER,
                    )
                )
            if w_code is None and w_key is None:
                # An island district without communes: a gap of the package data.
                self.island_district[f"{p_key}_{d_key}_"] = d_code
                continue
            if w_code is None or w_key is None or w_name is None or w_type is None:
                self.problems.append(f"legacy commune row of district {d_code} is incomplete")
                continue
            full_key = f"{p_key}_{d_key}_{w_key}"
            if full_key in self.old_commune:
                self.problems.append(f"legacy commune key {full_key!r} is not unique")
            self.old_commune[full_key] = (w_code, d_code)
            self.before.append(_commune(w_code, w_name, w_type, d_code, Structure.BEFORE_2025))
        for old_key in old_keys:
            if old_key not in self.old_province_code:
                self.problems.append(f"old province key {old_key!r} is not in admin_units_legacy")

    def _new_code(self, new_province_key: str, ward_key: str) -> str | None:
        code = self.new_commune_code.get((new_province_key, ward_key))
        if code is None:
            self.problems.append(
                f"new commune key {ward_key!r} of {new_province_key!r} is not in admin_units"
            )
        else:
            self.targeted.add(code)
        return code

    def map_communes(self) -> None:
        for new_key in self.new_province_code:
            whole = self.converter["DICT_PROVINCE_WARD_NO_DIVIDED"].get(new_key, {})
            for ward_key, full_keys in whole.items():
                new_code = self._new_code(new_key, ward_key)
                for full_key in full_keys:
                    self.times_mapped[full_key] += 1
                    self._map_whole(full_key, new_code)
            divided = self.converter["DICT_PROVINCE_WARD_DIVIDED"].get(new_key, {})
            for full_key, parts in divided.items():
                self.times_mapped[full_key] += 1
                self._map_divided(new_key, full_key, parts)

    def _map_whole(self, full_key: str, new_code: str | None) -> None:
        if full_key not in self.island_district and full_key not in self.old_commune:
            self.problems.append(f"old commune key {full_key!r} {_NOT_LEGACY}")
        elif new_code is None:
            return  # already reported
        elif full_key in self.island_district:
            district = self.island_district[full_key]
            self.island_rows.append(
                UnitMapping(district, Level.DISTRICT, new_code, Level.COMMUNE, True)
            )
        else:
            old_code = self.old_commune[full_key][0]
            self.commune_rows.append(
                UnitMapping(old_code, Level.COMMUNE, new_code, Level.COMMUNE, True)
            )

    def _map_divided(self, new_key: str, full_key: str, parts: list[dict[str, Any]]) -> None:
        if full_key not in self.old_commune:
            self.problems.append(f"divided commune key {full_key!r} {_NOT_LEGACY}")
            return
        defaults = [part for part in parts if part.get("isDefaultNewWard") is True]
        if len(defaults) != 1:
            self.problems.append(f"divided commune {full_key!r} has {len(defaults)} default wards")
        old_code = self.old_commune[full_key][0]
        for part in parts:
            new_code = self._new_code(new_key, str(part.get("newWardKey")))
            if new_code is not None:
                primary = part.get("isDefaultNewWard") is True
                self.commune_rows.append(
                    UnitMapping(old_code, Level.COMMUNE, new_code, Level.COMMUNE, primary)
                )

    def check_complete(self) -> None:
        """Every old commune (or island district) once; every new commune targeted."""
        for full_key in [*self.old_commune, *self.island_district]:
            times = self.times_mapped[full_key]
            if times != 1:
                self.problems.append(
                    f"old unit {full_key!r} is in the converter data {times} times"
                )
        for (new_key, ward_key), code in self.new_commune_code.items():
            if code not in self.targeted:
                self.problems.append(f"new commune {new_key}/{ward_key} ({code}) has no old unit")

    def result(self) -> AdminStructures:
        provinces = sorted(
            (
                UnitMapping(
                    self.old_province_code[old_key],
                    Level.PROVINCE,
                    self.new_province_code[new_key],
                    Level.PROVINCE,
                    True,
                )
                for old_key, new_key in self.old_to_new_province.items()
            ),
            key=lambda m: m.old_code,
        )
        communes = sorted(
            self.commune_rows, key=lambda m: (m.old_code, not m.is_primary, m.new_code)
        )
        return AdminStructures(
            before=self.before,
            after=self.after,
            mapping=[
                *provinces,
                *self._district_rows(),
                *sorted(self.island_rows, key=lambda m: m.old_code),
                *communes,
            ],
            districts_without_communes=sorted(self.island_district.values()),
        )

    def _district_rows(self) -> list[UnitMapping]:
        district_of = {code: district for code, district in self.old_commune.values()}
        targets: dict[str, set[str]] = defaultdict(set)
        received: dict[str, Counter[str]] = defaultdict(Counter)
        for row in self.commune_rows:
            district = district_of[row.old_code]
            targets[district].add(row.new_code)
            if row.is_primary:
                received[district][row.new_code] += 1
        rows: list[UnitMapping] = []
        for district in sorted(targets):
            counts = received[district]
            primary = min(counts, key=lambda code: (-counts[code], code))
            rows.extend(
                UnitMapping(district, Level.DISTRICT, new_code, Level.COMMUNE, new_code == primary)
                for new_code in sorted(targets[district])
            )
        return rows


def _province(code: str, name: str, structure: Structure) -> AdminUnit:
    return AdminUnit(
        code=_check_code(code, 2, "province"),
        name=name,
        level=Level.PROVINCE,
        parent_code=None,
        structure=structure,
        kind_vi=_province_kind(name),
        valid_from=structure.valid_from,
        valid_to=structure.valid_to,
    )


def _commune(code: str, name: str, kind: str, parent: str, structure: Structure) -> AdminUnit:
    return AdminUnit(
        code=_check_code(code, 5, "commune"),
        name=_fix_name(name, kind),
        level=Level.COMMUNE,
        parent_code=parent,
        structure=structure,
        kind_vi=kind,
        valid_from=structure.valid_from,
        valid_to=structure.valid_to,
    )
