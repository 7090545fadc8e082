"""Fixtures of the source-connector tests: Thái Nguyên's org units and the shipped definitions."""

from pathlib import Path

import pytest

from chuyendoiso.engine.domain.adminunits import Structure
from chuyendoiso.engine.domain.adminunits_package import load_structures
from chuyendoiso.engine.files.catalog_file import read_catalog
from chuyendoiso.engine.sources.definitions import SourceDefinition
from chuyendoiso.engine.sources.definitions_file import read_source

PROJECT = Path(__file__).resolve().parents[3]
SOURCES_DIR = PROJECT / "data" / "sources"
CATALOG = PROJECT / "data" / "catalog" / "catalog.yaml"


@pytest.fixture(scope="session")
def structures():
    return load_structures(["19"])


@pytest.fixture(scope="session")
def thai_nguyen_2024(structures) -> list[str]:
    """Codes of the old Thái Nguyên (19, its 9 districts, its 172 communes), as in 2024."""
    return structures.codes_under("19", Structure.BEFORE_2025)


@pytest.fixture(scope="session")
def known_units(structures) -> set[str]:
    """Every code of both structures (old and new), as the Django side would pass them."""
    return {u.code for u in structures.before} | {u.code for u in structures.after}


@pytest.fixture(scope="session")
def catalog():
    return read_catalog(CATALOG)


def shipped(name: str) -> SourceDefinition:
    return read_source(SOURCES_DIR / f"{name}.yaml")


@pytest.fixture(scope="session")
def dossiers() -> SourceDefinition:
    return shipped("dossiers")
