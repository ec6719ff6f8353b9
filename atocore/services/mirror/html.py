"""The browser view of a Mirror page: its markdown rendered to HTML on the server.

markdown-it-py renders the page (CommonMark with tables; the page's own
inline HTML, such as anchors and ``<details>``, passes through, while every
fact was escaped when the page was written). Three rules differ from plain
rendering:

- a ``mermaid`` fence becomes ``<pre class="mermaid">``, which the Mermaid
  script (served from the installed package by ``GET /mirror-assets/...``,
  never from outside the machine) draws as an SVG;
- a link to another Mirror page (``overview.md``, ``../subsystems/x.md#y``)
  points at that page's HTML view;
- inline code holds an entity key on every Mirror page, so each one links
  to Neo4j Browser with the entity and its effective relationships
  (``cypher/mirror/browser_entity.cypher``, prefilled with its parameters).
"""

from __future__ import annotations

import posixpath
import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from html import escape
from importlib import resources
from importlib.abc import Traversable
from typing import Any
from urllib.parse import quote, urlsplit

from markdown_it import MarkdownIt
from markdown_it.renderer import RendererHTML
from markdown_it.token import Token
from markdown_it.utils import EnvType, OptionsDict

from atocore.services.mirror import render, store

MERMAID_SCRIPT = "mermaid.min.js"
ASSETS_PATH = "/mirror-assets"
_KEY = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_:/-]*\.[A-Za-z0-9._:/-]+$")


@dataclass(frozen=True)
class View:
    """Where a page sits and what its links point at."""

    project: str
    page: str  # the page's name: overview, subsystems/<key>, ...
    browser_url: str
    browser_query: str  # the Cypher Neo4j Browser opens for an entity


def asset(name: str) -> Traversable:
    return resources.files("atocore.services.mirror") / "static" / name


@cache
def mermaid_installed() -> bool:
    """Whether the Mermaid script was vendored into the package (deploy/vendor-mermaid.sh)."""
    return asset(MERMAID_SCRIPT).is_file()


def page_url(project: str, page: str, fragment: str = "") -> str:
    return f"/mirror/{quote(project, safe='')}/{page}.html" + (f"#{fragment}" if fragment else "")


def browser_link(view: View, key: str) -> str:
    text = f":param project => '{view.project}';\n:param key => '{key}';\n{view.browser_query.strip()}"
    return f"{view.browser_url}?cmd=edit&arg={quote(text, safe='')}"


def _mirror_link(view: View, href: str) -> str | None:
    """The HTML view a relative link to a Mirror page stands for, or None for any other link."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.endswith(store.SUFFIX):
        return None
    here = posixpath.dirname(view.page)
    target = posixpath.normpath(posixpath.join(here, parts.path))[: -len(store.SUFFIX)]
    return page_url(view.project, target, parts.fragment)


class _Renderer(RendererHTML):
    def fence(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        if token.info.strip() == "mermaid":
            return f'<pre class="mermaid">{escape(token.content)}</pre>\n'
        return super().fence(tokens, idx, options, env)

    def code_inline(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        code = super().code_inline(tokens, idx, options, env)
        content, view = tokens[idx].content, env.get("view")
        if view is None or not _KEY.match(content):
            return code
        href = escape(browser_link(view, content))
        return f'<a class="key" href="{href}" title="Open {escape(content)} in Neo4j Browser">{code}</a>'

    def link_open(self, tokens: Sequence[Token], idx: int, options: OptionsDict, env: EnvType) -> str:
        token = tokens[idx]
        target = _mirror_link(env["view"], str(token.attrGet("href") or "")) if env.get("view") else None
        if target is not None:
            token.attrSet("href", target)
        return self.renderToken(tokens, idx, options, env)


@cache
def _markdown() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}, renderer_cls=_Renderer).enable("table")


def body(markdown_text: str, view: View) -> str:
    return _markdown().render(markdown_text, {"view": view})


def document(markdown_text: str, view: View, title: str) -> str:
    """The whole HTML document of a page: navigation, the rendered page, its stamp, the Mermaid script."""
    stamp = _stamp(markdown_text)
    context: dict[str, Any] = {
        "title": title,
        "project": view.project,
        "body": body(markdown_text, view),
        "nav": [(label, page_url(view.project, page)) for label, page in _NAV],
        "generated_at": stamp[0],
        "inputs": stamp[1],
        "mermaid": f"{ASSETS_PATH}/{MERMAID_SCRIPT}" if mermaid_installed() else None,
        "has_diagrams": '<pre class="mermaid">' in markdown_text or "```mermaid" in markdown_text,
    }
    return render.environment().get_template("page.html.j2").render(**context)


_NAV = (("Index", store.INDEX), ("Overview", store.OVERVIEW), ("Decision log", store.DECISIONS))
_STAMP = re.compile(r"generated: (\S+)\s+inputs: (\S+)")


def _stamp(markdown_text: str) -> tuple[str | None, str | None]:
    found = _STAMP.search(markdown_text[:2048])
    return (found.group(1), found.group(2)) if found else (None, None)
