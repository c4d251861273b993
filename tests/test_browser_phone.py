"""The citizen's side on a phone (360x780) in a real browser.

A person opens the unit's join link, signs up by uploading a photo of their CCCD card's QR code
(nothing typed for the number, the name, the gender or the year of birth), answers half the form,
tries a file over the evidence limit (told so in Vietnamese), attaches a photo as evidence,
reloads the page, finds every answer and the file again, finishes,
confirms and reads the result. No page scrolls sideways; the camera and file widgets show
Vietnamese, not Streamlit's own English texts.

Screenshots go to test-artifacts/phone-*.png.
"""

import itertools
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect, sync_playwright

from tests.support import (
    ARTIFACTS,
    PHONE,
    TIMEOUT,
    answer_step,
    answer_steps,
    app_server,
    fill,
    launch,
    metric,
    next_step,
    pick,
    review_and_send,
    set_up_unit,
    settle,
    step,
)
from tests.test_cccd_qr import CARD, card_photo
from tests.test_evidence import image_bytes

pytestmark = pytest.mark.browser

PASSWORD = "Hoc-tap-suot-doi-2026"
CHOICES = {str(n): 10 for n in range(1, 9)} | {"9": 8, "10": 5}
FIRST_HALF = {k: CHOICES[k] for k in ("1", "2", "3", "4", "5", "6")}


def shoot(page, name: str) -> None:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=ARTIFACTS / f"phone-{name}.png")


def after_text(locator) -> str:
    """What the app's CSS writes in place of a widget's own text (cdht/ui/style.py)."""
    return locator.evaluate("e => getComputedStyle(e, '::after').content")


def speaks_vietnamese(scope) -> None:
    """The camera's and the uploader's English texts are replaced; the English size line hidden."""
    camera = scope.locator("[data-testid=stCameraInput]")
    if camera.count():
        assert after_text(camera.locator("[data-testid=stCameraInputButton]")) == '"Chụp ảnh"'
        note = camera.locator("[data-testid=stCameraInputWebcamComponent] > div > p")
        assert "quyền dùng máy ảnh" in after_text(note)  # no camera in this browser
    button = scope.locator("[data-testid=stFileUploaderDropzone] button p").first
    assert after_text(button) == '"Chọn tệp"'
    expect(scope.locator("[data-testid=stFileUploaderDropzoneInstructions]").first).to_be_hidden()


def no_sideways_scroll(page) -> None:
    """Nothing in the page is wider than the screen (tables scroll inside their own box)."""
    wide = page.evaluate(
        """() => [...document.querySelectorAll('[data-testid=stMain] *')]
              .filter(e => e.getBoundingClientRect().right > window.innerWidth + 1)
              .filter(e => !e.closest('[data-testid=stDataFrame]'))
              .map(e => e.tagName + '.' + (e.getAttribute('data-testid') || e.className))
              .slice(0, 5)"""
    )
    assert wide == [], wide
    assert page.evaluate("document.scrollingElement.scrollWidth <= window.innerWidth")


def test_sign_up_by_card_and_self_assess_on_a_phone(tmp_path):
    url = f"sqlite:///{tmp_path}/phone.db"
    year = datetime.now(ZoneInfo("Asia/Ho_Chi_Minh")).year
    code = set_up_unit(url, year, name="Sở Giáo dục và Đào tạo")
    card = tmp_path / "the-qr-on-my-card.jpg"
    card.write_bytes(card_photo(CARD, angle=8, contrast=0.8))
    evidence = tmp_path / "giay-chung-nhan.png"
    evidence.write_bytes(image_bytes(size=(600, 400)))
    too_big = tmp_path / "ban-scan-ca-cuon-so.pdf"
    too_big.write_bytes(b"%PDF-1.4\n" + bytes(11 * 1024 * 1024))

    env = {"CDHT_EVIDENCE_DIR": str(tmp_path / "evidence")}
    with app_server(url, env) as base, sync_playwright() as p:
        browser = launch(p)
        context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
        context.set_default_timeout(TIMEOUT)
        page = context.new_page()
        try:
            # The join link from the group chat opens sign-up with the unit's code filled in.
            page.goto(f"{base}/dang-ky?ma={code}")
            step(page)
            expect(page.get_by_label("Mã đơn vị quản lý *", exact=True)).to_have_value(code)
            page.get_by_text("Quét mã QR trên CCCD").click()
            speaks_vietnamese(page.locator("[data-testid=stExpander]").first)
            page.locator("[data-testid=stFileUploader]").filter(
                has_text="Hoặc chọn ảnh chụp mã QR"
            ).locator("input[type=file]").set_input_files(card)
            step(page)
            expect(page.get_by_text("Đã điền số CCCD")).to_be_visible(timeout=TIMEOUT)
            expect(page.get_by_label("Số CCCD *", exact=True)).to_have_value("051190001234")
            expect(page.get_by_label("Họ và tên *", exact=True)).to_have_value("Nguyễn Thị Ánh")
            expect(page.get_by_label("Năm sinh *", exact=True)).to_have_value("1990")
            # The phone opens the keyboard each box needs (digits, telephone pad, e-mail).
            for label, keyboard in (
                ("Số CCCD *", "numeric"),
                ("Năm sinh *", "numeric"),
                ("Số điện thoại", "tel"),
                ("Email", "email"),
                ("Họ và tên *", None),
            ):
                box = page.get_by_label(label, exact=True)
                assert box.get_attribute("inputmode") == keyboard, label
            shoot(page, "scanned")
            pick(page, "Tỉnh, thành phố *", "Quảng Ngãi")
            pick(page, "Phường, xã *")
            fill(page, "Mật khẩu *", PASSWORD)
            fill(page, "Nhập lại mật khẩu *", PASSWORD)
            consent = page.locator("[data-testid=stCheckbox]").filter(has_text="Tôi đã đọc")
            consent.locator("label").click()
            step(page)
            no_sideways_scroll(page)
            page.get_by_role("button", name="Đăng ký", exact=True).click()
            expect(page.get_by_text("Đăng ký thành công")).to_be_visible(timeout=TIMEOUT)
            step(page)

            # Log in with the card's number, on the phone (the menu is folded away).
            page.get_by_label("Số CCCD").fill("051190001234")
            page.get_by_label("Mật khẩu", exact=True).fill(PASSWORD)
            page.get_by_role("button", name="Đăng nhập").click()
            expect(page.get_by_role("heading", name="Tự đánh giá")).to_be_visible(timeout=TIMEOUT)
            settle(page)
            expect(page.get_by_text("Bước 1/3")).to_be_visible()
            no_sideways_scroll(page)
            # Thumb-sized targets, even for an option of one line (measured wide, where all are).
            page.set_viewport_size({"width": 1280, "height": 780})
            heights = page.eval_on_selector_all(
                "[data-testid=stMain] label[data-testid=stRadioOption]",
                "options => options.map(o => o.getBoundingClientRect().height)",
            )
            page.set_viewport_size(PHONE)
            assert len(heights) == 4 * 5 and min(heights) >= 44, heights
            # Each group is named by its question as a screen reader speaks it (no Markdown).
            expect(
                page.get_by_role("radiogroup", name=re.compile(r"^1\. Thường xuyên"))
            ).to_be_visible()
            # The box cuts the chosen group's name on a phone: its whole name is written under it,
            # only there.
            whole = page.locator("[class*=assess_group_box] [data-testid=stCaptionContainer]")
            expect(whole).to_have_text(re.compile(r"^Nhóm III – .* doanh nhân$"))
            expect(whole).to_be_visible()
            page.set_viewport_size({"width": 1280, "height": 780})
            expect(whole).to_be_hidden()
            page.set_viewport_size(PHONE)
            # The group's list shows each group's whole name, wrapped, one option under another.
            # The resize above redraws the page: a click in the redraw's middle can be undone
            # by it, so the list is opened again until it shows (at most three clicks).
            listbox = page.get_by_role("listbox", name="Nhóm đối tượng")
            for _ in range(3):
                page.get_by_role("combobox", name="Nhóm đối tượng").click()
                try:
                    listbox.wait_for(state="visible", timeout=3000)
                    break
                except PlaywrightTimeoutError:
                    continue
            options = listbox.get_by_role("option")
            expect(options).to_have_count(4)
            boxes = options.evaluate_all(
                """options => options.map(o => {
                    const text = o.firstElementChild, box = o.getBoundingClientRect();
                    return {top: box.top, bottom: box.bottom, right: box.right,
                            cut: text.scrollWidth > text.clientWidth + 1
                                 || text.scrollHeight > text.clientHeight + 1};
                })"""
            )
            assert not any(box["cut"] for box in boxes), boxes
            assert all(box["right"] <= PHONE["width"] for box in boxes), boxes
            assert all(a["bottom"] <= b["top"] + 1 for a, b in itertools.pairwise(boxes)), boxes
            assert boxes[2]["bottom"] - boxes[2]["top"] > 50, boxes  # Nhóm III on two lines
            shoot(page, "group-list")
            page.keyboard.press("Escape")
            shoot(page, "step-1")

            # Half the form, and a photo of a certificate for indicator 2.
            answer_step(page, FIRST_HALF)
            attach = page.locator("[data-testid=stExpander]").filter(
                has_text="Ảnh hoặc PDF minh chứng"
            )
            attach.nth(1).locator("summary").click()
            speaks_vietnamese(attach.nth(1))
            # Over the app's limit but under the upload ceiling: the app says why, by the field.
            attach.nth(1).locator("input[type=file]").set_input_files(too_big)
            step(page)
            expect(page.get_by_role("alert").filter(has_text="Tệp lớn hơn 10 MB")).to_be_visible(
                timeout=TIMEOUT
            )
            attach.nth(1).scroll_into_view_if_needed()
            shoot(page, "evidence-too-big")
            attach.nth(1).locator("input[type=file]").set_input_files(evidence)
            step(page)
            expect(page.get_by_text("Đã đính kèm 1 tệp minh chứng.")).to_be_visible(timeout=TIMEOUT)
            next_step(page, 2)
            answer_step(page, FIRST_HALF)
            expect(page.get_by_text(re.compile(r"Đã lưu nháp lúc"))).to_be_visible()
            shoot(page, "step-2-half")

            # A reload (or a dropped connection): still logged in, back at step 2, nothing lost.
            page.reload()
            step(page)
            expect(page.get_by_text("Bước 2/3")).to_be_visible(timeout=TIMEOUT)
            expect(page.get_by_text(re.compile(r"Đã lưu nháp lúc"))).to_be_visible()
            radio5 = page.locator("[data-testid=stRadio]").filter(has_text="5.")
            expect(radio5.get_by_role("radio", name=re.compile("— 10 điểm"))).to_be_checked()

            # Sending with gaps goes back to the first one; each gap is marked and announced.
            next_step(page, 3)
            page.get_by_role("button", name="Xem lại và gửi").click()
            step(page)
            expect(page.get_by_text("Bước 2/3")).to_be_visible(timeout=TIMEOUT)
            gaps = page.get_by_role("alert").filter(
                has_text=re.compile(r"^⚠ Vui lòng chọn một mức")
            )
            expect(gaps).to_have_count(2)  # indicators 7 and 8
            gaps.first.scroll_into_view_if_needed()
            shoot(page, "gaps")
            page.get_by_role("button", name="Quay lại").click()
            step(page)
            expect(page.get_by_text("Đã đính kèm 1 tệp minh chứng.")).to_be_visible(timeout=TIMEOUT)
            radio1 = page.locator("[data-testid=stRadio]").filter(has_text="1.").first
            expect(radio1.get_by_role("radio", name=re.compile("— 10 điểm"))).to_be_checked()

            # Finish, look at the confirmation, send.
            total = answer_steps(page, CHOICES)
            assert total == sum(CHOICES.values())
            page.get_by_role("button", name="Xem lại và gửi").click()
            step(page)
            expect(metric(page, "Tổng điểm dự kiến")).to_have_text("93/100")
            no_sideways_scroll(page)
            shoot(page, "confirm")
            page.get_by_role("button", name="Quay lại sửa").click()
            step(page)
            review_and_send(page)
            expect(metric(page, "Tổng điểm")).to_have_text("93/100", timeout=TIMEOUT)
            expect(
                page.get_by_text("Đạt mức công nhận danh hiệu Công dân học tập.")
            ).to_be_visible()
            no_sideways_scroll(page)
            shoot(page, "result")
        except Exception:
            page.screenshot(path=ARTIFACTS / "phone-failure.png")
            raise
        finally:
            browser.close()
