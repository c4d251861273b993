"""Vietnamese alphabetical order, as official lists use it.

Letters: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z placed as in Latin).
Text compares syllable by syllable (a word between spaces is a syllable), as a Vietnamese
dictionary does: a syllable's letters first, then its tone (ngang, huyền, hỏi, ngã, sắc, nặng),
then the next syllable. A tone belongs to the syllable, not to a letter, so the old and the new
placement of the mark ("Thủy" and "Thuỷ", "Hòa" and "Hoà", "Khỏe" and "Khoẻ") are one name.
"Ð" (U+00D0, Icelandic eth, which old font converters wrote for "Đ") is read as "Đ".
"""

import unicodedata
from functools import lru_cache

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
# Letters that are another letter in disguise, after case folding.
_SAME_LETTER = {"ð": "đ"}
# Combining marks that make a new letter, keyed by (base, mark).
_MODIFIED = {
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
# A key is a plain string (strings compare faster than tuples): per syllable, one character per
# letter (its rank + 2), then _SYLLABLE_END, then one character for the tone (its rank + 2). As
# _SYLLABLE_END sorts before any letter, a syllable comes before the longer ones it begins
# ("Hà" before "Hai"); as every syllable's part has this shape, keys of several syllables compare
# syllable by syllable, and a text comes before the longer texts it begins.
_SYLLABLE_END = "\x01"


def _rank_char(rank: int) -> str:
    return chr(min(rank + 2, 0x10FFFF))


@lru_cache(maxsize=16384)
def _syllable(word: str) -> str:
    """The key of one syllable (NFC text). Names repeat the same few thousand syllables, hence
    the cache."""
    letters: list[str] = []
    tone = 0
    for ch in word.casefold():
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = _SAME_LETTER.get(decomposed[0], decomposed[0]), decomposed[1:]
        for mark in marks:
            if (base, mark) in _MODIFIED:
                base = _MODIFIED[(base, mark)]
            elif mark in _TONE_RANK:
                tone = max(tone, _TONE_RANK[mark])
        rank = _LETTER_RANK.get(base)
        letters.append(_rank_char(rank if rank is not None else 100 + ord(base)))
    return "".join(letters) + _SYLLABLE_END + _rank_char(tone)


def syllable_key(word: str) -> str:
    """A syllable's letters followed by its tone, wherever the mark sits: "thủy" and "thuỷ" give
    one key. Case is ignored."""
    return _syllable(unicodedata.normalize("NFC", word))


def sort_key(text: str) -> str:
    """Key for sorting any Vietnamese text in alphabetical order, syllable by syllable."""
    return "".join(_syllable(w) for w in unicodedata.normalize("NFC", text).split())


def name_sort_key(full_name: str) -> str:
    """Key for people's names: the given name (last word) first, then the family name (first
    word), then the middle names in their order; each compared wholly, tone included."""
    words = unicodedata.normalize("NFC", full_name).split()
    ordered = words[-1:] + words[:1] + words[1:-1] if len(words) > 1 else words
    return "".join(_syllable(w) for w in ordered)
