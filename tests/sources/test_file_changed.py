"""A run identifies a file by the SHA-256 it took before waiting for the lock; a file that
changes before it is read (replaced by a copy of a file another run has stored meanwhile,
as when the same new export is dropped under a second name while a run waits) ends with a
clear error naming it and nothing written: never a database IntegrityError, nor the
copy's records counted a second time under the digest of what the file held before."""

import shutil

import pytest

from chuyendoiso.engine.sources import SourceInputError
from chuyendoiso.sources.models import SourceFile, SourceRun
from chuyendoiso.sources.services import source_compute

pytestmark = pytest.mark.django_db

HEADER = "id,org_unit,created_at,facility_id,connected\n"


def compute(path, progress=None):
    return source_compute(
        acting_user=None,
        source="health_records",
        inputs=[path],
        period_id="2024",
        progress=progress,
    )


def test_a_file_replaced_by_a_stored_one_before_it_is_read_is_a_clear_error(tmp_path):
    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(HEADER + "H1,05431,2024-01-02,F1,true\n", encoding="utf-8")
    second.write_text(HEADER + "H2,05431,2024-01-03,F2,true\n", encoding="utf-8")
    compute(first)  # the other run, which stored the file while this one waited

    def replaced(message: str) -> None:  # the run has taken the file's SHA-256 already
        if "reading" in message and second.read_bytes() != first.read_bytes():
            shutil.copy(first, second)

    with pytest.raises(SourceInputError) as caught:
        compute(second, progress=replaced)
    assert caught.value.extra["files"] == [str(second.resolve())]
    assert "changed while it was read" in caught.value.message
    assert SourceRun.objects.count() == 1 and SourceFile.objects.count() == 1
    again = compute(second)  # run again: the copy of a stored file adds nothing
    assert again.run is None and [f.path.name for f in again.known_files] == ["b.csv"]


def test_a_file_that_changes_into_new_content_is_refused_too(tmp_path):
    path = tmp_path / "a.csv"
    path.write_text(HEADER + "H1,05431,2024-01-02,F1,true\n", encoding="utf-8")

    def appended(message: str) -> None:
        if "reading" in message:
            with path.open("a", encoding="utf-8") as handle:
                handle.write("H2,05431,2024-01-03,F2,true\n")

    with pytest.raises(SourceInputError) as caught:
        compute(path, progress=appended)
    assert caught.value.extra["files"] == [str(path.resolve())]
    assert not SourceRun.objects.exists()


def test_a_file_stored_meanwhile_without_the_lock_is_a_clear_error(tmp_path):
    # the last guard: a writer that did not take the lock stores the file while it is read
    from chuyendoiso.engine.domain.errors import CdsError
    from chuyendoiso.engine.sources import sha256_of

    first, second = tmp_path / "a.csv", tmp_path / "b.csv"
    first.write_text(HEADER + "H1,05431,2024-01-02,F1,true\n", encoding="utf-8")
    second.write_text(HEADER + "H2,05431,2024-01-03,F2,true\n", encoding="utf-8")
    compute(first)

    def stored_meanwhile(message: str) -> None:
        if "reading" in message and not SourceFile.objects.filter(path="elsewhere/b.csv"):
            SourceFile.objects.create(
                run=SourceRun.objects.get(),
                source="health_records",
                period="2024",
                path="elsewhere/b.csv",
                sha256=sha256_of(second),
                rows=1,
            )

    with pytest.raises(CdsError) as caught:
        compute(second, progress=stored_meanwhile)
    assert "another run stored these files" in caught.value.message
    assert caught.value.extra["files"] == [str(second.resolve())]
    assert SourceRun.objects.count() == 1
