"""One backup archive: the database dump, every file of the private store and a manifest, in a
tar stream sealed by crag.backup.crypto.

A restore first decrypts the whole archive into a staging directory and checks every file against
the manifest; only then does it touch the database and the store. A wrong key, an altered or
truncated archive, or a target that is not empty, changes nothing.
"""

import contextlib
import hashlib
import json
import os
import shutil
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import IO, Any, BinaryIO

from django.conf import settings
from django.utils import timezone

from crag.backup import database
from crag.backup.crypto import ArchiveDamaged, DecryptingReader, EncryptingWriter

FORMAT = 1
MANIFEST = "manifest.json"
DUMP = "database/dump"
STORE = "store/"
SUFFIX = ".cragbackup"
_BLOCK = 1024 * 1024
# The store's own temporary names (reviews.storage): a write in progress, not a document.
_PARTIAL = ".partial-"


class RestoreRefused(Exception):
    """The target database or store is not empty, and the restore was not told to replace it."""


@dataclass(frozen=True)
class Restored:
    tables: int
    rows: int
    files: int
    bytes: int


class _Hashing:
    """Reads a file while counting its bytes and its SHA-256."""

    def __init__(self, source: IO[bytes]) -> None:
        self._source = source
        self.sha256 = hashlib.sha256()
        self.size = 0

    def read(self, size: int = -1) -> bytes:
        data = self._source.read(size)
        self.sha256.update(data)
        self.size += len(data)
        return data


def _commit() -> str:
    """The code's git commit, when it is deployed as a checkout (CRAG_COMMIT says so otherwise)."""
    if os.environ.get("CRAG_COMMIT"):
        return os.environ["CRAG_COMMIT"]
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        done = subprocess.run(
            ["git", "rev-parse", "HEAD"],  # noqa: S607 # git on PATH, if there at all
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            check=False,
            timeout=5,
        )
        if done.returncode == 0:
            return done.stdout.strip()
    return ""


def _version() -> str:
    import tomllib

    pyproject = Path(settings.BASE_DIR) / "pyproject.toml"
    with contextlib.suppress(OSError, KeyError, tomllib.TOMLDecodeError), open(pyproject, "rb") as file:
        return str(tomllib.load(file)["project"]["version"])
    return ""


def store_files(root: Path) -> Iterator[Path]:
    """Every document file under the store (sorted; temporary names of writes left out)."""
    if not root.is_dir():
        return
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for name in sorted(files):
            path = Path(folder) / name
            if not name.startswith(_PARTIAL) and path.is_file() and not path.is_symlink():
                yield path


def _add(tar: tarfile.TarFile, name: str, path: Path) -> dict[str, Any]:
    info = tarfile.TarInfo(name)
    info.size = path.stat().st_size
    info.mtime = int(path.stat().st_mtime)
    info.mode = 0o600
    with open(path, "rb") as file:
        hashing = _Hashing(file)
        tar.addfile(info, hashing)
    return {"path": name, "size": hashing.size, "sha256": hashing.sha256.hexdigest()}


def create(output_dir: Path, key: bytes) -> tuple[Path, dict[str, Any]]:
    """Write an archive into `output_dir`; return its path and manifest. The file appears under
    its name only once complete (a failure leaves nothing behind)."""
    output_dir.mkdir(parents=True, exist_ok=True)
    created = timezone.now()
    target = output_dir / f"crag-backup-{created:%Y%m%dT%H%M%SZ}{SUFFIX}"
    partial = output_dir / f"{_PARTIAL}{target.name}"
    root = Path(settings.CRAG_PRIVATE_ROOT)
    try:
        with tempfile.TemporaryDirectory() as work, open(partial, "xb") as out:
            os.chmod(partial, 0o600)
            dump = Path(work) / "dump"
            counts = database.dump(dump)
            writer = EncryptingWriter(out, key)
            with tarfile.open(fileobj=writer, mode="w|") as tar:  # type: ignore[call-overload]
                dumped = _add(tar, DUMP, dump)
                files = [_add(tar, STORE + p.relative_to(root).as_posix(), p) for p in store_files(root)]
                manifest = {
                    "format": FORMAT,
                    "created_at": created.isoformat(),
                    "crag_version": _version(),
                    "crag_commit": _commit(),
                    "database": {"vendor": database.vendor(), **dumped, "tables": counts},
                    "files": files,
                }
                body = json.dumps(manifest, indent=1, sort_keys=True).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mode, info.mtime = len(body), 0o600, int(created.timestamp())
                tar.addfile(info, _Hashing(_BytesSource(body)))  # type: ignore[arg-type]
            writer.close()
            out.flush()
            os.fsync(out.fileno())
        os.replace(partial, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.remove(partial)
        raise
    return target, manifest


class _BytesSource:
    def __init__(self, data: bytes) -> None:
        self._data = data

    def read(self, size: int = -1) -> bytes:
        size = len(self._data) if size < 0 else size
        data, self._data = self._data[:size], self._data[size:]
        return data


def _safe_name(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise ArchiveDamaged(f"The archive holds a file with an unsafe name: {name!r}.")
    return path


def _unpack(source: BinaryIO, key: bytes, staging: Path) -> dict[str, Any]:
    """Decrypt the archive into `staging`, checking every file against the manifest."""
    reader = DecryptingReader(source, key)
    found: dict[str, dict[str, Any]] = {}
    with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
        for member in tar:
            if not member.isfile():
                raise ArchiveDamaged(f"The archive holds something other than a file: {member.name!r}.")
            target = staging / _safe_name(member.name)
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            extracted = tar.extractfile(member)
            if extracted is None:
                raise ArchiveDamaged(f"The archive's file {member.name!r} has no data.")
            hashing = _Hashing(extracted)
            with open(target, "xb") as out:
                while block := hashing.read(_BLOCK):
                    out.write(block)
            found[member.name] = {"size": hashing.size, "sha256": hashing.sha256.hexdigest()}
    reader.read()  # to the end: the last part must be there and intact
    manifest: dict[str, Any] = json.loads((staging / MANIFEST).read_bytes()) if MANIFEST in found else {}
    if manifest.get("format") != FORMAT:
        raise ArchiveDamaged("The archive has no manifest CRAG can read.")
    expected = {entry["path"]: entry for entry in [manifest["database"], *manifest["files"]]}
    found.pop(MANIFEST)
    for name in sorted(set(expected) | set(found)):
        listed, got = expected.get(name), found.get(name)
        if (
            listed is None
            or got is None
            or (listed["size"], listed["sha256"]) != (got["size"], got["sha256"])
        ):
            raise ArchiveDamaged(f"The file {name} does not match the archive's manifest.")
    return manifest


def refusals() -> list[str]:
    """Why the database and the store are not empty targets for a restore ([] when they are)."""
    problems = []
    existing = database.tables()
    if existing:
        problems.append(
            f"The database is not empty: it has {len(existing)} tables ({', '.join(existing[:3])}, ...)."
        )
    root = Path(settings.CRAG_PRIVATE_ROOT)
    if next(store_files(root), None) is not None:
        problems.append(f"The document store {root} is not empty.")
    return problems


def restore(archive: Path, key: bytes, *, force: bool, work_dir: Path | None = None) -> Restored:
    """Bring an archive back into an empty database and store (or over them, when forced)."""
    problems = refusals()
    if problems and not force:
        raise RestoreRefused(
            " ".join([*problems, "Restore into an empty database and store, or use --force."])
        )
    with tempfile.TemporaryDirectory(dir=work_dir, prefix="crag-restore-") as work:
        staging = Path(work)
        with open(archive, "rb") as source:
            manifest = _unpack(source, key, staging)
        db = manifest["database"]
        database.restore(staging / DUMP, database_vendor=db["vendor"], replace=force)
        counts = database.row_counts()
        differing = sorted(t for t, n in db["tables"].items() if counts.get(t) != n)
        if differing:
            raise database.DatabaseError(f"Row counts differ after the restore in: {', '.join(differing)}.")
        root = Path(settings.CRAG_PRIVATE_ROOT)
        root.mkdir(parents=True, exist_ok=True, mode=0o700)
        for entry in manifest["files"]:
            relative = _safe_name(entry["path"]).relative_to(STORE.rstrip("/"))
            target = root / relative
            target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
            shutil.move(staging / entry["path"], target)
            os.chmod(target, 0o600)
    return Restored(
        tables=len(db["tables"]),
        rows=sum(db["tables"].values()),
        files=len(manifest["files"]),
        bytes=sum(entry["size"] for entry in manifest["files"]),
    )
