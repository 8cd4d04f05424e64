"""The development GraphiQL page, with every script and stylesheet served by Kring itself.

Strawberry's own page loads React and GraphiQL from public CDNs and starts them with an
inline script. This one references only /graphiql/assets/..., files that `make graphiql-deps`
installs from the npm registry (server/graphiql/package-lock.json) plus Kring's own loader,
so the IDE works offline under a CSP with script-src 'self'.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Final

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

from graph.core.errors import NotFound
from server.state import app_state

ASSET_DIR: Final = Path(__file__).resolve().parent.parent / "graphiql"
NODE_MODULES: Final = ASSET_DIR / "node_modules"
ASSET_PATH: Final = "/graphiql/assets"

JS: Final = "text/javascript; charset=utf-8"
CSS: Final = "text/css; charset=utf-8"
SOURCE_MAP: Final = "application/json"

# The only files served: URL name -> (file, media type). Nothing else under node_modules is.
ASSETS: Final[dict[str, tuple[Path, str]]] = {
    "react.production.min.js": (NODE_MODULES / "react/umd/react.production.min.js", JS),
    "react-dom.production.min.js": (
        NODE_MODULES / "react-dom/umd/react-dom.production.min.js",
        JS,
    ),
    "graphiql.min.js": (NODE_MODULES / "graphiql/graphiql.min.js", JS),
    "graphiql.min.js.map": (NODE_MODULES / "graphiql/graphiql.min.js.map", SOURCE_MAP),
    "graphiql.min.css": (NODE_MODULES / "graphiql/graphiql.min.css", CSS),
    "graphiql.min.css.map": (NODE_MODULES / "graphiql/graphiql.min.css.map", SOURCE_MAP),
    "plugin-explorer.umd.js": (NODE_MODULES / "@graphiql/plugin-explorer/dist/index.umd.js", JS),
    "plugin-explorer.css": (NODE_MODULES / "@graphiql/plugin-explorer/dist/style.css", CSS),
    "kring-graphiql.css": (ASSET_DIR / "kring-graphiql.css", CSS),
    "kring-graphiql.js": (ASSET_DIR / "kring-graphiql.js", JS),
}
STYLESHEETS: Final = ("graphiql.min.css", "plugin-explorer.css", "kring-graphiql.css")
# In this order: GraphiQL's UMD build expects the React globals, the explorer plugin GraphiQL's.
SCRIPTS: Final = (
    "react.production.min.js",
    "react-dom.production.min.js",
    "graphiql.min.js",
    "plugin-explorer.umd.js",
    "kring-graphiql.js",
)

# GraphiQL's fonts and icons are data: URLs in its stylesheet. A few things GraphiQL would put
# inline are refused and only look plainer: the scroll lock while a dialog is open (a <style>
# element) and two style attributes in CodeMirror's jump-to-line box.
CONTENT_SECURITY_POLICY: Final = (
    "default-src 'none'; script-src 'self'; style-src 'self'; font-src 'self' data:; "
    "img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; "
    "frame-ancestors 'none'"
)

PAGE: Final = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Kring GraphiQL</title>
{stylesheets}
</head>
<body>
<div id="graphiql" class="graphiql-container">Loading…</div>
{scripts}
</body>
</html>
"""

MISSING: Final = (
    "GraphiQL's files are not installed: run `make graphiql-deps` "
    "(`make run` does it), then reload.\n"
)


def installed() -> bool:
    return all(path.is_file() for path, _ in ASSETS.values())


def page_html() -> str:
    return PAGE.format(
        stylesheets="\n".join(
            f'<link rel="stylesheet" href="{ASSET_PATH}/{name}">' for name in STYLESHEETS
        ),
        scripts="\n".join(f'<script src="{ASSET_PATH}/{name}"></script>' for name in SCRIPTS),
    )


def render_ide() -> Response:
    """The page for GET /graphql from a browser (the view only asks in development)."""
    if not installed():
        return PlainTextResponse(MISSING, status_code=503)
    return HTMLResponse(
        page_html(),
        headers={
            "Content-Security-Policy": CONTENT_SECURITY_POLICY,
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
            "Cache-Control": "no-store",
        },
    )


async def graphiql_asset(request: Request) -> Response:
    """GET /graphiql/assets/{name}: one of ASSETS, in development only."""
    asset = ASSETS.get(request.path_params["name"])
    if asset is None or not app_state(request).settings.development:
        # The same answer as a path that does not exist at all.
        raise HTTPException(status_code=404)
    path, media_type = asset
    try:
        stat = os.stat(path)
    except FileNotFoundError:
        raise NotFound(MISSING.strip()) from None
    headers = {"Cache-Control": "no-cache", "X-Content-Type-Options": "nosniff"}
    response = FileResponse(path, media_type=media_type, headers=headers, stat_result=stat)
    etag = response.headers["etag"]
    if etag in {tag.strip() for tag in request.headers.get("if-none-match", "").split(",")}:
        return Response(status_code=304, headers={**headers, "ETag": etag})
    return response


routes: list[BaseRoute] = [Route(f"{ASSET_PATH}/{{name}}", graphiql_asset, methods=["GET"])]
