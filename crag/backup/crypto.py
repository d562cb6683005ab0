"""The archive's encryption: AES-256-GCM over chunks of a stream, with a key the operator holds.

The file is a header (magic, the key's fingerprint, a random nonce prefix) and then chunks, each
its ciphertext length and ciphertext. Every chunk is authenticated with its position and whether
it is the last, so a chunk changed, dropped, reordered or cut off at the end is refused. The
stream is never held in memory: documents can total gigabytes.
"""

import base64
import binascii
import hashlib
import os
import struct
from typing import BinaryIO

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"CRAG-BACKUP-1\n"
CHUNK = 1024 * 1024
_FINGERPRINT = 8
_PREFIX = 8
_LENGTH = struct.Struct(">I")
_TAG = 16


class BackupKeyError(Exception):
    """The key is missing, malformed, or not the one the archive was made with."""


class ArchiveDamaged(Exception):
    """The archive was altered, cut short or is not a CRAG backup."""


def generate_key() -> str:
    """A new random 256-bit key, base64 as CRAG_BACKUP_KEY holds it."""
    return base64.b64encode(AESGCM.generate_key(bit_length=256)).decode("ascii")


def parse_key(text: str) -> bytes:
    """The key's 32 bytes from its base64 text."""
    if not text.strip():
        raise BackupKeyError(
            "No backup key: set CRAG_BACKUP_KEY (make one with `manage.py backup --generate-key`)."
        )
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as error:
        raise BackupKeyError("CRAG_BACKUP_KEY is not base64.") from error
    if len(key) != 32:
        raise BackupKeyError(f"CRAG_BACKUP_KEY must hold 32 bytes (256 bits); it holds {len(key)}.")
    return key


def fingerprint(key: bytes) -> str:
    """A short public name for a key, so an archive can say which key it needs (not the key)."""
    return hashlib.sha256(b"crag-backup-key:" + key).hexdigest()[: _FINGERPRINT * 2]


def _nonce(prefix: bytes, index: int) -> bytes:
    return prefix + struct.pack(">I", index)


def _aad(header: bytes, index: int, final: bool) -> bytes:
    return header + struct.pack(">I?", index, final)


class EncryptingWriter:
    """A write-only file: what is written to it goes, encrypted in chunks, to `out`."""

    def __init__(self, out: BinaryIO, key: bytes) -> None:
        self._out = out
        self._aead = AESGCM(key)
        self._prefix = os.urandom(_PREFIX)
        self._header = MAGIC + bytes.fromhex(fingerprint(key)) + self._prefix
        self._buffer = bytearray()
        self._index = 0
        self._closed = False
        out.write(self._header)

    def write(self, data: bytes) -> int:
        self._buffer += data
        while len(self._buffer) > CHUNK:
            self._seal(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(data)

    def close(self) -> None:
        """Seal the last chunk (marked final, so a cut-off archive is noticed)."""
        if not self._closed:
            self._seal(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._closed = True

    def _seal(self, plain: bytes, *, final: bool) -> None:
        if self._index >= 2**32 - 1:
            raise ValueError("Archive too large for one key and nonce prefix.")
        sealed = self._aead.encrypt(
            _nonce(self._prefix, self._index), plain, _aad(self._header, self._index, final)
        )
        self._out.write(_LENGTH.pack(len(sealed)) + sealed)
        self._index += 1


class DecryptingReader:
    """A read-only file over an encrypted archive; raises ArchiveDamaged at the first bad chunk."""

    def __init__(self, source: BinaryIO, key: bytes) -> None:
        self._source = source
        header = source.read(len(MAGIC) + _FINGERPRINT + _PREFIX)
        if len(header) != len(MAGIC) + _FINGERPRINT + _PREFIX or not header.startswith(MAGIC):
            raise ArchiveDamaged("This file is not a CRAG backup archive.")
        made_with = header[len(MAGIC) : len(MAGIC) + _FINGERPRINT].hex()
        if made_with != fingerprint(key):
            raise BackupKeyError(
                f"This archive was made with the key {made_with}; CRAG_BACKUP_KEY is the key "
                f"{fingerprint(key)}. Set the key the archive was made with."
            )
        self._header = header
        self._prefix = header[-_PREFIX:]
        self._aead = AESGCM(key)
        self._index = 0
        self._buffer = b""
        self._finished = False

    def read(self, size: int = -1) -> bytes:
        while not self._finished and (size < 0 or len(self._buffer) < size):
            self._buffer += self._open_next()
        if size < 0:
            size = len(self._buffer)
        data, self._buffer = self._buffer[:size], self._buffer[size:]
        return data

    def _open_next(self) -> bytes:
        length = self._source.read(_LENGTH.size)
        if len(length) != _LENGTH.size:
            raise ArchiveDamaged("The archive is cut short: its last part is missing.")
        (count,) = _LENGTH.unpack(length)
        if not _TAG <= count <= CHUNK + _TAG:
            raise ArchiveDamaged(f"The archive is damaged at part {self._index}.")
        sealed = self._source.read(count)
        if len(sealed) != count:
            raise ArchiveDamaged("The archive is cut short: its last part is missing.")
        nonce = _nonce(self._prefix, self._index)
        for final in (False, True):
            try:
                plain = self._aead.decrypt(nonce, sealed, _aad(self._header, self._index, final))
            except InvalidTag:
                continue
            self._index += 1
            if final:
                self._finished = True
                if self._source.read(1):
                    raise ArchiveDamaged("The archive has data after its last part.")
            return plain
        raise ArchiveDamaged(f"The archive was altered: part {self._index} fails its check.")
