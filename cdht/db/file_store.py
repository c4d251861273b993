"""Where evidence bytes live: one file per upload in a directory, outside the database rows.

Several app servers must share the directory (see docs/DEPLOY.md). Keys are random, so a file's
path says nothing about its owner, and a key is only ever read after the data layer's checks.
"""

import os
import re
import secrets
import tempfile
from pathlib import Path

_KEY = re.compile(r"[0-9a-f]{32}")


class FileStore:
    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def _path(self, key: str) -> Path:
        if not _KEY.fullmatch(key):
            raise ValueError("not a storage key")
        return self.root / key[:2] / key

    def put(self, data: bytes) -> str:
        """Write the bytes atomically under a new random key and return the key."""
        key = secrets.token_hex(16)
        path = self._path(key)
        self.root.mkdir(parents=True, exist_ok=True, mode=0o700)
        path.parent.mkdir(exist_ok=True, mode=0o700)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=".upload-")
        try:
            with os.fdopen(fd, "wb") as out:
                out.write(data)
                out.flush()
                os.fsync(out.fileno())
            os.chmod(tmp, 0o600)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return key

    def get(self, key: str) -> bytes:
        return self._path(key).read_bytes()

    def delete(self, key: str) -> None:
        self._path(key).unlink(missing_ok=True)

    def keys(self) -> set[str]:
        """Every key held (for tests and for finding orphans)."""
        if not self.root.exists():
            return set()
        return {p.name for p in self.root.glob("??/*") if _KEY.fullmatch(p.name)}
