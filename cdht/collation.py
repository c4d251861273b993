"""Vietnamese alphabetical order, as official lists use it.

Letters: a ă â b c d đ e ê g h i k l m n o ô ơ p q r s t u ư v x y (f j w z placed as in Latin).
Words compare by their letters first; tones (none, huyền, hỏi, ngã, sắc, nặng) only break ties.
"""

import unicodedata

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


def _letters_and_tones(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    letters: list[int] = []
    tones: list[int] = []
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
        letters.append(rank if rank is not None else 100 + ord(base))
        tones.append(tone)
    return tuple(letters), tuple(tones)


def sort_key(text: str) -> tuple:
    """Key for sorting any Vietnamese text in alphabetical order."""
    words = [_letters_and_tones(w) for w in unicodedata.normalize("NFC", text).split()]
    return tuple(w[0] for w in words), tuple(w[1] for w in words)


def name_sort_key(full_name: str) -> tuple:
    """Key for people's names: the given name (last word) wholly first, tones included, then the rest."""
    words = full_name.split()
    if not words:
        return (sort_key(""), sort_key(""))
    return (sort_key(words[-1]), sort_key(" ".join(words[:-1])))
