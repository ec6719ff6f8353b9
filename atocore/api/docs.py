"""/docs (Swagger UI) and /redoc, served with every asset from this machine.

FastAPI's own pages load their scripts, style sheet, favicon and fonts from
public CDNs, so they were blank offline. The assets here come from the
installed ``fastapi-offline`` package (Swagger UI 5 and Redoc 2 bundles; only
its files are used) and are served under ``/docs/assets``; Swagger UI's
online validator badge and Redoc's Google Fonts are turned off, and the
Redocly logo Redoc's bundle fetches from its CDN is replaced by an empty
image as the bundle is served, so neither page asks for anything outside
the machine (tests/integration/test_browser.py
checks it in Chromium).
"""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html, get_swagger_ui_oauth2_redirect_html
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles

ASSETS_URL = "/docs/assets"
OAUTH2_REDIRECT_URL = "/docs/oauth2-redirect"
REDOC_LOGO = "https://cdn.redoc.ly/redoc/logo-mini.svg"  # the one URL off the machine in Redoc's bundle
EMPTY_SVG = "data:image/svg+xml,%3Csvg xmlns=%27http://www.w3.org/2000/svg%27/%3E"


def assets_dir() -> Path:
    """The installed Swagger UI and Redoc bundles (swagger-ui-bundle.js, swagger-ui.css, redoc.standalone.js)."""
    return Path(str(files("fastapi_offline") / "static"))


@cache
def redoc_script() -> str:
    """Redoc's bundle with its CDN logo replaced by an empty image."""
    return (assets_dir() / "redoc.standalone.js").read_text(encoding="utf-8").replace(REDOC_LOGO, EMPTY_SVG)


def install_docs(app: FastAPI) -> None:
    """Serve /docs, its OAuth2 redirect page and /redoc from local assets (the app is built with docs_url=None)."""

    @app.get(f"{ASSETS_URL}/redoc.standalone.js", include_in_schema=False)  # before the mount, which it shadows
    def redoc_bundle() -> Response:
        return Response(redoc_script(), media_type="application/javascript")

    app.mount(ASSETS_URL, StaticFiles(directory=assets_dir()), name="docs-assets")
    openapi_url = app.openapi_url or "/openapi.json"

    @app.get("/docs", include_in_schema=False)
    def swagger_ui(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_swagger_ui_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - Swagger UI",
            oauth2_redirect_url=f"{root}{OAUTH2_REDIRECT_URL}",
            swagger_js_url=f"{root}{ASSETS_URL}/swagger-ui-bundle.js",
            swagger_css_url=f"{root}{ASSETS_URL}/swagger-ui.css",
            swagger_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            swagger_ui_parameters={"validatorUrl": None},  # the badge would ask validator.swagger.io
        )

    @app.get(OAUTH2_REDIRECT_URL, include_in_schema=False)
    def swagger_ui_redirect() -> HTMLResponse:
        return get_swagger_ui_oauth2_redirect_html()

    @app.get("/redoc", include_in_schema=False)
    def redoc(request: Request) -> HTMLResponse:
        root = request.scope.get("root_path", "")
        return get_redoc_html(
            openapi_url=f"{root}{openapi_url}",
            title=f"{app.title} - ReDoc",
            redoc_js_url=f"{root}{ASSETS_URL}/redoc.standalone.js",
            redoc_favicon_url=f"{root}{ASSETS_URL}/favicon.png",
            with_google_fonts=False,
        )
