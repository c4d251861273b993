"""Documents as an office prints them: LibreOffice converts a file to PDF, poppler reads it back.

`make test` installs the tools (Debian's libreoffice-calc-nogui, libreoffice-writer-nogui,
poppler-utils). Each conversion uses its own LibreOffice profile, so parallel pytest workers do not
share (and lock) one. A missing tool fails the test with the command that installs it.
"""

import re
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pikepdf
import pytest

INSTALL = (
    "run `make libreoffice` as root (Debian: apt-get install libreoffice-calc-nogui "
    "libreoffice-writer-nogui poppler-utils fonts-liberation2)"
)
CONVERT_TIMEOUT = 180
# A4 in PostScript points (1/72 inch): 210 × 297 mm.
A4_SHORT, A4_LONG = 595.3, 841.9
_POINT_TOLERANCE = 2.0


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"`{name}` is missing: {INSTALL}")
    return path


def to_pdf(data: bytes, suffix: str, tmp_path: Path) -> Path:
    """Print `data` (a file ending in `suffix`, e.g. ".xlsx", ".docx", ".html") to PDF with
    LibreOffice, headless, as its own process with a throwaway profile; the PDF's path."""
    soffice = _tool("soffice")
    out = Path(tempfile.mkdtemp(prefix="pdf-", dir=tmp_path))
    source = out / f"document{suffix}"
    source.write_bytes(data)
    with tempfile.TemporaryDirectory(prefix="lo-profile-") as profile:
        result = subprocess.run(
            [
                soffice,
                f"-env:UserInstallation={Path(profile).as_uri()}",
                "--headless",
                "--norestore",
                "--nolockcheck",
                "--convert-to",
                "pdf",
                "--outdir",
                str(out),
                str(source),
            ],
            capture_output=True,
            text=True,
            timeout=CONVERT_TIMEOUT,
        )
    pdf = out / "document.pdf"
    if result.returncode != 0 or not pdf.exists():
        pytest.fail(
            f"LibreOffice did not convert {source.name} (exit {result.returncode}):\n"
            f"{result.stdout}\n{result.stderr}"
        )
    return pdf


def pdf_text(path: Path, *, layout: bool = True) -> str:
    """The whole PDF's text (`pdftotext -layout` keeps each printed line on one line); pages are
    separated by form feeds."""
    args = [_tool("pdftotext"), "-enc", "UTF-8"]
    if layout:
        args.append("-layout")
    result = subprocess.run(
        [*args, str(path), "-"], capture_output=True, check=True, timeout=CONVERT_TIMEOUT
    )
    return result.stdout.decode("utf-8")


def page_texts(path: Path, *, layout: bool = True) -> list[str]:
    """The text of each page, in order."""
    pages = pdf_text(path, layout=layout).split("\f")
    if pages and not pages[-1].strip():
        pages.pop()
    return pages


def flat(text: str) -> str:
    """Text with every run of white space (line breaks included) made one space."""
    return re.sub(r"\s+", " ", text).strip()


@dataclass(frozen=True)
class Page:
    width: float  # points, as the page is shown (rotation applied)
    height: float

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    @property
    def a4(self) -> bool:
        short, long = sorted((self.width, self.height))
        return abs(short - A4_SHORT) <= _POINT_TOLERANCE and abs(long - A4_LONG) <= _POINT_TOLERANCE


def pdf_pages(path: Path) -> list[Page]:
    """Every page's size as printed (MediaBox, turned by /Rotate)."""
    pages = []
    with pikepdf.open(path) as pdf:
        for page in pdf.pages:
            x0, y0, x1, y1 = (float(v) for v in page.mediabox)
            width, height = abs(x1 - x0), abs(y1 - y0)
            if int(page.obj.get("/Rotate", 0)) % 180:
                width, height = height, width
            pages.append(Page(width, height))
    return pages


def page_images(path: Path, out_dir: Path, *, dpi: int = 60) -> list[Path]:
    """Each page as a PNG (`pdftoppm -r DPI -png`), to look at; the files in page order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / path.stem
    subprocess.run(
        [_tool("pdftoppm"), "-r", str(dpi), "-png", str(path), str(prefix)],
        check=True,
        timeout=CONVERT_TIMEOUT,
    )
    return sorted(out_dir.glob(f"{path.stem}-*.png"))


def not_whole(texts: list[str], printed: str) -> list[str]:
    """The texts that cannot be read whole, on one stretch of `printed` (white space made one
    space on both sides): a text cut by a column edge or wrapped around other cells is listed."""
    line = flat(printed)
    return [t for t in texts if flat(t) not in line]
