"""One error root, one subclass per stage; every message names the file and the location."""

from __future__ import annotations


class MandateEtlError(Exception):
    """Root of every error this package raises on purpose.

    `file` and `location` are kept as attributes and put in the message, so the CLI can print
    one line `<file>: <location>: <reason>` and tests can assert on the parts.
    """

    code = "E-INPUT"
    trace: str | None = None  # a worker's traceback of an unexpected failure, shown with --debug

    def __init__(self, reason: str, *, file: str | None = None, location: str | None = None):
        self.reason = " ".join(reason.splitlines())  # library messages may wrap; ours is one line
        self.file = file
        self.location = location
        super().__init__(self.one_line())

    def one_line(self) -> str:
        """Return `file: location: reason`, leaving out the parts that are unknown."""
        parts = [p for p in (self.file, self.location) if p]
        return ": ".join([*parts, self.reason])

    def __reduce__(self) -> tuple[object, ...]:
        """Return how pickle rebuilds this error in another process, with file and location."""
        # Only plain values cross: a library object held by a subclass (an lxml error log, say)
        # may not pickle, and the error must still reach the parent as its one line.
        state = {k: v for k, v in self.__dict__.items() if isinstance(v, _PLAIN)}
        return (_rebuild_error, (type(self), state))


_PLAIN = (str, int, float, bool, type(None))


def _rebuild_error(cls: type[MandateEtlError], state: dict[str, object]) -> MandateEtlError:
    """Return an error of class `cls` with the attributes in `state` (any `__init__` signature)."""
    error = cls.__new__(cls)
    error.__dict__.update(state)
    error.args = (error.one_line(),)
    return error


class ExtractError(MandateEtlError):
    """The file could not be read as a report table."""

    code = "E-EXTRACT"


class UnsupportedFormatError(ExtractError):
    """Neither a Word (.docx) nor a PDF file, judged by content."""

    code = "E-FORMAT"


class UnsafeInputError(ExtractError):
    """The file is refused before parsing (decompression bomb, oversized, time limit)."""

    code = "E-UNSAFE"


class TableNotFoundError(ExtractError):
    """No table with the report's columns was found."""

    code = "E-LAYOUT-COLUMNS"


class LostContentError(ExtractError):
    """Text under the report table was not read (a structure the reader does not know)."""

    code = "E-LOST"


class EncryptedPdfError(ExtractError):
    """The PDF is encrypted and needs a password to be read."""

    code = "E-ENCRYPTED"


class NoTextLayerError(ExtractError):
    """The PDF holds no text to read (a scan or images only)."""

    code = "E-NO-TEXT"


class LostTextError(ExtractError):
    """Text printed inside the report table that no paragraph would hold."""

    code = "E-LOST"


class UndecodableTextError(ExtractError):
    """The PDF's fonts map too many glyphs to no character: its text cannot be trusted."""

    code = "E-TEXT-UNDECODABLE"


class NormalizeError(MandateEtlError):
    """The table was read but its content could not be turned into records."""

    code = "E-NORMALIZE"


class LoadError(MandateEtlError):
    """Records could not be written."""

    code = "E-LOAD"


class YearMissingError(ExtractError):
    """The report year is neither in the raw/<year>/ folder name nor given with --year."""

    code = "E-YEAR-MISSING"


class AnalysisError(MandateEtlError):
    """The outputs could not be read, queried or reported on (missing year, bad query)."""

    code = "E-ANALYSIS"


class NotAFileError(ExtractError):
    """The input is not a regular file (a FIFO, socket, device, link loop or dangling link)."""

    code = "E-NOT-FILE"


class OutputLockedError(LoadError):
    """Another run holds the lock on the output folder (and --no-wait was given)."""

    code = "E-OUT-LOCKED"
