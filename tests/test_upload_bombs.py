"""Small files that decode to huge ones: refused from their headers, with the server's memory
measured in a separate process (its peak resident size before and after the attack)."""

import io
import json
import re
import struct
import subprocess
import sys
import zlib
from pathlib import Path

import pikepdf
import pytest
from PIL import Image

from cdht.cccd_qr import CardQrError, read_card_image
from cdht.evidence import EvidenceError, check_file
from tests.test_pages import app, db, goto, people  # noqa: F401  (fixtures of the page tests)
from tests.test_staff_import import cell_bomb

ROOT = Path(__file__).resolve().parent.parent
# What a refusal may add to the process's peak memory; decoding the bombs costs 500 MB or more.
MEMORY_BUDGET_MB = 150


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))


def png_bomb(width: int, height: int, *, text: bytes = b"") -> bytes:
    """An RGB PNG of black rows, compressed row by row (never held whole in memory): 12,000 ×
    12,000 pixels in about 420 KB, which Pillow would decode into 576 MB."""
    packer = zlib.compressobj(9)
    row = bytes(1 + 3 * width)  # filter byte "none", then black pixels
    idat = b"".join(packer.compress(row) for _ in range(height)) + packer.flush()
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    extra = _chunk(b"zTXt", b"Comment\0\0" + zlib.compress(text, 9)) if text else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", header)
        + extra
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


@pytest.fixture(scope="module")
def big_png() -> bytes:
    return png_bomb(12_000, 12_000)


def peak_growth(call: str, data: bytes, tmp_path: Path) -> dict:
    """Run `call` (an expression of `data`) in a fresh interpreter; the message it raised and how
    many MB the process's peak resident size (VmHWM) grew during the call."""
    source = tmp_path / "upload.bin"
    source.write_bytes(data)
    script = f"""
import json, sys
from cdht.cccd_qr import read_card_image
from cdht.evidence import check_file
from cdht.staff_import import parse_staff_xlsx

def peak():
    for line in open("/proc/self/status"):
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) // 1024

data = open(sys.argv[1], "rb").read()
before = peak()
try:
    {call}
    message = None
except ValueError as exc:
    message = f"{{type(exc).__name__}}: {{exc}}"
print(json.dumps({{"growth_mb": peak() - before, "message": message}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script, str(source)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_bomb_is_small_and_declares_144_million_pixels(big_png):
    assert len(big_png) < 600_000
    with Image.open(io.BytesIO(big_png)) as image:
        assert image.size == (12_000, 12_000)


def test_card_photo_bomb_is_refused_before_decoding(big_png, tmp_path):
    with pytest.raises(CardQrError, match=r"Ảnh quá lớn: 144 triệu điểm ảnh, tối đa 16 triệu"):
        read_card_image(big_png)
    measured = peak_growth("read_card_image(data)", big_png, tmp_path)
    assert measured["message"].startswith("CardQrError: Ảnh quá lớn")
    assert measured["growth_mb"] < MEMORY_BUDGET_MB, measured


def test_evidence_photo_bomb_is_refused_before_decoding(big_png, tmp_path):
    with pytest.raises(EvidenceError, match=r"Ảnh quá lớn: 144 triệu điểm ảnh, tối đa 40 triệu"):
        check_file("bang-khen.png", big_png)
    measured = peak_growth("check_file('a.png', data)", big_png, tmp_path)
    assert measured["message"].startswith("EvidenceError: Ảnh quá lớn")
    assert measured["growth_mb"] < MEMORY_BUDGET_MB, measured


def test_evidence_limit_is_stated_below_pillows_own():
    """45 Mpx is under Pillow's default warning level (89 Mpx): only CDHT's limit refuses it."""
    with pytest.raises(EvidenceError, match=r"45 triệu điểm ảnh, tối đa 40 triệu"):
        check_file("a.png", png_bomb(9_000, 5_000))


def test_pillow_setting_is_left_alone():
    import cdht.evidence  # noqa: F401

    assert Image.MAX_IMAGE_PIXELS == 89_478_485  # Pillow 13's default


def test_a_large_card_photo_is_scaled_down_and_still_read():
    """A 20 Mpx JPEG (over the 16 Mpx decoded at most) is decoded at half size and read."""
    from tests.test_cccd_qr import CARD, card_photo

    small = Image.open(io.BytesIO(card_photo(CARD)))
    photo = Image.new("RGB", (5_200, 3_900), (226, 232, 240))
    photo.paste(small.resize((small.width * 4, small.height * 4)), (600, 500))
    out = io.BytesIO()
    photo.save(out, format="JPEG", quality=80)
    assert read_card_image(out.getvalue()).cccd == "051190001234"


def test_png_text_chunk_bomb_is_refused_with_bounded_memory(tmp_path):
    """A compressed text chunk that inflates to 200 MB (Pillow stops at 1 MB per chunk)."""
    bomb = png_bomb(40, 30, text=bytes(200_000_000))
    assert len(bomb) < 300_000
    for call, error in (
        ("check_file('a.png', data)", "EvidenceError: Tệp có đuôi .png nhưng nội dung không"),
        ("read_card_image(data)", "CardQrError: Không đọc được ảnh"),
    ):
        measured = peak_growth(call, bomb, tmp_path)
        assert measured["message"].startswith(error)
        assert measured["growth_mb"] < MEMORY_BUDGET_MB, measured


def test_the_sign_up_page_refuses_the_bomb_and_keeps_answering(db, people, big_png):  # noqa: F811
    at = goto(app(), "register")
    at.file_uploader(key="reg_card_photo").set_value(("the.png", big_png, "image/png"))
    at.run()
    assert not at.exception
    shown = at.error[0].value.replace("\\", "")  # the page may escape Markdown punctuation
    assert "Ảnh quá lớn: 144 triệu điểm ảnh, tối đa 16 triệu" in shown
    assert at.text_input(key="reg_cccd").value == ""


def test_staff_list_zip_bomb_is_refused_with_bounded_memory(tmp_path):
    bomb = cell_bomb(300)
    measured = peak_growth("parse_staff_xlsx(data)", bomb, tmp_path)
    assert measured["message"].startswith("StaffFileError: Tệp Excel khi giải nén quá lớn")
    assert measured["growth_mb"] < MEMORY_BUDGET_MB, measured


def pdf_stream_bomb(kind: bytes, megabytes: int = 400) -> bytes:
    """A one-page PDF whose object stream (kind b"/ObjStm") or cross-reference stream
    (b"/XRef") is followed by `megabytes` MB of padding packed into a few hundred KB: qpdf
    decodes both while it opens the file."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    out = io.BytesIO()
    pdf.save(out, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=False)
    data = out.getvalue()
    found = next(
        m
        for m in re.finditer(rb"(\d+) 0 obj\s*<<(.*?)>>\s*stream\r?\n", data, re.S)
        if b"/Type " + kind in m.group(2)
    )
    end = data.index(b"endstream", found.end())
    packer = zlib.compressobj(9)
    body = packer.compress(data[found.end() : end].rstrip(b"\r\n"))
    body += b"".join(packer.compress(b" " * (1024 * 1024)) for _ in range(megabytes))
    body += packer.flush()
    entries = re.sub(rb"/Length \d+", b"/Length %d" % len(body), found.group(2))
    head = b"%s 0 obj\n<<%s /Filter /FlateDecode>>\nstream\n" % (found.group(1), entries)
    data = data[: found.start()] + head + body + b"\n" + data[end:]
    if kind == b"/XRef":
        at = data.index(b"%s 0 obj" % found.group(1))
        data = data[: data.rindex(b"startxref")] + b"startxref\n%d\n%%%%EOF\n" % at
    return data


@pytest.mark.parametrize("kind", [b"/ObjStm", b"/XRef"])
def test_pdf_stream_bombs_are_judged_in_a_limited_child_process(kind, tmp_path):
    bomb = pdf_stream_bomb(kind)
    assert len(bomb) < 600_000
    measured = peak_growth("check_file('a.pdf', data)", bomb, tmp_path)
    assert measured["message"].startswith("EvidenceError: Tệp PDF")
    assert measured["growth_mb"] < MEMORY_BUDGET_MB, measured
