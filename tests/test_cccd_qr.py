"""Reading the CCCD card's QR code from generated, card-like photos."""

import io
from datetime import date

import pytest
import qrcode
from PIL import Image, ImageDraw, ImageEnhance

from cdht.cccd_qr import CardQrError, parse_card_text, read_card_image

CARD = "051190001234||Nguyễn Thị Ánh|15031990|Nữ|Tổ 5, phường Cẩm Thành, Quảng Ngãi|20042021"


def card_photo(text: str, *, angle: float = 0, contrast: float = 1.0) -> bytes:
    """A QR code on a light card-like background, optionally rotated and washed out."""
    code = qrcode.make(text, box_size=6, border=4).convert("RGB")
    card = Image.new("RGB", (code.width + 240, code.height + 120), (226, 232, 240))
    ImageDraw.Draw(card).text((10, 10), "CĂN CƯỚC CÔNG DÂN", fill=(40, 40, 120))
    card.paste(code, (200, 60))
    if angle:
        card = card.rotate(angle, expand=True, fillcolor=(200, 200, 200))
    if contrast != 1.0:
        card = ImageEnhance.Contrast(card).enhance(contrast)
    buffer = io.BytesIO()
    card.save(buffer, format="JPEG", quality=85)
    return buffer.getvalue()


def test_card_text_fields():
    data = parse_card_text(CARD)
    assert (data.cccd, data.old_id, data.full_name, data.gender) == (
        "051190001234",
        "",
        "Nguyễn Thị Ánh",
        "Nữ",
    )
    assert data.birth_date == date(1990, 3, 15) and data.birth_year == 1990
    assert data.issued_on == date(2021, 4, 20)
    assert parse_card_text(CARD.replace("||", "|212345678|")).old_id == "212345678"


@pytest.mark.parametrize(
    ("angle", "contrast"), [(0, 1.0), (90, 1.0), (180, 1.0), (17, 1.0), (0, 0.35), (-8, 0.5)]
)
def test_photo_decoded_rotated_and_low_contrast(angle, contrast):
    data = read_card_image(card_photo(CARD, angle=angle, contrast=contrast))
    assert (data.cccd, data.full_name, data.birth_year) == ("051190001234", "Nguyễn Thị Ánh", 1990)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("https://congdanhoctap.vn", "không phải mã trên thẻ CCCD"),
        ("051190001234||Nguyễn Thị Ánh|15031990|Nữ|Địa chỉ", "không phải mã trên thẻ CCCD"),
        ("051190001234||Nguyễn Thị Ánh|15031990|X|Địa chỉ|20042021", "giới tính"),
        ("051190001234||Nguyễn Thị Ánh|15031991|Nữ|Địa chỉ|20042021", "năm sinh"),
        ("051190001234||Nguyễn Thị Ánh|31021990|Nữ|Địa chỉ|20042021", "ngày sinh"),
    ],
)
def test_codes_that_are_not_a_card_are_refused(text, message):
    with pytest.raises(CardQrError, match=message):
        read_card_image(card_photo(text))


def test_photo_without_a_code_or_not_an_image():
    blank = io.BytesIO()
    Image.new("RGB", (300, 200), (230, 230, 230)).save(blank, format="PNG")
    with pytest.raises(CardQrError, match="Không tìm thấy mã QR"):
        read_card_image(blank.getvalue())
    with pytest.raises(CardQrError, match="Không đọc được ảnh"):
        read_card_image(b"%PDF-1.4 not an image")
