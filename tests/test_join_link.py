"""The join link and its QR code, decoded back with zxing-cpp."""

import io

import zxingcpp
from PIL import Image

from cdht.join_link import app_base, join_url, only_this_machine, qr_png


def test_base_prefers_configured_public_url():
    assert app_base("https://cdht.khuyenhoc.vn/", "http://10.0.0.5:8501/cai-dat") == (
        "https://cdht.khuyenhoc.vn"
    )
    assert app_base("", "http://localhost:8501/cai-dat?x=1") == "http://localhost:8501"


def test_join_url_carries_the_code():
    assert join_url("http://localhost:8501", "B51pzCjW") == (
        "http://localhost:8501/dang-ky?ma=B51pzCjW"
    )


def test_qr_png_decodes_to_the_link():
    link = "https://cdht.khuyenhoc.vn/dang-ky?ma=B51pzCjW"
    image = Image.open(io.BytesIO(qr_png(link)))
    found = zxingcpp.read_barcodes(image)
    assert [(r.format, r.text) for r in found] == [(zxingcpp.BarcodeFormat.QRCode, link)]


def test_a_link_on_the_server_s_own_address_is_flagged():
    for base in ("http://localhost:8501", "http://127.0.0.1:8501", "http://[::1]:8501", ""):
        assert only_this_machine(base), base
    for base in ("http://192.168.1.10:8501", "https://cdht.khuyenhoc.vn"):
        assert not only_this_machine(base), base
