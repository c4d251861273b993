"""Evidence files ("minh chứng"): which files are accepted, checked from their bytes, never from
the name or the type the browser claims."""

import io
import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from PIL import Image, UnidentifiedImageError

MAX_BYTES = 10 * 1024 * 1024
MAX_PER_INDICATOR = 3
NAME_MAX = 120
# What the person may pick in the file dialog; the bytes decide what is accepted.
UPLOAD_TYPES = ("jpg", "jpeg", "png", "webp", "pdf")
# Pillow format -> (content type, extension).
_IMAGES = {
    "JPEG": ("image/jpeg", "jpg"),
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
_PDF = ("application/pdf", "pdf")
# Stop Pillow from decoding a crafted image that claims a huge size.
Image.MAX_IMAGE_PIXELS = 60_000_000


class EvidenceError(ValueError):
    """A file cannot be kept as evidence; the message is Vietnamese and shown to the person."""


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    size: int


def _kind(data: bytes) -> tuple[str, str]:
    if data.startswith(b"%PDF-"):
        if b"%%EOF" not in data[-2048:]:
            raise EvidenceError("Tệp PDF không đầy đủ hoặc bị hỏng.")
        return _PDF
    try:
        with Image.open(io.BytesIO(data)) as image:
            image.verify()
            fmt = image.format
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        fmt = None
    if fmt not in _IMAGES:
        raise EvidenceError("Chỉ nhận ảnh (JPG, PNG, WEBP) hoặc tệp PDF.")
    return _IMAGES[fmt]


def clean_filename(name: str, extension: str) -> str:
    """The name to show and to download under: no folders, no control characters, bounded,
    ending in the extension of what the bytes really are."""
    base = PureWindowsPath(PurePosixPath(unicodedata.normalize("NFC", name or "")).name).name
    base = "".join(ch for ch in base if ch.isprintable() and ch not in '<>:"/\\|?*').strip(". ")
    stem = base.rsplit(".", 1)[0] if "." in base else base
    stem = stem[: NAME_MAX - len(extension) - 1].strip() or "minh-chung"
    return f"{stem}.{extension}"


def check_file(name: str, data: bytes) -> CheckedFile:
    """Accept a photo or PDF up to MAX_BYTES; raise EvidenceError otherwise."""
    if not data:
        raise EvidenceError("Tệp rỗng, vui lòng chọn lại.")
    if len(data) > MAX_BYTES:
        raise EvidenceError(
            f"Tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB, vui lòng chọn tệp nhỏ hơn."
        )
    content_type, extension = _kind(data)
    return CheckedFile(clean_filename(name, extension), content_type, len(data))
