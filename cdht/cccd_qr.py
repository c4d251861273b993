"""Reading the QR code printed on the chip CCCD card. Pure; the photo is only decoded, never kept.

The code holds, separated by `|`: the 12-digit number, the old 9-digit ID number (may be empty),
the full name, the birth date as DDMMYYYY, the gender, the permanent address, the issue date.
"""

import io
import unicodedata
from dataclasses import dataclass
from datetime import date

import zxingcpp
from PIL import Image, ImageOps, UnidentifiedImageError

from cdht import cccd
from cdht.text import TextError, clean_line

MAX_IMAGE_BYTES = 8 * 1024 * 1024


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


def read_card_image(data: bytes) -> CardData:
    """Decode a photo of the card's QR code (any rotation; contrast is stretched first)."""
    if len(data) > MAX_IMAGE_BYTES:
        raise CardQrError("Ảnh quá lớn (tối đa 8 MB).")
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise CardQrError("Không đọc được ảnh; hãy chụp lại hoặc chọn ảnh JPG, PNG.") from exc
    image = ImageOps.exif_transpose(image).convert("L")
    found = zxingcpp.read_barcodes(image) or zxingcpp.read_barcodes(ImageOps.autocontrast(image))
    codes = [r for r in found if r.format == zxingcpp.BarcodeFormat.QRCode]
    if not codes:
        raise CardQrError(
            "Không tìm thấy mã QR trong ảnh. Chụp gần, rõ, đủ sáng mã QR ở góc trên thẻ CCCD."
        )
    return parse_card_text(codes[0].text)
