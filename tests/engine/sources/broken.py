"""Files full of broken records, in every format, with the reason each record must get."""

import csv
import io
import json
from pathlib import Path

import duckdb

DOSSIER_COLUMNS = [
    "id",
    "org_unit",
    "received_at",
    "status",
    "channel",
    "due_at",
    "processed_at",
    "has_electronic_result",
    "is_digitised",
    "reused_digitised_data",
    "fully_online",
]

GOOD = {
    "id": "G1",
    "org_unit": "19",
    "received_at": "2024-01-05 08:00:00",
    "status": "returned",
    "channel": "online",
    "due_at": "2024-01-10 08:00:00",
    "processed_at": "2024-01-06 09:00:00",
    "has_electronic_result": "true",
    "is_digitised": "true",
    "reused_digitised_data": "false",
    "fully_online": "true",
}

# (changes to GOOD, expected reason or None, column the reason names)
DOSSIER_ROWS = [
    ({}, None, None),
    ({"id": None}, "missing_id", "id"),
    ({"id": ""}, "missing_id", "id"),
    ({"id": "B3", "org_unit": "99999"}, "unknown_org_unit", "org_unit"),
    ({"id": "B4", "org_unit": None}, "missing_value", "org_unit"),
    ({"id": "B5", "received_at": "05/01/2024"}, "invalid_date", "received_at"),
    ({"id": "B6", "received_at": "2024-02-30 08:00:00"}, "invalid_date", "received_at"),
    ({"id": "B7", "received_at": "2024-01-05 25:00:00"}, "invalid_date", "received_at"),
    ({"id": "B8", "status": "done"}, "invalid_value", "status"),
    ({"id": "B9", "channel": None}, "missing_value", "channel"),
    ({"id": "B10", "due_at": "soon"}, "invalid_date", "due_at"),
    ({"id": "B11", "processed_at": "2024-13-01"}, "invalid_date", "processed_at"),
    ({"id": "B12", "has_electronic_result": "maybe"}, "invalid_value", "has_electronic_result"),
    ({}, "duplicate_id", "id"),  # G1 again
    ({"id": "G2", "channel": "DIRECT", "has_electronic_result": "0"}, None, None),
    ({"id": "G2", "channel": "fax"}, "invalid_value", "channel"),  # first problem wins
    ({"id": "G2", "org_unit": "164"}, "duplicate_id", "id"),
    (
        {
            "id": "G3",
            "received_at": "2023-12-31 23:59:59",
            "processed_at": None,
            "status": "in_progress",
        },
        None,
        None,
    ),  # accepted, outside the period
    ({"id": "B18", "received_at": "2024-01-05 08:00:00+07:00"}, "invalid_date", "received_at"),
]


def dossier_records() -> list[dict[str, str | None]]:
    return [{**GOOD, **changes} for changes, _, _ in DOSSIER_ROWS]


def expected_reasons() -> list[tuple[int, str, str]]:
    """(row, reason, column) of every rejected record, rows numbered from 1."""
    return [
        (row, reason, column)
        for row, (_, reason, column) in enumerate(DOSSIER_ROWS, start=1)
        if reason is not None
    ]


def write_csv(path: Path, records: list[dict[str, str | None]], columns: list[str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for record in records:
            writer.writerow(["" if record[c] is None else record[c] for c in columns])
    return path


def write_jsonl(path: Path, records: list[dict[str, str | None]], columns: list[str]) -> Path:
    with path.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps({c: record[c] for c in columns}, ensure_ascii=False) + "\n")
    return path


def write_text_parquet(
    path: Path, records: list[dict[str, str | None]], columns: list[str]
) -> Path:
    """A Parquet file whose columns are all text (as some exports are)."""
    source = path.with_suffix(".tmp.jsonl")
    write_jsonl(source, records, columns)
    spec = ", ".join(f"'{c}': 'VARCHAR'" for c in columns)
    duckdb.sql(
        f"COPY (SELECT * FROM read_json('{source}', format = 'newline_delimited', "
        f"columns = {{{spec}}})) TO '{path}' (FORMAT parquet)"
    )
    source.unlink()
    return path


def write_typed_payments(path: Path) -> tuple[Path, list[tuple[int, str, str]]]:
    """Typed Parquet payments (timestamp, decimal) with the problems types can still carry."""
    duckdb.sql(
        f"""COPY (SELECT * FROM (VALUES
            ('P1', '19', TIMESTAMP '2024-02-01 10:00:00', 'pos', 150000.00::DECIMAL(18, 2)),
            ('P2', '19', TIMESTAMP '2024-02-01 10:00:00', 'atm', -5.00::DECIMAL(18, 2)),
            (NULL, '19', TIMESTAMP '2024-02-01 10:00:00', 'atm', 5.00::DECIMAL(18, 2)),
            ('P4', '19', NULL, 'atm', 5.00::DECIMAL(18, 2)),
            ('P5', '123456', TIMESTAMP '2024-02-01 10:00:00', 'atm', 5.00::DECIMAL(18, 2)),
            ('P1', '164', TIMESTAMP '2024-02-02 10:00:00', 'pos', 7.00::DECIMAL(18, 2)),
            ('P7', '164', TIMESTAMP '2024-02-02 10:00:00', 'cash', 7.00::DECIMAL(18, 2)),
            ('P8', '164', TIMESTAMP '2024-02-02 10:00:00', 'mobile_money', 9.00::DECIMAL(18, 2))
        ) AS t(id, org_unit, paid_at, channel, amount)) TO '{path}' (FORMAT parquet)"""
    )
    return path, [
        (2, "negative_amount", "amount"),
        (3, "missing_id", "id"),
        (4, "missing_value", "paid_at"),
        (5, "unknown_org_unit", "org_unit"),
        (6, "duplicate_id", "id"),
        (7, "invalid_value", "channel"),
    ]


FORMULA_ID = "=cmd|' /C calc'!A0"
LONG_VALUE_BYTES = 2_100_000  # over the reader's 2,000,000-byte line limit


def _line(record: dict[str, str | None], columns: list[str]) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow(
        ["" if record[c] is None else record[c] for c in columns]
    )
    return out.getvalue()


def write_malformed_csv(folder: Path) -> tuple[Path, Path, list[tuple[int, str]]]:
    """A dossier CSV with malformed lines among good records (the last one an unterminated
    quote, which runs to the end of the file), the same file without the malformed lines,
    and (row, reason) of every record quarantined, rows numbered from 1."""
    columns = [*DOSSIER_COLUMNS, "procedure_code"]
    good = [
        {
            **GOOD,
            "id": f"G{n}",
            "org_unit": "19" if n % 3 else "164",
            "channel": "online" if n % 2 else "direct",
            "has_electronic_result": "true" if n % 4 else "false",
            "procedure_code": f'1.{n}\nsecond line, "quoted"' if n == 5 else f"1.{n}",
        }
        for n in range(1, 13)
    ]
    good.insert(7, {**GOOD, "id": FORMULA_ID, "org_unit": "99999", "procedure_code": "x"})
    plain = _line(good[0], columns).rstrip("\n")
    malformed = {
        2: plain.replace("G1,", "B1,") + ",one field too many",
        3: "B2,19",
        4: "B3,19",  # two malformed records in a row
        7: plain.replace("G1,", "B4,") + "x" * LONG_VALUE_BYTES,
        11: plain.replace("G1,", '"B5"x,'),
    }
    lines, expected = [], []
    records = iter(good)
    for row in range(1, len(good) + len(malformed) + 1):
        if row in malformed:
            lines.append(malformed[row] + "\n")
            expected.append((row, "malformed_line"))
            continue
        record = next(records)
        lines.append(_line(record, columns))
        if record["id"] == FORMULA_ID:
            expected.append((row, "unknown_org_unit"))
    header = ",".join(columns) + "\n"
    unclosed = 'B6,19,"never closed,2024-01-05\nG99,19\n'
    expected.append((len(lines) + 1, "malformed_line"))
    path = folder / "with-malformed.csv"
    path.write_text(header + "".join(lines) + unclosed, encoding="utf-8")
    clean = folder / "without.csv"
    clean.write_text(header + "".join(_line(r, columns) for r in good), encoding="utf-8")
    return path, clean, expected
