"""Evidence files ("minh chứng"): which files are accepted, checked from their bytes, never from
the name or the type the browser claims."""

import unicodedata
from dataclasses import dataclass
from pathlib import PurePosixPath, PureWindowsPath

from cdht import pdf_scan
from cdht.images import ImageTooLarge, NotAnImage, megapixels, open_image
from cdht.numbers import number_vi

MAX_BYTES = 10 * 1024 * 1024
# A photo's pixels (from its header, before decoding): a 40 Mpx phone photo passes; a managers'
# viewer is not handed a decompression bomb.
MAX_PIXELS = 40_000_000
MAX_PER_INDICATOR = 3
NAME_MAX = 120
# What the person may pick in the file dialog; the bytes decide what is accepted.
UPLOAD_TYPES = ("jpg", "jpeg", "png", "webp", "pdf")
# Pillow format -> (content type, extension).
_IMAGES = {
    "JPEG": ("image/jpeg", "jpg"),
    "MPO": ("image/jpeg", "jpg"),  # a JPEG with a second picture, as some phones save
    "PNG": ("image/png", "png"),
    "WEBP": ("image/webp", "webp"),
}
_PDF = ("application/pdf", "pdf")
# What a refused PDF holds, as the person is told.
_PDF_REFUSED = {
    pdf_scan.JAVASCRIPT: "JavaScript",
    pdf_scan.LAUNCH: "lệnh mở chương trình",
    pdf_scan.EMBEDDED: "tệp đính kèm",
    pdf_scan.RICH_MEDIA: "nội dung đa phương tiện",
    pdf_scan.XFA: "biểu mẫu XFA",
}


class EvidenceError(ValueError):
    """A file cannot be kept as evidence; the message is Vietnamese and shown to the person."""


class NotAccepted(EvidenceError):
    """The content is neither an accepted image nor a PDF."""


# The names of the kinds taken: a file named so whose content is not is told it looks broken.
_ACCEPTED_SUFFIXES = frozenset({"jpg", "jpeg", "png", "webp", "pdf"})


def megabytes(size: int) -> str:
    """Bytes as Vietnamese writes them: "30 MB", "1,2 MB", "0,1 MB" for a small file, "2 GB"."""
    value, unit = size / (1024 * 1024), "MB"
    if value >= 1024:
        value, unit = value / 1024, "GB"
    return f"{number_vi(max(value, 0.1) if size else 0, 1, trim=True)} {unit}"


PERSON, UNIT = "person", "unit"


class QuotaExceeded(EvidenceError):
    """The file would take a person's or a unit's evidence of the year over its quota."""

    def __init__(self, scope: str, *, year: int, used: int, limit: int, size: int) -> None:
        if scope == PERSON:
            text = (
                f"Tệp này ({megabytes(size)}) vượt hạn mức minh chứng năm {year}: mỗi người tối đa "
                f"{megabytes(limit)}, đã dùng {megabytes(used)}. Hãy xoá bớt tệp cũ hoặc chọn tệp "
                "nhỏ hơn."
            )
        else:
            text = (
                f"Tệp này ({megabytes(size)}) vượt hạn mức minh chứng năm {year} của cả đơn vị "
                f"(tối đa {megabytes(limit)}, đã dùng {megabytes(used)}). Hãy báo người quản lý "
                "đơn vị."
            )
        super().__init__(text)
        self.scope = scope


@dataclass(frozen=True)
class CheckedFile:
    filename: str
    content_type: str
    size: int


def _check_pdf(data: bytes) -> None:
    if b"%%EOF" not in data[-2048:]:
        raise EvidenceError("Tệp PDF không đầy đủ hoặc bị hỏng.")
    answer = pdf_scan.judge_isolated(data)
    if answer == pdf_scan.BROKEN:
        raise EvidenceError("Tệp PDF không đầy đủ hoặc bị hỏng.")
    if answer == pdf_scan.PASSWORD:
        raise EvidenceError("Tệp PDF có mật khẩu; hãy gửi bản không đặt mật khẩu.")
    if answer == pdf_scan.TOO_COMPLEX:
        raise EvidenceError(
            "Tệp PDF quá phức tạp để kiểm tra (giải nén quá lớn hoặc quá lâu). "
            "Hãy in tệp ra PDF (Print to PDF) hoặc chụp ảnh rồi gửi lại."
        )
    if answer in _PDF_REFUSED:
        raise EvidenceError(
            f"Tệp PDF có {_PDF_REFUSED[answer]}: không nhận vì người quản lý sẽ mở tệp này. "
            "Hãy in tệp ra PDF (Print to PDF) hoặc chụp ảnh rồi gửi lại."
        )


def _kind(data: bytes) -> tuple[str, str]:
    if data.startswith(b"%PDF-"):
        _check_pdf(data)
        return _PDF
    try:
        with open_image(data, max_pixels=MAX_PIXELS) as image:
            image.verify()
            fmt = image.format
    except ImageTooLarge as exc:
        raise EvidenceError(
            f"Ảnh quá lớn: {megapixels(exc.pixels)} triệu điểm ảnh, tối đa "
            f"{megapixels(MAX_PIXELS)} triệu. Hãy chọn ảnh nhỏ hơn."
        ) from exc
    except (NotAnImage, OSError, SyntaxError, ValueError):
        fmt = None
    if fmt not in _IMAGES:
        raise NotAccepted("Chỉ nhận ảnh (JPG, PNG, WEBP) hoặc tệp PDF.")
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
    """Accept a photo (at most MAX_PIXELS) or a PDF without scripts, launch actions, embedded
    files, rich media or XFA forms, up to MAX_BYTES; raise EvidenceError otherwise."""
    if not data:
        raise EvidenceError("Tệp rỗng, vui lòng chọn lại.")
    if len(data) > MAX_BYTES:
        raise EvidenceError(
            f"Tệp lớn hơn {MAX_BYTES // (1024 * 1024)} MB, vui lòng chọn tệp nhỏ hơn."
        )
    try:
        content_type, extension = _kind(data)
    except NotAccepted as exc:
        claimed = PurePosixPath(name or "").suffix.lower().lstrip(".")
        if claimed in _ACCEPTED_SUFFIXES:  # named as one, but no such content: say so
            raise EvidenceError(
                f"Tệp có đuôi .{claimed} nhưng nội dung không đọc được như ảnh hay PDF: tệp có "
                "thể bị hỏng hoặc đã bị đổi đuôi. Hãy mở thử tệp trên máy, hoặc chụp lại rồi gửi."
            ) from exc
        raise
    return CheckedFile(clean_filename(name, extension), content_type, len(data))
