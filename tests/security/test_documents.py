"""Hostile documents, built here (never stored): each is refused in under 2 s and 300 MB,
measured in a fresh process: the peak (VmHWM) of every process under it (the fork server
and the document's worker) while it works, and its own."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.reader import Limits, factcheck_untrusted

from ..engine.reader.support import catalog

MB = 1024 * 1024
PROJECT = Path(__file__).resolve().parents[2]
LIMITS = Limits()  # the defaults, which the settings also default to


def _docx_bomb(inflated: int) -> bytes:
    """A DOCX whose document.xml inflates to ``inflated`` bytes of repeated text."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            block = b"<w:p><w:r><w:t>1.567.705 thu\xc3\xaa bao</w:t></w:r></w:p>" * 20_000
            for _ in range(inflated // len(block)):
                part.write(block)
    return buffer.getvalue()


def _pdf_pages(count: int) -> bytes:
    """A valid PDF of ``count`` empty pages."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>"]
    kids = " ".join(f"{3 + i} 0 R" for i in range(count)).encode()
    objects.append(b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % count)
    objects += [b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 10 10] >>"] * count
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    out.write(b"".join(b"%010d 00000 n \n" % offset for offset in offsets))
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def _text() -> str:
    return "Toàn tỉnh có 1.567.705 thuê bao di động. " * (5 * MB // 42)


BUILDERS = {
    "docx": lambda: (_docx_bomb(1024 * MB), "bom.docx"),
    "pdf": lambda: (_pdf_pages(50_000), "trang.pdf"),
    "pasted": lambda: (_text(), ""),
    "txt": lambda: (_text().encode(), "dai.txt"),
}
# Run in a fresh process, so that its children are only the worker of this document.
PROBE = """
import json, os, sys, threading, time
from chuyendoiso.engine.domain.errors import ValidationError
from chuyendoiso.engine.reader import factcheck_untrusted
from tests.security.test_documents import BUILDERS, LIMITS, catalog

def peak_of(pid):
    with open(f"/proc/{pid}/status") as status:
        line = next(line for line in status if line.startswith("VmHWM:"))
    return int(line.split()[1]) / 1024

def descendants(pid):
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as children:
            for child in map(int, children.read().split()):
                yield child
                yield from descendants(child)

peaks = {}
done = threading.Event()
def watch():  # a worker's peak is read while it lives: /proc forgets it when it ends
    while not done.is_set():
        for pid in list(descendants(os.getpid())):
            try:
                peaks[pid] = max(peaks.get(pid, 0), peak_of(pid))
            except (OSError, StopIteration):
                pass
        time.sleep(0.002)
watcher = threading.Thread(target=watch)
watcher.start()
source, filename = BUILDERS[sys.argv[1]]()
found = catalog()
started = time.perf_counter()
try:
    factcheck_untrusted(source, filename, found, limits=LIMITS)
    error = {}
except ValidationError as refused:
    error = refused.extra
elapsed = time.perf_counter() - started
done.set()
watcher.join()
print(json.dumps({"elapsed": elapsed, "error": error, "self": peak_of(os.getpid()),
                  "children": max(peaks.values(), default=0), "seen": len(peaks)}, default=str))
"""


def _refused(case: str, limit: str, *, in_worker: bool = True) -> dict[str, object]:
    probe = subprocess.run(
        [sys.executable, "-c", PROBE, case],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(PROJECT / "src"), str(PROJECT)])},
        check=True,
    )
    seen = json.loads(probe.stdout)
    assert seen["error"].get("limit") == limit, seen
    assert seen["seen"] >= 1 if in_worker else seen["seen"] == 0, seen
    assert seen["children"] < 300, f"a process under the caller peaked at {seen['children']:.0f} MB"
    assert seen["self"] < 300, f"the caller peaked at {seen['self']:.0f} MB"
    return dict(seen["error"])


def test_a_docx_that_inflates_to_a_gigabyte_is_refused_in_seconds():
    assert len(BUILDERS["docx"]()[0]) < 5 * MB
    error = _refused("docx", "max_inflated_mb")
    assert error["file"] == "bom.docx" and error["maximum"] == 100


def test_a_docx_refused_by_its_inflated_size_whatever_its_ratio():
    bomb = _docx_bomb(200 * MB)
    limits = Limits(max_inflated_mb=10, max_ratio=10**9)
    with pytest.raises(ValidationError) as refused:
        factcheck_untrusted(bomb, "an.docx", catalog(), limits=limits)
    assert refused.value.extra["limit"] == "max_inflated_mb"


def test_a_docx_refused_by_its_compression_ratio():
    bomb = _docx_bomb(20 * MB)
    with pytest.raises(ValidationError) as refused:
        factcheck_untrusted(bomb, "nen.docx", catalog(), limits=LIMITS)
    assert refused.value.extra["limit"] == "max_ratio"
    assert refused.value.extra["part"] == "word/document.xml"


def test_a_pdf_of_fifty_thousand_pages_is_refused_by_its_page_count():
    assert _refused("pdf", "max_pages")["found"] == 50_000


def test_five_megabytes_of_text_are_refused_by_length():
    assert len(_text()) > 5_000_000
    _refused("pasted", "max_chars", in_worker=False)  # refused before the worker
    _refused("txt", "max_chars")


def test_a_worker_over_its_cpu_time_is_stopped_and_named():
    text = "Toàn tỉnh có 1.567.705 thuê bao di động, tăng 5% so với cùng kỳ. " * 30_000
    limits = Limits(cpu_seconds=1, timeout_seconds=30)
    with pytest.raises(ValidationError) as refused:
        factcheck_untrusted(text, "", catalog(), limits=limits)
    assert refused.value.extra["limit"] == "cpu_seconds"


def test_a_worker_over_its_wall_clock_time_is_stopped_and_named():
    text = "Toàn tỉnh có 1.567.705 thuê bao di động, tăng 5% so với cùng kỳ. " * 30_000
    started = time.perf_counter()
    with pytest.raises(ValidationError) as refused:
        factcheck_untrusted(text, "", catalog(), limits=Limits(timeout_seconds=0.5))
    assert refused.value.extra["limit"] == "timeout_seconds"
    # stopped: the whole text would take minutes (a bound that no busy machine reaches)
    assert time.perf_counter() - started < 30


def test_a_worker_out_of_memory_is_refused_naming_the_limit():
    text = "Toàn tỉnh có 1.567.705 thuê bao di động. " * 20_000
    with pytest.raises(ValidationError) as refused:
        factcheck_untrusted(text, "", catalog(), limits=Limits(memory_mb=120))
    assert refused.value.extra["limit"] == "memory_mb"


def test_an_ordinary_document_is_read_in_the_worker():
    text = "Toàn tỉnh có 1.567.705 thuê bao di động, trong đó 1.182.686 thuê bao 4G."
    result = factcheck_untrusted(text.encode(), "bao-cao.txt", catalog(), limits=LIMITS)
    assert [f.value for f in result.figures][:2] == [1_567_705, 1_182_686]
    assert result.matches[0].indicator is not None
