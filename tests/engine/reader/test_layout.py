"""The reader's code stays in short modules, one a phase (docs/reader.md)."""

from __future__ import annotations

from pathlib import Path

import chuyendoiso.engine.reader as reader

LIMIT = 400


def test_every_module_of_the_reader_is_under_the_limit():
    folder = Path(reader.__file__).parent
    sizes = {
        path.relative_to(folder).as_posix(): len(path.read_text(encoding="utf-8").splitlines())
        for path in folder.rglob("*.py")
    }
    assert len(sizes) > 20
    assert {name: n for name, n in sizes.items() if n >= LIMIT} == {}


def test_each_step_is_split_by_phase():
    folder = Path(reader.__file__).parent
    for package, phases in {
        "extract": {"figures", "changes", "context", "relations", "shares", "periods", "goals"},
        "check": {"shares", "parts", "changes", "repeats", "quantities", "ranges", "stored"},
        "match": {"profiles", "score", "choose"},
    }.items():
        assert phases <= {p.stem for p in (folder / package).glob("*.py")}
