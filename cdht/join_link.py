"""The link that opens the sign-up page with a unit's code filled in, and its QR code."""

import io
from urllib.parse import urlencode, urlsplit

import qrcode
from qrcode.constants import ERROR_CORRECT_M

SIGN_UP_PATH = "dang-ky"
CODE_PARAM = "ma"


def app_base(public_url: str, current_url: str) -> str:
    """The app's root URL: the configured public one, else the origin the browser used."""
    if public_url:
        return public_url.rstrip("/")
    parts = urlsplit(current_url)
    return f"{parts.scheme}://{parts.netloc}" if parts.netloc else ""


def only_this_machine(base: str) -> bool:
    """A link on this base opens only on the server itself (or nowhere, without a base)."""
    host = urlsplit(base).hostname
    return host is None or host in ("localhost", "::1", "0.0.0.0") or host.startswith("127.")


def join_url(base: str, code: str) -> str:
    return f"{base.rstrip('/')}/{SIGN_UP_PATH}?{urlencode({CODE_PARAM: code})}"


def qr_png(text: str, *, box_size: int = 10) -> bytes:
    """A PNG of the QR code for `text`, with a quiet zone, good for printing on a notice."""
    code = qrcode.QRCode(error_correction=ERROR_CORRECT_M, box_size=box_size, border=4)
    code.add_data(text)
    code.make(fit=True)
    buffer = io.BytesIO()
    code.make_image(fill_color="black", back_color="white").save(buffer, format="PNG")
    return buffer.getvalue()
