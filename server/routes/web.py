"""The learner web app (web/, built by `make web` into web/dist/), served beside the API.

index.html answers only the app's own routes, listed by the build in routes.json (Starlette
path syntax), never every path: an unknown path or a malformed id stays a 404. Mounted after
every server route, so a path both claim stays the server's for the methods it answers (POST
/verify is the API, GET /verify the app's page). The build is read once per process, when
first asked for; until it exists `/` says how to make it.
"""

from __future__ import annotations

import hashlib
import html
import json
import logging
import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Final
from urllib.parse import urlsplit

from starlette.datastructures import URLPath
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, Response
from starlette.routing import BaseRoute, Match, NoMatchFound, Route
from starlette.types import Receive, Scope, Send

from auth.permissions import can_see_badge
from graph.core.errors import ErrorCode
from graph.portfolios.pages import Page, page_by_id
from graph.recognition.badge_pages import BadgeSheet, badge_sheet
from server.evidence_store import MAX_EVIDENCE_BYTES, SIGNATURES
from server.graphql.documents import read_manifest
from server.http_errors import error_response
from server.routes.sharing import SHARE_TOKEN, badge_page_url, reader_lang
from server.routes.support import wants_html
from server.settings import REPO_ROOT, Settings
from server.state import AppState, app_state

log = logging.getLogger(__name__)

DIST: Final = REPO_ROOT / "web" / "dist"
ASSET_PREFIX: Final = "/assets/"
# The web app's GraphQL documents by hash (web/codegen.ts), for persisted documents.
DOCUMENTS: Final = "persisted-documents.json"
# Build files the server reads itself: not served as they are.
INTERNAL_FILES: Final = frozenset({"index.html", "routes.json", DOCUMENTS})
SERVICE_WORKER: Final = "sw.js"

NOT_BUILT: Final = "The web app is not built: run `make web` (`make run` builds it), then reload."

# Hashed names: a changed file is a new URL, so a copy never goes stale.
IMMUTABLE: Final = "public, max-age=31536000, immutable"
# Unhashed names (icon, manifest) are worth an hour; the service worker is checked each time
# so that an update reaches installed apps.
SHORT: Final = "public, max-age=3600"
REVALIDATE: Final = "no-cache"

MEDIA_TYPES: Final[Mapping[str, str]] = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".map": "application/json",
    ".json": "application/json",
    ".webmanifest": "application/manifest+json",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".gif": "image/gif",
    ".webp": "image/webp",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".ttf": "font/ttf",
    ".wasm": "application/wasm",
    ".txt": "text/plain; charset=utf-8",
}


def media_type(path: Path) -> str:
    # A fixed table rather than the mimetypes module, whose answers depend on the host's files.
    return MEDIA_TYPES.get(path.suffix.lower(), "application/octet-stream")


def tile_source(tile_url: str) -> str:
    """The tile server's origin as a CSP source; Leaflet's {s} subdomains become a wildcard."""
    parts = urlsplit(tile_url)
    return f"{parts.scheme}://{parts.netloc.replace('{s}', '*')}"


@lru_cache(maxsize=8)
def content_security_policy(tile_url: str) -> str:
    """The pages' policy: nothing inline, nothing from elsewhere but the map's tiles, and
    reading (never running) https resources: the verify page fetches a credential from the
    site that hosts it, CORS permitting."""
    tiles = tile_source(tile_url)
    return (
        "default-src 'self'; script-src 'self'; style-src 'self'; "
        f"img-src 'self' data: blob: {tiles}; connect-src 'self' https:; worker-src 'self'; "
        "manifest-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; "
        "frame-ancestors 'none'; form-action 'self'"
    )


@lru_cache(maxsize=8)
def worker_policy(tile_url: str) -> str:
    """The service worker's own policy (a worker is governed by its script's header): it
    fetches what the pages load, the map's tiles included."""
    tiles = tile_source(tile_url)
    return (
        f"default-src 'self'; connect-src 'self' {tiles}; img-src 'self' data: blob: {tiles}; "
        "object-src 'none'; base-uri 'none'"
    )


PAGE_HEADERS: Final = {
    "Cache-Control": REVALIDATE,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def client_config(settings: Settings, state: AppState) -> dict[str, object]:
    """What the page needs to know of this server; names only, never a secret."""
    return {
        "development": settings.development,
        "tiles": {"url": settings.map_tile_url, "attribution": settings.map_tile_attribution},
        "oidcProviders": list(state.oidc.providers),
        "webPushPublicKey": state.push_public_key or None,
        # The upload rules themselves, so the page refuses a file before sending it.
        "evidence": {
            "maxBytes": MAX_EVIDENCE_BYTES,
            "signatures": {kind: [s.hex() for s in found] for kind, found in SIGNATURES.items()},
        },
    }


def with_config(index: str, config: Mapping[str, object], head: str = "") -> str:
    """index.html with the configuration as a meta tag (the CSP allows no inline script),
    and `head`'s tags (escaped already) beside it."""
    content = html.escape(json.dumps(config, separators=(",", ":")), quote=True)
    meta = f'<meta name="kring-config" content="{content}">\n'
    head_end = index.index("</head>")
    return index[:head_end] + meta + head + index[head_end:]


PREVIEW_WORDS: Final = {
    "en": {
        "description": "{learner} earned this badge from {issuer}. Tier: {tier}. Status: {status}.",
        "SELF_ASSERTED": "self-asserted",
        "COMMUNITY": "community",
        "OFFICIAL": "official",
        "ACTIVE": "valid",
        "EXPIRED": "expired",
        "REVOKED": "revoked",
    },
    "nl": {
        "description": "{learner} behaalde deze badge bij {issuer}. Niveau: {tier}. Status: "
        "{status}.",
        "SELF_ASSERTED": "zelfverklaard",
        "COMMUNITY": "gemeenschap",
        "OFFICIAL": "officieel",
        "ACTIVE": "geldig",
        "EXPIRED": "verlopen",
        "REVOKED": "ingetrokken",
    },
}


def preview_tags(sheet: BadgeSheet, public_url: str, token: str | None, lang: str) -> str:
    """Open Graph and Twitter card tags for a badge's page, every value escaped."""
    badge = sheet.assertion
    words = PREVIEW_WORDS["nl" if lang == "nl" else "en"]
    # The secret passed SHARE_TOKEN: URL-safe as it is.
    secret = f"?token={token}" if token else ""
    tags = {
        "og:type": "website",
        "og:site_name": "Kring",
        "og:title": badge.badge_class_name,
        "og:description": words["description"].format(
            learner=badge.learner_name,
            issuer=sheet.issuer_name or badge.university_name,
            tier=words[badge.tier.value],
            status=words[badge.status],
        ),
        "og:url": badge_page_url(public_url, badge.id, token),
        "og:image": f"{public_url}/assertions/{badge.id}/image.png{secret}",
        "og:image:alt": badge.badge_class_name,
        "twitter:card": "summary",
    }
    # Open Graph names its tags with `property`, Twitter's cards with `name`.
    return "".join(
        f'<meta {"name" if key.startswith("twitter:") else "property"}="{key}"'
        f' content="{html.escape(value, quote=True)}">\n'
        for key, value in tags.items()
    )


@dataclass(frozen=True)
class Build:
    """One read of web/dist: the page, the app's routes, the files there are to serve, and
    the GraphQL documents the app sends by hash."""

    index: str
    routes: tuple[Route, ...]
    assets: Mapping[str, Path]  # URL path -> file
    files: Mapping[str, Path]  # top-level files, by URL path
    documents: Mapping[str, str]  # SHA-256 (hex) -> document

    @classmethod
    def read(cls, dist: Path) -> Build | None:
        """The build in `dist`, or None while there is none; ValueError when it is broken."""
        try:
            index = (dist / "index.html").read_text(encoding="utf-8")
            patterns = json.loads((dist / "routes.json").read_text(encoding="utf-8"))
            manifest = json.loads((dist / DOCUMENTS).read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        if "</head>" not in index:
            raise ValueError(f"{dist / 'index.html'} has no </head>")
        if not isinstance(patterns, list) or not all(
            isinstance(p, str) and p.startswith("/") for p in patterns
        ):
            raise ValueError(f"{dist / 'routes.json'} is not a list of paths")
        documents = read_manifest(manifest, str(dist / DOCUMENTS))
        # Every file there is, listed once: a request names one of them or gets a 404, so no
        # path it spells can reach outside the folder.
        assets_dir = dist / ASSET_PREFIX.strip("/")
        assets = {
            ASSET_PREFIX + path.relative_to(assets_dir).as_posix(): path
            for path in sorted(assets_dir.rglob("*"))
            if path.is_file()
        }
        files = {
            f"/{path.name}": path
            for path in sorted(dist.iterdir())
            if path.is_file() and path.name not in INTERNAL_FILES
        }
        routes = tuple(Route(p, _unused, methods=["GET"]) for p in patterns)
        return cls(index, routes, assets, files, documents)


async def _unused(request: Request) -> Response:  # pragma: no cover - matching only
    raise HTTPException(status_code=404)


BADGE_PAGE: Final = Route("/badges/{id:uuid}", _unused, methods=["GET"])


PORTFOLIO_PAGE: Final = Route("/portfolios/{id:uuid}", _unused, methods=["GET"])
PORTFOLIO_WORDS: Final = {
    "en": "The learning story of {learner}.",
    "nl": "Het leerverhaal van {learner}.",
}


def portfolio_tags(page: Page, public_url: str, token: str | None, lang: str) -> str:
    """Open Graph and Twitter card tags for a portfolio page, every value escaped."""
    story = PORTFOLIO_WORDS["nl" if lang == "nl" else "en"].format(learner=page.learner_name)
    narrative = " ".join(page.narrative.split())
    if narrative:
        story += " " + (narrative[:160] + "\u2026" if len(narrative) > 160 else narrative)
    secret = f"?token={token}" if token else ""
    tags = {
        "og:type": "website",
        "og:site_name": "Kring",
        "og:title": page.title,
        "og:description": story,
        "og:url": f"{public_url}/portfolios/{page.id}{secret}",
        "twitter:card": "summary",
    }
    return "".join(
        f'<meta {"name" if key.startswith("twitter:") else "property"}="{key}"'
        f' content="{html.escape(value, quote=True)}">\n'
        for key, value in tags.items()
    )


async def portfolio_preview(request: Request) -> str:
    """A shared portfolio page's tags, exactly as for a badge: none unless this address
    shows the page to everyone who has it."""
    matched, child = PORTFOLIO_PAGE.matches(request.scope)
    if matched is not Match.FULL:
        return ""
    token = request.query_params.get("token") or None
    if token is not None and SHARE_TOKEN.fullmatch(token) is None:
        return ""
    state = app_state(request)
    page = await page_by_id(state.graph, str(child["path_params"]["id"]))
    if page is None or not can_see_badge(False, page.visibility, page.share_token, token):
        return ""
    kept = token if page.visibility == "LINK" else None
    return portfolio_tags(page, state.settings.public_url, kept, reader_lang(request))


async def link_preview(request: Request) -> str:
    """The tags that make a shared badge's address show the badge where it is pasted; none
    for another page, nor for a badge this address does not show to everyone who has it
    (private, unknown, a wrong secret), whoever is signed in. One read of the graph."""
    matched, child = BADGE_PAGE.matches(request.scope)
    if matched is not Match.FULL:
        return await portfolio_preview(request)
    token = request.query_params.get("token") or None
    if token is not None and SHARE_TOKEN.fullmatch(token) is None:
        return ""
    state = app_state(request)
    sheet = await badge_sheet(state.graph, str(child["path_params"]["id"]))
    if sheet is None:
        return ""
    badge = sheet.assertion
    if not can_see_badge(False, badge.visibility, badge.share_token, token):
        return ""
    # A public badge's address needs no secret, even one left over from a shared link.
    kept = token if badge.visibility == "LINK" else None
    return preview_tags(sheet, state.settings.public_url, kept, reader_lang(request))


class WebApp(BaseRoute):
    """Every path the built app answers, as one route: its pages, /assets/… and the files
    beside index.html. GET and HEAD only; other methods on those paths are a 405."""

    def __init__(self, dist: Path) -> None:
        self.dist = dist
        self._build: Build | None = None

    def build(self) -> Build | None:
        """Read once the build exists; until then looked for again at each request."""
        if self._build is None:
            try:
                self._build = Build.read(self.dist)
            except ValueError as exc:
                # Half a build, or a broken one: answered as none, and said in the log.
                log.error("web app build unusable", extra={"reason": str(exc)})
                return None
            if self._build is not None:
                log.info("web app loaded", extra={"dist": str(self.dist)})
        return self._build

    def documents(self) -> Mapping[str, str]:
        """The build's persisted documents; none while there is no build."""
        build = self.build()
        return build.documents if build is not None else {}

    def serves(self, scope: Scope) -> str | None:
        """Which of "page", "asset" or "file" answers this path, if any."""
        path: str = scope["path"]
        build = self.build()
        if build is None:
            return "page" if path == "/" else None
        if path in build.assets:
            return "asset"
        if path in build.files:
            return "file"
        if path == "/" or any(r.matches(scope)[0] is not Match.NONE for r in build.routes):
            return "page"
        return None

    def matches(self, scope: Scope) -> tuple[Match, Scope]:
        if scope["type"] != "http":
            return Match.NONE, {}
        kind = self.serves(scope)
        if kind is None:
            return Match.NONE, {}
        child = {"endpoint": self.handle, "path_params": {}, "kring.web": kind}
        if scope["method"] not in {"GET", "HEAD"}:
            return Match.PARTIAL, child
        return Match.FULL, child

    def url_path_for(self, name: str, /, **path_params: object) -> URLPath:
        raise NoMatchFound(name, path_params)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["method"] not in {"GET", "HEAD"}:
            raise HTTPException(status_code=405, headers={"Allow": "GET, HEAD"})
        request = Request(scope, receive)
        kind = scope["kring.web"]
        response = await self.page(request) if kind == "page" else self.file(request, kind)
        await response(scope, receive, send)

    async def page(self, request: Request) -> Response:
        build = self.build()
        if build is None:
            return error_response(
                NOT_BUILT,
                ErrorCode.SERVICE_UNAVAILABLE,
                headers={"Cache-Control": "no-store"},
                as_html=wants_html(request),
            )
        state = app_state(request)
        preview = await link_preview(request)
        body = with_config(build.index, client_config(state.settings, state), preview)
        etag = '"' + hashlib.sha256(body.encode()).hexdigest()[:32] + '"'
        headers = {
            **PAGE_HEADERS,
            "Content-Security-Policy": content_security_policy(state.settings.map_tile_url),
            "ETag": etag,
        }
        if preview:
            headers["Vary"] = "Accept-Language"  # the preview's words are in the reader's
        if _not_modified(request, etag):
            return Response(status_code=304, headers=headers)
        return HTMLResponse(body, headers=headers)

    def file(self, request: Request, kind: str) -> Response:
        build = self.build()
        assert build is not None  # matched only once the build was read
        path = (build.assets if kind == "asset" else build.files)[request.scope["path"]]
        try:
            stat = os.stat(path)
        except FileNotFoundError:
            # Gone since the build was read (a rebuild under a running server).
            raise HTTPException(status_code=404) from None
        headers = {"X-Content-Type-Options": "nosniff"}
        if kind == "asset":
            headers["Cache-Control"] = IMMUTABLE
        elif path.name == SERVICE_WORKER:
            headers["Cache-Control"] = REVALIDATE
            headers["Content-Security-Policy"] = worker_policy(
                app_state(request).settings.map_tile_url
            )
        else:
            headers["Cache-Control"] = SHORT
        response = FileResponse(
            path, media_type=media_type(path), headers=headers, stat_result=stat
        )
        if _not_modified(request, response.headers["etag"]):
            return Response(status_code=304, headers={**headers, "ETag": response.headers["etag"]})
        return response


def _not_modified(request: Request, etag: str) -> bool:
    given = request.headers.get("if-none-match", "")
    return etag in {tag.strip().removeprefix("W/") for tag in given.split(",")}


def documents_of(routes: Sequence[BaseRoute]) -> Mapping[str, str]:
    """The persisted documents of the build these routes serve."""
    return next((r.documents() for r in routes if isinstance(r, WebApp)), {})


web_app = WebApp(DIST)
routes: list[BaseRoute] = [web_app]
