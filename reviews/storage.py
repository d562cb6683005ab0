"""Private storage for review documents: a directory outside every public URL."""

import contextlib
import errno
import logging
import os
import uuid
from typing import Any

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage
from django.http import FileResponse, Http404
from django.utils.deconstruct import deconstructible

logger = logging.getLogger(__name__)

# No space left, or the account's disk quota used up: either way the store cannot take the file.
STORE_FULL = (errno.ENOSPC, errno.EDQUOT)


def store_is_full(error: OSError) -> bool:
    return error.errno in STORE_FULL


def _sync(path: str) -> None:
    """Flush a file (or a directory's entries) to the disk: a full disk may only say so here."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


@deconstructible(path="reviews.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files under settings.CRAG_PRIVATE_ROOT (read when used, so tests can move it). They have
    no URL: the only way out is private_file_response below, from views that check permission and
    audit."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    @property
    def base_location(self) -> str:
        return str(settings.CRAG_PRIVATE_ROOT)

    @property
    def location(self) -> str:
        return os.path.abspath(self.base_location)

    @property
    def file_permissions_mode(self) -> int:
        return 0o600

    @property
    def directory_permissions_mode(self) -> int:
        return 0o700

    def url(self, name: str | None) -> str:
        raise ValueError("Review documents have no public URL; serve them through the document view.")

    def _save(self, name: str, content: "File[Any]") -> str:
        """Django's own save, to a temporary name in the same directory; flushed to disk, then
        given its name. Django writes straight to the final name and leaves what it wrote when a
        write fails (a full disk): here a failure at any step removes the temporary file, so the
        store never holds a partial or empty document."""
        temporary = os.path.join(os.path.dirname(name), f".partial-{uuid.uuid4().hex}")
        try:
            temporary = super()._save(temporary, content)  # type: ignore[misc] # not in the stubs
            _sync(self.path(temporary))
            return self._publish(temporary, name)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.path(temporary))
            raise

    def _publish(self, temporary: str, name: str) -> str:
        """Give the complete file its name without replacing a file already there (a link fails
        where a rename would overwrite), then drop the temporary name."""
        while True:
            try:
                os.link(self.path(temporary), self.path(name))
            except FileExistsError:
                name = self.get_available_name(name)
            else:
                break
        try:
            os.remove(self.path(temporary))
            _sync(os.path.dirname(self.path(name)))
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.remove(self.path(name))
            raise
        return os.path.relpath(self.path(name), self.location).replace("\\", "/")


def private_file_response(stored: Any, *, filename: str, content_type: str) -> FileResponse:
    """A file of the private store as a download: never cached, never sniffed, and should a browser
    render it anyway, it runs no script and loads nothing. A file missing from the store (a
    restore without its files, a deletion by hand) is logged and answers 404, not 500. The view
    has checked permission; it audits the access once this returns."""
    try:
        handle = stored.open("rb")
    except FileNotFoundError:
        logger.error(
            "%s %s has no file in private storage", type(stored.instance).__name__, stored.instance.pk
        )
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=filename, content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
