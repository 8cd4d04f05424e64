"""A portfolio page as a PDF, in Dutch or English, drawn with fpdf2 like the certificate.

The paper restates what the page showed its reader when it was made, with the link back to
the page, which is live (a badge revoked later shows so there).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Final

from fpdf.enums import Align, WrapMode

from badges.certificate import INK, MUTED, REVOKED_RED, Lang, _Sheet, day

WORDS: Final[dict[Lang, dict[str, str]]] = {
    "en": {
        "story": "The learning story of {name}",
        "kind.BADGE": "Badge",
        "kind.CLAIM": "Claim",
        "kind.EVIDENCE": "Evidence",
        "kind.EXTERNAL": "Credential from elsewhere",
        "by": "from {issuer}",
        "status.ACTIVE": "valid",
        "status.REVOKED": "REVOKED",
        "status.EXPIRED": "expired",
        "status.VALID": "verified",
        "status.INVALID": "did not verify",
        "status.UNREACHABLE": "could not be checked",
        "on": "on {date}",
        "reason": "Reason: {reason}",
        "page": "This page, live",
        "made": "Made with Kring on {date}.",
    },
    "nl": {
        "story": "Het leerverhaal van {name}",
        "kind.BADGE": "Badge",
        "kind.CLAIM": "Claim",
        "kind.EVIDENCE": "Bewijsstuk",
        "kind.EXTERNAL": "Credential van elders",
        "by": "van {issuer}",
        "status.ACTIVE": "geldig",
        "status.REVOKED": "INGETROKKEN",
        "status.EXPIRED": "verlopen",
        "status.VALID": "geverifieerd",
        "status.INVALID": "niet geverifieerd",
        "status.UNREACHABLE": "kon niet worden gecontroleerd",
        "on": "op {date}",
        "reason": "Reden: {reason}",
        "page": "Deze pagina, live",
        "made": "Gemaakt met Kring op {date}.",
    },
}


@dataclass(frozen=True, kw_only=True)
class Entry:
    kind: str  # BADGE, CLAIM, EVIDENCE or EXTERNAL
    name: str
    issuer: str | None
    status: str | None
    at: datetime | None
    caption: str
    detail: str
    url: str | None
    revocation_reason: str | None = None


@dataclass(frozen=True, kw_only=True)
class PortfolioSheet:
    title: str
    learner: str
    narrative: str
    entries: tuple[Entry, ...]
    link: str
    made_at: datetime


def render(sheet: PortfolioSheet, lang: Lang) -> bytes:
    """The page as an A4 PDF, as long as it needs."""
    words = WORDS[lang]
    pdf = _Sheet()
    pdf.set_lang(lang)
    pdf.set_title(sheet.title)
    pdf.set_author(sheet.learner)
    pdf.set_creator("Kring")
    pdf.add_page()
    pdf.use(10, bold=True, colour=MUTED)
    pdf.line_of("Kring", 5, align=Align.L)
    pdf.ln(2)
    pdf.use(22, bold=True)
    pdf.line_of(sheet.title, 10, align=Align.L)
    pdf.use(12, colour=MUTED)
    pdf.line_of(words["story"].format(name=sheet.learner), 7, align=Align.L)
    pdf.ln(4)
    pdf.use(11)
    for paragraph in (p.strip() for p in sheet.narrative.split("\n\n")):
        if paragraph:
            pdf.line_of(paragraph, 5.5, align=Align.L)
            pdf.ln(2)
    for entry in sheet.entries:
        _entry(pdf, entry, lang)
    pdf.ln(6)
    pdf.use(10, bold=True)
    pdf.line_of(words["page"], 5, align=Align.L)
    pdf.use(9, colour=(29, 78, 216))
    pdf.paragraph(0, 5, sheet.link, link=sheet.link, wrapmode=WrapMode.CHAR)
    pdf.use(8, colour=MUTED)
    pdf.line_of(words["made"].format(date=day(sheet.made_at, lang)), 4, align=Align.L)
    return bytes(pdf.output())


def _entry(pdf: _Sheet, entry: Entry, lang: Lang) -> None:
    words = WORDS[lang]
    pdf.ln(3)
    pdf.use(9, bold=True, colour=MUTED)
    pdf.line_of(words.get(f"kind.{entry.kind}", entry.kind).upper(), 4.5, align=Align.L)
    pdf.use(13, bold=True)
    pdf.line_of(entry.name, 6.5, align=Align.L)
    facts: list[str] = []
    if entry.issuer:
        facts.append(words["by"].format(issuer=entry.issuer))
    if entry.at is not None:
        facts.append(words["on"].format(date=day(entry.at, lang)))
    revoked = entry.status == "REVOKED"
    if entry.status and entry.kind in ("BADGE", "EXTERNAL"):
        facts.append(words.get(f"status.{entry.status}", entry.status.lower()))
    if facts:
        pdf.use(10, bold=revoked, colour=REVOKED_RED if revoked else MUTED)
        pdf.line_of(" · ".join(facts), 5, align=Align.L)
    if revoked and entry.revocation_reason:
        pdf.use(10, colour=REVOKED_RED)
        pdf.line_of(words["reason"].format(reason=entry.revocation_reason), 5, align=Align.L)
    pdf.use(10, colour=INK)
    if entry.caption:
        pdf.line_of(entry.caption, 5, align=Align.L)
    if entry.detail:
        pdf.use(10, colour=MUTED)
        pdf.line_of(entry.detail[:600], 5, align=Align.L)
    if entry.url:
        pdf.use(9, colour=(29, 78, 216))
        pdf.paragraph(0, 5, entry.url, link=entry.url, wrapmode=WrapMode.CHAR)
