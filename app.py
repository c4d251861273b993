"""Entry point and router: checks the set-up, then builds the page list for the current role."""

import logging
from collections.abc import Callable

import streamlit as st

from cdht.config import ConfigError
from cdht.criteria import CriteriaError
from cdht.db.accounts import has_any_account
from cdht.db.units import has_children
from cdht.roles import ADMIN, LEADER, MANAGER, ROLE_LABELS
from cdht.ui import focus, keyboards, phone_menu, state, style
from cdht.ui.text import md

log = logging.getLogger("cdht.app")
# Shown instead of Streamlit's English error box (which names Streamlit Cloud) when a page fails.
PAGE_FAILED = (
    "Trang này gặp lỗi ngoài ý muốn nên chưa hiện hết. Việc vừa làm có thể chưa được lưu: hãy tải "
    "lại trang và kiểm tra. Nếu lỗi lặp lại, hãy báo người quản trị hệ thống kèm thời điểm xảy ra."
)

st.set_page_config(page_title="Công dân học tập", page_icon=":material/school:")
style.apply()

try:
    state.criteria_sets()
    state.restore_login()
    who = state.actor()
    with state.db() as session:
        first_run = who is None and not has_any_account(session)
        manages_parent = who is not None and has_children(session, who.unit_id)
except (CriteriaError, ConfigError) as exc:
    st.error(f"Hệ thống chưa khởi động được do lỗi cấu hình: {exc}")
    st.stop()


shown: set[str] = set()  # the addresses in this visitor's menu


def page(path: str, title: str, url: str, icon: str, default: bool = False) -> st.Page:
    if default:  # served at the root only; `stand_in` answers its own address
        return st.Page(path, title=title, url_path="", icon=icon, default=True)
    shown.add(url)
    return st.Page(path, title=title, url_path=url, icon=icon)


# Pages of wide tables, drawn the whole width of the screen.
WIDE_PAGES = frozenset({"danh-sach", "tong-hop", "don-vi", "nhat-ky"})
# Every address the app answers to. One the visitor may not open now is still answered, by a
# hidden page (`stand_in`), instead of Streamlit's English "Page not found" box.
ADDRESSES = (
    "khoi-tao",
    "dang-nhap",
    "dang-ky",
    "huong-dan",
    "doi-mat-khau",
    "tu-danh-gia",
    "ket-qua",
    "du-lieu",
    "tong-quan",
    "danh-sach",
    "cong-nhan",
    "nhap-phieu",
    "nhan-su",
    "tai-khoan",
    "cai-dat",
    "duyet",
    "tong-hop",
    "don-vi",
    "nhat-ky",
)


def notice(message: str, home: st.Page) -> Callable[[], None]:
    """A page body saying why this address cannot be opened, with the way back."""

    def show() -> None:
        st.title("Không mở được trang này")
        st.info(message)
        st.page_link(home, label=f"Về trang {home.title}", icon=":material/arrow_forward:")

    return show


def stand_in(url: str) -> st.Page:
    """What an address the visitor may not open shows: before set-up, the set-up; logged out,
    the login (at that address, so the page opens after it); before a forced password change,
    the change; logged in, the first page after a login or set-up, else why not."""
    if first_run:
        target, title = "pages/first_run.py", "Khởi tạo hệ thống"
    elif who is None:
        target, title = "pages/login.py", "Đăng nhập"
    elif who.must_change_password:
        target, title = "pages/password.py", "Đổi mật khẩu"
    else:
        home = pages["Đơn vị"][0] if unit_first else pages["Cá nhân"][0]
        title = "Không mở được trang này"
        if url in ("dang-nhap", "khoi-tao", first_url):  # where a login or the set-up has just
            # happened, or the first page's own address. The first page itself, not a switch to
            # it: this run must keep the cookie call.
            target, title = first_page
        elif url == "dang-ky":
            target = notice(
                f"Bạn đang đăng nhập bằng tài khoản {who.full_name}. Muốn đăng nhập hoặc đăng ký "
                "tài khoản khác, hãy đăng xuất trước (nút «Đăng xuất» trong menu).",
                home,
            )
        else:
            target = notice(
                "Trang này dành cho người có vai trò khác; tài khoản của bạn không mở được.", home
            )
    return st.Page(target, title=title, url_path=url, visibility="hidden")


if first_run:
    pages = {
        "": [page("pages/first_run.py", "Khởi tạo hệ thống", "khoi-tao", ":material/build:", True)]
    }
elif who is None:
    pages = {
        "": [
            page("pages/login.py", "Đăng nhập", "dang-nhap", ":material/login:", True),
            page("pages/register.py", "Đăng ký tài khoản", "dang-ky", ":material/person_add:"),
            page("pages/guide.py", "Hướng dẫn", "huong-dan", ":material/help:"),
        ]
    }
elif who.must_change_password:
    pages = {
        "": [page("pages/password.py", "Đổi mật khẩu", "doi-mat-khau", ":material/key:", True)]
    }
else:
    # They land on the unit's dashboard; an administrator is no member whose form counts.
    unit_first = who.role in (MANAGER, LEADER, ADMIN)
    first_page = (
        ("pages/dashboard.py", "Tổng quan đơn vị")
        if unit_first
        else ("pages/assess.py", "Tự đánh giá")
    )
    first_url = "tong-quan" if unit_first else "tu-danh-gia"
    pages = {
        "Cá nhân": [
            page(
                "pages/assess.py",
                "Tự đánh giá",
                "tu-danh-gia",
                ":material/edit_note:",
                not unit_first,
            ),
            page(
                "pages/my_results.py", "Kết quả của tôi", "ket-qua", ":material/workspace_premium:"
            ),
            page("pages/my_data.py", "Dữ liệu của tôi", "du-lieu", ":material/folder_shared:"),
            page("pages/password.py", "Đổi mật khẩu", "doi-mat-khau", ":material/key:"),
            page("pages/guide.py", "Hướng dẫn", "huong-dan", ":material/help:"),
        ]
    }
    unit_pages = []
    if who.role in (MANAGER, LEADER, ADMIN):
        unit_pages.append(
            page(
                "pages/dashboard.py",
                "Tổng quan đơn vị",
                "tong-quan",
                ":material/monitoring:",
                unit_first,
            )
        )
        unit_pages.append(page("pages/roster.py", "Danh sách", "danh-sach", ":material/list_alt:"))
    if who.role in (MANAGER, ADMIN):
        unit_pages.append(
            page("pages/decision.py", "Quyết định công nhận", "cong-nhan", ":material/verified:")
        )
        unit_pages.append(
            page(
                "pages/paper_entry.py", "Nhập phiếu giấy", "nhap-phieu", ":material/edit_document:"
            )
        )
        unit_pages.append(page("pages/staff.py", "Nhân sự đơn vị", "nhan-su", ":material/group:"))
        unit_pages.append(
            page("pages/approvals.py", "Duyệt thành viên", "duyet", ":material/how_to_reg:")
        )
        unit_pages.append(
            page(
                "pages/members.py",
                "Tài khoản thành viên",
                "tai-khoan",
                ":material/manage_accounts:",
            )
        )
        unit_pages.append(
            page("pages/unit_settings.py", "Cài đặt đơn vị", "cai-dat", ":material/settings:")
        )
    if who.role == ADMIN or (who.role == MANAGER and manages_parent):
        unit_pages.append(
            page("pages/rollup.py", "Tổng hợp đơn vị", "tong-hop", ":material/account_tree:")
        )
    if who.role == ADMIN:
        unit_pages.append(page("pages/units.py", "Các đơn vị", "don-vi", ":material/apartment:"))
        unit_pages.append(
            page("pages/audit.py", "Nhật ký hệ thống", "nhat-ky", ":material/history:")
        )
    if unit_pages:
        pages["Đơn vị"] = unit_pages

first_group = next(iter(pages))
pages[first_group] += [stand_in(url) for url in ADDRESSES if url not in shown]
current = st.navigation(pages, expanded=True)
# The tab's and reader's title, and the page's width: set once a run, here, as a second call of
# the run (a page's own call after app.py's) let an interaction's rerun end centred.
st.set_page_config(
    page_title=f"{current.title} – Công dân học tập",
    layout="wide" if current.url_path in WIDE_PAGES else "centered",
)
state.note_page(current.url_path)

if who is not None:
    with st.sidebar:
        st.markdown(f"**{md(who.full_name)}**")
        st.caption(f"{ROLE_LABELS[who.role]} · CCCD {who.cccd_masked}")
        if st.button("Đăng xuất", icon=":material/logout:"):
            state.log_out()
            st.rerun()

state.show_notice()  # e.g. that the person's account was locked while they were away
phone_menu.close_after_link()  # a phone's menu closes once a link is tapped
keyboards.mark_boxes()  # a phone opens digits for a CCCD number, the telephone pad for a phone
# Scripts that only some runs draw go last in the menu: drawn in the page, above it, they would
# shift the page's elements, and React would draw them all anew, dropping the keyboard focus.
with st.sidebar:
    state.cookie_call()
    focus.after_login(who)  # the first page after a login: its heading has the focus
try:
    current.run()
except Exception:  # a fault of ours: said in Vietnamese, the details in the server's log only
    log.exception("page %s failed", current.url_path)
    st.error(PAGE_FAILED, icon=":material/error:")
