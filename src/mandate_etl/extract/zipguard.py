"""Given a zip file, refuse it before parsing when it could exhaust memory or time."""

from __future__ import annotations

import zipfile
from pathlib import Path

from mandate_etl.errors import UnsafeInputError

MAX_MEMBERS = 2_000
MAX_MEMBER_BYTES = 200 * 1024 * 1024  # uncompressed, one member
MAX_TOTAL_BYTES = 500 * 1024 * 1024  # uncompressed, all members
MAX_RATIO = 200  # uncompressed / compressed, per member above MIN_RATIO_CHECK bytes
MIN_RATIO_CHECK = 1024 * 1024


def check_zip(path: Path, display: str) -> None:
    """Return when the zip's central directory is within the limits; raise UnsafeInputError."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise UnsafeInputError(f"not a readable zip archive ({exc})", file=display) from None
    if len(infos) > MAX_MEMBERS:
        raise UnsafeInputError(f"zip holds {len(infos)} members (limit {MAX_MEMBERS})", file=display)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > MAX_MEMBER_BYTES:
            raise UnsafeInputError(
                f"zip member {info.filename} unpacks to {info.file_size} bytes "
                f"(limit {MAX_MEMBER_BYTES}): refused as a decompression bomb",
                file=display,
            )
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > MIN_RATIO_CHECK and ratio > MAX_RATIO:
            raise UnsafeInputError(
                f"zip member {info.filename} compresses {ratio:.0f}:1 (limit {MAX_RATIO}:1): "
                "refused as a decompression bomb",
                file=display,
            )
    if total > MAX_TOTAL_BYTES:
        raise UnsafeInputError(
            f"zip unpacks to {total} bytes (limit {MAX_TOTAL_BYTES}): refused as a decompression bomb",
            file=display,
        )
