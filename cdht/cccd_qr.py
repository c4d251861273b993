"""Reading the QR code printed on the chip CCCD card. Pure; the photo is only decoded, never kept.

The code holds, separated by `|`: the 12-digit number, the old 9-digit ID number (may be empty),
the full name, the birth date as DDMMYYYY, the gender, the permanent address, the issue date.
"""

import unicodedata
from dataclasses import dataclass
from datetime import date

import zxingcpp
from PIL import Image, ImageOps

from cdht import cccd
from cdht.images import ImageTooLarge, NotAnImage, megapixels, open_image
from cdht.text import TextError, clean_line

MAX_IMAGE_BYTES = 8 * 1024 * 1024
# Pixels decoded at most. A JPEG (every phone camera) is decoded at 1/2, 1/4 or 1/8 scale straight
# from its header, so a 48 Mpx photo costs 12 Mpx; a PNG or WEBP is decoded at its full size.
MAX_PIXELS = 16_000_000
MAX_JPEG_PIXELS = 4 * MAX_PIXELS
# What the QR decoder is given: a card's code stays hundreds of pixels wide at this size.
SCAN_PIXELS = 4_000_000
_JPEG = ("JPEG", "MPO")  # MPO: a JPEG with a second picture, as some phones save


class CardQrError(ValueError):
    """No card QR code could be read; the message is Vietnamese."""


@dataclass(frozen=True)
class CardData:
    cccd: str
    old_id: str
    full_name: str
    birth_date: date
    gender: str
    address: str
    issued_on: date | None

    @property
    def birth_year(self) -> int:
        return self.birth_date.year


def _date(text: str, what: str) -> date:
    if len(text) != 8 or not text.isdigit():
        raise CardQrError(f"Mã QR không đúng mẫu thẻ CCCD ({what}).")
    try:
        return date(int(text[4:]), int(text[2:4]), int(text[:2]))
    except ValueError as exc:
        raise CardQrError(f"Mã QR không đúng mẫu thẻ CCCD ({what}).") from exc


def parse_card_text(text: str) -> CardData:
    """The card's fields from the QR text, checked like typed values."""
    parts = unicodedata.normalize("NFC", text.strip()).split("|")
    if len(parts) != 7:
        raise CardQrError("Mã QR này không phải mã trên thẻ CCCD.")
    number, old_id, name, born, gender, address, issued = (p.strip() for p in parts)
    if gender not in cccd.GENDERS:
        raise CardQrError("Mã QR này không phải mã trên thẻ CCCD (giới tính).")
    birth_date = _date(born, "ngày sinh")
    try:
        number = cccd.validate(number, gender=gender, birth_year=birth_date.year)
        name = clean_line(name, max_len=100, label="Họ và tên", required=True)
        address = clean_line(address, max_len=300, label="Nơi thường trú")
    except (cccd.CccdError, TextError) as exc:
        raise CardQrError(f"Mã QR trên thẻ không hợp lệ: {exc}") from exc
    if old_id and (len(old_id) != 9 or not old_id.isdigit()):
        raise CardQrError("Mã QR này không phải mã trên thẻ CCCD (số CMND cũ).")
    return CardData(
        cccd=number,
        old_id=old_id,
        full_name=name,
        birth_date=birth_date,
        gender=gender,
        address=address,
        issued_on=_date(issued, "ngày cấp") if issued else None,
    )


def _too_large(pixels: int) -> CardQrError:
    return CardQrError(
        f"Ảnh quá lớn: {megapixels(pixels)} triệu điểm ảnh, tối đa {megapixels(MAX_PIXELS)} "
        f"triệu (ảnh JPG tối đa {megapixels(MAX_JPEG_PIXELS)} triệu). "
        "Hãy chụp lại mã QR hoặc chọn ảnh nhỏ hơn."
    )


def _scan_image(data: bytes) -> Image.Image:
    """The photo in grey, at most SCAN_PIXELS, its size checked before any pixel is decoded."""
    try:
        image = open_image(data, max_pixels=MAX_JPEG_PIXELS)
    except ImageTooLarge as exc:
        raise _too_large(exc.pixels) from exc
    except NotAnImage as exc:
        raise CardQrError("Không đọc được ảnh; hãy chụp lại hoặc chọn ảnh JPG, PNG.") from exc
    with image:
        width, height = image.size
        if image.format in _JPEG:
            scale = max(1, int((width * height / SCAN_PIXELS) ** 0.5))
            image.draft("L", (width // scale, height // scale))  # decoded scaled down, in grey
        if image.size[0] * image.size[1] > MAX_PIXELS:
            raise _too_large(width * height)
        try:
            image.load()
            image = ImageOps.exif_transpose(image).convert("L")
        except (OSError, SyntaxError, ValueError) as exc:
            raise CardQrError("Không đọc được ảnh; hãy chụp lại hoặc chọn ảnh JPG, PNG.") from exc
    if image.size[0] * image.size[1] > SCAN_PIXELS:
        factor = (image.size[0] * image.size[1] / SCAN_PIXELS) ** 0.5
        image.thumbnail((int(image.size[0] / factor), int(image.size[1] / factor)))
    return image


def read_card_image(data: bytes) -> CardData:
    """Decode a photo of the card's QR code (any rotation; contrast is stretched first).

    Refused before decoding: more than MAX_IMAGE_BYTES, more than MAX_PIXELS pixels to decode
    (MAX_JPEG_PIXELS for a JPEG, which is decoded scaled down); the decoder is given at most
    SCAN_PIXELS."""
    if len(data) > MAX_IMAGE_BYTES:
        raise CardQrError("Ảnh quá lớn (tối đa 8 MB).")
    image = _scan_image(data)
    found = zxingcpp.read_barcodes(image) or zxingcpp.read_barcodes(ImageOps.autocontrast(image))
    codes = [r for r in found if r.format == zxingcpp.BarcodeFormat.QRCode]
    if not codes:
        raise CardQrError(
            "Không tìm thấy mã QR trong ảnh. Chụp gần, rõ, đủ sáng mã QR ở góc trên thẻ CCCD."
        )
    return parse_card_text(codes[0].text)
