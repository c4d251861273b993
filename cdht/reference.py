"""Reference lists for the sign-up form: ethnic groups, provinces and wards (two-level, 2025)."""

from dataclasses import dataclass
from functools import cache

import vietnam_provinces as vp

from cdht.collation import sort_key

# The 54 ethnic groups recognised in Vietnam, in the order of the official list. Kept packed
# (`fmt: skip`): one name per line would make 60 lines of a list read as a paragraph.
ETHNIC_GROUPS: tuple[str, ...] = (
    "Kinh", "Tày", "Thái", "Mường", "Khmer", "Hoa", "Nùng", "Mông", "Dao", "Gia Rai",
    "Ê Đê", "Ba Na", "Sán Chay", "Chăm", "Cơ Ho", "Xơ Đăng", "Sán Dìu", "Hrê", "Ra Glai",
    "Mnông", "Thổ", "Xtiêng", "Khơ Mú", "Bru - Vân Kiều", "Cơ Tu", "Giáy", "Tà Ôi", "Mạ",
    "Giẻ - Triêng", "Co", "Chơ Ro", "Xinh Mun", "Hà Nhì", "Chu Ru", "Lào", "La Chí", "Kháng",
    "Phù Lá", "La Hủ", "La Ha", "Pà Thẻn", "Lự", "Ngái", "Chứt", "Lô Lô", "Mảng", "Cơ Lao",
    "Bố Y", "Cống", "Si La", "Pu Péo", "Rơ Măm", "Brâu", "Ơ Đu",
)  # fmt: skip


# "Không" and the religions recognised in Vietnam, then "Khác". Packed like the list above.
RELIGIONS: tuple[str, ...] = (
    "Không", "Phật giáo", "Công giáo", "Tin lành", "Cao Đài", "Phật giáo Hòa Hảo", "Hồi giáo",
    "Bahá'í", "Tịnh độ Cư sĩ Phật hội Việt Nam", "Cơ đốc Phục lâm", "Phật giáo Tứ Ân Hiếu Nghĩa",
    "Minh Sư đạo", "Minh Lý đạo", "Bửu Sơn Kỳ Hương", "Bà-la-môn", "Giáo hội Các Thánh hữu Ngày sau",
    "Khác",
)  # fmt: skip


@dataclass(frozen=True)
class Place:
    code: int
    name: str


@cache
def provinces() -> tuple[Place, ...]:
    """The 34 provinces and centrally run cities, by name."""
    items = [Place(int(p.code), p.name) for p in vp.Province.iter_all()]
    return tuple(sorted(items, key=lambda p: sort_key(p.name)))


@cache
def wards(province_code: int) -> tuple[Place, ...]:
    """Wards and communes of one province, by name; empty for an unknown province."""
    try:
        code = vp.ProvinceCode(province_code)
    except ValueError:
        return ()
    items = [Place(int(w.code), w.name) for w in vp.Ward.iter_by_province(code)]
    return tuple(sorted(items, key=lambda w: sort_key(w.name)))


def province_name(code: int | None) -> str:
    return next((p.name for p in provinces() if p.code == code), "")


def ward_name(province_code: int | None, code: int | None) -> str:
    if province_code is None:
        return ""
    return next((w.name for w in wards(province_code) if w.code == code), "")
