"""Given a zip file, refuse it before parsing when it could exhaust memory or time.

Only the end-of-central-directory record and the central directory are read, never a member's
data, so refusing a decompression bomb takes a few KiB of memory however much it would unpack to.
"""

from __future__ import annotations

import struct
import zipfile
from pathlib import Path
from typing import BinaryIO

from mandate_etl.errors import ExtractError, UnsafeInputError

MAX_MEMBERS = 2_000
MAX_MEMBER_BYTES = 200 * 1024 * 1024  # uncompressed, one member
MAX_TOTAL_BYTES = 500 * 1024 * 1024  # uncompressed, all members
MAX_RATIO = 200  # uncompressed / compressed, per member above MIN_RATIO_CHECK bytes
MIN_RATIO_CHECK = 1024 * 1024
MAX_DIRECTORY_BYTES = 4 * 1024 * 1024  # the central directory zipfile reads into memory at once
WORD_COMPRESSION = (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED)  # what Word and its peers write

LOCAL_HEADER_SIGNATURE = b"PK\x03\x04"
EOCD = struct.Struct("<4s4H2LH")  # signature, disks, entries here/total, directory size/offset
EOCD_SIGNATURE = b"PK\x05\x06"
EOCD_SEARCH = EOCD.size + 0xFFFF  # the record ends the file, after a comment of up to 64 KiB
ZIP64_LOCATOR = struct.Struct("<4sLQL")  # signature, disk, offset of the zip64 record, disks
ZIP64_LOCATOR_SIGNATURE = b"PK\x06\x07"
ZIP64_EOCD = struct.Struct("<4sQ2H2L4Q")  # ..., entries here/total, directory size/offset
ZIP64_EOCD_SIGNATURE = b"PK\x06\x06"


def check_zip(path: Path, display: str) -> None:
    """Return when the zip's central directory is within the limits; raise UnsafeInputError.

    A file that is not a readable zip at all raises ExtractError.
    """
    entries, directory_bytes = _directory_extent(path, display)
    _check_count(entries, display)
    if directory_bytes > MAX_DIRECTORY_BYTES:
        raise UnsafeInputError(
            f"zip central directory is {directory_bytes} bytes (limit {MAX_DIRECTORY_BYTES})",
            file=display,
        )
    infos = _read_directory(path, display)
    _check_count(len(infos), display)  # the end record may understate it
    for info in infos:
        _check_member(info, display)
    _check_local_headers(path, infos, display)
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise UnsafeInputError(
            f"zip unpacks to {total} bytes (limit {MAX_TOTAL_BYTES}): "
            "refused as a decompression bomb",
            file=display,
        )


def _check_count(members: int, display: str) -> None:
    """Return when the zip holds at most MAX_MEMBERS members; raise UnsafeInputError."""
    if members > MAX_MEMBERS:
        raise UnsafeInputError(f"zip holds {members} members (limit {MAX_MEMBERS})", file=display)


def _read_directory(path: Path, display: str) -> list[zipfile.ZipInfo]:
    """Return the central directory entries of the zip at `path`; raise ExtractError."""
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ExtractError(f"not a readable zip archive ({exc})", file=display) from None


def _check_member(info: zipfile.ZipInfo, display: str) -> None:
    """Return when one member is small, plainly compressed and unencrypted; else raise."""
    name = info.filename
    if info.flag_bits & 0x1:
        raise ExtractError(f"zip member {name} is encrypted (password-protected)", file=display)
    if info.compress_type not in WORD_COMPRESSION:
        raise ExtractError(
            f"zip member {name} uses compression method {info.compress_type}, "
            "which Word documents do not use",
            file=display,
        )
    if info.file_size > MAX_MEMBER_BYTES:
        raise UnsafeInputError(
            f"zip member {name} unpacks to {info.file_size} bytes "
            f"(limit {MAX_MEMBER_BYTES}): refused as a decompression bomb",
            file=display,
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MIN_RATIO_CHECK and ratio > MAX_RATIO:
        raise UnsafeInputError(
            f"zip member {name} compresses {ratio:.0f}:1 (limit {MAX_RATIO}:1): "
            "refused as a decompression bomb",
            file=display,
        )


def _check_local_headers(path: Path, infos: list[zipfile.ZipInfo], display: str) -> None:
    """Return when every member's local header is where the directory says; else ExtractError."""
    with path.open("rb") as handle:
        for info in infos:
            if not _has_local_header(handle, info.header_offset):
                raise ExtractError(
                    f"not a readable zip archive (member {info.filename} is not where the "
                    "directory says: the file is damaged)",
                    file=display,
                )


def _has_local_header(handle: BinaryIO, offset: int) -> bool:
    """True when a member's local header signature is at `offset` of the file."""
    try:
        handle.seek(offset)
    except (OSError, OverflowError, ValueError):  # negative or absurd offsets
        return False
    return handle.read(len(LOCAL_HEADER_SIGNATURE)) == LOCAL_HEADER_SIGNATURE


def _directory_extent(path: Path, display: str) -> tuple[int, int]:
    """Return the (entry count, byte size) the end records declare for the central directory."""
    try:
        with path.open("rb") as handle:
            tail = _read_tail(handle)
            at = tail.rfind(EOCD_SIGNATURE)
            if at < 0 or len(tail) - at < EOCD.size:
                raise ExtractError(
                    "not a readable zip archive (no end of central directory; truncated?)",
                    file=display,
                )
            fields = EOCD.unpack_from(tail, at)
            entries, size = fields[4], fields[5]
            if entries == 0xFFFF or size == 0xFFFFFFFF:
                return _zip64_extent(handle, tail, at, display)
            return entries, size
    except OSError as exc:
        raise ExtractError(f"cannot read file ({exc.strerror})", file=display) from None


def _read_tail(handle: BinaryIO) -> bytes:
    """Return the last bytes of the file, where the end-of-central-directory record must be."""
    size = handle.seek(0, 2)
    handle.seek(max(0, size - EOCD_SEARCH))
    return handle.read()


def _zip64_extent(handle: BinaryIO, tail: bytes, at: int, display: str) -> tuple[int, int]:
    """Return the (entry count, byte size) of the central directory from the zip64 records."""
    locator_at = at - ZIP64_LOCATOR.size
    if locator_at < 0 or tail[locator_at : locator_at + 4] != ZIP64_LOCATOR_SIGNATURE:
        raise ExtractError("not a readable zip archive (zip64 locator missing)", file=display)
    record_offset = ZIP64_LOCATOR.unpack_from(tail, locator_at)[2]
    handle.seek(record_offset)
    record = handle.read(ZIP64_EOCD.size)
    if len(record) < ZIP64_EOCD.size or not record.startswith(ZIP64_EOCD_SIGNATURE):
        raise ExtractError("not a readable zip archive (zip64 record missing)", file=display)
    fields = ZIP64_EOCD.unpack(record)
    return fields[7], fields[8]
