"""A badge's PDF certificate, in Dutch or English, drawn with fpdf2.

The certificate restates what the badge's page shows and points there (link and QR code):
the page verifies the badge live, the paper never does. A revoked badge's certificate says
so at its top, as its page does.
"""

from __future__ import annotations

import io
import unicodedata
from dataclasses import dataclass
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Final, Literal

from babel.dates import format_date
from fpdf import FPDF
from fpdf.enums import Align, WrapMode, XPos, YPos

Lang = Literal["en", "nl"]
LANGS: Final = ("en", "nl")

# Criteria are written for the badge's page; the paper keeps a summary of them.
MAX_CRITERIA_CHARS: Final = 420
ELLIPSIS: Final = "\u2026"

# A Unicode font from the machine (names are anyone's: Şükrü, Łucja, Nguyễn), regular and
# bold, first found wins; without one the PDF falls back to Helvetica, which has Latin-1 only.
FONT_FILES: Final = (
    (
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
    ),
    (
        "/usr/share/fonts/truetype/noto/NotoSans-Regular.ttf",
        "/usr/share/fonts/truetype/noto/NotoSans-Bold.ttf",
    ),
)

INK: Final = (31, 41, 51)
MUTED: Final = (75, 85, 99)
REVOKED_RED: Final = (153, 27, 27)

WORDS: Final[dict[Lang, dict[str, str]]] = {
    "en": {
        "title": "Certificate",
        "certifies": "This certifies that",
        "earned": "earned the badge",
        "issuer": "Issuer",
        "university": "University",
        "tier": "Tier",
        "tier.SELF_ASSERTED": "Self-asserted: claimed by the learner; nobody else confirmed it.",
        "tier.COMMUNITY": "Community: endorsed by people who saw the work, under a "
        "university's community brand.",
        "tier.OFFICIAL": "Official: a badge class the university's curators validated.",
        "issued": "Issued",
        "expires": "Expires",
        "status": "Status",
        "status.ACTIVE": "Valid",
        "status.EXPIRED": "Expired on {date}",
        "status.REVOKED": "Revoked on {date}",
        "revoked.banner": "REVOKED on {date}. This badge is no longer valid.",
        "revoked.reason": "Reason: {reason}",
        "criteria": "Criteria",
        "verify": "Check this badge",
        "verify.help": "Its page shows whether it is still valid, live. Open the link or scan "
        "the QR code.",
        "private": "This badge is private: only its holder can open this link.",
        "qr": "QR code of the link to the badge's page",
        "footer": "An Open Badges 3.0 credential issued with Kring.",
    },
    "nl": {
        "title": "Certificaat",
        "certifies": "Hierbij wordt bevestigd dat",
        "earned": "de badge behaalde",
        "issuer": "Uitgever",
        "university": "Universiteit",
        "tier": "Niveau",
        "tier.SELF_ASSERTED": "Zelfverklaard: door de lerende zelf geclaimd; niemand anders "
        "heeft het bevestigd.",
        "tier.COMMUNITY": "Gemeenschap: aanbevolen door mensen die het werk zagen, onder het "
        "gemeenschapsmerk van een universiteit.",
        "tier.OFFICIAL": "Officieel: een badgeklasse die de curatoren van de universiteit "
        "valideerden.",
        "issued": "Uitgereikt",
        "expires": "Verloopt",
        "status": "Status",
        "status.ACTIVE": "Geldig",
        "status.EXPIRED": "Verlopen op {date}",
        "status.REVOKED": "Ingetrokken op {date}",
        "revoked.banner": "INGETROKKEN op {date}. Deze badge is niet langer geldig.",
        "revoked.reason": "Reden: {reason}",
        "criteria": "Criteria",
        "verify": "Deze badge controleren",
        "verify.help": "De pagina toont live of hij nog geldig is. Open de link of scan de "
        "QR-code.",
        "private": "Deze badge is privé: alleen wie hem behaalde, kan deze link openen.",
        "qr": "QR-code van de link naar de pagina van de badge",
        "footer": "Een Open Badges 3.0-credential, uitgereikt met Kring.",
    },
}

BABEL_LOCALE: Final[dict[Lang, str]] = {"en": "en_GB", "nl": "nl_BE"}


@dataclass(frozen=True, kw_only=True)
class Certificate:
    """What the certificate states; `link` is the badge's page, `qr_svg` its QR code."""

    recipient: str
    badge_name: str
    issuer: str
    university: str
    tier: str  # SELF_ASSERTED, COMMUNITY or OFFICIAL
    status: str  # ACTIVE, EXPIRED or REVOKED
    issued_at: datetime
    expires_at: datetime | None
    revoked_at: datetime | None
    revocation_reason: str | None
    criteria: str
    link: str
    qr_svg: str
    private: bool
    badge_png: bytes | None = None


def day(when: datetime, lang: Lang) -> str:
    """A calendar day in the reader's language, as the web app writes it (5 maart 2026)."""
    return format_date(when, format="long", locale=BABEL_LOCALE[lang])


def summary(text: str, limit: int = MAX_CRITERIA_CHARS) -> str:
    """The text, or its first `limit` characters cut at a word and ending in an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0] or text[:limit]
    return cut.rstrip(",;:.") + ELLIPSIS


@lru_cache(maxsize=1)
def unicode_font() -> tuple[Path, Path] | None:
    for regular, bold in FONT_FILES:
        if Path(regular).is_file() and Path(bold).is_file():
            return Path(regular), Path(bold)
    return None


def _latin1(text: str) -> str:
    """Text Helvetica can draw: accents dropped where Latin-1 lacks the letter, else '?'."""
    out = []
    for char in text:
        try:
            char.encode("latin-1")
            out.append(char)
        except UnicodeEncodeError:
            base = unicodedata.normalize("NFKD", char).encode("latin-1", "ignore").decode()
            out.append(base or "?")
    return "".join(out)


class _Sheet(FPDF):
    """An A4 page with the certificate's fonts; `text` makes any string drawable."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        self.set_margins(20, 20, 20)
        self.set_auto_page_break(auto=True, margin=18)
        font = unicode_font()
        self.face = "Helvetica"
        self.has_unicode = font is not None
        if font is not None:
            self.add_font("Sans", "", str(font[0]))
            self.add_font("Sans", "B", str(font[1]))
            self.face = "Sans"

    def drawable(self, value: str) -> str:
        return value if self.has_unicode else _latin1(value)

    def use(self, size: float, *, bold: bool = False, colour: tuple[int, int, int] = INK) -> None:
        self.set_font(self.face, "B" if bold else "", size)
        self.set_text_color(*colour)

    def line_of(self, text: str, height: float, *, align: Align = Align.C) -> None:
        """`text` across the page, wrapped, then the next line at the left margin."""
        self.paragraph(0, height, text, align=align)

    def paragraph(
        self,
        width: float,
        height: float,
        text: str,
        *,
        align: Align = Align.L,
        link: str | None = None,
        wrapmode: WrapMode = WrapMode.WORD,
    ) -> None:
        """`text` in a column `width` wide from here, wrapped, never justified."""
        self.multi_cell(
            width,
            height,
            self.drawable(text),
            align=align,
            link=link,
            wrapmode=wrapmode,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )


def render(cert: Certificate, lang: Lang) -> bytes:
    """The certificate as a one-page PDF (two when the criteria are long)."""
    words = WORDS[lang]
    pdf = _Sheet()
    pdf.set_lang(lang)
    pdf.set_title(f"{words['title']}: {cert.badge_name}")
    pdf.set_subject(cert.badge_name)
    pdf.set_author(cert.issuer or cert.university)
    pdf.set_creator("Kring")
    pdf.add_page()
    _heading(pdf, cert, lang)
    _facts(pdf, cert, lang)
    _check(pdf, cert, lang)
    return bytes(pdf.output())


def _heading(pdf: _Sheet, cert: Certificate, lang: Lang) -> None:
    """Revoked (when it is), then who earned which badge."""
    words = WORDS[lang]
    pdf.use(10, bold=True, colour=MUTED)
    pdf.line_of("Kring", 5, align=Align.L)
    pdf.ln(2)
    if cert.status == "REVOKED" and cert.revoked_at is not None:
        pdf.set_fill_color(*REVOKED_RED)
        pdf.set_text_color(255, 255, 255)
        pdf.set_font(pdf.face, "B", 13)
        banner = words["revoked.banner"].format(date=day(cert.revoked_at, lang))
        if cert.revocation_reason:
            banner += "\n" + words["revoked.reason"].format(reason=cert.revocation_reason)
        pdf.multi_cell(
            0,
            7,
            pdf.drawable(banner),
            align=Align.C,
            fill=True,
            padding=3,
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        pdf.ln(4)
    pdf.use(26, bold=True)
    pdf.line_of(words["title"], 12)
    pdf.ln(2)
    if cert.badge_png is not None:
        side = 32.0
        pdf.image(io.BytesIO(cert.badge_png), x=(pdf.w - side) / 2, w=side, h=side)
        pdf.ln(3)
    pdf.use(12, colour=MUTED)
    pdf.line_of(words["certifies"], 7)
    pdf.use(20, bold=True)
    pdf.line_of(cert.recipient, 10)
    pdf.use(12, colour=MUTED)
    pdf.line_of(words["earned"], 7)
    pdf.use(18, bold=True)
    pdf.line_of(cert.badge_name, 9)
    pdf.ln(4)


def _facts(pdf: _Sheet, cert: Certificate, lang: Lang) -> None:
    """Issuer, university, tier, dates and status as label and value, then the criteria."""
    words = WORDS[lang]
    facts: list[tuple[str, str, bool]] = []
    if cert.issuer:
        facts.append((words["issuer"], cert.issuer, False))
    facts.append((words["university"], cert.university, False))
    facts.append((words["tier"], words.get(f"tier.{cert.tier}", cert.tier), False))
    facts.append((words["issued"], day(cert.issued_at, lang), False))
    if cert.expires_at is not None:
        facts.append((words["expires"], day(cert.expires_at, lang), False))
    facts.append((words["status"], _status(cert, lang), cert.status != "ACTIVE"))
    label_width = 32.0
    width = pdf.w - pdf.l_margin - pdf.r_margin
    for label, value, alarming in facts:
        pdf.use(10, bold=True, colour=MUTED)
        pdf.cell(label_width, 6, pdf.drawable(label))
        pdf.use(10, colour=REVOKED_RED if alarming else INK)
        pdf.paragraph(width - label_width, 6, value)
    if cert.criteria.strip():
        pdf.ln(3)
        pdf.use(11, bold=True)
        pdf.line_of(words["criteria"], 6, align=Align.L)
        pdf.use(10)
        pdf.line_of(summary(cert.criteria), 5, align=Align.L)


def _check(pdf: _Sheet, cert: Certificate, lang: Lang) -> None:
    """Where to check the badge: the link on the left, its QR code on the right, together."""
    words = WORDS[lang]
    qr_side = 36.0
    if pdf.get_y() + qr_side + 20 > pdf.h - pdf.b_margin:
        pdf.add_page()
    pdf.ln(6)
    top = pdf.get_y()
    pdf.image(
        io.BytesIO(cert.qr_svg.encode("utf-8")),
        x=pdf.w - pdf.r_margin - qr_side,
        y=top,
        w=qr_side,
        h=qr_side,
        alt_text=pdf.drawable(words["qr"]),
        link=cert.link,
    )
    text_width = pdf.w - pdf.l_margin - pdf.r_margin - qr_side - 6
    pdf.set_xy(pdf.l_margin, top)
    pdf.use(12, bold=True)
    pdf.paragraph(text_width, 7, words["verify"])
    pdf.use(10, colour=MUTED)
    pdf.paragraph(text_width, 5, words["verify.help"])
    pdf.ln(2)
    pdf.use(9, colour=(29, 78, 216))
    pdf.paragraph(text_width, 5, cert.link, link=cert.link, wrapmode=WrapMode.CHAR)
    if cert.private:
        pdf.ln(2)
        pdf.use(9, colour=MUTED)
        pdf.paragraph(text_width, 5, words["private"])
    pdf.set_y(max(pdf.get_y(), top + qr_side) + 8)
    pdf.use(8, colour=MUTED)
    pdf.line_of(words["footer"], 4)


def _status(cert: Certificate, lang: Lang) -> str:
    words = WORDS[lang]
    if cert.status == "REVOKED" and cert.revoked_at is not None:
        return words["status.REVOKED"].format(date=day(cert.revoked_at, lang))
    if cert.status == "EXPIRED" and cert.expires_at is not None:
        return words["status.EXPIRED"].format(date=day(cert.expires_at, lang))
    return words["status.ACTIVE"]
