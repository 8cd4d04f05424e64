"""Badge artwork: a safe, deterministic SVG per badge and validation of uploaded PNG images."""

from __future__ import annotations

import base64
import binascii
import math
import re
import struct
import unicodedata
import zlib
from xml.sax.saxutils import escape, quoteattr

import resvg_py

from graph.core.errors import BadUserInput

DEFAULT_PRIMARY = "#1F3A5F"
DEFAULT_SECONDARY = "#F2A541"
MAX_IMAGE_BYTES = 256 * 1024
MIN_IMAGE_SIDE = 64
MAX_IMAGE_SIDE = 2048

# Widths are in SVG units of the 400 by 400 badge; each line stays inside the dashed inner ring.
TITLE_MAX_WIDTH = 272.0
TITLE_MAX_LINES = 2
# (font size, lines) tried in turn; past the last, the title is cut and ends in an ellipsis.
TITLE_LAYOUTS = ((21, 1), (19, 1), (21, 2), (19, 2), (17, 2))
UNIVERSITY_MAX_WIDTH = 210.0
UNIVERSITY_SIZES = (12, 11, 10)
UNIVERSITY_LETTER_SPACING = 0.8
# The accessible name and description keep the whole text up to this many characters, which
# also bounds the size of the SVG whatever the name's length.
ACCESSIBLE_MAX_CHARS = 300
ELLIPSIS = "\u2026"
PNG_SIDE = 512
MAX_RENDERED_SVG_BYTES = 64 * 1024

# The same words as the OB 3.0 credential's level names (badges.ob3.LEVEL_NAMES).
LEVEL_LABELS = {1: "Beginner", 2: "Intermediate", 3: "Expert"}

TIER_LABELS = {
    "SELF_ASSERTED": "Self-asserted",
    "COMMUNITY": "Community",
    "OFFICIAL": "Officially validated",
}

_COLOUR = re.compile(r"#[0-9a-fA-F]{6}")
# XML 1.0 forbids most control characters and the non-characters U+FFFE/U+FFFF outright;
# escaping cannot help with those, so they are dropped before they reach the document.
_NOT_XML_CHAR = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_DATA_URL_PREFIX = "data:image/png;base64,"
# Installed fonts only, never a web font: common families first, then the free ones most Linux
# machines carry (what the PNG is drawn with there), then the generic family.
_FONT = "Inter, 'Segoe UI', Helvetica, Arial, 'Liberation Sans', 'DejaVu Sans', sans-serif"
_CENTRE = 200
_GLYPH_Y = 130
_UNIVERSITY_Y = 74
_PIPS_Y = 196
_LEVEL_Y = 228
_TITLE_ONE_LINE_Y = 264
_TITLE_FIRST_Y = 253
# Advance widths of printable ASCII (space to ~) in hundredths of an em, from DejaVu Sans Bold:
# the widest face in the font list, so text measured with it fits in any of them.
_ASCII_WIDTHS = (
    35, 46, 52, 84, 70, 100, 87, 31, 46, 46, 52, 84, 38, 42, 38, 37, 70, 70, 70, 70, 70, 70,
    70, 70, 70, 70, 40, 40, 84, 84, 84, 58, 100, 77, 76, 73, 83, 68, 68, 82, 84, 37, 37, 77,
    64, 100, 84, 85, 73, 85, 77, 72, 68, 81, 77, 110, 77, 72, 73, 46, 37, 46, 84, 50, 50, 67,
    72, 59, 72, 68, 44, 72, 71, 34, 34, 67, 34, 104, 71, 69, 72, 72, 49, 60, 48, 71, 65, 92,
    65, 65, 58, 71, 37, 71, 84,
)  # fmt: skip
# Generous guesses for the rest: wide (East Asian, emoji), other letters, other symbols.
_WIDE_EM = 1.25
_LETTER_EM = 1.0
_OTHER_EM = 1.25
_LIGHT_INK = "#FFFFFF"
_DARK_INK = "#1A1A1A"

# Each glyph is drawn in a box of about 70 units around the origin; the caller translates it.
_GLYPHS: dict[str, tuple[str, str]] = {
    "DIGITAL_LITERACY": (
        "digital-literacy",
        '<rect x="-20" y="-20" width="40" height="40" rx="5"/>'
        '<rect x="-9" y="-9" width="18" height="18" rx="2"/>'
        '<path d="M-10 -20V-30M0 -20V-30M10 -20V-30M-10 20V30M0 20V30M10 20V30'
        'M-20 -10H-30M-20 0H-30M-20 10H-30M20 -10H30M20 0H30M20 10H30"/>',
    ),
    "SUSTAINABILITY": (
        "sustainability",
        '<path d="M-22 26C-30 -6 -6 -30 28 -28C30 6 8 30 -22 26Z"/>'
        '<path d="M-26 32L16 -14M-6 10H8M-12 -2V12"/>',
    ),
    "ENTREPRENEURIAL_SPIRIT": (
        "entrepreneurial-spirit",
        '<path d="M-30 24L-10 4L2 14L28 -14"/><path d="M12 -16H30V2"/><path d="M-32 32H32"/>',
    ),
    "RESEARCH": (
        "research",
        '<circle cx="-6" cy="-6" r="20"/>'
        '<path d="M8 8L28 28" stroke-width="10"/>'
        '<path d="M-16 -10A11 11 0 0 1 -8 -18"/>',
    ),
    "GLOBAL_CITIZENSHIP": (
        "global-citizenship",
        '<circle cx="0" cy="0" r="30"/>'
        '<ellipse cx="0" cy="0" rx="13" ry="30"/>'
        '<path d="M-30 0H30M-26 -15H26M-26 15H26"/>',
    ),
}
_NEUTRAL_GLYPH = (
    "neutral",
    '<circle cx="0" cy="0" r="26"/><circle cx="0" cy="0" r="8"/>',
)


def _safe_colour(value: str, default: str) -> str:
    """The colour if it is exactly #RRGGBB, else the default; never echoes anything else."""
    return value.upper() if _COLOUR.fullmatch(value) else default


def _luminance(colour: str) -> float:
    """WCAG relative luminance of a #RRGGBB colour."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _ink_on(background: str, preferred: str | None = None) -> str:
    """The preferred colour if it reads on the background (WCAG 4.5:1), else white or black."""
    lum = _luminance(background)
    if preferred is not None:
        a, b = sorted((lum, _luminance(preferred)), reverse=True)
        if (a + 0.05) / (b + 0.05) >= 4.5:
            return preferred
    # 0.179 is where contrast against white and against black is equal.
    return _DARK_INK if lum > 0.179 else _LIGHT_INK


def _clean_text(value: str) -> str:
    """Drop characters XML cannot carry and collapse whitespace to single spaces."""
    return " ".join(_NOT_XML_CHAR.sub("", value).split())


def _truncate(text: str, limit: int) -> str:
    """The text cut to at most `limit` characters, ending in an ellipsis when cut."""
    if len(text) <= limit:
        return text
    return text[: limit - 1].rstrip() + ELLIPSIS


def _char_em(char: str) -> float:
    """A generous estimate of a character's advance width, in ems."""
    code = ord(char)
    if 32 <= code < 127:
        return _ASCII_WIDTHS[code - 32] / 100
    if unicodedata.combining(char):
        return 0.0
    if unicodedata.east_asian_width(char) in ("W", "F"):
        return _WIDE_EM
    base = ord(unicodedata.normalize("NFD", char)[0])
    if 32 <= base < 127:  # a Latin letter with marks: as wide as its base letter
        return _ASCII_WIDTHS[base - 32] / 100
    return _LETTER_EM if unicodedata.category(char).startswith("L") else _OTHER_EM


def _text_width(text: str, size: float, spacing: float = 0.0) -> float:
    """The estimated width of the text at this font size and letter spacing, in SVG units."""
    return sum(_char_em(char) * size + spacing for char in text)


def _longest_fitting_start(text: str, size: float, width: float, spacing: float = 0.0) -> int:
    """How many characters from the start of the text fit in the width."""
    used = 0.0
    for count, char in enumerate(text):
        used += _char_em(char) * size + spacing
        if used > width:
            return count
    return len(text)


def _shorten(text: str, size: float, width: float, spacing: float = 0.0) -> str:
    """The text if it fits the width, else as much of it as fits followed by an ellipsis."""
    if _text_width(text, size, spacing) <= width:
        return text
    room = width - _text_width(ELLIPSIS, size, spacing)
    count = _longest_fitting_start(text, size, room, spacing)
    cut = text[:count]
    # End at a word when that keeps most of what fits: "campus…" reads better than "campus m…".
    if text[count] != " " and not cut.endswith(" "):
        space = cut.rfind(" ")
        if space >= len(cut) * 0.6:
            cut = cut[:space]
    return cut.rstrip(" ,;:-\u2013\u2014") + ELLIPSIS


def _wrap(text: str, size: float, width: float) -> list[str]:
    """The text wrapped at spaces so each line fits the width; a too-long word is broken up."""
    lines: list[str] = []
    line = ""
    for word in text.split(" "):
        candidate = f"{line} {word}" if line else word
        if _text_width(candidate, size) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        rest = word
        while _text_width(rest, size) > width:
            # At least one character per line, so this always ends.
            count = max(1, _longest_fitting_start(rest, size, width))
            lines.append(rest[:count])
            rest = rest[count:]
        line = rest
    if line:
        lines.append(line)
    return lines


def _title_layout(title: str) -> tuple[int, list[str]]:
    """The font size and lines for the title: as large as fits, cut with … only as a last resort.

    Every line fits TITLE_MAX_WIDTH; the title is wrapped at spaces, and a word too long for a
    line is broken across lines rather than let run off the badge.
    """
    for size, max_lines in TITLE_LAYOUTS:
        lines = _wrap(title, size, TITLE_MAX_WIDTH)
        if len(lines) <= max_lines:
            return size, lines
    size = TITLE_LAYOUTS[-1][0]
    shown = _wrap(title, size, TITLE_MAX_WIDTH)[: TITLE_MAX_LINES - 1]
    rest = title
    for line in shown:
        # The lines are consecutive pieces of the title, which has single spaces only.
        rest = rest[len(line) :].lstrip(" ")
    shown.append(_shorten(rest, size, TITLE_MAX_WIDTH))
    return size, shown


def _university_layout(university: str) -> tuple[int, str]:
    """The font size and text of the university's name: smaller before it is shortened."""
    for size in UNIVERSITY_SIZES:
        if _text_width(university, size, UNIVERSITY_LETTER_SPACING) <= UNIVERSITY_MAX_WIDTH:
            return size, university
    size = UNIVERSITY_SIZES[-1]
    return size, _shorten(university, size, UNIVERSITY_MAX_WIDTH, UNIVERSITY_LETTER_SPACING)


def _star_points(cx: float, cy: float, outer: float, inner: float) -> str:
    """The points of a five-pointed star, rounded so the output is byte-for-byte stable."""
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = math.pi / 5 * i - math.pi / 2
        x = cx + radius * math.cos(angle)
        y = cy + radius * math.sin(angle)
        points.append(f"{x:.1f},{y:.1f}")
    return " ".join(points)


def _level_pips(level: int, secondary: str, ink: str) -> str:
    spacing = 30
    first = _CENTRE - spacing * (level - 1) / 2
    stars = [
        f'<polygon class="level-pip" points="{_star_points(first + spacing * i, _PIPS_Y, 12, 5)}"'
        f' fill="{secondary}" stroke="{ink}" stroke-width="1.5"/>'
        for i in range(level)
    ]
    # The stars say it at a glance; the words say it to anyone who cannot count them.
    label = f"Level {level} \u00b7 {LEVEL_LABELS[level]}"
    words = (
        f'<text class="level-label" x="{_CENTRE}" y="{_LEVEL_Y}" text-anchor="middle"'
        f' font-family="{_FONT}" font-size="12" font-weight="700" letter-spacing="0.5"'
        f' fill="{ink}">{label}</text>'
    )
    return f'<g class="level" data-level="{level}">{"".join(stars)}{words}</g>'


def _tier_ribbon(label: str, primary: str, secondary: str) -> str:
    ink = _ink_on(secondary, primary)
    # The ribbon runs past the medal's edge with folded tails, like a sash pinned across it.
    return (
        '<g class="tier">'
        f'<path d="M48 306H78V338H48L60 322Z" fill="{secondary}" opacity="0.75"/>'
        f'<path d="M352 306H322V338H352L340 322Z" fill="{secondary}" opacity="0.75"/>'
        f'<rect x="66" y="298" width="268" height="34" rx="3" fill="{secondary}"/>'
        f'<text class="tier-label" x="{_CENTRE}" y="321" text-anchor="middle"'
        f' font-family="{_FONT}" font-size="16" font-weight="700"'
        f' fill="{ink}">{escape(label)}</text>'
        "</g>"
    )


def render_badge_svg(
    *,
    title: str,
    university_name: str,
    brand_primary: str,
    brand_secondary: str,
    domain: str,
    level: int,
    tier: str | None = None,
) -> str:
    """A self-contained 400 by 400 SVG badge; every user-supplied string is escaped or validated."""
    if not 1 <= level <= 3:
        raise ValueError(f"level must be 1, 2 or 3, not {level}")
    if tier is not None and tier not in TIER_LABELS:
        raise ValueError(f"unknown tier {tier!r}; expected one of {', '.join(TIER_LABELS)}")
    primary = _safe_colour(brand_primary, DEFAULT_PRIMARY)
    secondary = _safe_colour(brand_secondary, DEFAULT_SECONDARY)
    # Capping the text first bounds the document's size and the layout work for any input.
    clean_title = _truncate(_clean_text(title), ACCESSIBLE_MAX_CHARS)
    full_university = _truncate(_clean_text(university_name), ACCESSIBLE_MAX_CHARS)
    university_size, university = _university_layout(full_university)
    glyph_key, glyph_body = _GLYPHS.get(domain, _NEUTRAL_GLYPH)
    ink = _ink_on(primary)
    glyph_ink = _ink_on(secondary, primary)

    title_size, title_lines = _title_layout(clean_title)
    # One line sits where two would be centred, so short titles do not look top-heavy.
    first_y = _TITLE_ONE_LINE_Y if len(title_lines) == 1 else _TITLE_FIRST_Y
    line_height = round(title_size * 1.15)
    title_text = "".join(
        f'<tspan x="{_CENTRE}" y="{first_y + line_height * i}">{escape(line)}</tspan>'
        for i, line in enumerate(title_lines)
    )
    description = [f"Level {level} ({LEVEL_LABELS[level]}) badge"]
    if tier is not None:
        description.append(TIER_LABELS[tier])
    if full_university:
        description.append(full_university)
    parts = [
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 400 400" width="400" height="400"'
        f' role="img" aria-label={quoteattr(clean_title)}>',
        f"<title>{escape(clean_title)}</title>",
        f"<desc>{escape('. '.join(description))}.</desc>",
        f'<circle cx="{_CENTRE}" cy="{_CENTRE}" r="188" fill="{primary}"'
        f' stroke="{secondary}" stroke-width="8"/>',
        f'<circle cx="{_CENTRE}" cy="{_CENTRE}" r="172" fill="none" stroke="{secondary}"'
        ' stroke-width="2" stroke-dasharray="4 6" opacity="0.6"/>',
        f'<text class="university" x="{_CENTRE}" y="{_UNIVERSITY_Y}" text-anchor="middle"'
        f' font-family="{_FONT}" font-size="{university_size}"'
        f' letter-spacing="{UNIVERSITY_LETTER_SPACING}" fill="{ink}"'
        f' opacity="0.9">{escape(university)}</text>',
        f'<circle cx="{_CENTRE}" cy="{_GLYPH_Y}" r="48" fill="{secondary}"/>',
        f'<g class="domain-glyph" data-glyph="{glyph_key}"'
        f' transform="translate({_CENTRE} {_GLYPH_Y})" fill="none" stroke="{glyph_ink}"'
        f' stroke-width="5" stroke-linecap="round" stroke-linejoin="round">{glyph_body}</g>',
        _level_pips(level, secondary, ink),
        f'<text class="title" text-anchor="middle" font-family="{_FONT}"'
        f' font-size="{title_size}" font-weight="700" fill="{ink}">{title_text}</text>',
    ]
    if tier is not None:
        parts.append(_tier_ribbon(TIER_LABELS[tier], primary, secondary))
    parts.append("</svg>")
    return "".join(parts)


def render_badge_png(svg: str) -> bytes:
    """A badge SVG from render_badge_svg drawn as a PNG_SIDE-square PNG, by resvg.

    resvg runs no scripts and fetches nothing; the badge SVG has no links or images, so all it
    reads are the machine's installed fonts. The pixel size is fixed and the SVG's size capped,
    so the work is bounded.
    """
    if len(svg.encode()) > MAX_RENDERED_SVG_BYTES:
        raise ValueError(f"badge SVG larger than {MAX_RENDERED_SVG_BYTES // 1024} KiB")
    # User text is always escaped, so these never come from a name: only from a foreign SVG.
    if "<!" in svg or "<image" in svg or "<script" in svg or "<foreignObject" in svg:
        raise ValueError("only Kring's own badge SVGs are drawn")
    return resvg_py.svg_to_bytes(svg_string=svg, width=PNG_SIDE, height=PNG_SIDE)


def _bad_image(message: str) -> BadUserInput:
    return BadUserInput(message, field="image")


def decode_png_data_url(value: str) -> bytes:
    """The PNG bytes of a `data:image/png;base64,...` URL, or BadUserInput saying what is wrong."""
    header, comma, payload = value.partition(",")
    if not comma or not header.lower().startswith("data:"):
        raise _bad_image("The image must be a data URL (data:image/png;base64,...).")
    if header.lower() != _DATA_URL_PREFIX[:-1]:
        raise _bad_image("The image must be a base64-encoded PNG (data:image/png;base64,...).")
    # Refuse oversize input before decoding, so a huge upload is never held twice in memory.
    if len(payload) > math.ceil(MAX_IMAGE_BYTES / 3) * 4:
        raise _bad_image(f"The image is larger than {MAX_IMAGE_BYTES // 1024} KiB.")
    try:
        data = base64.b64decode(payload, validate=True)
    except (binascii.Error, ValueError):
        raise _bad_image("The image is not valid base64.") from None
    if len(data) > MAX_IMAGE_BYTES:
        raise _bad_image(f"The image is larger than {MAX_IMAGE_BYTES // 1024} KiB.")
    if not data.startswith(_PNG_SIGNATURE):
        raise _bad_image("The image is not a PNG file.")
    # The PNG format requires IHDR to be the first chunk: length 13, then width and height.
    ihdr = data[8:33]
    if len(ihdr) < 25 or ihdr[:8] != b"\x00\x00\x00\x0dIHDR":
        raise _bad_image("The PNG file is damaged: it has no image header.")
    (crc,) = struct.unpack(">I", ihdr[21:25])
    if zlib.crc32(ihdr[4:21]) != crc:
        raise _bad_image("The PNG file is damaged: its image header checksum is wrong.")
    width, height = struct.unpack(">II", ihdr[8:16])
    if not (
        MIN_IMAGE_SIDE <= width <= MAX_IMAGE_SIDE and MIN_IMAGE_SIDE <= height <= MAX_IMAGE_SIDE
    ):
        raise _bad_image(
            f"The image must be between {MIN_IMAGE_SIDE} and {MAX_IMAGE_SIDE} pixels wide"
            f" and high; it is {width} by {height}."
        )
    return data
