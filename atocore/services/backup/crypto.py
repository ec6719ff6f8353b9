"""Encryption of backup files: AES-256-GCM in chunks, the key derived from a passphrase with scrypt.

One key per backup: ``scrypt(passphrase, salt)``, the salt and a key check
(a known text sealed with the key) stored in the manifest, so a wrong
passphrase is named as such before any file is read. Each file is a header
(magic + an 8-byte random nonce prefix) followed by chunks of up to 1 MiB,
each ``length (4 bytes) + ciphertext``. A chunk's nonce is the prefix plus
its index, and its associated data the index and whether it is the last:
chunks cannot be reordered, and a file cut after any chunk is refused.
"""

from __future__ import annotations

import base64
import io
import os
import struct
from typing import Any, BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from atocore.errors import ValidationError

MAGIC = b"ATOENC01"
CHUNK = 1 << 20
SCRYPT = {"n": 2**15, "r": 8, "p": 1}
_CHECK = b"atocore-backup-key-check"


class WrongPassphrase(ValidationError):
    code = "wrong_passphrase"


def derive_key(passphrase: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=32, n=n, r=r, p=p).derive(passphrase.encode("utf-8"))


def new_encryption(passphrase: str) -> tuple[bytes, dict[str, Any]]:
    """A fresh key and the manifest's ``encryption`` record that lets the same passphrase find it again."""
    salt = os.urandom(16)
    key = derive_key(passphrase, salt, **SCRYPT)
    nonce = os.urandom(12)
    check = AESGCM(key).encrypt(nonce, _CHECK, None)
    record = {
        "cipher": "AES-256-GCM",
        "kdf": "scrypt",
        **SCRYPT,
        "salt": base64.b64encode(salt).decode("ascii"),
        "check": base64.b64encode(nonce + check).decode("ascii"),
    }
    return key, record


def key_for(record: dict[str, Any], passphrase: str | None) -> bytes:
    """The key of an encrypted backup; WrongPassphrase names a missing or wrong passphrase."""
    if not passphrase:
        raise WrongPassphrase(
            "This backup is encrypted: give its passphrase "
            "(ATOCORE_BACKUP_PASSPHRASE or ATOCORE_BACKUP_PASSPHRASE_FILE)."
        )
    salt = base64.b64decode(record["salt"])
    key = derive_key(passphrase, salt, record["n"], record["r"], record["p"])
    sealed = base64.b64decode(record["check"])
    try:
        AESGCM(key).decrypt(sealed[:12], sealed[12:], None)
    except InvalidTag:
        raise WrongPassphrase("Wrong passphrase: it does not open this backup.") from None
    return key


class EncryptingWriter(io.RawIOBase):
    """A binary sink that encrypts what is written to ``out`` in sealed chunks."""

    def __init__(self, out: BinaryIO, key: bytes) -> None:
        self._out = out
        self._aead = AESGCM(key)
        self._prefix = os.urandom(8)
        self._buffer = bytearray()
        self._index = 0
        out.write(MAGIC + self._prefix)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), last=False)
            del self._buffer[:CHUNK]
        return len(data)

    def _seal(self, plain: bytes, last: bool) -> None:
        aad = struct.pack(">IB", self._index, int(last))
        sealed = self._aead.encrypt(self._prefix + struct.pack(">I", self._index), plain, aad)
        self._out.write(struct.pack(">I", len(sealed)) + sealed)
        self._index += 1

    def close(self) -> None:
        if not self.closed:
            self._seal(bytes(self._buffer), last=True)
            self._buffer.clear()
        super().close()


class DecryptingReader(io.RawIOBase):
    """Reads back what EncryptingWriter wrote; a tampered, reordered or cut file raises ValidationError."""

    def __init__(self, source: BinaryIO, key: bytes, name: str) -> None:
        self._source = source
        self._aead = AESGCM(key)
        self._name = name
        header = source.read(len(MAGIC) + 8)
        if header[: len(MAGIC)] != MAGIC or len(header) != len(MAGIC) + 8:
            raise ValidationError(f"{name}: not an AtoCore encrypted file")
        self._prefix = header[len(MAGIC) :]
        self._index = 0
        self._plain = b""
        self._done = False

    def readable(self) -> bool:
        return True

    def _next_chunk(self) -> None:
        size_raw = self._source.read(4)
        if len(size_raw) < 4:
            raise ValidationError(f"{self._name}: the encrypted file is cut short (no final chunk)")
        sealed = self._source.read(struct.unpack(">I", size_raw)[0])
        nonce = self._prefix + struct.pack(">I", self._index)
        for last in (False, True):
            try:
                self._plain = self._aead.decrypt(nonce, sealed, struct.pack(">IB", self._index, int(last)))
            except InvalidTag:
                continue
            self._index += 1
            self._done = last
            return
        raise ValidationError(f"{self._name}: chunk {self._index} fails authentication (tampered or cut)")

    def readinto(self, buffer: Any) -> int:
        while not self._plain and not self._done:
            self._next_chunk()
        if self._done and not self._plain and self._source.read(1):
            raise ValidationError(f"{self._name}: data after the final chunk")
        size = min(len(buffer), len(self._plain))
        buffer[:size] = self._plain[:size]
        self._plain = self._plain[size:]
        return size
