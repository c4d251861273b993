"""Password hashing (Argon2id), the password rules and the strength estimate (zxcvbn)."""

import os
import re
import secrets
import threading
import unicodedata
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from zxcvbn import zxcvbn

from cdht.text import unmarked

# One of OWASP's Argon2id settings (Password Storage Cheat Sheet), which it rates as equal
# defences that trade memory for passes: 7 MiB, 5 passes, 1 lane. Of them, this holds the least
# memory a hash, and on the 2-core machine of the benchmarks also the fastest (docs/PERFORMANCE.md).
# A hash stored with other settings is made again at its owner's next login.
HASH_MEMORY_MIB = 7
HASH_PASSES = 5
_HASHER = PasswordHasher(time_cost=HASH_PASSES, memory_cost=HASH_MEMORY_MIB * 1024, parallelism=1)
# Each hash takes 7 MiB for the time it runs, outside the interpreter lock, and the C library
# keeps the buffer for reuse by the thread's arena. Hashes run on a few threads of their own, one
# per core: a burst of parallel logins (a rush, or an attacker's requests) waits its turn instead
# of taking memory without bound, and at most that many buffers stay (docs/PERFORMANCE.md).
HASHES_AT_ONCE = os.cpu_count() or 1
_HASHING = ThreadPoolExecutor(max_workers=HASHES_AT_ONCE, thread_name_prefix="argon2")
_DUMMY_HASH = _HASHING.submit(_HASHER.hash, secrets.token_urlsafe(16)).result()

MIN_LENGTH = 8
MAX_LENGTH = 128
COMMON = frozenset(
    """123456 1234567 12345678 123456789 1234567890 12345678910 111111 11111111 000000 00000000
    123123 123123123 654321 666666 888888 88888888 987654321 abc123 abcd1234 password password1
    matkhau matkhau123 qwerty qwerty123 iloveyou 123qwe 1q2w3e4r admin123 admin@123 a123456
    123456a 12345678a congdanhoctap khuyenhoc""".split()
)


# zxcvbn's score 3: "safely unguessable", about 10^8 guesses and more (0 to 4).
MIN_SCORE = 3
# zxcvbn refuses longer input; what lies beyond only adds strength.
_ESTIMATE_LENGTH = 72
# zxcvbn keeps the known words of the call in a module-level dictionary: one call at a time, or
# two people signing up at once could be judged against each other's words.
_ESTIMATE_LOCK = threading.Lock()
# Words Vietnamese people often build passwords from; zxcvbn's own lists are English.
VIETNAMESE_WORDS = tuple(
    """matkhau congdan hoctap khuyenhoc congdanhoctap vietnam anhyeuem emyeuanh yeuem
    iloveyou hanoi saigon hochiminh danang quangngai khongbiet hoilamgi""".split()
)
# zxcvbn's warnings and suggestions in Vietnamese; anything else gets the general advice.
FEEDBACK_VI = {
    "Straight rows of keys are easy to guess.": "Một hàng phím liền nhau rất dễ đoán.",
    "Short keyboard patterns are easy to guess.": "Gõ theo hình ngắn trên bàn phím rất dễ đoán.",
    'Repeats like "aaa" are easy to guess.': "Ký tự lặp lại như “aaa” rất dễ đoán.",
    'Repeats like "abcabcabc" are only slightly harder to guess than "abc".': (
        "Chuỗi lặp lại như “abcabcabc” chỉ khó đoán hơn “abc” một chút."
    ),
    'Sequences like "abc" or "6543" are easy to guess.': (
        "Dãy liên tiếp như “abc” hay “6543” rất dễ đoán."
    ),
    "Recent years are easy to guess.": "Các năm gần đây rất dễ đoán.",
    "Dates are often easy to guess.": "Ngày tháng thường rất dễ đoán.",
    "This is a top-10 common password.": "Đây là một trong 10 mật khẩu phổ biến nhất.",
    "This is a top-100 common password.": "Đây là một trong 100 mật khẩu phổ biến nhất.",
    "This is a very common password.": "Đây là một mật khẩu rất phổ biến.",
    "This is similar to a commonly used password.": "Mật khẩu này giống một mật khẩu phổ biến.",
    "A word by itself is easy to guess.": "Một từ đứng riêng rất dễ đoán.",
    "Names and surnames by themselves are easy to guess.": "Tên hoặc họ đứng riêng rất dễ đoán.",
    "Common names and surnames are easy to guess.": "Tên và họ phổ biến rất dễ đoán.",
    "Use a few words, avoid common phrases.": "Ghép vài từ với nhau, tránh các câu quen thuộc.",
    "No need for symbols, digits, or uppercase letters.": (
        "Không bắt buộc có ký hiệu, chữ số hay chữ hoa."
    ),
    "Add another word or two. Uncommon words are better.": (
        "Thêm một, hai từ nữa, càng ít gặp càng tốt."
    ),
    "Use a longer keyboard pattern with more turns.": "Tránh gõ theo hình trên bàn phím.",
    "Avoid repeated words and characters.": "Tránh lặp lại từ và ký tự.",
    "Avoid sequences.": "Tránh các dãy liên tiếp.",
    "Avoid recent years.": "Tránh các năm gần đây.",
    "Avoid years that are associated with you.": "Tránh các năm gắn với bạn.",
    "Avoid dates and years that are associated with you.": (
        "Tránh ngày tháng và năm gắn với bạn (ngày sinh, năm sinh)."
    ),
    "Capitalization doesn't help very much.": (
        "Viết hoa chữ đầu không làm mật khẩu khó đoán hơn bao nhiêu."
    ),
    "All-uppercase is almost as easy to guess as all-lowercase.": (
        "Viết hoa toàn bộ cũng dễ đoán gần như viết thường."
    ),
    "Reversed words aren't much harder to guess.": "Viết ngược một từ không làm nó khó đoán hơn.",
    "Predictable substitutions like '@' instead of 'a' don't help very much.": (
        "Thay chữ bằng ký hiệu dễ đoán, như “@” thay cho “a”, không giúp được nhiều."
    ),
}
GENERAL_ADVICE = "Hãy ghép ba, bốn từ ít gặp với nhau (có thể thêm chữ số hoặc dấu gạch ngang)."
OWN_DATA = "Mật khẩu chứa thông tin của chính bạn (họ tên, số CCCD, năm sinh hoặc đơn vị)."

# How long a temporary password given by a manager or an administrator opens a login.
TEMPORARY_VALID = timedelta(hours=72)

_TEMP_ALPHABET = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def temporary_password() -> str:
    """A one-time password a manager reads out or hands over: 10 characters, no look-alikes."""
    while True:
        candidate = "".join(secrets.choice(_TEMP_ALPHABET) for _ in range(10))
        if any(c.isdigit() for c in candidate) and any(c.isalpha() for c in candidate):
            return candidate


def _forms(password: str) -> list[str]:
    """The password as hashed (NFC: a keyboard that sends decomposed accents types the same
    password), then as typed and decomposed: a hash made before passwords were normalised."""
    forms = [
        unicodedata.normalize("NFC", password),
        password,
        unicodedata.normalize("NFD", password),
    ]
    return list(dict.fromkeys(forms))


def hash_password(password: str) -> str:
    return _HASHING.submit(_HASHER.hash, _forms(password)[0]).result()


def _verified(stored_hash: str | None, password: str) -> str | None:
    """Which form of the password the hash was made from, if any; with no stored hash, verify a
    dummy one so timing reveals nothing. Forms other than NFC are tried only for a password with
    accents, so a plain password costs one verification."""
    for form in _forms(password):
        try:
            if _HASHING.submit(_HASHER.verify, stored_hash or _DUMMY_HASH, form).result():
                return form if stored_hash is not None else None
        except (VerificationError, InvalidHashError):
            continue
    return None


def verify_password(stored_hash: str | None, password: str) -> bool:
    """Check a password, whichever Unicode form its accents were typed in."""
    return _verified(stored_hash, password) is not None


def verify_and_renew(stored_hash: str | None, password: str) -> tuple[bool, str | None]:
    """Check a password at login; returns whether it is right and, when the stored hash should
    be made again (older settings, or made from a form other than NFC), the new hash."""
    form = _verified(stored_hash, password)
    if form is None or stored_hash is None:
        return False, None
    if form != _forms(password)[0] or _HASHER.check_needs_rehash(stored_hash):
        return True, hash_password(password)
    return True, None


def known_words(
    *,
    cccd: str = "",
    birth_year: int | None = None,
    full_name: str = "",
    unit_name: str = "",
    unit_code: str = "",
) -> list[str]:
    """The person's own data as words an attacker who knows them would try first."""
    words: list[str] = [cccd, unit_code.casefold()]
    if birth_year:
        words += [str(birth_year), str(birth_year)[2:]]
    name = re.findall(r"\w+", unmarked(full_name))
    words += name
    if name:
        words += ["".join(name), "".join(name[1:]), "".join(name[-2:]), name[-1] + name[0]]
    unit = re.findall(r"\w+", unmarked(unit_name))
    words += [w for w in unit if len(w) >= 3] + [
        a + b for a, b in zip(unit, unit[1:], strict=False)
    ]
    return [w for w in dict.fromkeys(words) if w]


def _vietnamese(messages: Iterable[str]) -> list[str]:
    return [FEEDBACK_VI[m] for m in messages if m in FEEDBACK_VI]


def _estimate(password: str, words: list[str]) -> dict:
    with _ESTIMATE_LOCK:
        return zxcvbn(password[:_ESTIMATE_LENGTH], user_inputs=[*words, *VIETNAMESE_WORDS])


def _weakness(password: str, words: list[str]) -> str | None:
    """zxcvbn's judgement with the person's words known: None when strong enough.

    The password is judged as typed and without its separators too ("Huy-Pham-1990!" is
    "HuyPham1990" to anyone who tries names and years): the weaker of the two counts.
    """
    squeezed = re.sub(r"[\W_]+", "", password)
    results = [_estimate(p, words) for p in dict.fromkeys([password, squeezed]) if p]
    result = min(results, key=lambda r: r["score"])
    if result["score"] >= MIN_SCORE:
        return None
    own = any(m.get("matched_word") in words for m in result["sequence"])
    warning = OWN_DATA if own else "".join(_vietnamese([result["feedback"]["warning"]]))
    advice = _vietnamese(result["feedback"]["suggestions"])[:1] or [GENERAL_ADVICE]
    return " ".join(["Mật khẩu này dễ bị dò ra.", *filter(None, [warning]), *advice])


def password_problem(
    password: str,
    *,
    cccd: str = "",
    birth_year: int | None = None,
    full_name: str = "",
    unit_name: str = "",
    unit_code: str = "",
) -> str | None:
    """A Vietnamese message saying why the password is refused, or None when it is acceptable.

    Besides the fixed rules, zxcvbn estimates how many guesses it takes, knowing the person's
    own data (CCCD, name, year of birth, unit); a score below MIN_SCORE is refused.
    """
    if not password:
        return f"Vui lòng đặt mật khẩu (ít nhất {MIN_LENGTH} ký tự)."
    if len(password) < MIN_LENGTH:
        return f"Mật khẩu phải có ít nhất {MIN_LENGTH} ký tự."
    if len(password) > MAX_LENGTH:
        return f"Mật khẩu không được dài quá {MAX_LENGTH} ký tự."
    if cccd and cccd in password:
        return "Mật khẩu không được chứa số CCCD."
    if birth_year and password.strip() == str(birth_year):
        return "Mật khẩu không được là năm sinh."
    if password.casefold() in COMMON or len(set(password)) <= 2:
        return "Mật khẩu quá dễ đoán, vui lòng chọn mật khẩu khác."
    words = known_words(
        cccd=cccd,
        birth_year=birth_year,
        full_name=full_name,
        unit_name=unit_name,
        unit_code=unit_code,
    )
    return _weakness(password, words)
