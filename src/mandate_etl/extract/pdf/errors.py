"""The ways a PDF is refused before its table is looked for."""

from __future__ import annotations

from mandate_etl.errors import ExtractError


class EncryptedPdfError(ExtractError):
    """The PDF is encrypted and needs a password to be read."""

    code = "E-ENCRYPTED"


class NoTextLayerError(ExtractError):
    """The PDF holds no text to read (a scan or images only)."""

    code = "E-NO-TEXT"
