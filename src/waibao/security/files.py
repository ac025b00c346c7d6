"""Files that hold the data are readable by their owner only (issue 17 item 11: backups and
the SQLite database were created 0644, readable by every account on the machine).

- The SQLite database and its ``-wal``/``-shm``/``-journal`` companions: set to 0600 whenever
  a connection opens (``connection_created``, connected in ``SecurityConfig.ready``); SQLite
  gives the companions the database file's mode, so they follow.
- Backup archives: created 0600 from the start (``private_file_create``), never widened later.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import IO, Any

PRIVATE = 0o600


def private_file_create(path: Path) -> IO[bytes]:
    """A new file opened for writing, mode 0600 whatever the umask; refuses an existing one."""
    descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE)
    os.fchmod(descriptor, PRIVATE)  # the umask can only narrow the mode; make it exact
    return os.fdopen(descriptor, "wb")


def sqlite_files_private(sender: Any, connection: Any, **kwargs: Any) -> None:
    """``connection_created`` receiver: the SQLite database files become 0600."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name == ":memory:" or name.startswith("file:") or "mode=memory" in name:
        return
    for suffix in ("", "-wal", "-shm", "-journal"):
        path = Path(name + suffix)
        try:
            if path.is_file() and path.stat().st_mode & 0o777 != PRIVATE:
                path.chmod(PRIVATE)
        except OSError:
            continue  # not ours to change (a read-only mount): nothing to narrow
