"""Cells of the CSV files the platform writes: what a spreadsheet would run as a formula is
escaped (CSV injection), a plain number is data and stays as it is."""

from __future__ import annotations

import re

# a plain decimal number, as the values file reads it (also what is never a formula)
DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)", re.ASCII)
# a spreadsheet runs a cell that starts with one of these as a formula (CSV injection)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _needs_escape(cell: str) -> bool:
    if cell.startswith("'"):  # so that a cell that starts with the escape comes back too
        return _needs_escape(cell[1:])
    return cell.startswith(FORMULA_STARTS) and not DECIMAL.fullmatch(cell)


def escape_cell(cell: str) -> str:
    """A cell a spreadsheet shows as text: a leading ' before what would start a formula
    (a plain number such as -5 stays as it is). :func:`unescape_cell` gives it back."""
    return "'" + cell if _needs_escape(cell) else cell


def unescape_cell(cell: str) -> str:
    return cell[1:] if cell.startswith("'") and _needs_escape(cell[1:]) else cell
