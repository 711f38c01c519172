"""Given a zip file, refuse it before parsing when it could exhaust memory or time.

Only the end-of-central-directory record and the central directory are read, never a member's
data, so refusing a decompression bomb takes a few KiB of memory however much it would unpack to.
The end record is found as zip readers find it: the last one whose comment runs exactly to the
end of the file, so a comment that happens to hold the record's signature hides nothing.
"""

from __future__ import annotations

import collections
import io
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


def open_checked_zip(path: Path) -> zipfile.ZipFile:
    """Return the zip at `path` opened for reading, once it is within the limits.

    Raise UnsafeInputError for a bomb or a trick (two members of one name), ExtractError for a
    file that is not a readable zip at all.
    """
    source = _zip_source(path)
    infos = _read_directory(source)
    _check_count(len(infos))  # the end record may understate it
    _check_unique_names(infos)
    for info in infos:
        _check_member(info)
    _check_local_headers(path, infos)
    total = sum(info.file_size for info in infos)
    if total > MAX_TOTAL_BYTES:
        raise UnsafeInputError(
            f"zip unpacks to {total} bytes (limit {MAX_TOTAL_BYTES}): refused as a decompression bomb"
        )
    return zipfile.ZipFile(source)


def _zip_source(path: Path) -> Path | io.BytesIO:
    """Return what zipfile should open: the file, or a copy without a misleading comment.

    zipfile takes the last end-record signature in the file's tail for the record, so when the
    comment holds one, it is handed a copy that ends with the true record and no comment.
    """
    end, entries, directory_bytes, comment_bytes = _end_record(path)
    _check_count(entries)
    if directory_bytes > MAX_DIRECTORY_BYTES:
        raise UnsafeInputError(
            f"zip central directory is {directory_bytes} bytes (limit {MAX_DIRECTORY_BYTES})"
        )
    if EOCD_SIGNATURE not in comment_bytes:
        return path
    data = path.read_bytes()[: end + EOCD.size]
    return io.BytesIO(data[:-2] + b"\0\0")  # the record's last field: comment length


def _check_count(members: int) -> None:
    """Return when the zip holds at most MAX_MEMBERS members; raise UnsafeInputError."""
    if members > MAX_MEMBERS:
        raise UnsafeInputError(f"zip holds {members} members (limit {MAX_MEMBERS})")


def _check_unique_names(infos: list[zipfile.ZipInfo]) -> None:
    """Return when no two members share a name (part names ignore case); else UnsafeInputError.

    Readers disagree on which of two same-named members they read, so the file is ambiguous.
    """
    counts = collections.Counter(info.filename.lower() for info in infos)
    for info in infos:
        if counts[info.filename.lower()] > 1:
            raise UnsafeInputError(f"two members named {info.filename}")


def _read_directory(source: Path | io.BytesIO) -> list[zipfile.ZipInfo]:
    """Return the central directory entries of the zip `source`; raise ExtractError."""
    try:
        with zipfile.ZipFile(source) as archive:
            return archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise ExtractError(f"not a readable zip archive ({exc})") from None


def _check_member(info: zipfile.ZipInfo) -> None:
    """Return when one member is small, plainly compressed and unencrypted; else raise."""
    name = info.filename
    if info.flag_bits & 0x1:
        raise ExtractError(f"zip member {name} is encrypted (password-protected)")
    if info.compress_type not in WORD_COMPRESSION:
        raise ExtractError(
            f"zip member {name} uses compression method {info.compress_type}, which Word documents do not use"
        )
    if info.file_size > MAX_MEMBER_BYTES:
        raise UnsafeInputError(
            f"zip member {name} unpacks to {info.file_size} bytes "
            f"(limit {MAX_MEMBER_BYTES}): refused as a decompression bomb"
        )
    ratio = info.file_size / max(info.compress_size, 1)
    if info.file_size > MIN_RATIO_CHECK and ratio > MAX_RATIO:
        raise UnsafeInputError(
            f"zip member {name} compresses {ratio:.0f}:1 (limit {MAX_RATIO}:1): "
            "refused as a decompression bomb"
        )


def _check_local_headers(path: Path, infos: list[zipfile.ZipInfo]) -> None:
    """Return when every member's local header is where the directory says; else ExtractError."""
    with path.open("rb") as handle:
        for info in infos:
            if not _has_local_header(handle, info.header_offset):
                raise ExtractError(
                    f"not a readable zip archive (member {info.filename} is not where the "
                    "directory says: the file is damaged)"
                )


def _has_local_header(handle: BinaryIO, offset: int) -> bool:
    """True when a member's local header signature is at `offset` of the file."""
    try:
        handle.seek(offset)
    except (OSError, OverflowError, ValueError):  # negative or absurd offsets
        return False
    return handle.read(len(LOCAL_HEADER_SIGNATURE)) == LOCAL_HEADER_SIGNATURE


def _end_record(path: Path) -> tuple[int, int, int, bytes]:
    """Return (offset, entry count, directory bytes, comment) of the zip's end record.

    The record is the last one whose comment length reaches exactly the end of the file; when
    none does (bytes appended after the archive), the last complete one.
    """
    try:
        with path.open("rb") as handle:
            size = handle.seek(0, 2)
            tail = _read_tail(handle)
            base = size - len(tail)
            at = _end_record_offset(tail, base)
            fields = EOCD.unpack_from(tail, at)
            entries, directory, comment = fields[4], fields[5], tail[at + EOCD.size :]
            if entries == 0xFFFF or directory == 0xFFFFFFFF:
                entries, directory = _zip64_extent(handle, tail, at)
            return base + at, entries, directory, comment
    except OSError as exc:
        raise ExtractError(f"cannot read file ({exc.strerror})") from None


def _end_record_offset(tail: bytes, base: int) -> int:
    """Return where in `tail` (at file offset `base`) the end record starts; raise ExtractError.

    A record is valid when its comment runs exactly to the end of the file and the directory
    it declares ends where it starts (or it defers to the zip64 record).
    """
    complete = []
    at = tail.rfind(EOCD_SIGNATURE)
    while at >= 0:
        if len(tail) - at >= EOCD.size:
            fields = EOCD.unpack_from(tail, at)
            size, offset, comment = fields[5], fields[6], fields[7]
            ends_file = at + EOCD.size + comment == len(tail)
            zip64 = fields[4] == 0xFFFF or size == 0xFFFFFFFF or offset == 0xFFFFFFFF
            if ends_file and (zip64 or offset + size == base + at):
                return at
            complete.append(at)
        at = tail.rfind(EOCD_SIGNATURE, 0, at)
    if not complete:
        raise ExtractError("not a readable zip archive (no end of central directory; truncated?)")
    return complete[0]


def _read_tail(handle: BinaryIO) -> bytes:
    """Return the last bytes of the file, where the end-of-central-directory record must be."""
    size = handle.seek(0, 2)
    handle.seek(max(0, size - EOCD_SEARCH))
    return handle.read()


def _zip64_extent(handle: BinaryIO, tail: bytes, at: int) -> tuple[int, int]:
    """Return the (entry count, byte size) of the central directory from the zip64 records."""
    locator_at = at - ZIP64_LOCATOR.size
    if locator_at < 0 or tail[locator_at : locator_at + 4] != ZIP64_LOCATOR_SIGNATURE:
        raise ExtractError("not a readable zip archive (zip64 locator missing)")
    record_offset = ZIP64_LOCATOR.unpack_from(tail, locator_at)[2]
    handle.seek(record_offset)
    record = handle.read(ZIP64_EOCD.size)
    if len(record) < ZIP64_EOCD.size or not record.startswith(ZIP64_EOCD_SIGNATURE):
        raise ExtractError("not a readable zip archive (zip64 record missing)")
    fields = ZIP64_EOCD.unpack(record)
    return fields[7], fields[8]
