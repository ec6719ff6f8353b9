"""The files of a backup: gzip-compressed JSON lines, optionally encrypted, each with its sha256.

Writing streams: a line is compressed (and encrypted) as it is written, and
the sha256 and size are taken over the bytes that reach the disk, so a file
can be checked without the passphrase. Reading streams too, and turns a
damaged file (bad gzip CRC, cut short, bad JSON, failed authentication)
into a ValidationError naming the file.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import json
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from atocore.errors import ValidationError
from atocore.services.backup.crypto import DecryptingReader, EncryptingWriter

COMPRESS_LEVEL = 1  # vectors barely compress; level 1 keeps a 100k-chunk backup CPU-light


def open_output(path: Path) -> BinaryIO:
    """The raw output file (one place, so a test can stand in a full disk)."""
    return path.open("wb")


class _Hashing:
    """Passes bytes through to the file, counting and hashing them."""

    def __init__(self, out: BinaryIO) -> None:
        self.out = out
        self.sha = hashlib.sha256()
        self.size = 0

    def write(self, data: Any) -> int:
        self.sha.update(data)
        self.size += len(data)
        return self.out.write(data)

    def flush(self) -> None:
        self.out.flush()


class JsonLines:
    """One output file of JSON lines."""

    def __init__(self, path: Path, key: bytes | None) -> None:
        self.path = path
        self.count = 0
        self._raw = open_output(path)
        self._hashing = _Hashing(self._raw)
        self._crypt: EncryptingWriter | None = None
        sink: Any = self._hashing
        if key is not None:
            self._crypt = EncryptingWriter(self._hashing, key)  # type: ignore[arg-type]
            sink = self._crypt
        self._gzip = gzip.GzipFile(fileobj=sink, mode="wb", compresslevel=COMPRESS_LEVEL, mtime=0)

    def write(self, item: Any) -> None:
        self._gzip.write(json.dumps(item, separators=(",", ":"), ensure_ascii=False).encode("utf-8") + b"\n")
        self.count += 1

    def close(self) -> tuple[int, str]:
        """Finish the file; (size in bytes, sha256) of what is on disk."""
        self._gzip.close()
        if self._crypt is not None:
            self._crypt.close()
        self._raw.flush()
        self._raw.close()
        return self._hashing.size, self._hashing.sha.hexdigest()

    def abort(self) -> None:
        with contextlib.suppress(OSError):
            self._raw.close()


def file_sha256(path: Path) -> str:
    sha = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            sha.update(block)
    return sha.hexdigest()


def read_lines(path: Path, key: bytes | None) -> Iterator[Any]:
    """The items of one backup file, in order; a damaged file raises ValidationError."""
    name = path.name
    with path.open("rb") as raw:
        source: IO[bytes] = raw
        if key is not None:
            source = DecryptingReader(raw, key, name)  # type: ignore[assignment]
        try:
            with gzip.GzipFile(fileobj=source, mode="rb") as lines:
                for number, line in enumerate(lines, start=1):
                    try:
                        yield json.loads(line)
                    except ValueError as exc:
                        raise ValidationError(f"{name}: line {number} is not JSON ({exc})") from None
        except (OSError, EOFError, zlib.error) as exc:
            raise ValidationError(f"{name}: damaged or cut short ({type(exc).__name__}: {exc})") from None
