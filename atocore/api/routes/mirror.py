"""The Human Mirror: /mirror/{project}/... (thin over atocore.services.mirror).

Pages answer as text/markdown, or as HTML for a browser (``Accept:
text/html``, or the page name with ``.html``). ``/mirror-assets/`` serves the
Mermaid script vendored into the package, so the HTML view needs nothing
from outside the machine.
"""

from __future__ import annotations

from datetime import datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse, Response

from atocore.api.deps import ServicesDep
from atocore.api.security import READ, WRITE
from atocore.errors import NotFoundError, ValidationError
from atocore.services.mirror import asof, html, service, store
from atocore.services.mirror.service import MirrorListing, RegenerationReport
from atocore.services.runtime import Services

router = APIRouter(tags=["mirror"])
MARKDOWN = "text/markdown; charset=utf-8"
PAGES = (store.INDEX, store.OVERVIEW, store.DECISIONS)
HTML_SUFFIX = ".html"


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    return "text/html" in accept and "text/markdown" not in accept.split("text/html")[0]


def _answer(services: Services, request: Request, project: str, page: str, text: str, as_html: bool) -> Response:
    if not (as_html or _wants_html(request)):
        return Response(text, media_type=MARKDOWN)
    view = html.View(
        project=project,
        page=page,
        browser_url=services.settings.browser_url,
        browser_query=services.graph.catalog["mirror.browser_entity"].text,
    )
    title = store.subsystem_key(page) or page
    return HTMLResponse(html.document(text, view, title=f"{project} {title}"))


def _split(name: str) -> tuple[str, bool]:
    return (name[: -len(HTML_SUFFIX)], True) if name.endswith(HTML_SUFFIX) else (name, False)


@router.get(f"{html.ASSETS_PATH}/{{name}}", include_in_schema=False)
def mirror_asset(name: str) -> FileResponse:
    if name != html.MERMAID_SCRIPT or not html.mermaid_installed():
        raise NotFoundError(f"no Mirror asset {name!r} (the Mermaid script is vendored by deploy/vendor-mermaid.sh)")
    return FileResponse(str(html.asset(name)), media_type="text/javascript")


@router.get(
    "/mirror/{project}",
    response_model=MirrorListing,
    responses={200: {"content": {"text/markdown": {}, "text/html": {}}}},
    dependencies=[READ],
)
def mirror_index(services: ServicesDep, request: Request, project: str) -> Response:
    """The project's index page (its pages and subsystems); JSON with each page's stamp for Accept: application/json."""
    if "application/json" in request.headers.get("accept", ""):
        return JSONResponse(service.listing(services, project).model_dump(mode="json"))
    canonical, text = service.read_page(services, project, store.INDEX)
    return _answer(services, request, canonical, store.INDEX, text, as_html=False)


@router.post("/mirror/{project}/regenerate", response_model=RegenerationReport, dependencies=[WRITE])
def regenerate(services: ServicesDep, project: str) -> RegenerationReport:
    """Regenerate now: the time and the files written (pages whose inputs did not change are left as they were)."""
    return service.regenerate(services, project, trigger="explicit")


@router.get(
    "/mirror/{project}/subsystems/{key:path}",
    responses={200: {"content": {"text/markdown": {}}}},
    dependencies=[READ],
)
def mirror_subsystem(services: ServicesDep, request: Request, project: str, key: str) -> Response:
    """One Subsystem Detail page (``.html`` for the browser view); 404 naming an unknown subsystem."""
    key, as_html = _split(key)
    canonical, text = service.read_page(services, project, store.SUBSYSTEMS, key)
    return _answer(services, request, canonical, store.page_name(store.SUBSYSTEMS, key), text, as_html)


@router.get("/mirror/{project}/{page}", responses={200: {"content": {"text/markdown": {}}}}, dependencies=[READ])
def mirror_page(
    services: ServicesDep,
    request: Request,
    project: str,
    page: str,
    as_of: Annotated[datetime | None, Query(description="Overview only: the project as it stood then.")] = None,
) -> Response:
    """overview, decisions or index, as markdown (``.html`` or Accept: text/html for the browser view)."""
    name, as_html = _split(page)
    if name not in PAGES:
        raise NotFoundError(f"no Mirror page {page!r}; the pages are {', '.join(PAGES)} and subsystems/KEY", page=page)
    if as_of is not None:
        if name != store.OVERVIEW:
            raise ValidationError(f"as_of applies to the overview only, not to {name}", field="as_of", page=page)
        canonical, text = asof.overview_as_of(services, project, as_of)
    else:
        canonical, text = service.read_page(services, project, name)
    return _answer(services, request, canonical, name, text, as_html)
