"""Vietnamese for what a screen reader reads of Streamlit's own markup.

Streamlit serves one English page (`<html lang="en">`, English `aria-label`s and a "Skip to main
content" link) and draws the app into it. `Middleware` (added by server.py) rewrites that page as
it is served: `lang="vi"`, so screen readers read Vietnamese with a Vietnamese voice, and a small
script that gives Streamlit's controls their Vietnamese names, now and whenever React draws them
again. The names are Streamlit's, so a Streamlit upgrade is checked here (see "Streamlit upgrade
checklist" in docs/ARCHITECTURE.md): tests/test_accessibility.py checks that each English name
below is still in Streamlit's bundle and, in a browser, reads the Vietnamese ones back.

The same script puts Vietnamese in place of Streamlit's other English that reaches a person: the
`aria-label`, `title` and `placeholder` of any element (LABELS, TEXTS, and PREFIXES for names
that end with the app's own words, as "Help for" a field's label), and a few texts drawn in
TEXT_HOLDERS (a text box's "Press Enter to apply"), and what a choice list with typing
announces to a screen reader (ANNOUNCEMENTS, "4 options available."), and the count a table's
search shows (SEARCH_COUNTS, "4 results"; its text node in `[data-testid="search-result-area"]`),
and a chosen file's size ("4.9KB" becomes "4,9 KB", FILE_SIZES and FILE_CHIP_NAMES), and a
table's toolbar tooltips, column menu, formats, statistics and list of columns (TABLE_TEXTS in
TABLE_HOLDERS; what its statistics charts say, CHART_BARS).
tests/test_browser_rough_edges.py checks that each is still Streamlit's and walks every page of
every role for English.

The script also makes the menu's sections a valid list structure: Streamlit draws each section
as a `div` holding its header and the `li` links straight inside the `ul` (axe-core: `list`,
`listitem`); the `ul` becomes `role="none"`, each section `div` a `role="list"` named by its
header, and the header, whose words are now the list's name, `aria-hidden`.

Selectors the script relies on: `[data-testid="stSkipToContent"]` (the skip link, whose text is
its name), `[data-testid="search-input"]` (a table's search box, named "Tìm trong bảng"),
`[data-testid="stFileUploaderDropzone"] button` (the uploader's button, read
"UploadChọn tệp" from its icon's ligature and style.py's text; not a chosen file's own button,
in `[data-testid="stFileChipDeleteBtn"]`), `[data-testid="stFileChip"] [role="alert"]` and
`[data-testid="stTooltipErrorContent"]` (why a file was refused),
`[data-testid="stDownloadButtonError"]` (why a download made no file),
`[data-testid="stFileChipName"] + *` (a chosen file's size), `[role="dialog"] > h2` and the
`div > div` after it (the "Page not found" box), `[data-testid="stSidebarNavItems"]
> div` (a menu section), `[data-testid="stNavSectionHeader"] [data-testid="stMarkdownContainer"]`
(its title), `[data-testid="InputInstructions"]` (a text box's hint), `[role="log"][aria-live] >
div` (a sentence React Aria announces).
"""

import gzip
import json

from starlette.datastructures import MutableHeaders

from cdht.ui.asgi import App, Message, Receive, Scope, Send

# Streamlit's `aria-label`s on the controls the app's pages draw, and what they become.
LABELS: dict[str, str] = {
    "Show password": "Hiện mật khẩu",
    "Hide password": "Ẩn mật khẩu",
    "Collapse sidebar": "Thu gọn menu",
    "Expand sidebar": "Mở menu",
    "Sidebar": "Menu",
    "App pages": "Các trang",
    "Increment": "Tăng",
    "Decrement": "Giảm",
    "Clear value": "Xoá lựa chọn",
    "Clear all": "Xoá hết",
    "Open": "Mở danh sách",
    "Close": "Đóng",
    "Running...": "Đang xử lý…",
    "Stop script": "Dừng",
    "Add files": "Thêm tệp",
    "file upload": "Tải tệp lên",
    "Scroll tabs left": "Cuộn các thẻ sang trái",
    "Scroll tabs right": "Cuộn các thẻ sang phải",
    "Previous month": "Tháng trước",
    "Next month": "Tháng sau",
    "Previous Result": "Kết quả trước",
    "Next Result": "Kết quả sau",
    "Close Search": "Đóng tìm kiếm",
    "Choose date": "Chọn ngày",
    "Help": "Trợ giúp",
    "Copy to clipboard": "Sao chép",
    "Copy column name": "Sao chép tên cột",
    "Dataframe column menu": "Trình đơn của cột",
    "number": "Số",  # a column's kind, the title of its icon in its menu
    "text": "Chữ",
    "Vega visualization": "Biểu đồ",
    "Download as CSV": "Tải về tệp CSV",
    "Search": "Tìm trong bảng",
    "Show/hide columns": "Ẩn/hiện cột",
    "Fullscreen": "Xem toàn màn hình",
    "Close fullscreen": "Thoát toàn màn hình",
    "progress": "Tiến độ",
    "Dismiss": "Đóng danh sách",
}
# Streamlit's names made of an English beginning and the app's own words: a help button ("Help
# for" the field's label) and a toolbar's buttons ("Fullscreen: " the image's alternative text).
PREFIXES: dict[str, str] = {
    "Help for ": "Trợ giúp: ",
    "Remove ": "Bỏ tệp ",  # an uploaded file's button, "Remove" its name
    "Cancel upload of ": "Huỷ tải lên tệp ",
    "Fullscreen: ": "Xem toàn màn hình: ",
    "Close fullscreen: ": "Thoát toàn màn hình: ",
}
# Streamlit's English words, drawn as text in TEXT_HOLDERS or set as any element's `placeholder`:
# a text box's hint once something is typed in it (Enter applies the value, or sends the form it
# is in), a choice list's placeholder, the file uploader's button (drawn at size 0 by style.py).
TEXTS: dict[str, str] = {
    "Press Enter to apply": "Nhấn Enter để áp dụng",
    "Press Enter to submit form": "Nhấn Enter để gửi",
    "Press Ctrl+Enter to apply": "Nhấn Ctrl+Enter để áp dụng",
    "Press Ctrl+Enter to submit form": "Nhấn Ctrl+Enter để gửi",
    "Press ⌘+Enter to apply": "Nhấn ⌘+Enter để áp dụng",
    "Press ⌘+Enter to submit form": "Nhấn ⌘+Enter để gửi",
    "Choose an option": "Chọn một mục",
    "Upload": "Chọn tệp",
    "add icon": "Thêm tệp",  # the hidden words of the uploader's "+" once a file is chosen
    "Type to search": "Gõ để tìm",
}
# The words of a table's menus (a column's menu, its formats and statistics, the columns to show)
# and of its toolbar's tooltips, drawn as text in TABLE_HOLDERS or as an element's name (the
# list of columns names each box by its column).
TABLE_TEXTS: dict[str, str] = {
    "Download as CSV": "Tải về tệp CSV",
    "Search": "Tìm trong bảng",
    "Show/hide columns": "Ẩn/hiện cột",
    "Fullscreen": "Xem toàn màn hình",
    "Close fullscreen": "Thoát toàn màn hình",
    "Sort ascending": "Sắp xếp tăng dần",
    "Sort descending": "Sắp xếp giảm dần",
    "Format": "Định dạng",
    "Statistics": "Thống kê",
    "Autosize": "Tự chỉnh độ rộng",
    "Pin column": "Ghim cột",
    "Unpin column": "Bỏ ghim cột",
    "Hide column": "Ẩn cột",
    "Select all": "Chọn tất cả",
    "(index)": "(số thứ tự)",
    "Automatic": "Tự động",
    "Localized": "Theo tiếng Việt",
    "Plain": "Số thường",
    "Compact": "Rút gọn",
    "Dollar": "Đô la",
    "Euro": "Đồng ơ-rô",
    "Yen": "Yên",
    "Percent": "Phần trăm",
    "Scientific": "Dạng khoa học",
    "Accounting": "Kế toán",
    "Calendar": "Lịch",
    "Duration": "Khoảng thời gian",
    "Distance": "Khoảng cách",
    "Values": "Số giá trị",
    "Empty": "Ô trống",
    "Distinct": "Số giá trị khác nhau",
    "Sum": "Tổng",
    "Average": "Trung bình",
    "Standard deviation": "Độ lệch chuẩn",
    "Minimum": "Nhỏ nhất",
    "25th percentile": "Phân vị 25",
    "Median": "Trung vị",
    "75th percentile": "Phân vị 75",
    "Maximum": "Lớn nhất",
    "Range": "Khoảng",
    "Average length": "Độ dài trung bình",
    "Minimum length": "Độ dài nhỏ nhất",
    "Maximum length": "Độ dài lớn nhất",
}
TABLE_HOLDERS = (
    '[data-testid="stTooltipContent"], [data-testid="stDataFrameColumnMenu"], '
    '[data-testid="stDataFrameColumnFormattingMenu"], '
    '[data-testid="stDataFrameColumnVisibilityMenu"], [data-testid^="stDataFrameStatistics"]'
)
# What a choice list with typing (React Aria's combo box) says to a screen reader as the person
# types and moves: React Aria has no Vietnamese, so its English sentences, written into a live
# region (`[role="log"][aria-live]`, a `div` per sentence), are put in Vietnamese as they come.
# Each is a regular expression of the whole sentence and its Vietnamese, `$1`… for its parts.
ANNOUNCEMENTS: dict[str, str] = {
    r"^(\d+) options? available\.$": "Có $1 lựa chọn.",
    r"^Entered group (.*), with (\d+) options?\. (.*)$": "Nhóm $1, có $2 lựa chọn. $3",
    r"^(.*), selected$": "$1, đã chọn",
}
# The count a table's search shows as the person types ("4 results", "2 of 4 results"), the same
# way: put in Vietnamese in its text node, which React keeps writing to.
SEARCH_COUNTS: dict[str, str] = {
    r"^(\d+) of (\d+) results?$": "$1/$2 kết quả",
    r"^(\d+) of over 1000$": "$1/hơn 1000 kết quả",
    r"^(\d+) results?$": "$1 kết quả",
    r"^over 1000$": "hơn 1000 kết quả",
}
# Why an uploader refused a file, said by its chip ("Error: " and the reason, two text nodes of
# a hidden alert) and by the tooltip over it (the reason alone). The uploader's label names the
# types and the size the app takes, so the reason points there.
FILE_ERRORS: dict[str, str] = {
    r"^Error: $": "Lỗi: ",
    r"^Upload failed$": "Tải lên không thành công.",
    r"^(.*) files are not allowed\.$": "Không nhận loại tệp này; hãy chọn tệp đúng loại ghi ở nhãn ô tải lên.",
    r"^File must be (.*) or smaller\.$": "Tệp phải không quá $1.",
}
# A chosen file's size, as its chip shows it after the name ("4.9KB") and ends its name for a
# screen reader ("one.xlsx, 4.9KB"): a decimal comma and a space before the unit.
FILE_SIZES: dict[str, str] = {r"^(\d+)\.(\d)(B|KB|MB|GB)$": "$1,$2 $3"}
FILE_CHIP_NAMES: dict[str, str] = {r"^(.*), (\d+)\.(\d)(B|KB|MB|GB)$": "$1, $2,$3 $4"}
# What a table column's statistics charts say, whole and of each bar (their `aria-label`s).
CHART_BARS: dict[str, str] = {
    r"^binStart: [^;]*; count: [^;]*; binEnd: [^;]*; Range: (.*); Count: (\d+)$": (
        "Khoảng $1: $2 giá trị"
    ),
    r"^Top values frequency chart: (.*)$": "Các giá trị gặp nhiều nhất: $1",
    r"^True/false distribution chart: (.*)$": "Phân bố đúng/sai: $1",
    r"^Distribution histogram(.*)$": "Biểu đồ phân bố$1",
}
# Why a download button made no file, said under it for a few seconds: the server's English
# ("Failed to generate file for download") or the browser's ("Download failed"). The only cause
# the app knows of is a login ended since the page was drawn (`state.db_later`).
DOWNLOAD_ERRORS: dict[str, str] = {
    r"^[\x00-\x7F]+$": (
        "Không tải được tệp. Có thể phiên đăng nhập đã kết thúc: hãy tải lại trang rồi thử lại."
    ),
}
# Streamlit's box for an address that is no page of the app (mistyped, or cut short by a chat
# app): its title and its sentence, drawn as a dialog's heading and the text under it.
PAGE_NOT_FOUND: dict[str, str] = {
    r"^Page not found$": "Không có trang này",
    r"^(The page that you have requested does not seem to exist|You have requested page .*, but "
    r"no corresponding file was found in the app's pages/ directory)\. Running the app's main "
    r"page\.$": (
        "Địa chỉ vừa mở không phải một trang của hệ thống (có thể bị gõ sai hoặc thiếu). "
        "Trang chính được mở thay cho nó."
    ),
}
# Where each kind of sentence is written (a text node right inside), and its patterns.
SENTENCES: list[tuple[str, dict[str, str]]] = [
    ('[data-testid="stFileChipName"] + *', FILE_SIZES),
    ('[role="log"][aria-live] > div', ANNOUNCEMENTS),
    ('[data-testid="search-result-area"]', SEARCH_COUNTS),
    (
        '[data-testid="stFileChip"] [role="alert"], [data-testid="stTooltipErrorContent"]',
        FILE_ERRORS,
    ),
    ('[data-testid="stDownloadButtonError"]', DOWNLOAD_ERRORS),
    ('[role="dialog"] > h2, [role="dialog"] > h2 + div > div', PAGE_NOT_FOUND),
]
# Where those texts are drawn: a text box's hint, the file uploader's button, a table's search.
TEXT_HOLDERS = (
    '[data-testid="InputInstructions"], [data-testid="stFileUploaderDropzone"] button, '
    ".gdg-search-status label"
)
SKIP_LINK = ("Skip to main content", "Chuyển đến nội dung chính")
UPLOAD_BUTTON = "Chọn tệp"

_SCRIPT = """<script>(() => {
const labels = %(labels)s;
const prefixes = Object.entries(%(prefixes)s);
const texts = %(texts)s;
const tableTexts = %(table_texts)s;
const skip = %(skip)s;
const upload = %(upload)s;
const patterns = (english) => Object.entries(english).map(([re, vi]) => [new RegExp(re), vi]);
const sentences = %(sentences)s.map(([holders, english]) => [holders, patterns(english)]);
const chipNames = patterns(%(chip_names)s);
const chartBars = patterns(%(chart_bars)s);
const named = ["aria-label", "title", "placeholder"];
function vietnamese(value) {
  if (Object.hasOwn(labels, value)) return labels[value];
  if (Object.hasOwn(texts, value)) return texts[value];
  if (Object.hasOwn(tableTexts, value)) return tableTexts[value];
  for (const [english, vi] of prefixes) {
    if (value.startsWith(english)) return vi + value.slice(english.length);
  }
  return null;
}
function set(el, attribute, value) {
  if (el.getAttribute(attribute) !== value) el.setAttribute(attribute, value);
}
function sections(root) {
  for (const section of root.querySelectorAll('[data-testid="stSidebarNavItems"] > div')) {
    const title = section.querySelector(
      ':scope > [data-testid="stNavSectionHeader"] [data-testid="stMarkdownContainer"]');
    set(section.parentElement, "role", "none");
    set(section, "role", "list");
    if (title) {
      set(section, "aria-label", title.textContent);
      set(title.closest('[data-testid="stNavSectionHeader"]'), "aria-hidden", "true");
    }
  }
}
function words(root) {
  for (const [holders, dictionary] of [[%(holders)s, texts], [%(table_holders)s, tableTexts]]) {
    for (const holder of root.querySelectorAll(holders)) {
      const walker = document.createTreeWalker(holder, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (Object.hasOwn(dictionary, node.nodeValue)) node.nodeValue = dictionary[node.nodeValue];
      }
    }
  }
}
function sentenced(root) {
  // Each text node right inside a holder, put in Vietnamese in place (React keeps writing to it).
  for (const [holders, kinds] of sentences) {
    for (const holder of root.querySelectorAll(holders)) {
      for (const node of holder.childNodes) {
        if (node.nodeType !== 3) continue;
        const match = kinds.find(([english]) => english.test(node.nodeValue));
        if (match) node.nodeValue = node.nodeValue.replace(...match);
      }
    }
  }
  for (const bar of root.querySelectorAll(
      '[data-testid^="stDataFrameStatistics"][aria-label], [data-testid^="stDataFrameStatistics"] [aria-label]')) {
    const label = bar.getAttribute("aria-label");
    const match = chartBars.find(([english]) => english.test(label));
    if (match) bar.setAttribute("aria-label", label.replace(...match));
  }
  for (const chip of root.querySelectorAll('[data-testid="stFileChip"][aria-label]')) {
    const label = chip.getAttribute("aria-label");
    const match = chipNames.find(([english]) => english.test(label));
    if (match) chip.setAttribute("aria-label", label.replace(...match));
  }
}
function name(root) {
  for (const attribute of named) {
    for (const el of root.querySelectorAll(`[${attribute}]`)) {
      const vi = vietnamese(el.getAttribute(attribute));
      if (vi !== null) el.setAttribute(attribute, vi);
    }
  }
  words(root);
  sentenced(root);
  sections(root);
  const link = root.querySelector('[data-testid="stSkipToContent"]');
  if (link && link.textContent === skip[0]) {
    for (const node of link.childNodes) {
      if (node.nodeType === 3 && node.nodeValue === skip[0]) node.nodeValue = skip[1];
    }
  }
  // A table's search box is named by a label only until something is typed: name it always.
  for (const box of root.querySelectorAll('[data-testid="search-input"]')) {
    if (!box.hasAttribute("aria-label")) box.setAttribute("aria-label", labels["Search"]);
  }
  for (const button of root.querySelectorAll('[data-testid="stFileUploaderDropzone"] button')) {
    if (button.closest('[data-testid="stFileChipDeleteBtn"]')) continue;  // a file's own button
    if (button.getAttribute("aria-label") !== upload) button.setAttribute("aria-label", upload);
  }
}
new MutationObserver(() => name(document)).observe(document.documentElement, {
  subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: named,
});
name(document);
})();</script>"""

SCRIPT = _SCRIPT % {
    "labels": json.dumps(LABELS, ensure_ascii=False),
    "prefixes": json.dumps(PREFIXES, ensure_ascii=False),
    "texts": json.dumps(TEXTS, ensure_ascii=False),
    "holders": json.dumps(TEXT_HOLDERS),
    "table_texts": json.dumps(TABLE_TEXTS, ensure_ascii=False),
    "table_holders": json.dumps(TABLE_HOLDERS),
    "skip": json.dumps(SKIP_LINK, ensure_ascii=False),
    "upload": json.dumps(UPLOAD_BUTTON, ensure_ascii=False),
    "sentences": json.dumps(SENTENCES, ensure_ascii=False),
    "chip_names": json.dumps(FILE_CHIP_NAMES, ensure_ascii=False),
    "chart_bars": json.dumps(CHART_BARS, ensure_ascii=False),
}

_ENGLISH_ROOT = b'<html lang="en">'


def vietnamese_document(html: bytes) -> bytes:
    """Streamlit's index.html in Vietnamese: `lang="vi"` and the naming script in its head.

    Any other HTML is returned as it is.
    """
    if _ENGLISH_ROOT not in html:
        return html
    html = html.replace(_ENGLISH_ROOT, b'<html lang="vi">', 1)
    return html.replace(b"</head>", SCRIPT.encode() + b"</head>", 1)


class Middleware:
    """ASGI middleware: every HTML page answered to a GET goes through `vietnamese_document`
    (Streamlit serves its index.html at every page's address). The page at any address other
    than the root comes gzip-compressed when the browser accepts it: it is unpacked, rewritten
    and packed again."""

    def __init__(self, app: App) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] != "GET":
            await self.app(scope, receive, send)
            return
        held: list[Message] = []  # the response's start, while an HTML body is collected
        parts: list[bytes] = []

        async def rewrite(message: Message) -> None:
            if message["type"] == "http.response.start" and _html_encoding(message) is not None:
                held.append(message)
                return
            if not held or message["type"] != "http.response.body":
                await send(message)
                return
            parts.append(message.get("body", b""))
            if message.get("more_body", False):
                return
            body = b"".join(parts)
            if _html_encoding(held[0]) == "gzip":
                body = gzip.compress(vietnamese_document(gzip.decompress(body)))
            else:
                body = vietnamese_document(body)
            headers = MutableHeaders(raw=list(held[0]["headers"]))
            headers["content-length"] = str(len(body))
            await send({**held[0], "headers": headers.raw})
            await send({"type": "http.response.body", "body": body})

        await self.app(scope, receive, rewrite)


def _html_encoding(start: Message) -> str | None:
    """An HTML answer's content encoding ("" for none, "gzip"); None for any other answer."""
    headers = MutableHeaders(raw=list(start["headers"]))
    encoding = headers.get("content-encoding", "")
    if headers.get("content-type", "").startswith("text/html") and encoding in ("", "gzip"):
        return encoding
    return None
