"""Opening an uploaded image so that its header cannot decide how much memory is spent. Pure.

`Image.open` reads only the header; the pixels are decoded by `load()`, `verify()` or any
conversion. Every caller gives its own pixel limit, checked here before anything is decoded, so
no module changes Pillow's process-wide `Image.MAX_IMAGE_PIXELS`. Pillow's own bounds on
compressed PNG text and colour-profile chunks (`PngImagePlugin.MAX_TEXT_CHUNK`, 1 MB each, and
`MAX_TEXT_MEMORY`, 64 MB in all) are left at their defaults and apply to every image.
"""

import io

from PIL import Image, UnidentifiedImageError

from cdht.numbers import number_vi

# Pillow's own plugins for what people upload; nothing else (TIFF, PSD, ICO …) is tried.
FORMATS = ("JPEG", "PNG", "WEBP")


class ImageTooLarge(ValueError):
    """The header declares more pixels than the caller allows."""

    def __init__(self, pixels: int, limit: int) -> None:
        super().__init__(f"{pixels} pixels, at most {limit}")
        self.pixels = pixels
        self.limit = limit


class NotAnImage(ValueError):
    """The bytes are not an image of an accepted format."""


def megapixels(pixels: int) -> str:
    """A pixel count in millions as Vietnamese writes it ("144", "12,5")."""
    return number_vi(pixels / 1_000_000, 1, trim=True)


def open_image(data: bytes, *, max_pixels: int) -> Image.Image:
    """The image, header read and size checked, nothing decoded yet.

    Raises ImageTooLarge when width × height exceeds `max_pixels`, NotAnImage for anything that
    is not a JPEG, PNG or WEBP."""
    try:
        image = Image.open(io.BytesIO(data), formats=FORMATS)
    except Image.DecompressionBombError as exc:  # over twice Pillow's default: surely too large
        raise ImageTooLarge(_declared(exc), max_pixels) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise NotAnImage(str(exc)) from exc
    width, height = image.size
    if width * height > max_pixels:
        image.close()
        raise ImageTooLarge(width * height, max_pixels)
    return image


def _declared(exc: Image.DecompressionBombError) -> int:
    """The pixel count Pillow names in its message ("Image size (N pixels) exceeds …")."""
    words = str(exc).split("(", 1)[-1].split()
    return int(words[0]) if words and words[0].isdigit() else 0
