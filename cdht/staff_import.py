"""The unit's staff list from Excel: the template and a validator that reports every bad row. Pure."""

import io
import unicodedata
import zipfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils.exceptions import InvalidFileException

from cdht import cccd as cccd_rules
from cdht.numbers import number_vi
from cdht.registration import clean_full_name
from cdht.roster import FONT, line_height
from cdht.text import by_field, clean_line

COLUMNS = ("Họ và tên", "Số CCCD", "Phòng/ban", "Chức vụ")
_STAFF_WIDTHS = (30, 16, 24, 20)
# Rows under the header, blank ones included: the sheet is read row by row and no further.
MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024
# An .xlsx is a zip of XML files. A full 20,000-person list in the template takes 6 MB unpacked
# (14 times its packed size); the limits below refuse a zip bomb before anything is unpacked.
MAX_UNPACKED_BYTES = 40 * 1024 * 1024
MAX_MEMBERS = 500
MAX_RATIO = 100  # unpacked / packed, for any member over 1 MB unpacked
# Columns read per row: the header is looked for in these, wherever a sheet says it ends.
MAX_COLUMNS = 50


@dataclass(frozen=True)
class StaffEntry:
    full_name: str
    cccd: str
    department: str
    position: str


@dataclass(frozen=True)
class RowError:
    row: int
    column: str
    message: str


class StaffFileError(ValueError):
    """The file as a whole cannot be read; the message is Vietnamese."""


def staff_xlsx(entries: Sequence[StaffEntry] = ()) -> bytes:
    """A staff list in the template's format (the empty template when no entries): the headers,
    a text CCCD column, a sheet of guidance; a downloaded list reads back unchanged. It prints
    on A4, one page wide, the headers on every page, each line as tall as its wrapped cells."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhân sự"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(name=FONT, size=11, bold=True)
    for col, width in zip("ABCD", _STAFF_WIDTHS, strict=True):
        ws.column_dimensions[col].width = width
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_title_rows = "1:1"
    ws.print_options.gridLines = True
    ws.oddFooter.center.text = "Trang &P/&N"
    font, wrap = Font(name=FONT, size=11), Alignment(wrap_text=True, vertical="center")
    for row, e in enumerate(entries, start=2):
        values = (e.full_name, e.cccd, e.department, e.position)
        ws.row_dimensions[row].height = line_height(values, _STAFF_WIDTHS)
        for col, value in enumerate(values, start=1):
            cell = ws.cell(row=row, column=col)
            cell.value, cell.data_type = value, "s"  # text, even "=…" or a number's digits
            cell.font, cell.alignment = font, wrap
    for row in range(2, max(502, len(entries) + 2)):
        ws.cell(row=row, column=2).number_format = "@"
    guide = wb.create_sheet("Hướng dẫn")
    for line in (
        "Mỗi dòng ở trang Nhân sự là một người; giữ nguyên dòng tiêu đề.",
        "Số CCCD gồm 12 chữ số (cột đã định dạng chữ để giữ số 0 ở đầu).",
        "Tải lên lại sẽ thay toàn bộ danh sách cũ bằng danh sách mới.",
    ):
        guide.append([line])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def template_xlsx() -> bytes:
    """An empty staff list with the expected headers; the CCCD column is formatted as text."""
    return staff_xlsx()


@dataclass(frozen=True)
class StaffChanges:
    """What a new list changes against the current one, each in the new list's terms."""

    added: tuple[StaffEntry, ...]
    removed: tuple[StaffEntry, ...]
    changed: tuple[tuple[StaffEntry, StaffEntry], ...]  # (current, new), same CCCD

    @property
    def any(self) -> bool:
        return bool(self.added or self.removed or self.changed)

    def drops_most(self, current: int) -> bool:
        """Whether the new list leaves out more than half of the `current` people (at least
        five): most likely the wrong file, so the page asks before replacing the list."""
        return len(self.removed) >= 5 and 2 * len(self.removed) > current


def staff_changes(current: Sequence[StaffEntry], new: Sequence[StaffEntry]) -> StaffChanges:
    before = {e.cccd: e for e in current}
    after = {e.cccd: e for e in new}
    return StaffChanges(
        added=tuple(e for n, e in after.items() if n not in before),
        removed=tuple(e for n, e in before.items() if n not in after),
        changed=tuple((before[n], e) for n, e in after.items() if n in before and before[n] != e),
    )


def _cccd_text(value: object) -> str:
    """A CCCD read from a cell; a number that lost its leading zero gets it back."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:012d}" if 0 < value < 10**12 else str(value)
    if isinstance(value, float) and value.is_integer():
        return _cccd_text(int(value))
    return cccd_rules.normalise(value)


# What offices write above each column; compared without case, accents kept, spaces collapsed.
HEADER_NAMES = {
    "full_name": ("họ và tên", "họ tên", "họ, tên", "họ và tên cán bộ"),
    "cccd": (
        "số cccd",
        "cccd",
        "số căn cước",
        "số căn cước công dân",
        "số cccd/cmnd",
        "số định danh",
        "số định danh cá nhân",
    ),
    "department": ("phòng/ban", "phòng ban", "phòng, ban", "bộ phận", "đơn vị công tác"),
    "position": ("chức vụ", "chức danh", "chức vụ, chức danh"),
}
HEADER_SEARCH_ROWS = 10
# Each field's column title, for messages.
FIELD_COLUMNS = dict(zip(HEADER_NAMES, COLUMNS, strict=True))


def _label(value: object) -> str:
    return " ".join(unicodedata.normalize("NFC", str(value or "")).casefold().split())


def _find_header(rows) -> tuple[int, dict[str, int]]:
    """The header row (1-based) among the first rows and the column index of each field; a title
    row above it, an STT column and extra columns are allowed."""
    for number, values in enumerate(rows, start=1):
        labels = [_label(v) for v in values or ()]
        found = {
            field: labels.index(name)
            for field, names in HEADER_NAMES.items()
            for name in names
            if name in labels
        }
        if "full_name" in found and "cccd" in found:
            return number, found
        if number >= HEADER_SEARCH_ROWS:
            break
    raise StaffFileError(
        f"Không tìm thấy dòng tiêu đề trong {HEADER_SEARCH_ROWS} dòng đầu: cần ít nhất hai cột "
        f"«{COLUMNS[0]}» và «{COLUMNS[1]}» (các cột khác như STT, ghi chú được bỏ qua). "
        "Hãy dùng tệp mẫu."
    )


def _shown(value: object) -> str:
    text = str(value).strip() if value is not None else ""
    return f" (ô ghi: «{text[:40]}»)" if text else " (ô để trống)"


def _n(number: int) -> str:
    """A whole number as Vietnamese writes it: 20.000."""
    return number_vi(number)


_UNREADABLE = "Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu."


def _check_zip(data: bytes) -> None:
    """Refuse a zip bomb from the sizes its directory declares. They cannot lie smaller: zipfile
    stops each member at its declared size and then fails its checksum."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise StaffFileError(_UNREADABLE) from exc
    if len(members) > MAX_MEMBERS:
        raise StaffFileError(
            f"Tệp Excel có {_n(len(members))} phần bên trong (tối đa {MAX_MEMBERS}): "
            "hãy chép danh sách sang tệp mẫu rồi tải lên lại."
        )
    unpacked = sum(m.file_size for m in members)
    packed_too_tight = any(
        m.file_size > 1024 * 1024 and m.file_size > MAX_RATIO * max(1, m.compress_size)
        for m in members
    )
    if unpacked > MAX_UNPACKED_BYTES or packed_too_tight:
        raise StaffFileError(
            f"Tệp Excel khi giải nén quá lớn ({_n(unpacked // (1024 * 1024))} MB; tối đa "
            f"{MAX_UNPACKED_BYTES // (1024 * 1024)} MB, không phần nào nén quá {MAX_RATIO} lần). "
            "Hãy chép danh sách sang tệp mẫu rồi tải lên lại."
        )


def parse_staff_xlsx(data: bytes) -> tuple[list[StaffEntry], list[RowError]]:
    """Every row checked; returns the entries and the errors (row numbers as Excel shows them).

    Refused whole: more than MAX_BYTES, a zip that unpacks to more than MAX_UNPACKED_BYTES (or
    with a member packed more than MAX_RATIO times), more than MAX_ROWS rows under the header."""
    if len(data) > MAX_BYTES:
        raise StaffFileError("Tệp quá lớn (tối đa 5 MB).")
    _check_zip(data)
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise StaffFileError(_UNREADABLE) from exc
    try:
        return _rows(wb.worksheets[0])
    finally:
        wb.close()


def _rows(ws) -> tuple[list[StaffEntry], list[RowError]]:
    # Bounds given here, not read from the sheet's own <dimension>, which may claim anything;
    # openpyxl stops at max_row and yields each skipped row as one blank row.
    rows = ws.iter_rows(
        max_row=HEADER_SEARCH_ROWS + MAX_ROWS + 1, max_col=MAX_COLUMNS, values_only=True
    )
    header_at, columns = _find_header(rows)
    entries: list[StaffEntry] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(rows, start=header_at + 1):
        if number - header_at > MAX_ROWS:
            raise StaffFileError(
                f"Danh sách quá dài: tối đa {_n(MAX_ROWS)} dòng dưới dòng tiêu đề, kể cả dòng "
                "trống. Hãy xoá các dòng trống thừa."
            )
        values = tuple(values or ())
        cell = {f: values[i] if i < len(values) else None for f, i in columns.items()}
        if all(v is None or str(v).strip() == "" for v in cell.values()):
            continue
        entry, problems = check_entry(cell)
        row_errors = [
            RowError(number, FIELD_COLUMNS[f], f"{m}{_shown(cell.get(f))}")
            for f, m in problems.items()
            if f in ("full_name", "cccd")
        ]
        if "cccd" not in problems:
            number_text = _cccd_text(cell["cccd"])
            if number_text in seen:
                row_errors.append(
                    RowError(number, COLUMNS[1], f"Số CCCD trùng với dòng {seen[number_text]}.")
                )
            seen.setdefault(number_text, number)
        row_errors += [
            RowError(number, FIELD_COLUMNS[f], m)
            for f, m in problems.items()
            if f in ("department", "position")
        ]
        if row_errors:
            errors.extend(row_errors)
        elif entry is not None:
            entries.append(entry)
    return entries, errors


def check_entry(values: Mapping[str, object]) -> tuple[StaffEntry | None, dict[str, str]]:
    """One person of the staff list from what a row holds or a manager typed (keys of
    HEADER_NAMES), cleaned; or, by field, what is wrong with it (the entry is then None)."""
    clean, errors = by_field(
        {
            "full_name": lambda: clean_full_name(values.get("full_name")),
            "cccd": lambda: _checked_cccd(values.get("cccd")),
            "department": lambda: clean_line(
                values.get("department"), max_len=100, label=COLUMNS[2]
            ),
            "position": lambda: clean_line(values.get("position"), max_len=100, label=COLUMNS[3]),
        },
        refused=(cccd_rules.CccdError,),
    )
    if errors:
        return None, errors
    return StaffEntry(**clean), {}


def _checked_cccd(value: object) -> str:
    """A CCCD number as the list holds it, once it is a valid one."""
    number = _cccd_text(value)
    cccd_rules.parse(number)
    return number
