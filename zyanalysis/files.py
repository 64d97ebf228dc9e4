"""Writing files so that a reader never sees half of one: every output of the package goes
through :func:`write_atomic` (reports, index and status, templates, the manifest, caches)."""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from zyanalysis.exceptions import OutputError

SHARED = 0o644
"""Mode of outputs meant to be shared (reports, their index): readable by all, whatever the umask."""


def write_atomic(path: Path, data: str | bytes, *, mode_from: Path | None = None, mode: int | None = None,
                 tmp_dir: str | os.PathLike | None = None) -> None:
    """Write ``data`` to ``path`` through a temporary file in the same folder and ``os.replace``.

    Readers see the old or the new file, never a half-written one. The parent folder is created;
    the file gets ``mode``, else the permissions of ``mode_from`` or of the file it replaces. The
    temporary file goes to ``tmp_dir`` (same file system) when given, else beside ``path``.
    Any OS failure (read-only place, ``path`` is a folder, a parent is a file) becomes an
    :class:`OutputError` naming ``path``; the temporary file is removed.
    """
    path = Path(path)
    blocker = next((a for a in path.parents if a.exists() and not a.is_dir()), None)
    if blocker is not None:
        raise OutputError(f"cannot write {path}: {blocker} is a file, not a folder")
    if path.is_dir():
        raise OutputError(f"cannot write {path}: it is a folder; give a file name")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=tmp_dir or path.parent)
    except OSError as e:
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data.encode("utf-8") if isinstance(data, str) else data)
            f.flush()
            os.fsync(f.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        elif mode_from is not None:
            shutil.copymode(mode_from, tmp)
        elif path.exists():
            shutil.copymode(path, tmp)
        else:  # mkstemp makes 0600 files; a new output gets the permissions open() would give
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"cannot write {path}: {e.strerror or e}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
