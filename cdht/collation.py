"""Vietnamese alphabetical order, as official lists use it.

Letters: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z placed as in Latin).
Words compare by their letters first; tones (none, huyền, hỏi, ngã, sắc, nặng) only break ties.
"""

import unicodedata
from functools import lru_cache

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_LETTER_RANK = {ch: i for i, ch in enumerate(_ALPHABET)}
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
# Keys are plain strings, one character per letter or tone (its rank + 2), so that sorting
# compares strings, not tuples. A word ends with _WORD_END, which sorts before any letter: a word
# comes before the longer words it begins. _PART_END separates the parts of a key (letters,
# tones; given name, rest) and sorts before everything: fewer words come first.
_PART_END = "\x00"
_WORD_END = "\x01"


def _rank_char(rank: int) -> str:
    return chr(min(rank + 2, 0x10FFFF))


@lru_cache(maxsize=16384)
def _word_key(word: str) -> tuple[str, str]:
    """The word's letters and its tones, each as a string ending with _WORD_END. Names repeat the
    same few thousand words, hence the cache."""
    letters: list[str] = []
    tones: list[str] = []
    for ch in word.casefold():
        decomposed = unicodedata.normalize("NFD", ch)
        base, marks = decomposed[0], decomposed[1:]
        tone = 0
        for mark in marks:
            if (base, mark) in _MODIFIED:
                base = _MODIFIED[(base, mark)]
            elif mark in _TONE_RANK:
                tone = _TONE_RANK[mark]
        rank = _LETTER_RANK.get(base)
        letters.append(_rank_char(rank if rank is not None else 100 + ord(base)))
        tones.append(_rank_char(tone))
    return "".join(letters) + _WORD_END, "".join(tones) + _WORD_END


def syllable_key(word: str) -> str:
    """A word's letters followed by its tone, wherever the mark sits: "thủy" and "thuỷ" give one
    key (a tone belongs to the syllable, not to a letter). Case is ignored."""
    letters, tones = _word_key(unicodedata.normalize("NFC", word))
    return letters + max(tones)


def sort_key(text: str) -> str:
    """Key for sorting any Vietnamese text in alphabetical order: letters first, then tones."""
    words = [_word_key(w) for w in unicodedata.normalize("NFC", text).split()]
    return "".join(w[0] for w in words) + _PART_END + "".join(w[1] for w in words)


def name_sort_key(full_name: str) -> str:
    """Key for people's names: the given name (last word) wholly first, tones included, then the rest."""
    words = full_name.split()
    if not words:
        return ""
    return sort_key(words[-1]) + _PART_END + sort_key(" ".join(words[:-1]))
