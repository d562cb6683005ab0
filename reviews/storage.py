"""Private storage for review documents: a directory outside every public URL."""

from typing import Any

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.deconstruct import deconstructible


@deconstructible(path="reviews.storage.PrivateStorage")
class PrivateStorage(FileSystemStorage):
    """Files under settings.CRAG_PRIVATE_ROOT (read when used, so tests can move it). They have
    no URL: the only way out is reviews.views.documents, which checks permission and audits."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)

    @property
    def base_location(self) -> str:
        return str(settings.CRAG_PRIVATE_ROOT)

    @property
    def location(self) -> str:
        import os

        return os.path.abspath(self.base_location)

    @property
    def file_permissions_mode(self) -> int:
        return 0o600

    @property
    def directory_permissions_mode(self) -> int:
        return 0o700

    def url(self, name: str | None) -> str:
        raise ValueError("Review documents have no public URL; serve them through the document view.")
