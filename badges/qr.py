"""QR codes of badge links, drawn by segno: one SVG for the wallet's image and the certificate."""

from __future__ import annotations

import io

import segno

# A badge's page address with its link's secret is about 120 characters; a QR code of 300
# (version 10 at level M) still scans from paper, and bounds the work a request can ask for.
MAX_QR_TEXT = 300


def qr_svg(text: str, *, title: str | None = None) -> str:
    """`text` as a QR code: black on white with its quiet zone, sized by its viewBox; `title`
    names it for assistive technology."""
    if len(text) > MAX_QR_TEXT:
        raise ValueError(f"A QR code holds at most {MAX_QR_TEXT} characters here.")
    # Level M survives a smudge or a fold in a printed certificate.
    code = segno.make_qr(text, error="m")
    buffer = io.BytesIO()
    code.save(
        buffer,
        kind="svg",
        scale=4,
        border=4,
        xmldecl=False,
        omitsize=True,
        title=title,
        dark="#000000",
        light="#ffffff",
    )
    return buffer.getvalue().decode("utf-8")
