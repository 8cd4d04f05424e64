"""Badge images: the generated SVG is a safe, readable badge; uploaded PNGs are checked."""

from __future__ import annotations

import base64
import io
import json
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from PIL import Image, ImageFont

from badges import baking
from badges.images import (
    MAX_IMAGE_BYTES,
    MAX_RENDERED_SVG_BYTES,
    PNG_SIDE,
    TITLE_MAX_WIDTH,
    decode_png_data_url,
    render_badge_png,
    render_badge_svg,
)
from graph.core.errors import BadUserInput
from tests.factories import make_png

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE_TITLE = '<script>alert(1)</script>" onload="x'
HOSTILE_NAME = "</text><script>alert(1)</script><text>"
HOSTILE_COLOUR = 'red;" onload="x'
BLUE = (0x1E, 0x64, 0xC8)
YELLOW = (0xFF, 0xD2, 0x00)
WHITE = (0xFF, 0xFF, 0xFF)
# The widest face in the badge's font list, installed on Debian with fontconfig.
DEJAVU_BOLD = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf")
LONG_NAMES = [
    "Outstanding contribution to the sustainable campus mobility programme of 2025",
    "W" * 80,
    "Donaudampfschifffahrtsgesellschaftskapit\u00e4nsm\u00fctzentr\u00e4gerpreis f\u00fcr alle",
    "Mmmm " * 30,
    HOSTILE_NAME * 4,
]


def _badge(**changes: str | int | None) -> str:
    args: dict[str, str | int | None] = {
        "title": "Campus Recycling Hero",
        "university_name": "Universiteit Gent",
        "brand_primary": "#1E64C8",
        "brand_secondary": "#FFD200",
        "domain": "SUSTAINABILITY",
        "level": 1,
        "tier": None,
    }
    args.update(changes)
    return render_badge_svg(**args)  # type: ignore[arg-type]


def _parse(svg: str) -> ET.Element:
    # Only our own output is parsed here, and expat never fetches external entities.
    return ET.fromstring(svg)  # noqa: S314


def _texts(root: ET.Element) -> str:
    return " ".join("".join(el.itertext()) for el in root.iter(f"{SVG}text"))


def _by_class(root: ET.Element, name: str) -> list[ET.Element]:
    return [el for el in root.iter() if name in el.get("class", "").split()]


def _data_url(data: bytes, mime: str = "image/png") -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}"


def test_svg_is_a_self_contained_badge_with_title_and_university() -> None:
    svg = _badge()
    root = _parse(svg)
    assert root.tag == f"{SVG}svg"
    assert root.get("viewBox") == "0 0 400 400"
    assert root.get("role") == "img"
    assert root.get("aria-label") == "Campus Recycling Hero"
    assert root.findtext(f"{SVG}title") == "Campus Recycling Hero"
    assert "Campus Recycling Hero" in _texts(root)
    assert "Universiteit Gent" in _texts(root)
    assert "href" not in svg
    assert "foreignObject" not in svg


def test_rendering_is_deterministic() -> None:
    assert _badge(tier="OFFICIAL") == _badge(tier="OFFICIAL")


def test_hostile_text_is_escaped_and_kept_as_text() -> None:
    svg = _badge(title=HOSTILE_TITLE, university_name=HOSTILE_TITLE)
    root = _parse(svg)
    assert not [el for el in root.iter() if el.tag.endswith("script")]
    for el in root.iter():
        assert not [name for name in el.attrib if name.lower().startswith("on")]
    assert root.findtext(f"{SVG}title") == HOSTILE_TITLE
    assert root.get("aria-label") == HOSTILE_TITLE
    university = _by_class(root, "university")[0]
    assert "".join(university.itertext()).startswith("<script>alert(1)</script>")


def test_control_characters_in_text_still_give_valid_xml() -> None:
    root = _parse(_badge(title="Bell\x07 and\x00 null"))
    assert root.findtext(f"{SVG}title") == "Bell and null"


def test_invalid_colours_are_replaced_by_defaults() -> None:
    svg = _badge(brand_primary=HOSTILE_COLOUR, brand_secondary="#12345")
    assert HOSTILE_COLOUR not in svg
    assert "onload" not in svg
    assert "red;" not in svg
    assert "#1F3A5F" in svg
    assert "#F2A541" in svg


def test_valid_brand_colours_are_used() -> None:
    svg = _badge()
    assert "#1E64C8" in svg
    assert "#FFD200" in svg


def test_each_domain_has_its_own_glyph_and_unknown_ones_a_neutral_glyph() -> None:
    domains = [
        "DIGITAL_LITERACY",
        "SUSTAINABILITY",
        "ENTREPRENEURIAL_SPIRIT",
        "RESEARCH",
        "GLOBAL_CITIZENSHIP",
    ]
    svgs = {domain: _badge(domain=domain) for domain in domains}
    assert len(set(svgs.values())) == len(domains)
    unknown = _parse(_badge(domain='COOKING" onload="x'))
    assert _by_class(unknown, "domain-glyph")[0].get("data-glyph") == "neutral"
    for svg in svgs.values():
        glyph = _by_class(_parse(svg), "domain-glyph")[0]
        assert glyph.get("data-glyph") != "neutral"


@pytest.mark.parametrize("level", [1, 2, 3])
def test_level_is_shown_as_that_many_pips(level: int) -> None:
    root = _parse(_badge(level=level))
    assert len(_by_class(root, "level-pip")) == level


@pytest.mark.parametrize("level", [0, 4, -1])
def test_level_outside_one_to_three_is_refused(level: int) -> None:
    with pytest.raises(ValueError, match="level"):
        _badge(level=level)


@pytest.mark.parametrize(
    ("tier", "label"),
    [
        ("SELF_ASSERTED", "Self-asserted"),
        ("COMMUNITY", "Community"),
        ("OFFICIAL", "Officially validated"),
    ],
)
def test_tier_is_labelled_in_words(tier: str, label: str) -> None:
    root = _parse(_badge(tier=tier))
    assert [el.text for el in _by_class(root, "tier-label")] == [label]


def test_no_tier_means_no_ribbon() -> None:
    assert not _by_class(_parse(_badge()), "tier-label")


def test_unknown_tier_is_refused() -> None:
    with pytest.raises(ValueError, match="tier"):
        _badge(tier="GOLD")


def _title_lines(root: ET.Element) -> tuple[float, list[str]]:
    title = _by_class(root, "title")[0]
    return float(title.get("font-size", "0")), [el.text or "" for el in title]


def test_long_titles_wrap_onto_two_lines_and_end_in_an_ellipsis() -> None:
    title = "Outstanding contribution to the sustainable campus mobility programme of 2025"
    root = _parse(_badge(title=title))
    size, lines = _title_lines(root)
    assert lines == ["Outstanding contribution to", "the sustainable campus\u2026"]
    assert size < 21
    # The accessible name keeps the whole title even when the picture cannot.
    assert root.findtext(f"{SVG}title") == title


@pytest.mark.parametrize("title", LONG_NAMES)
def test_long_names_never_run_off_the_badge(title: str) -> None:
    if not DEJAVU_BOLD.exists():
        pytest.skip("measuring needs DejaVu Sans Bold (Debian's fonts-dejavu-core)")
    size, lines = _title_lines(_parse(_badge(title=title)))
    assert 1 <= len(lines) <= 2
    assert 17 <= size <= 21
    font = ImageFont.truetype(str(DEJAVU_BOLD), 1000)
    for line in lines:
        # Measured with the real font, not the estimate the layout itself uses.
        assert font.getlength(line) * size / 1000 <= TITLE_MAX_WIDTH, line
    # What is shown is the start of the name; where it is cut, it says so.
    shown = "".join(lines).replace(" ", "")
    if shown.endswith("\u2026"):
        assert title.replace(" ", "").startswith(shown[:-1])
    else:
        assert shown == title.replace(" ", "")


def test_a_name_that_fits_on_one_line_stays_whole_and_large() -> None:
    size, lines = _title_lines(_parse(_badge(title="Campus Recycling Hero")))
    assert lines == ["Campus Recycling Hero"]
    assert size >= 19


def test_svg_names_the_badge_its_level_its_tier_and_its_university() -> None:
    root = _parse(_badge(level=2, tier="OFFICIAL"))
    texts = _texts(root)
    assert "Campus Recycling Hero" in texts
    assert "Level 2 \u00b7 Intermediate" in texts
    assert "Officially validated" in texts
    assert "Universiteit Gent" in texts
    assert root.findtext(f"{SVG}desc") == (
        "Level 2 (Intermediate) badge. Officially validated. Universiteit Gent."
    )
    class_only = _parse(_badge(level=3))
    assert "Level 3 \u00b7 Expert" in _texts(class_only)
    assert "validated" not in ET.tostring(class_only, encoding="unicode")


def test_a_hostile_name_stays_text_in_the_svg() -> None:
    svg = _badge(title=HOSTILE_NAME, university_name=HOSTILE_NAME)
    assert "<script" not in svg
    assert "</text><script>" not in svg
    root = _parse(svg)
    assert not [el for el in root.iter() if el.tag.endswith("script")]
    # Only our own text elements, each holding the name as characters.
    assert len(list(root.iter(f"{SVG}text"))) == 3
    _, lines = _title_lines(root)
    assert "".join(lines) == HOSTILE_NAME
    assert root.findtext(f"{SVG}title") == HOSTILE_NAME


def test_a_huge_name_keeps_the_svg_small_enough_to_draw() -> None:
    svg = _badge(title="Badge " * 50_000, university_name="U" * 50_000)
    assert len(svg.encode()) < MAX_RENDERED_SVG_BYTES // 4
    assert render_badge_png(svg).startswith(b"\x89PNG")


def test_short_titles_are_not_cut() -> None:
    root = _parse(_badge(title="Green Mentor"))
    lines = [el.text for el in _by_class(root, "title")[0]]
    assert lines == ["Green Mentor"]


def test_a_valid_png_data_url_gives_back_its_bytes() -> None:
    png = make_png(64, 64)
    assert decode_png_data_url(_data_url(png)) == png


def _refusal(value: str) -> str:
    with pytest.raises(BadUserInput) as caught:
        decode_png_data_url(value)
    assert caught.value.field == "image"
    return caught.value.message


def test_a_plain_url_is_refused() -> None:
    assert "data URL" in _refusal("https://example.org/badge.png")


def test_another_image_type_is_refused() -> None:
    assert "PNG" in _refusal(_data_url(make_png(64, 64), mime="image/jpeg"))
    assert "PNG" in _refusal(_data_url(b"<svg/>", mime="image/svg+xml"))


def test_bad_base64_is_refused() -> None:
    assert "base64" in _refusal("data:image/png;base64,not*base64!")


def test_bytes_that_are_not_a_png_are_refused() -> None:
    assert "not a PNG" in _refusal(_data_url(b"GIF89a" + bytes(100)))


def test_a_truncated_png_is_refused() -> None:
    assert "damaged" in _refusal(_data_url(make_png(64, 64)[:20]))


@pytest.mark.parametrize(("width", "height"), [(10, 10), (64, 63), (2049, 64)])
def test_images_that_are_too_small_or_too_large_are_refused(width: int, height: int) -> None:
    assert f"{width} by {height}" in _refusal(_data_url(make_png(width, height)))


def test_the_largest_allowed_dimensions_are_accepted() -> None:
    png = make_png(2048, 64)
    assert decode_png_data_url(_data_url(png)) == png


def test_oversize_files_are_refused() -> None:
    png = make_png(64, 64, extra=bytes(MAX_IMAGE_BYTES))
    assert "256 KiB" in _refusal(_data_url(png))


def _image(png: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(png))
    assert image.format == "PNG"
    assert image.size == (PNG_SIDE, PNG_SIDE)
    return image.convert("RGBA")


def _band(image: Image.Image, top: int, bottom: int) -> Image.Image:
    """A horizontal band of the PNG, given in the SVG's 400-unit coordinates."""
    scale = PNG_SIDE / 400
    return image.crop((0, round(top * scale), PNG_SIDE, round(bottom * scale)))


def _count(image: Image.Image, colour: tuple[int, int, int]) -> int:
    """How many pixels are exactly this opaque colour."""
    counts = image.getcolors(image.width * image.height) or []
    return sum(n for n, pixel in counts if pixel == (*colour, 255))


def test_the_png_is_the_svg_drawn_with_its_brand_and_words() -> None:
    image = _image(baking.render_png(_badge(level=2, tier="OFFICIAL")))
    colours = image.getcolors(PNG_SIDE * PNG_SIDE)
    assert colours is not None
    opaque = {c[:3] for _, c in colours if isinstance(c, tuple) and c[3] == 255}
    assert {BLUE, YELLOW, WHITE} <= opaque
    # Anti-aliased words, stars and glyph: far more than a two-colour medal.
    assert len(colours) > 100
    # The name, in white on the brand blue, between the stars and the ribbon.
    assert _count(_band(image, 240, 285), WHITE) > 400
    # The level's words under the stars, and the tier's on the yellow ribbon.
    assert _count(_band(image, 216, 232), WHITE) > 100
    ribbon = _band(image, 302, 328).crop((100, 0, 412, 30))
    assert _count(ribbon, YELLOW) < 0.9 * ribbon.width * ribbon.height


def test_the_png_shows_what_the_svg_says() -> None:
    def title_band(**changes: str | int | None) -> bytes:
        return _band(_image(baking.render_png(_badge(**changes))), 240, 285).tobytes()

    def ribbon(**changes: str | int | None) -> bytes:
        return _band(_image(baking.render_png(_badge(**changes))), 298, 334).tobytes()

    assert title_band() == title_band()  # the same SVG draws the same picture
    assert title_band() != title_band(title="Green Mentor")
    assert ribbon(tier="OFFICIAL") != ribbon(tier="COMMUNITY")
    assert ribbon(tier="OFFICIAL") != ribbon()


def test_the_baked_png_still_carries_its_credential() -> None:
    credential = json.dumps({"type": ["VerifiableCredential", "OpenBadgeCredential"]})
    png = baking.render_png(_badge(tier="COMMUNITY"))
    ob3 = baking.bake_png(png, baking.OB3_PNG_KEY, credential)
    assert baking.unbake_png(ob3) == baking.Baked(3, credential)
    url = "https://kring.example/ob2/assertions/1"
    assert baking.unbake_png(baking.bake_png(png, baking.OB2_PNG_KEY, url)) == baking.Baked(2, url)
    # Baking adds a text chunk and leaves the picture alone.
    assert _image(ob3).tobytes() == _image(png).tobytes()


def test_a_hostile_name_is_drawn_as_words() -> None:
    image = _image(baking.render_png(_badge(title=HOSTILE_NAME, tier="OFFICIAL")))
    assert _count(_band(image, 236, 290), WHITE) > 400


def test_only_our_own_bounded_svgs_are_drawn() -> None:
    with pytest.raises(ValueError, match="KiB"):
        render_badge_png(_badge().replace("</svg>", " " * MAX_RENDERED_SVG_BYTES + "</svg>"))
    foreign = (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
        '<image xlink:href="file:///etc/passwd"/></svg>'
    )
    with pytest.raises(ValueError, match="own"):
        render_badge_png(foreign)
    with pytest.raises(ValueError, match="own"):
        render_badge_png('<!DOCTYPE svg [<!ENTITY a "b">]><svg/>')
