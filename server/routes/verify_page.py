"""GET /verify: a page where anyone drops a badge (image, JSON or JWT) to check it."""

from __future__ import annotations

import secrets

from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.routing import BaseRoute, Route

PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Verify a badge · Kring</title>
<style nonce="{nonce}">
body {{ font: 16px/1.5 system-ui, sans-serif; max-width: 44rem; margin: 2rem auto;
  padding: 0 1rem; }}
#drop {{ border: 2px dashed #1F3A5F; border-radius: 12px; padding: 2rem; text-align: center; }}
#drop.over {{ background: #eef3f8; }}
textarea {{ width: 100%; min-height: 8rem; }}
.ok {{ color: #0a6b2d; }} .bad {{ color: #a01919; }}
dt {{ font-weight: 600; }}
</style></head>
<body>
<h1>Verify a badge</h1>
<p>Drop a baked badge image (PNG or SVG), a credential (JSON) or a VC-JWT. Nothing is stored.
Kring checks the signature against the issuer's published keys, and the badge's status.</p>
<div id="drop"><p>Drop a file here, or <input type="file" id="file"></p></div>
<p><label for="text">…or paste it:</label></p>
<textarea id="text"></textarea>
<p><button id="check">Verify</button></p>
<div id="result" aria-live="polite"></div>
<script nonce="{nonce}">
const result = document.getElementById("result");
function show(report) {{
  if (report.errors) {{
    result.innerHTML = "";
    const p = document.createElement("p");
    p.className = "bad";
    p.textContent = report.errors[0].message;
    result.append(p);
    return;
  }}
  const rows = [
    ["Verdict", report.verified ? "Verified" : "Not verified"],
    ["Signature", report.proof_message],
    ["Issuer", (report.issuer_name || report.issuer_id || "unknown") +
      (report.issuer_resolved ? " (key resolved)" : " (key not resolved)")],
    ["Status", report.status + ": " + report.status_message],
    ["Tier", report.tier || "unknown"],
  ];
  const dl = document.createElement("dl");
  for (const [k, v] of rows) {{
    const dt = document.createElement("dt"); dt.textContent = k;
    const dd = document.createElement("dd"); dd.textContent = v;
    dl.append(dt, dd);
  }}
  dl.className = report.verified ? "ok" : "bad";
  result.innerHTML = ""; result.append(dl);
}}
function csrf() {{
  // A signed-in browser proves the request comes from this page (see server/csrf.py).
  const found = document.cookie.split("; ").find((c) => c.startsWith("kring_csrf="));
  return found ? found.slice("kring_csrf=".length) : "";
}}
async function send(body, type) {{
  const response = await fetch(
    "/verify", {{method: "POST", body, headers: {{"content-type": type, "x-csrf-token": csrf()}}}});
  show(await response.json());
}}
function sendFile(file) {{ send(file, file.type || "application/octet-stream"); }}
const drop = document.getElementById("drop");
drop.addEventListener("dragover", (e) => {{ e.preventDefault(); drop.classList.add("over"); }});
drop.addEventListener("dragleave", () => drop.classList.remove("over"));
drop.addEventListener("drop", (e) => {{
  e.preventDefault(); drop.classList.remove("over");
  if (e.dataTransfer.files.length) sendFile(e.dataTransfer.files[0]);
}});
document.getElementById("file").addEventListener("change", (e) => {{
  if (e.target.files.length) sendFile(e.target.files[0]);
}});
document.getElementById("check").addEventListener("click", () => {{
  send(document.getElementById("text").value, "text/plain");
}});
</script>
</body></html>
"""


async def verify_page(request: Request) -> HTMLResponse:
    nonce = secrets.token_urlsafe(16)
    return HTMLResponse(
        PAGE.format(nonce=nonce),
        headers={
            "Content-Security-Policy": (
                f"default-src 'none'; script-src 'nonce-{nonce}'; style-src 'nonce-{nonce}'; "
                "connect-src 'self'; form-action 'none'; frame-ancestors 'none'"
            ),
            "X-Content-Type-Options": "nosniff",
        },
    )


routes: list[BaseRoute] = [Route("/verify", verify_page, methods=["GET"])]
