"""Cap what pdfminer may inflate, so that a small PDF whose streams inflate to a gigabyte is
refused before it fills memory.

pdfminer inflates a FlateDecode stream whole (`zlib.decompress`). `capped_streams()` gives its
module a zlib whose output stops at the caps: one stream at most MAX_STREAM_BYTES, one document
at most MAX_DOCUMENT_BYTES in all. A report's page streams are tens of kilobytes.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pdfminer.pdftypes

MAX_STREAM_BYTES = 64 * 1024 * 1024
MAX_DOCUMENT_BYTES = 256 * 1024 * 1024


class StreamTooLargeError(Exception):
    """A stream inflates past the caps (not a zlib.error, so pdfminer does not swallow it)."""


class _Budget:
    """What the document being read may still inflate."""

    left = MAX_DOCUMENT_BYTES

    @classmethod
    def allow(cls) -> int:
        """Return how many bytes the next stream may inflate to."""
        return max(min(MAX_STREAM_BYTES, cls.left), 0)

    @classmethod
    def spend(cls, size: int) -> None:
        """Count `size` inflated bytes; raise StreamTooLargeError past the document's cap."""
        cls.left -= size
        if cls.left < 0:
            raise StreamTooLargeError(f"its streams inflate past {MAX_DOCUMENT_BYTES >> 20} MB")


class _CappedDecompressor:
    """A zlib decompressor whose output counts against the budget (pdfminer's repair path)."""

    def __init__(self) -> None:
        self._inner = zlib.decompressobj()

    def decompress(self, data: bytes, max_length: int = 0) -> bytes:
        out = self._inner.decompress(data, _Budget.allow() + 1)
        if len(out) > _Budget.allow():
            raise StreamTooLargeError(f"a stream inflates past {MAX_STREAM_BYTES >> 20} MB")
        _Budget.spend(len(out))
        return out

    def __getattr__(self, name: str) -> Any:
        return getattr(self._inner, name)


class _CappedZlib:
    """The part of the zlib module pdfminer uses, with inflation capped."""

    error = zlib.error

    @staticmethod
    def decompress(data: bytes, *args: Any, **kwargs: Any) -> bytes:
        """Inflate `data` whole, as zlib.decompress does, within the caps."""
        allowed = _Budget.allow()
        inflater = zlib.decompressobj()
        out = inflater.decompress(data, allowed + 1)
        if len(out) > allowed:
            raise StreamTooLargeError(f"a stream inflates past {allowed >> 20} MB")
        if not inflater.eof:
            raise zlib.error("incomplete or truncated stream")
        _Budget.spend(len(out))
        return out

    @staticmethod
    def decompressobj(*args: Any, **kwargs: Any) -> _CappedDecompressor:
        """Return a decompressor whose output counts against the caps."""
        return _CappedDecompressor()


@contextmanager
def capped_streams() -> Iterator[None]:
    """Within the block, pdfminer inflates streams within the caps (a fresh document budget)."""
    saved = pdfminer.pdftypes.zlib  # type: ignore[attr-defined]
    pdfminer.pdftypes.zlib = _CappedZlib  # type: ignore[attr-defined,assignment]
    _Budget.left = MAX_DOCUMENT_BYTES
    try:
        yield
    finally:
        pdfminer.pdftypes.zlib = saved  # type: ignore[attr-defined]
