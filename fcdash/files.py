"""Files written so that a reader never sees half of one: a temporary file beside the target,
then one rename. Used by the workbook, the outbox and the kept snapshot."""

from __future__ import annotations

import contextlib
import os
import uuid
from pathlib import Path
from typing import Iterator


@contextlib.contextmanager
def temp_beside(path: Path) -> Iterator[Path]:
    """A fresh temporary path in the target's folder (so the rename stays on one disk); removed
    afterwards unless it was renamed into place."""
    tmp = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
    try:
        yield tmp
    finally:
        tmp.unlink(missing_ok=True)


def write_atomically(path: Path, data: bytes, *, durable: bool = False) -> None:
    """Replace ``path`` with ``data`` in one step; ``durable`` also waits for the disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with temp_beside(path) as tmp:
        with open(tmp, "wb") as handle:
            handle.write(data)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
