"""Backup archives: unreadable without their key, refused when altered or cut short, and a restore
that refuses a database or store that is not empty. The full round trip is tests/test_restore_drill.py."""

import io
import os
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from crag.backup import archive, crypto, database

KEY = crypto.generate_key()
OTHER_KEY = crypto.generate_key()


def seal(plain: bytes, key: str = KEY) -> bytes:
    out = io.BytesIO()
    writer = crypto.EncryptingWriter(out, crypto.parse_key(key))
    writer.write(plain)
    writer.close()
    return out.getvalue()


def unseal(sealed: bytes, key: str = KEY) -> bytes:
    return crypto.DecryptingReader(io.BytesIO(sealed), crypto.parse_key(key)).read()


def test_a_sealed_stream_of_several_chunks_reads_back_whole():
    plain = os.urandom(crypto.CHUNK * 2 + 123)

    assert unseal(seal(plain)) == plain


def test_the_archive_holds_neither_the_key_nor_the_plain_text():
    plain = b"Child A, born 2019, lived at 1 Example Street. " * 1000

    sealed = seal(plain)

    assert b"Child A" not in sealed
    assert crypto.parse_key(KEY) not in sealed
    assert KEY.encode() not in sealed


def test_an_archive_cannot_be_read_with_another_key():
    with pytest.raises(crypto.BackupKeyError, match=r"made with the key"):
        unseal(seal(b"records"), key=OTHER_KEY)


def test_an_altered_byte_anywhere_in_the_body_is_refused():
    sealed = bytearray(seal(os.urandom(crypto.CHUNK + 10)))
    sealed[-5] ^= 1

    with pytest.raises(crypto.ArchiveDamaged, match="altered"):
        unseal(bytes(sealed))


@pytest.mark.parametrize("cut", [1, 100])
def test_an_archive_cut_short_is_refused(cut):
    sealed = seal(os.urandom(crypto.CHUNK + 10))

    with pytest.raises(crypto.ArchiveDamaged):
        unseal(sealed[:-cut])


def test_an_archive_cut_at_a_chunk_boundary_is_refused():
    """Dropping the final chunk whole leaves well-formed chunks: the missing 'last' mark tells."""
    sealed = seal(os.urandom(crypto.CHUNK * 2 + 10))
    first_two = len(crypto.MAGIC) + 16 + 2 * (4 + crypto.CHUNK + 16)

    with pytest.raises(crypto.ArchiveDamaged, match="cut short"):
        unseal(sealed[:first_two])


@pytest.mark.parametrize("text", ["", "   ", "not base64!", "c2hvcnQ="])
def test_a_missing_or_malformed_key_is_a_clear_error(text):
    with pytest.raises(crypto.BackupKeyError, match="CRAG_BACKUP_KEY"):
        crypto.parse_key(text)


def test_generate_key_prints_a_usable_key(capsys):
    call_command("backup", "--generate-key")

    assert len(crypto.parse_key(capsys.readouterr().out)) == 32


def test_backup_without_a_key_stops_before_writing_anything(settings, tmp_path):
    settings.CRAG_BACKUP_KEY = ""

    with pytest.raises(CommandError, match="No backup key"):
        call_command("backup", "--output", str(tmp_path / "out"))

    assert not (tmp_path / "out").exists()


@pytest.fixture
def small_archive(settings, tmp_path, monkeypatch) -> Path:
    """An archive of a stand-in dump and one document (the real dump is the drill's)."""
    settings.CRAG_BACKUP_KEY = KEY
    store = Path(settings.CRAG_PRIVATE_ROOT)
    (store / "reviews" / "1").mkdir(parents=True)
    (store / "reviews" / "1" / "minutes").write_bytes(b"minutes of the panel")

    def fake_dump(path: Path) -> dict[str, int]:
        path.write_bytes(b"a database dump")
        return {"reviews_review": 1}

    monkeypatch.setattr(database, "dump", fake_dump)
    monkeypatch.setattr(database, "vendor", lambda: "postgresql")
    path, manifest = archive.create(tmp_path / "backups", crypto.parse_key(KEY))
    assert manifest["files"][0]["path"] == "store/reviews/1/minutes"
    assert manifest["database"]["tables"] == {"reviews_review": 1}
    settings.CRAG_PRIVATE_ROOT = tmp_path / "empty-store"
    return path


def _refuse_any_database_change(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the database was touched")

    monkeypatch.setattr(database, "restore", refuse)
    monkeypatch.setattr(database, "tables", list)


def test_restore_with_the_wrong_key_changes_nothing(small_archive, settings, monkeypatch):
    _refuse_any_database_change(monkeypatch)
    settings.CRAG_BACKUP_KEY = OTHER_KEY

    with pytest.raises(CommandError, match=r"made with the key .* Nothing was changed"):
        call_command("restore", str(small_archive))

    assert not Path(settings.CRAG_PRIVATE_ROOT).exists()


def test_restore_without_a_key_changes_nothing(small_archive, settings, monkeypatch):
    _refuse_any_database_change(monkeypatch)
    settings.CRAG_BACKUP_KEY = ""

    with pytest.raises(CommandError, match="No backup key"):
        call_command("restore", str(small_archive))

    assert not Path(settings.CRAG_PRIVATE_ROOT).exists()


def test_restore_refuses_a_tampered_archive_and_changes_nothing(small_archive, settings, monkeypatch):
    _refuse_any_database_change(monkeypatch)
    data = bytearray(small_archive.read_bytes())
    data[len(data) // 2] ^= 0x40
    small_archive.write_bytes(bytes(data))

    with pytest.raises(CommandError, match=r"altered: .* Nothing was changed"):
        call_command("restore", str(small_archive))

    assert not Path(settings.CRAG_PRIVATE_ROOT).exists()


def test_the_archive_is_a_tar_of_the_dump_the_files_and_the_manifest(small_archive):
    with open(small_archive, "rb") as source:
        reader = crypto.DecryptingReader(source, crypto.parse_key(KEY))
        with tarfile.open(fileobj=reader, mode="r|") as tar:  # type: ignore[call-overload]
            names = [member.name for member in tar]

    assert names == ["database/dump", "store/reviews/1/minutes", "manifest.json"]


def test_the_archive_appears_only_when_complete(small_archive):
    assert [p.name for p in small_archive.parent.iterdir()] == [small_archive.name]
    assert small_archive.suffix == archive.SUFFIX
    assert oct(small_archive.stat().st_mode & 0o777) == "0o600"


@pytest.mark.django_db
def test_restore_refuses_a_database_that_has_tables(small_archive, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("the database was touched")

    monkeypatch.setattr(database, "restore", refuse)

    with pytest.raises(CommandError, match=r"The database is not empty.*--force. Nothing was changed"):
        call_command("restore", str(small_archive))


def test_restore_refuses_a_store_that_has_files(small_archive, settings, monkeypatch):
    _refuse_any_database_change(monkeypatch)
    store = Path(settings.CRAG_PRIVATE_ROOT)
    store.mkdir()
    (store / "left-over").write_bytes(b"x")

    with pytest.raises(CommandError, match=r"document store .* is not empty"):
        call_command("restore", str(small_archive))

    assert [p.name for p in store.iterdir()] == ["left-over"]
