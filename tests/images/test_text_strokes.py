"""Stage 1 on photos without a plain background: rows of small type along the edges wake the
text detector; texture, print in the middle and parts the network reads as photo do not."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw, ImageFont

from listing_preflight.images import overlay_candidates, overlay_text, text_strokes

WARM = np.full((12, 12), 0.5, np.float32)  # the network's map: every cell warm enough
COLD = np.zeros((12, 12), np.float32)


def gradient_photo(seed=0):
    """A 250 px working image: a blue-to-beige gradient backdrop and a textured product."""
    rng = np.random.default_rng(seed)
    y = np.linspace(0, 1, 250)[:, None, None]
    rgb = (np.array([110, 130, 170]) * (1 - y) + np.array([225, 205, 185]) * y) * np.ones((250, 250, 3))
    rgb[60:190, 70:180] = rng.integers(60, 200, (130, 110, 3))
    return Image.fromarray(rgb.astype(np.uint8))


def with_text(im, xy, text, size, fill):
    out = im.copy()
    ImageDraw.Draw(out).text(xy, text, font=ImageFont.load_default(size=size), fill=fill)
    return np.asarray(out)


def test_a_copyright_row_at_the_bottom_edge_of_a_gradient_is_found():
    work = with_text(gradient_photo(), (120, 236), "(c) bestshop.com 2024", 9, (20, 20, 20))
    assert overlay_candidates._parts(work) is None  # no plain background: the marks path is blind
    rows = text_strokes.edge_lines(work, WARM)
    assert rows
    (x0, y0, x1, y1), height = rows[0]
    assert y0 > 0.85 and x0 > 0.4 and height < 0.05
    assert overlay_candidates.stage_one(work, WARM).regions  # the detector will search it


def test_nothing_without_text_and_nothing_where_the_network_is_cold():
    plain = np.asarray(gradient_photo())
    assert text_strokes.edge_lines(plain, WARM) == []
    marked = with_text(gradient_photo(), (120, 236), "(c) bestshop.com 2024", 9, (20, 20, 20))
    assert text_strokes.edge_lines(marked, COLD) == []


def test_texture_along_the_edge_is_not_a_row_of_type():
    rng = np.random.default_rng(3)
    work = np.asarray(gradient_photo()).copy()
    work[225:250] = rng.integers(0, 255, (25, 250, 3))  # gravel / grass along the bottom
    assert text_strokes.edge_lines(work, WARM) == []


def test_print_in_the_middle_of_the_frame_is_not_searched():
    work = with_text(gradient_photo(), (80, 120), "ORGANIC PAINT", 12, (250, 250, 250))
    assert text_strokes.edge_lines(work, WARM) == []


def test_large_type_is_decoded_and_searched_at_the_scale_it_needs():
    # A caption 4 % of the frame high needs ~600 px, not the full 1000 px re-decode; text of
    # unknown size (a network region) gets the full DETAIL_SIDE.
    work = np.zeros((250, 250, 3), np.uint8)
    caption = overlay_candidates.Region((0.2, 0.8, 0.8, 0.9), 0.04)
    small = overlay_candidates.Region((0.6, 0.95, 1.0, 1.0), 0.012)
    network = overlay_candidates.Region((0.0, 0.0, 0.25, 0.25))
    assert overlay_text.detail_side([caption], work) == 600
    assert overlay_text.detail_side([caption, small], work) == overlay_text.DETAIL_SIDE
    assert overlay_text.detail_side([caption, network], work) == overlay_text.DETAIL_SIDE
    crop = np.zeros((60, 360, 3), np.uint8)  # the caption's region cut from a 600 px decode
    assert overlay_text._det_side(crop, 0.04, (600, 600)) == 300  # its text 20 px high, not 24


def test_the_detail_decode_is_dct_scaled_and_regions_are_read_at_the_scale_asked_for():
    # A 1600 px JPEG is decoded at 1/2 (800 px, within DETAIL_SLACK of 1000), never decoded
    # whole and resized; a 1000 px one whole.
    import io

    from PIL import Image

    def jpeg(side: int) -> bytes:
        buf = io.BytesIO()
        Image.new("RGB", (side, side // 2), (200, 180, 160)).save(buf, "JPEG", quality=90)
        return buf.getvalue()

    assert overlay_text.decode_detail(jpeg(1600)).shape == (400, 800, 3)
    assert overlay_text.decode_detail(jpeg(1000)).shape == (500, 1000, 3)
    assert overlay_text.decode_detail(jpeg(1000), side=600).shape == (250, 500, 3)
    # A quarter of a 1600 px photo decoded at 800 px for a 1000 px search: enlarged 1.25x, as
    # it would be cut from a 1000 px decode; from a 1000 px decode: as it is.
    region = np.zeros((200, 200, 3), np.uint8)
    assert overlay_text._det_side(region, None, (800, 800), g=1000 / 800) == 250
    assert overlay_text._det_side(np.zeros((250, 250, 3), np.uint8), None, (1000, 1000)) == 250


def test_no_region_reaches_the_detector_larger_than_its_pixel_budget():
    # Lines merged across the whole frame with 1 % type: 320 x 320, not 640 x 640.
    frame = np.zeros((1000, 1000, 3), np.uint8)
    side = overlay_text._det_side(frame, 0.01, (1000, 1000))
    assert side * side <= overlay_text.DET_MAX_PIXELS
    wide = np.zeros((60, 900, 3), np.uint8)  # one long caption keeps its scale
    assert overlay_text._det_side(wide, 0.04, (1000, 1000)) == 450


def test_the_product_outline_holds_every_large_part():
    # The outline from each row's extreme pixels equals the hull of all the product's pixels.
    import cv2

    mask = np.zeros((200, 250), np.uint8)
    cv2.ellipse(mask, (90, 100), (50, 30), 30, 0, 360, 255, -1)
    cv2.rectangle(mask, (150, 40), (220, 160), 255, -1)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask)
    ref = np.zeros_like(mask)
    cv2.fillConvexPoly(ref, cv2.convexHull(cv2.findNonZero(mask)), 1)
    assert (overlay_candidates._hull(labels, stats) != ref).sum() <= 2


def test_a_hot_part_inside_the_frame_is_searched_as_large_type_one_at_the_edge_as_small():
    # The network sees a mark in the middle of the frame only when it is large (a 192 px
    # copy): its region is searched at the scale of HOT_TEXT-high type. At the edge it may be
    # a 1 % copyright line: searched at the finest scale.
    inner = COLD.copy()
    inner[5, 6] = 0.98
    edge = COLD.copy()
    edge[11, 3] = 0.98
    work = np.full((250, 250, 3), 120, np.uint8)
    (region,) = overlay_candidates.stage_one(work, inner).regions
    assert region.text == overlay_candidates.HOT_TEXT
    assert overlay_text.detail_side([region], work) < overlay_text.DETAIL_SIDE
    (region,) = overlay_candidates.stage_one(work, edge).regions
    assert region.text is None
