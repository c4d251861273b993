"""Small form helpers: an error message drawn next to its field."""

import json
from html import escape

import streamlit as st

from cdht import reference
from cdht.ui.text import md

SUMMARY_ID = "tom-tat-loi"
# Red of Streamlit's light theme errors, readable on white (contrast above 4.5:1).
# scroll-margin: a link or a scroll to it stops below Streamlit's fixed header.
_STYLE = "color:#c62828;margin:-0.5rem 0 0.75rem;font-size:0.95rem;scroll-margin-top:6rem"


def error_box(message: str) -> None:
    """A refusal of the whole form or action, in a red box; plain text, shown as written."""
    st.error(md(message))


def confirmed(tick: str, button: str, *, key: str | None = None) -> bool:
    """Inside a form: a confirmation tick and the button it guards. True when the button is
    pressed with the tick; pressed without it, a message asks for the tick."""
    sure = st.checkbox(tick, key=key)
    if not st.form_submit_button(button):
        return False
    if not sure:
        st.error("Vui lòng đánh dấu xác nhận.")
    return sure


def error_note(message: str, anchor: str = "") -> None:
    """A message next to the field it concerns, in red, read out at once by screen readers;
    `anchor` gives it an id that a summary at the top of the form links to."""
    ident = f' id="{escape(anchor)}"' if anchor else ""
    st.html(f'<p role="alert" style="{_STYLE}"{ident}>⚠ {escape(message)}</p>')


def field_error(errors: dict[str, str], name: str) -> None:
    message = errors.get(name)
    if message:
        error_note(message, anchor=f"loi-{name}")


def person_fields(errors: dict[str, str], *, cccd_key: str, name_key: str) -> None:
    """Inside a form: the CCCD number and full name of someone named by a manager or an
    administrator, each with its message under it."""
    st.text_input("Số CCCD *", key=cccd_key)
    field_error(errors, "cccd")
    st.text_input("Họ và tên *", key=name_key)
    field_error(errors, "full_name")


def place_fields(errors: dict[str, str], *, province_key: str, ward_key: str) -> None:
    """A province, then a ward of that province (the ward's choices follow the province chosen;
    a ward of another province is cleared), each with its message under it."""
    provinces = {p.code: p.name for p in reference.provinces()}
    province = st.selectbox(
        "Tỉnh, thành phố *",
        list(provinces),
        format_func=provinces.get,
        index=None,
        key=province_key,
        placeholder="Chọn tỉnh, thành phố",
    )
    field_error(errors, "province_code")
    wards = {w.code: w.name for w in reference.wards(province)} if province else {}
    if st.session_state.get(ward_key) not in wards:
        st.session_state[ward_key] = None
    st.selectbox(
        "Phường, xã *",
        list(wards),
        format_func=wards.get,
        index=None,
        key=ward_key,
        placeholder="Chọn phường, xã" if province else "Chọn tỉnh, thành phố trước",
        disabled=not province,
    )
    field_error(errors, "ward_code")


def _summary_item(name: str, label: str, message: str) -> str:
    """One mistake of the summary, a link to the message under its field: "label: message", or
    the message alone when it opens with the field's name ("Mật khẩu này dễ bị dò ra…",
    "Điện thoại liên hệ gồm 10 hoặc 11 chữ số…"), which would otherwise be said twice."""
    link = f'<a href="#loi-{escape(name)}" style="color:#8e1b1b">'
    if message.casefold().startswith(label.casefold() + " "):
        return f"<li>{link}{escape(message)}</a></li>"
    return f"<li>{link}{escape(label)}</a>: {escape(message)}</li>"


def error_summary(errors: dict[str, str], labels: dict[str, str], *, scroll: bool) -> None:
    """At the top of a form after a press: every mistake, in the form's order, each a link to
    the message under its field (helps on a phone, where the fields are far apart). `scroll`
    (the run right after the press) brings the summary into view and gives it the focus."""
    items = "".join(
        _summary_item(name, label, errors[name]) for name, label in labels.items() if name in errors
    )
    st.html(
        f'<div role="alert" id="{SUMMARY_ID}" tabindex="-1" '
        'style="scroll-margin-top:5rem;border:1px solid #c62828;border-radius:0.5rem;'
        f'padding:0.75rem 1rem;color:#8e1b1b;background:#fdecec">'
        f"<strong>Vui lòng sửa {sum(1 for n in labels if n in errors)} mục:</strong>"
        f'<ul style="margin:0.25rem 0 0">{items}</ul></div>'
    )
    if not scroll:
        return
    # The press left the page at its button, often a phone's screen away: bring the summary up.
    st.iframe(
        "<script>const s = window.parent.document.getElementById(" + json.dumps(SUMMARY_ID) + ");"
        "if (s) { s.scrollIntoView({block: 'start'}); s.focus({preventScroll: true}); }</script>",
        height=1,
        tab_index=-1,  # an invisible frame: no stop for the keyboard
        alt="Khung ẩn: đưa danh sách lỗi lên đầu màn hình",  # its title, read by a screen reader
    )
