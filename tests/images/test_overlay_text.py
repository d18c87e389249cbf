"""IMG007 on the overlay kinds real photos carry, IMG014 on the words they say; print on the
product, fine patterns and glassware are not overlays. Generated images, Pillow's own font;
captions in Arabic script and in Chinese need DejaVu Sans and WenQuanYi Micro Hei (Debian
fonts-dejavu-core and fonts-wqy-microhei, which .ci/run installs) and are skipped without them."""

from __future__ import annotations

import json
from pathlib import Path

import image_files as gen
import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFont

from listing_preflight.api import check_rows
from listing_preflight.images import overlay_candidates, overlay_text, text_detect
from listing_preflight.rules.image.promo_text import promo_regex

pytestmark = pytest.mark.skipif(not text_detect.available(), reason="no ONNX Runtime here")
ARABIC_FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
CJK_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")


def font(size):
    return ImageFont.load_default(size=size)


def packshot(share=0.5, seed=1):
    return gen.packshot(1000, product_share=share, seed=seed)


def draw(im, fn):
    out = im.copy()
    fn(ImageDraw.Draw(out))
    return out


def copyright_line():
    # One line of small type (16 px: 1.6 % of the height) at the bottom right corner.
    return draw(packshot(0.6), lambda d: d.text(
        (640, 962), "Copyright Photo by bestshop.com", font=font(16), fill=(90, 90, 90)))


def caption():
    return draw(packshot(0.5), lambda d: d.text(
        (500, 850), "Wireless Earbuds", font=font(40), fill=(30, 30, 30), anchor="mm"))


def colour_labels():
    im = Image.new("RGB", (1000, 1000), "white")
    d = ImageDraw.Draw(im)
    for i, (name, rgb) in enumerate([("Red", (200, 30, 30)), ("Blue", (30, 60, 200)),
                                     ("Black", (20, 20, 20))]):
        x = 80 + i * 310
        d.rounded_rectangle((x, 250, x + 220, 650), radius=30, fill=rgb)
        d.text((x + 110, 720), name, font=font(36), fill=(60, 60, 60), anchor="mm")
    return im


def dimensions():
    def annotate(d):
        d.line((150, 880, 850, 880), fill=(0, 0, 0), width=3)
        d.polygon([(150, 880), (170, 870), (170, 890)], fill=(0, 0, 0))
        d.polygon([(850, 880), (830, 870), (830, 890)], fill=(0, 0, 0))
        d.text((500, 920), "35 cm", font=font(34), fill=(0, 0, 0), anchor="mm")
    return draw(packshot(0.7), annotate)


def poster():
    canvas = Image.new("RGB", (1000, 1000), (220, 30, 40))
    canvas.paste(packshot(0.7).resize((680, 680)), (160, 280))
    ImageDraw.Draw(canvas).text(
        (500, 140), "HOT SALE 50% OFF", font=font(90), fill=(255, 255, 255), anchor="mm")
    return canvas


def phone_number():
    # A seller's messenger number laid on the white background under the product.
    return draw(packshot(0.5), lambda d: d.text(
        (500, 870), "WhatsApp +86 138 0013 8000", font=font(36), fill=(30, 30, 30), anchor="mm"))


def corner_logo():
    # A shop's ring logo with its initials in the bottom right corner.
    def logo(d):
        d.ellipse((835, 835, 925, 925), outline=(200, 40, 40), width=7)
        d.text((880, 880), "LS", font=font(40), fill=(200, 40, 40), anchor="mm")
    return draw(packshot(0.6), logo)


def signature():
    # An artist's slanted signature at the bottom right.
    im = packshot(0.6)
    ink = Image.new("L", (420, 80), 0)
    ImageDraw.Draw(ink).text((10, 10), "Mira K. 2024", font=font(34), fill=255)
    ink = ink.transform(ink.size, Image.Transform.AFFINE, (1, 0.35, -20, 0, 1, 0),
                        resample=Image.Resampling.BICUBIC)
    im.paste(Image.new("RGB", ink.size, (40, 40, 90)), (560, 890), ink)
    return im


def faint_diagonal():
    # A shop name across the photo at 35 degrees, 30 % opaque.
    im = packshot(0.7).convert("RGBA")
    text = Image.new("RGBA", im.size, (0, 0, 0, 0))
    ImageDraw.Draw(text).text((500, 500), "BESTSHOP.COM", font=font(110), fill=(0, 0, 0, 77),
                              anchor="mm")
    im.alpha_composite(text.rotate(35, resample=Image.Resampling.BICUBIC))
    return im.convert("RGB")


def arabic_caption():
    # The product's name in Arabic on the white background under it.
    return draw(packshot(0.5), lambda d: d.text(
        (500, 850), "سماعات لاسلكية", font=ImageFont.truetype(str(ARABIC_FONT), 44),
        fill=(30, 30, 30), anchor="mm"))


def persian_colour_labels():
    # Persian colour names under three colour variants.
    im = Image.new("RGB", (1000, 1000), "white")
    d = ImageDraw.Draw(im)
    labels = [("قرمز", (200, 30, 30)), ("آبی", (30, 60, 200)), ("مشکی", (20, 20, 20))]
    for i, (name, rgb) in enumerate(labels):
        x = 80 + i * 310
        d.rounded_rectangle((x, 250, x + 220, 650), radius=30, fill=rgb)
        d.text((x + 110, 720), name, font=ImageFont.truetype(str(ARABIC_FONT), 40),
               fill=(60, 60, 60), anchor="mm")
    return im


def chinese_caption():
    # The product's name in Chinese on the white background under it.
    return draw(packshot(0.5), lambda d: d.text(
        (500, 850), "无线蓝牙耳机", font=ImageFont.truetype(str(CJK_FONT), 44),
        fill=(30, 30, 30), anchor="mm"))


def print_on_product():
    # A paint-jar label: words printed inside the product's outline.
    def label(d):
        d.rectangle((330, 420, 670, 580), fill=(250, 250, 240))
        d.text((500, 470), "ORGANIC PAINT", font=font(40), fill=(20, 20, 20), anchor="mm")
        d.text((500, 530), "500 ml  SALE", font=font(34), fill=(20, 20, 20), anchor="mm")
    return draw(packshot(0.7), label)


def led_array():
    # A panel of fine repeated dots (an LED array) on a white background.
    def dots(d):
        d.rectangle((200, 200, 800, 800), fill=(40, 40, 40))
        for y in range(215, 790, 18):
            for x in range(215, 790, 18):
                d.ellipse((x, y, x + 8, y + 8), fill=(250, 240, 200))
    return draw(Image.new("RGB", (1000, 1000), "white"), dots)


def glassware():
    # A clear glass: thin grey outline and bright highlights on white, no text.
    def glass(d):
        d.ellipse((350, 180, 650, 260), outline=(170, 170, 175), width=4)
        d.line((350, 220, 390, 800), fill=(160, 160, 165), width=4)
        d.line((650, 220, 610, 800), fill=(160, 160, 165), width=4)
        d.ellipse((390, 770, 610, 830), outline=(150, 150, 155), width=4)
        d.line((420, 300, 440, 700), fill=(225, 228, 235), width=10)
    return draw(Image.new("RGB", (1000, 1000), "white"), glass)


def jewellery_card():
    # A ring pinned to a printed card: the card's words are the product's packaging.
    im = Image.new("RGB", (1000, 1000), "white"); d = ImageDraw.Draw(im)
    d.rounded_rectangle((300, 200, 700, 800), radius=20, fill=(30, 30, 60))  # the card
    d.text((500, 270), "LUNA JEWELS", font=font(36), fill=(230, 200, 120), anchor="mm")
    d.ellipse((430, 420, 570, 560), outline=(230, 200, 120), width=8)  # a ring pinned to it
    d.text((500, 720), "925 Sterling Silver", font=font(26), fill=(230, 200, 120), anchor="mm")
    return im
def white_card():
    # A shop name printed on an off-white card (250) on a white backdrop, a small pendant
    # pinned to it: the card is within any colour tolerance of the backdrop, but not the
    # backdrop itself.
    im = Image.new("RGB", (1000, 1000), "white"); d = ImageDraw.Draw(im)
    d.rectangle((280, 220, 720, 800), fill=(250, 250, 250))
    d.text((500, 300), "Luna Jewels", font=font(44), fill=(30, 30, 30), anchor="mm")
    for i in range(24):  # a fine chain
        x = 380 + i * 10
        y = 430 + int(0.004 * (x - 500) ** 2)
        d.ellipse((x - 3, y - 3, x + 3, y + 3), fill=(190, 190, 200))
    d.ellipse((470, 560, 530, 620), fill=(180, 20, 60))
    return im
def plate():
    # Calligraphy painted in the middle of a plate.
    im = Image.new("RGB", (1000, 1000), "white"); d = ImageDraw.Draw(im)
    d.ellipse((150, 150, 850, 850), fill=(245, 240, 230), outline=(180, 170, 160), width=6)
    d.ellipse((260, 260, 740, 740), outline=(200, 190, 180), width=3)
    for i, y in enumerate(range(380, 640, 60)):  # brush strokes of calligraphy in the middle
        d.line((420 + 10 * i, y, 580 - 8 * i, y + 30), fill=(20, 20, 20), width=9)
        d.line((500, y - 10, 490 + 6 * i, y + 40), fill=(20, 20, 20), width=7)
    return im
def usb_hub():
    # The brand printed on a USB hub's body.
    im = Image.new("RGB", (1000, 1000), "white"); d = ImageDraw.Draw(im)
    d.rounded_rectangle((200, 380, 800, 620), radius=40, fill=(50, 50, 55))
    for x in range(260, 760, 120):
        d.rectangle((x, 470, x + 70, 500), fill=(20, 20, 20))
    d.text((500, 570), "ORICO USB 3.0 HUB", font=font(30), fill=(220, 220, 220), anchor="mm")
    return im
def leaf_print():
    # A cushion covered in a fine repeated leaf print.
    rng = np.random.default_rng(5)
    im = Image.new("RGB", (1000, 1000), "white"); d = ImageDraw.Draw(im)
    d.rectangle((200, 150, 800, 850), fill=(240, 235, 220))  # a cushion with a leaf print
    for _ in range(90):
        x, y = rng.integers(210, 780), rng.integers(160, 830)
        d.ellipse((x, y, x + 18, y + 36), fill=(40, 120, 60))
        d.line((x + 9, y, x + 9, y + 44), fill=(30, 80, 40), width=2)
    return im


MARKED = {"copyright": copyright_line, "caption": caption, "colours": colour_labels,
          "dimensions": dimensions, "poster": poster, "logo": corner_logo,
          "signature": signature, "faint_diagonal": faint_diagonal, "phone": phone_number,
          "arabic_caption": arabic_caption, "persian_colours": persian_colour_labels,
          "chinese_caption": chinese_caption}
CLEAN = {"print": print_on_product, "led": led_array, "glass": glassware,
         "jewellery_card": jewellery_card, "white_card": white_card, "plate": plate, "usb_hub": usb_hub,
         "leaf_print": leaf_print}
FONT_OF = {"arabic_caption": ARABIC_FONT, "persian_colours": ARABIC_FONT,
           "chinese_caption": CJK_FONT}


def drawable(name):
    """Whether this machine has the font the image `name` is drawn in."""
    return name not in FONT_OF or FONT_OF[name].is_file()


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    root = tmp_path_factory.mktemp("overlays")
    rows = []
    for name, make in {**MARKED, **CLEAN}.items():
        if not drawable(name):
            continue
        gen.save(root, f"{name}.jpg", gen.jpeg_bytes(make()))
        rows.append({"product_sku": name, "title": "Ceramic Vase White", "main_image": f"{name}.jpg"})
    return check_rows(rows, select=["IMG007", "IMG014"],
                      config={"images": str(root), "no-cache": True}).findings


def found(report, code):
    return {r["product_sku"]: r for r in report.filter(pl.col("code") == code).to_dicts()}


@pytest.mark.parametrize("name", sorted(MARKED))
def test_img007_finds_each_overlay_kind(report, name):
    if not drawable(name):
        pytest.skip(f"{FONT_OF[name]} is not installed (.ci/run installs it)")
    assert name in found(report, "IMG007")


@pytest.mark.parametrize("name", sorted(CLEAN))
def test_img007_leaves_print_patterns_and_glass_alone(report, name):
    assert name not in found(report, "IMG007")


def test_img007_evidence_box_is_where_the_small_line_is(report):
    hit = found(report, "IMG007")["copyright"]
    x0, y0, _, _ = json.loads(hit["evidence"])["region"]
    assert x0 > 0.55 and y0 > 0.9  # bottom right, not the top-left cell
    assert "at the bottom right" in hit["message"]


def test_img014_reads_promo_words_and_links_laid_over_the_photo(report):
    promo = found(report, "IMG014")
    assert set(promo) == {"poster", "copyright", "phone"}
    evidence = json.loads(promo["poster"]["evidence"])
    assert "hot sale" in [m.lower() for m in evidence["matches"]]
    assert evidence["region"][1] < 0.25  # the text at the top of the poster
    assert "bestshop.com" in promo["copyright"]["message"]
    contact = " ".join(json.loads(promo["phone"]["evidence"])["matches"])
    assert "WhatsApp" in contact and "138" in contact and "8000" in contact


def test_img014_uses_the_title_wordlists_and_contact_patterns():
    texts = pl.Series(["限时特价 微信: shop888", "FREE SHIPPING", "Red Blue Black", "Size 35 cm",
                       "+86 138 0013 8000", "hot water bottle"])
    hits = texts.str.extract_all(promo_regex()).list.len().to_list()
    assert hits == [2, 1, 0, 0, 1, 0]  # 限时特价 (promo) and 微信: shop888 (contact)


def test_cascade_skips_photos_without_candidates():
    # A plain packshot: no small marks beside the product, the network quiet: no detector run.
    work = gen.packshot(250, product_share=0.6)
    assert overlay_text.search(b"", np.asarray(work), np.zeros((12, 12), np.float32)) is None


def _line_on(canvas: np.ndarray, box: tuple[int, int, int, int]) -> str:
    """overlay_text.surround for a dark line drawn in `box` of `canvas`."""
    x0, y0, x1, y1 = box
    canvas[y0 + 10 : y1 - 10, x0 + 10 : x1 - 10] = 30
    line = text_detect.TextBox(x0, y0, x1, y1, 0.9)
    return overlay_text.surround(canvas, line, overlay_candidates.border_colour(canvas))


@pytest.mark.parametrize("floor", [250, 240, 230])
def test_a_caption_on_a_backdrop_that_darkens_towards_the_floor_lies_on_the_background(floor):
    # The line's shade is the border's at its own height, not the whole border's median.
    ramp = np.linspace(255, floor, 1000)[:, None, None].repeat(1000, 1).repeat(3, 2)
    assert _line_on(ramp.astype(np.uint8), (350, 790, 650, 830)) == "background"


def test_words_on_a_white_card_on_a_white_backdrop_lie_on_a_surface_not_the_background():
    canvas = np.full((1000, 1000, 3), 255, np.uint8)
    canvas[200:800, 280:720] = 250  # the card: 5 levels off the backdrop
    assert _line_on(canvas, (390, 290, 610, 330)) == "surface"


def test_words_on_a_dark_product_lie_on_neither():
    canvas = np.full((1000, 1000, 3), 255, np.uint8)
    canvas[200:800, 280:720] = (40, 40, 90)
    assert _line_on(canvas, (390, 290, 610, 330)) == "other"


@settings(max_examples=60, deadline=None)
@given(st.integers(8, 60), st.integers(8, 60), st.floats(0, 1), st.floats(0, 1), st.floats(0, 1),
       st.floats(0, 1))
def test_surround_answers_for_any_line_in_any_frame(h, w, a, b, c, d):
    # Lines at the frame's edges, one pixel wide or as large as the frame: a yes or no, no error.
    canvas = np.random.default_rng(h * w).integers(0, 256, (h, w, 3), dtype=np.uint8)
    x0, x1 = sorted((a * w, c * w))
    y0, y1 = sorted((b * h, d * h))
    line = text_detect.TextBox(x0, y0, x1, y1, 0.9)
    assert overlay_text.surround(canvas, line, overlay_candidates.border_colour(canvas)) in (
        "background", "surface", "other")
