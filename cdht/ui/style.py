"""The few style rules Streamlit's theme does not cover: touch targets sized for a thumb, the
indicator's question in bold without Markdown in its label (screen readers read labels as typed),
Vietnamese in place of the English texts some widgets draw themselves.

This is the one module whose CSS depends on the DOM Streamlit generates (its `data-testid`
attributes and element nesting), so a Streamlit upgrade is checked here (see "Streamlit upgrade
checklist" in docs/ARCHITECTURE.md). It relies on these selectors:

- `[data-testid="stMain"]`, `[data-testid="stRadio"]`, `label[data-testid="stRadioOption"]`,
  `[data-testid="stRadio"] > [data-testid="stWidgetLabel"] p`: radio options and their question;
- `[data-testid="stCameraInput"]`, `[data-testid="stCameraInputWebcamComponent"] > div:not(
  [data-testid]) > p` (the camera's English permission text), `[data-testid="stCameraInputButton"]`
  and `:has(img)` on the camera (a photo taken);
- `[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p` (the
  uploader's English button) and `[data-testid="stFileUploaderDropzoneInstructions"]`;
- `[data-testid="stFileChip"] [role="alert"]` (why a chosen file was refused, made visible);
- `[role="listbox"] > [role="option"] > div` (a select box's option, wrapped) and
  `[role="listbox"][data-empty="true"] > [role="option"] > span` (a select box's "No results");
- `[data-testid="stCaptionContainer"]` (captions, drawn opaque in a grey of 6.3:1 on white,
  5.6:1 on the sidebar) and `[data-testid="stHeaderActionElements"]` (a heading's English "Link to heading"
  anchor, hidden);
- `label[data-testid="stWidgetLabel"][disabled]` (a disabled widget's label, which Streamlit
  fades to 40 %: drawn in the captions' grey, 6.3:1, so it stays readable);
- `[class*="assess_group_box"] [data-testid="stCaptionContainer"]`: the form's group name under
  its box (the container's key gives the class), shown on a phone only;
- `:focus-visible` on every control, `label[data-testid="stRadioOption"]:has(input:focus-visible)`
  (a radio option; its input is drawn invisible), `[data-testid="stCheckbox"] label:has(
  input:focus-visible)`, `[data-testid="stSidebarNav"] a:focus-visible` (the menu's links);
- `[data-testid="stSidebar"][data-collapsed="true"]` (a closed menu, moved off screen by
  Streamlit but still in the keyboard's path: hidden, so Tab does not walk invisible links).

Streamlit's other English accessible names and the page's `lang` are set by
`cdht/ui/accessible_names.py` (its own selectors are listed there).

Elsewhere, on purpose: `cdht/print_html.py`'s `@media print` rule hides Streamlit's chrome
(`[data-testid=stSidebar]`, `header`, `[data-testid=stHeader]`, `[data-testid=stToolbar]`,
`[role=tablist]`, `button`) when the list's print tab is printed; it travels with the print view.
`cdht/ui/phone_menu.py`'s script finds `[data-testid="stSidebarNav"] a` (a tapped link),
`[data-testid="stSidebarCollapseButton"] button` (what it presses to close the phone's menu),
`[data-testid="stExpandSidebarButton"]` (the button that opens it) and `[data-testid=stMain] h1`
(the heading it focuses after a link).
`cdht/ui/forms.py` styles its own markup only (its `scroll-margin-top` leaves room for Streamlit's
fixed header). The browser tests find widgets by the same `data-testid`s (tests/support.py).
"""

import streamlit as st

# Each option of a radio group at least 44 px high (WCAG 2.5.5), so that a finger on a 360 px
# screen picks the level it means.
_CSS = """
<style>
[data-testid="stMain"] label[data-testid="stRadioOption"] {
  min-height: 44px;
  display: flex;
  align-items: center;
  padding: 0.25rem 0;
}
/* The indicator's question above its options. */
[data-testid="stMain"] [data-testid="stRadio"] > [data-testid="stWidgetLabel"] p {
  font-weight: 600;
}
/* Streamlit's camera and file widgets have English texts of their own: replaced with Vietnamese
   (each uploader's label states its types and size limit, so the English size line is hidden). */
[data-testid="stCameraInputWebcamComponent"] > div:not([data-testid]) > p {
  font-size: 0;
}
[data-testid="stCameraInputWebcamComponent"] > div:not([data-testid]) > p::after {
  content: "Trang cần quyền dùng máy ảnh: hãy cho phép trong trình duyệt, hoặc chọn ảnh bên dưới.";
  font-size: 0.875rem;
}
[data-testid="stCameraInputButton"] {
  font-size: 0;
}
[data-testid="stCameraInputButton"]::after {
  content: "Chụp ảnh";
  font-size: 1rem;
}
[data-testid="stCameraInput"]:has(img) [data-testid="stCameraInputButton"]::after {
  content: "Chụp lại";
}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p {
  font-size: 0;
}
[data-testid="stFileUploaderDropzone"] [data-testid="stBaseButton-secondary"] p::after {
  content: "Chọn tệp";
  font-size: 0.875rem;
}
[data-testid="stFileUploaderDropzoneInstructions"] {
  display: none;
}
/* Why a file was refused, shown under it (Streamlit writes it for screen readers only, and in a
   tooltip that a phone never shows); accessible_names.py puts it in Vietnamese. */
[data-testid="stFileChip"]:has([role="alert"]) {
  flex-wrap: wrap;
}
[data-testid="stFileChip"] [role="alert"] {
  position: static !important;
  flex-basis: 100%;
  width: auto !important;
  height: auto !important;
  margin: 0.25rem 0 0 !important;
  overflow: visible !important;
  clip: auto !important;
  clip-path: none !important;
  white-space: normal !important;
  color: #8e1b1b;
  font-size: 0.875rem;
}
/* Captions at 4.5:1 or more (WCAG 1.4.3): Streamlit draws them at 60 % opacity, 3.8-3.9:1. */
[data-testid="stCaptionContainer"] {
  opacity: 1 !important;
}
[data-testid="stCaptionContainer"],
[data-testid="stCaptionContainer"] p {
  color: #5c5f6e !important;
}
/* A disabled field's label (e.g. the ward before a province is chosen) readable: the captions'
   grey instead of Streamlit's 40 % of the text colour (about 2:1). */
label[data-testid="stWidgetLabel"][disabled],
label[data-testid="stWidgetLabel"][disabled] p {
  color: #5c5f6e !important;
}
/* The group's whole name under its box, which cuts it off on a phone only. */
@media (min-width: 641px) {
  [class*="assess_group_box"] [data-testid="stCaptionContainer"] {
    display: none;
  }
}
/* Headings without Streamlit's English "Link to heading" anchor. */
[data-testid="stHeaderActionElements"] {
  display: none;
}
/* Keyboard focus drawn as a 2 px outline of 5.4:1 or more against white and the sidebar (WCAG
   2.4.7, 1.4.11); Streamlit's own signs of focus are background changes of about 1.1:1. */
:focus-visible,
label[data-testid="stRadioOption"]:has(input:focus-visible),
[data-testid="stCheckbox"] label:has(input:focus-visible) {
  outline: 2px solid #1558c0 !important;
  outline-offset: 2px;
}
[data-testid="stSidebarNav"] a:focus-visible {
  outline: 2px solid #1558c0 !important;
  outline-offset: -2px;
}
/* A heading given the focus by a script (a new page or step: focus.py, phone_menu.py) is no
   control and no Tab stop; it is announced, not outlined (a box around the title read as a fault). */
:is(h1, h2, h3)[tabindex="-1"]:focus {
  outline: none !important;
}
/* The phone's menu button says "Menu" beside its arrow (its accessible name is "Mở menu"). */
[data-testid="stExpandSidebarButton"]::after {
  content: "Menu";
  margin-left: 0.25rem;
  font-weight: 600;
}
/* A closed menu out of the keyboard's path and the screen reader's: Streamlit only moves it off
   screen, where Tab still walked its links. */
[data-testid="stSidebar"][data-collapsed="true"] {
  visibility: hidden;
}
/* A choice list's options wrap instead of being cut at the list's edge: a group's or a unit's
   name is read whole on a 360 px screen before it is chosen. */
[role="listbox"] > [role="option"] {
  height: auto !important;
  min-height: 40px;
}
[role="listbox"] > [role="option"] > div {
  white-space: normal !important;
  height: auto !important;
  padding-top: 0.4rem;
  padding-bottom: 0.4rem;
}
/* A choice list with nothing matching what was typed says so in Vietnamese, not "No results". */
[role="listbox"][data-empty="true"] > [role="option"] > span {
  display: none;
}
[role="listbox"][data-empty="true"] > [role="option"]::after {
  content: "Không tìm thấy lựa chọn phù hợp";
  display: block;
  padding: 0.5rem 1rem;
  color: #31333f;
}
</style>
"""


def apply() -> None:
    st.html(_CSS)
