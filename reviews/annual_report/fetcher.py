"""What the annual report's PDF may fetch while WeasyPrint renders it: data: URLs and the app's
own static files, nothing else (never the network, never the rest of the disc)."""

import mimetypes
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from urllib.request import url2pathname

from django.conf import settings


class RefusedURLError(ValueError):
    """The PDF asked for something other than one of the app's own static files."""


def static_roots() -> list[Path]:
    roots = [Path(d if isinstance(d, str | Path) else d[1]) for d in settings.STATICFILES_DIRS]
    if settings.STATIC_ROOT:
        roots.append(Path(settings.STATIC_ROOT))
    return [root.resolve() for root in roots]


def _fetcher_class() -> type:
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    class StaticFilesOnly(URLFetcher):
        """WeasyPrint's fetcher, limited to data: URLs and files under the static directories:
        the PDF never reaches the network or the rest of the disc."""

        def __init__(self) -> None:
            super().__init__(fail_on_errors=True, allowed_protocols=("data", "file"))

        def fetch(self, url: str, headers: Any = None) -> Any:
            parts = urlsplit(url)
            if parts.scheme.lower() == "data":
                return super().fetch(url, headers)
            if parts.scheme.lower() == "file" and parts.netloc in ("", "localhost"):
                path = Path(url2pathname(parts.path)).resolve()
                if path.is_file() and any(path.is_relative_to(root) for root in static_roots()):
                    kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                    return URLFetcherResponse(url, body=path.read_bytes(), headers={"Content-Type": kind})
            raise RefusedURLError(f"Refused to fetch {url!r}: only the app's static files may be used.")

    return StaticFilesOnly


def url_fetcher() -> Any:
    """A fetcher that refuses every URL but data: and the app's static files."""
    return _fetcher_class()()
