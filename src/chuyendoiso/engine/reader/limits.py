"""The limits of reading an untrusted document, and the sizes counted before it is read.

A document over a limit is refused with a ``ValidationError`` naming the limit (``limit``:
its name, ``maximum``: its value) before the expensive work starts: a DOCX's zip parts are
counted by their declared and their actual inflated sizes (inflating stops at the limit),
a PDF's pages by its page tree, a text by its length. See docs/reader.md.
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass

from chuyendoiso.engine.domain.errors import ValidationError

MIB = 1024 * 1024
_CHUNK = MIB


@dataclass(frozen=True)
class Limits:
    memory_mb: int = 2048  # address space of the worker process (RLIMIT_AS)
    cpu_seconds: int = 60  # CPU time of the worker (RLIMIT_CPU)
    timeout_seconds: float = 90.0  # wall-clock time of the worker
    max_chars: int = 3_000_000  # characters of text read
    max_inflated_mb: int = 100  # sum of a DOCX's parts once inflated
    max_ratio: int = 100  # inflated / compressed size of one DOCX part over 1 MB
    max_pages: int = 2000  # pages of a PDF


def refused(
    what: str, limit: str, maximum: int | float, filename: str, **extra: object
) -> ValidationError:
    return ValidationError(
        f"Tài liệu vượt giới hạn {limit}: {what} (tối đa {maximum}) "
        f"/ the document exceeds the {limit} limit (at most {maximum})",
        file=filename,
        limit=limit,
        maximum=maximum,
        **extra,
    )


def check_text(text: str, limits: Limits, filename: str = "") -> None:
    if len(text) > limits.max_chars:
        raise refused("số ký tự", "max_chars", limits.max_chars, filename, found=len(text))


def check_docx(data: bytes, limits: Limits, filename: str = "") -> None:
    """The zip parts' declared sizes, each part's ratio, then their actual inflated sizes."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        parts = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise ValidationError(f"Tệp DOCX bị hỏng / a damaged DOCX: {exc}", file=filename) from exc
    budget = limits.max_inflated_mb * MIB
    declared = sum(part.file_size for part in parts)
    if declared > budget:
        raise refused("dung lượng giải nén", "max_inflated_mb", limits.max_inflated_mb, filename)
    for part in parts:
        if part.file_size > MIB and part.file_size > limits.max_ratio * max(part.compress_size, 1):
            raise refused("tỷ lệ nén", "max_ratio", limits.max_ratio, filename, part=part.filename)
    inflated = 0
    for part in parts:  # a part may hold more than it declares
        try:
            with archive.open(part) as stream:
                while chunk := stream.read(_CHUNK):
                    inflated += len(chunk)
                    if inflated > budget:
                        raise refused(
                            "dung lượng giải nén",
                            "max_inflated_mb",
                            limits.max_inflated_mb,
                            filename,
                        )
        except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError) as exc:
            raise ValidationError(
                f"Tệp DOCX bị hỏng / a damaged DOCX: {exc}", file=filename, part=part.filename
            ) from exc


def check_pages(count: int, limits: Limits, filename: str = "") -> None:
    if count > limits.max_pages:
        raise refused("số trang", "max_pages", limits.max_pages, filename, found=count)
