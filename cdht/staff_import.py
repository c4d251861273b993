"""The unit's staff list from Excel: the template and a validator that reports every bad row. Pure."""

import io
import zipfile
from dataclasses import dataclass

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Font
from openpyxl.utils.exceptions import InvalidFileException

from cdht import cccd as cccd_rules
from cdht.registration import clean_full_name
from cdht.text import TextError, clean_line

COLUMNS = ("Họ và tên", "Số CCCD", "Phòng/ban", "Chức vụ")
MAX_ROWS = 20_000
MAX_BYTES = 5 * 1024 * 1024


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


def template_xlsx() -> bytes:
    """An empty staff list with the expected headers; the CCCD column is formatted as text."""
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhân sự"
    ws.append(list(COLUMNS))
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for col, width in zip("ABCD", (30, 16, 24, 20), strict=True):
        ws.column_dimensions[col].width = width
    for row in range(2, 502):
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


def _cccd_text(value: object) -> str:
    """A CCCD read from a cell; a number that lost its leading zero gets it back."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:012d}" if 0 < value < 10**12 else str(value)
    if isinstance(value, float) and value.is_integer():
        return _cccd_text(int(value))
    return cccd_rules.normalise(value)


def parse_staff_xlsx(data: bytes) -> tuple[list[StaffEntry], list[RowError]]:
    """Every row checked; returns the entries and the errors (row numbers as Excel shows them)."""
    if len(data) > MAX_BYTES:
        raise StaffFileError("Tệp quá lớn (tối đa 5 MB).")
    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (InvalidFileException, zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise StaffFileError("Không đọc được tệp: hãy dùng tệp Excel .xlsx theo mẫu.") from exc
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None)
    labels = tuple(str(v or "").strip() for v in (header or ())[: len(COLUMNS)])
    if labels != COLUMNS:
        wb.close()
        raise StaffFileError("Dòng đầu phải là tiêu đề theo mẫu: " + ", ".join(COLUMNS) + ".")
    entries: list[StaffEntry] = []
    errors: list[RowError] = []
    seen: dict[str, int] = {}
    for number, values in enumerate(rows, start=2):
        values = tuple(values[: len(COLUMNS)]) + (None,) * (len(COLUMNS) - len(values or ()))
        if all(v is None or str(v).strip() == "" for v in values):
            continue
        if len(entries) + len(errors) >= MAX_ROWS:
            wb.close()
            raise StaffFileError(
                f"Danh sách quá dài (tối đa {MAX_ROWS:,} người).".replace(",", ".")
            )
        name_raw, cccd_raw, dept_raw, pos_raw = values
        row_errors = []
        try:
            name = clean_full_name(name_raw)
        except TextError as exc:
            row_errors.append(RowError(number, COLUMNS[0], str(exc)))
        number_text = _cccd_text(cccd_raw)
        try:
            cccd_rules.parse(number_text)
        except cccd_rules.CccdError as exc:
            row_errors.append(RowError(number, COLUMNS[1], str(exc)))
        else:
            if number_text in seen:
                row_errors.append(
                    RowError(number, COLUMNS[1], f"Số CCCD trùng với dòng {seen[number_text]}.")
                )
            seen.setdefault(number_text, number)
        try:
            dept = clean_line(dept_raw, max_len=100, label="Phòng/ban")
            pos = clean_line(pos_raw, max_len=100, label="Chức vụ")
        except TextError as exc:
            row_errors.append(RowError(number, "Phòng/ban, Chức vụ", str(exc)))
        if row_errors:
            errors.extend(row_errors)
        else:
            entries.append(StaffEntry(name, number_text, dept, pos))
    wb.close()
    return entries, errors
