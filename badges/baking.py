"""Baking credentials into badge images (PNG iTXt, SVG element) and reading them back.

OB 3.0: PNG keyword `openbadgecredential`, SVG `<openbadges:credential>` in namespace
https://purl.imsglobal.org/ob/v3p0. OB 2.0: PNG keyword `openbadges`, SVG
`<openbadges:assertion verify="…">` in namespace http://openbadges.org.
"""

from __future__ import annotations

import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from PIL import Image, PngImagePlugin

from badges.images import render_badge_png, render_badge_svg

SVG_NS = "http://www.w3.org/2000/svg"
OB3_NS = "https://purl.imsglobal.org/ob/v3p0"
OB2_NS = "http://openbadges.org"
OB3_PNG_KEY = "openbadgecredential"
OB2_PNG_KEY = "openbadges"
MAX_BAKED_BYTES = 2 * 1024 * 1024
MAX_PIXELS = 2048 * 2048


class BakingError(ValueError):
    """The file is not a badge image Kring can read a credential from."""


@dataclass(frozen=True)
class Baked:
    version: int  # 2 or 3
    payload: str  # JSON text, a JWT, or (OB 2.0) a hosted URL


def bake_svg_ob3(svg: str, credential: str) -> str:
    """The SVG with the credential (JSON text or a JWT) in an openbadges:credential element."""
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("openbadges", OB3_NS)
    root = ET.fromstring(svg)  # noqa: S314 - our own generated SVG
    element = ET.Element(f"{{{OB3_NS}}}credential")
    if credential.startswith("eyJ"):
        element.set("verify", credential)
    else:
        element.text = credential
    root.insert(0, element)
    return ET.tostring(root, encoding="unicode")


def bake_svg_ob2(svg: str, assertion_url: str, assertion_json: str) -> str:
    ET.register_namespace("", SVG_NS)
    ET.register_namespace("openbadges", OB2_NS)
    root = ET.fromstring(svg)  # noqa: S314 - our own generated SVG
    element = ET.Element(f"{{{OB2_NS}}}assertion", {"verify": assertion_url})
    element.text = assertion_json
    root.insert(0, element)
    return ET.tostring(root, encoding="unicode")


def unbake_svg(data: bytes) -> Baked:
    """The credential inside a baked SVG; refuses DTDs and entities outright."""
    if len(data) > MAX_BAKED_BYTES:
        raise BakingError("The image is larger than 2 MiB.")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        raise BakingError("SVGs with a DOCTYPE or entities are refused.")
    try:
        root = ET.fromstring(data)  # noqa: S314 - no DTDs or entities, checked above
    except ET.ParseError as exc:
        raise BakingError(f"Not a readable SVG: {exc}") from None
    found = root.find(f"{{{OB3_NS}}}credential")
    if found is not None:
        payload = found.get("verify") or (found.text or "").strip()
        if payload:
            return Baked(3, payload)
    old = root.find(f"{{{OB2_NS}}}assertion")
    if old is not None:
        payload = (old.text or "").strip() or old.get("verify", "")
        if payload:
            return Baked(2, payload)
    raise BakingError("The SVG carries no baked badge.")


def bake_png(png: bytes, key: str, payload: str) -> bytes:
    """The PNG with an iTXt chunk `key` holding `payload` (other chunks kept out)."""
    image = Image.open(io.BytesIO(png))
    info = PngImagePlugin.PngInfo()
    info.add_itxt(key, payload, zip=False)
    out = io.BytesIO()
    image.save(out, format="PNG", pnginfo=info)
    return out.getvalue()


def unbake_png(data: bytes) -> Baked:
    if len(data) > MAX_BAKED_BYTES:
        raise BakingError("The image is larger than 2 MiB.")
    try:
        image = Image.open(io.BytesIO(data))
        width, height = image.size
        # Reading the text chunks decodes the pixels: refuse images that would eat memory.
        if width * height > MAX_PIXELS:
            raise BakingError("The image is too large to read.")
        image.load()
    except (OSError, Image.DecompressionBombError, SyntaxError, ValueError):
        raise BakingError("Not a readable PNG.") from None
    if image.format != "PNG":
        raise BakingError("Not a PNG.")
    text = getattr(image, "text", {}) or {}
    if text.get(OB3_PNG_KEY):
        return Baked(3, str(text[OB3_PNG_KEY]).strip())
    if text.get(OB2_PNG_KEY):
        return Baked(2, str(text[OB2_PNG_KEY]).strip())
    raise BakingError("The PNG carries no baked badge.")


def render_png(svg: str | None = None) -> bytes:
    """The badge SVG drawn as a PNG, for badges whose class has no uploaded PNG.

    Pass the very SVG that badge.svg serves, so the two look the same. Without one, a generic
    Kring badge in the default colours (a picture with nothing baked in yet).
    """
    if svg is None:
        svg = render_badge_svg(
            title="Kring badge",
            university_name="Kring",
            brand_primary="",
            brand_secondary="",
            domain="",
            level=1,
        )
    return render_badge_png(svg)
