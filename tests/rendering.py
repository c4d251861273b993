"""Documents as an office prints them: LibreOffice converts a file to PDF, poppler reads it back.

`make test` installs the tools (Debian's libreoffice-calc-nogui, libreoffice-writer-nogui,
poppler-utils). Each conversion uses its own LibreOffice profile, so parallel pytest workers do not
share (and lock) one. A missing tool fails the test with the command that installs it.
"""

import html
import re
import shutil
import subprocess
import tempfile
from collections.abc import Iterable
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


def page_images(
    path: Path, out_dir: Path, *, dpi: int = 60, pages: Iterable[int] | None = None
) -> list[Path]:
    """Pages as PNG files (`pdftoppm -r DPI -png`), to look at: all of them, or the 1-based
    `pages` (negative numbers count from the end); the files in page order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    prefix = out_dir / path.stem
    pdftoppm = [_tool("pdftoppm"), "-r", str(dpi), "-png"]
    if pages is None:
        subprocess.run([*pdftoppm, str(path), str(prefix)], check=True, timeout=CONVERT_TIMEOUT)
        return sorted(out_dir.glob(f"{path.stem}-*.png"))
    count = len(pdf_pages(path))
    made = []
    for number in sorted({n if n > 0 else count + 1 + n for n in pages}):
        if not 1 <= number <= count:
            continue
        target = out_dir / f"{path.stem}-{number:0{len(str(count))}d}"
        subprocess.run(
            [
                *pdftoppm,
                "-f",
                str(number),
                "-l",
                str(number),
                "-singlefile",
                str(path),
                str(target),
            ],
            check=True,
            timeout=CONVERT_TIMEOUT,
        )
        made.append(target.with_suffix(".png"))
    return made


@dataclass(frozen=True)
class Word:
    page: int  # 1-based
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    def overlap(self, other: "Word") -> float:
        """The area both words cover, as a share of the smaller word's area."""
        width = min(self.x1, other.x1) - max(self.x0, other.x0)
        height = min(self.y1, other.y1) - max(self.y0, other.y0)
        if width <= 0 or height <= 0:
            return 0.0
        smaller = min(
            (self.x1 - self.x0) * (self.y1 - self.y0), (other.x1 - other.x0) * (other.y1 - other.y0)
        )
        return width * height / smaller if smaller > 0 else 0.0


_WORD = re.compile(
    r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" yMax="([\d.]+)">([^<]*)</word>'
)


def words(path: Path) -> list[Word]:
    """Every printed word with its box (`pdftotext -bbox`), page by page."""
    result = subprocess.run(
        [_tool("pdftotext"), "-bbox", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=CONVERT_TIMEOUT,
    )
    found = []
    for number, page in enumerate(result.stdout.decode("utf-8").split("<page ")[1:], start=1):
        for x0, y0, x1, y1, text in _WORD.findall(page):
            found.append(Word(number, html.unescape(text), *map(float, (x0, y0, x1, y1))))
    return found


def overprinted(path: Path, *, share: float = 0.25) -> list[tuple[Word, Word]]:
    """Pairs of words printed over each other (more than `share` of the smaller one covered):
    text that ran out of its cell onto a neighbour's."""
    pairs = []
    by_page: dict[int, list[Word]] = {}
    for word in words(path):
        by_page.setdefault(word.page, []).append(word)
    for page in by_page.values():
        page.sort(key=lambda w: w.y0)
        for i, word in enumerate(page):
            for other in page[i + 1 :]:
                if other.y0 >= word.y1:
                    break
                if word.overlap(other) > share:
                    pairs.append((word, other))
    return pairs


@dataclass(frozen=True)
class Line:
    """A line of text as pdftotext's layout analysis finds it, with its box."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float


_LINE = re.compile(r"<line [^>]*>(.*?)</line>", re.S)


def _lines(path: Path) -> list[list[Line]]:
    result = subprocess.run(
        [_tool("pdftotext"), "-bbox-layout", "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        check=True,
        timeout=CONVERT_TIMEOUT,
    )
    pages = []
    for page in result.stdout.decode("utf-8").split("<page ")[1:]:
        lines = []
        for body in _LINE.findall(page):
            found = _WORD.findall(body)
            if not found:
                continue
            boxes = [tuple(map(float, w[:4])) for w in found]
            lines.append(
                Line(
                    " ".join(html.unescape(w[4]) for w in found),
                    min(b[0] for b in boxes),
                    min(b[1] for b in boxes),
                    max(b[2] for b in boxes),
                    max(b[3] for b in boxes),
                )
            )
        pages.append(lines)
    return pages


def cell_texts(path: Path) -> list[list[str]]:
    """Each page's texts as a reader follows them: a line continued by the line just below it in
    the same column (a wrapped cell's next line) is joined to it, whatever is printed beside it.
    A text cut by its cell (a line lost) or split over columns cannot be found whole here."""
    pages = []
    for lines in _lines(path):
        lines.sort(key=lambda line: (line.y0, line.x0))
        following: dict[int, int] = {}
        taken: set[int] = set()
        for i, line in enumerate(lines):
            height = line.y1 - line.y0
            below = []
            for j in range(i + 1, len(lines)):
                if lines[j].y0 - line.y1 >= 0.7 * height:
                    break  # sorted by top: every later line is further down
                if (
                    j not in taken
                    and lines[j].y0 > line.y0 + height / 2
                    and min(line.x1, lines[j].x1) - max(line.x0, lines[j].x0) > 0
                ):
                    below.append(j)
            if below:
                j = min(below, key=lambda k: (lines[k].y0, abs(lines[k].x0 - line.x0)))
                following[i] = j
                taken.add(j)
        texts = []
        for i in range(len(lines)):
            if i in taken:
                continue
            chain, at = [lines[i].text], i
            while at in following:
                at = following[at]
                chain.append(lines[at].text)
            texts.append(flat(" ".join(chain)))
        pages.append(texts)
    return pages
