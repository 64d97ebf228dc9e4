"""The package's exceptions, in one module (as papermill does), so callers can catch them by kind.

Every class derives from :class:`ZyError`: an *expected* failure (bad input, changed raw
document, damaged data, unwritable output) that the command line reports in one line on stderr
and exits with :attr:`ZyError.exit_code`, without a traceback. Anything else is a bug and keeps
its traceback.

The classes are re-exported where they were defined before (``zyanalysis.data.build.BuildError``),
so existing imports keep working. :class:`zyanalysis.data.parsers.ParseError` (a document or user
file that does not have its layout) still lives with the parsers; the CLI treats it like an
:class:`InputError`.
"""
from __future__ import annotations


class ZyError(Exception):
    """Base of the package's expected failures: reported in one line, never with a traceback."""

    exit_code: int = 2


class InputError(ZyError, ValueError):
    """A user-supplied file or argument is not acceptable; names the file, row and field.

    ``line`` is the 1-based row in the file (None when the problem is the file as a whole).
    """

    def __init__(self, file: str, line: int | None, field: str, message: str):
        self.file, self.line, self.field = file, line, field
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: field {field!r}: {message}")


class BuildError(ZyError, RuntimeError):
    """The build could not produce valid tables; nothing in ``data/processed`` was written."""


class IntegrityError(BuildError):
    """A raw document differs from the SHA-256 recorded for it in ``data/raw/manifest.csv``.

    Raw documents are read only: the build refuses to parse a changed one. ``command`` is what
    records a deliberate change (``zyanalysis manifest --accept DOC_ID``).
    """

    def __init__(self, file: str, doc_id: str, recorded: str, actual: str,
                 manifest: str = "data/raw/manifest.csv"):
        self.file, self.doc_id, self.recorded, self.actual = file, doc_id, recorded, actual
        self.command = f"zyanalysis manifest --accept {doc_id}"
        super().__init__(
            f"{file} (document {doc_id}) differs from the SHA-256 recorded in {manifest} "
            f"(recorded {recorded[:12]}…, now {actual[:12]}…); raw documents are read only: restore "
            f"the file, or if the change is deliberate record it with: {self.command}")


class DataError(ZyError):
    """Processed tables are damaged and rebuilding them did not repair them."""


class OutputError(ZyError, OSError):
    """An output file or folder cannot be written (read-only place, a directory, a path under a file)."""
