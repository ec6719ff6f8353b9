"""What the client's call groups (``client_admin``, ``client_engineering``) compose: one path segment, the transport.

``Transport`` only declares, for type checkers, the calls ``AtoCoreClient``
implements; each group is a mixin of it, so the client module stays one
screenful per resource.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

if TYPE_CHECKING:
    import httpx

    from atocore.progress import Progress


def seg(value: str) -> str:
    """One URL path segment: everything percent-encoded, '/' included."""
    return quote(str(value), safe="")


class Transport:
    if TYPE_CHECKING:

        def request(
            self,
            method: str,
            path: str,
            *,
            json: Any = None,
            params: dict | None = None,
            long: bool = False,
            **raw: Any,
        ) -> Any: ...

        def request_text(self, method: str, path: str, *, params: dict | None = None) -> str: ...

        def _send(self, method: str, path: str, **options: Any) -> httpx.Response: ...  # request's options

        def listing(self, path: str, key: str, params: dict | None = None, *, all_pages: bool = False) -> Any: ...

        def download(self, path: str, target: Path, progress: Progress | None = None) -> httpx.Headers: ...

        def post_watched(
            self, path: str, progress: Progress | None, *, body: Any = None, params: dict | None = None, **raw: Any
        ) -> Any: ...

        def _streamed(
            self, path: str, progress: Progress | None, body: Any = None, params: dict | None = None, **raw: Any
        ) -> Any: ...
