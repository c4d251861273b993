"""What a person sees or a screen reader reads on a page, and the English in it: the check that no
English reaches the user, run on every page and state the accessibility audit opens."""

import re
import unicodedata

# Every text a person sees or a screen reader reads: visible text (material icons' ligatures left
# out: they draw an icon) and the attributes that name or describe an element that is drawn (a
# screen reader skips one that is not), or a frame (whose title is read even when it is tiny).
TEXTS = """() => {
  const found = new Set();
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const el = walker.currentNode.parentElement;
    const text = walker.currentNode.nodeValue.trim();
    if (text && el && el.checkVisibility() && !el.closest(
        'script, style, [data-testid=stIconMaterial], [translate=no]')) found.add(text);
  }
  for (const name of ['aria-label', 'title', 'placeholder', 'alt', 'aria-description']) {
    for (const el of document.querySelectorAll(`[${name}]`)) {
      if (el.checkVisibility() || el.tagName === 'IFRAME') found.add(el.getAttribute(name));
    }
  }
  return [...found];
}"""
# A syllable Vietnamese spells (without its marks): initial consonant, vowels, final consonant.
SYLLABLE = re.compile(r"(ngh|ng|gh|gi|kh|nh|ph|qu|th|tr|ch|[bcdđghklmnprstvx])?[aeiouy]{1,3}"
                      r"(ch|nh|ng|[cmnpt])?")  # fmt: skip
# Words that are not Vietnamese syllables and are meant: names of programs, keys and loanwords the
# app's Vietnamese uses (abbreviations in capitals, as CCCD, PDF, UBND, are allowed too).
ALLOWED = {"Excel", "xlsx", "docx", "Mpx", "Enter", "Tab", "Ctrl", "menu", "Menu", "link", "Email", "email",
           "internet", "Word", "http", "https", "Chrome", "Firefox", "Safari", "Edge", "Opera",
           "Linux", "Windows", "Android", "iOS", "iPhone", "macOS"}  # fmt: skip
# A unit code (8 letters or digits, a capital after the first), a one-time password or anything
# written with a digit (a version "324-2023-cdht.1", a number "324/QĐ-KHVN"): no word.
CODE = re.compile(r"\S*\d\S*|\b\w(?=\w*[A-Z])\w{7,}\b")


def english(texts: list[str]) -> list[str]:
    """The texts holding a word that is neither a Vietnamese syllable nor allowed."""
    found = []
    for text in texts:
        marked = unicodedata.normalize("NFD", CODE.sub(" ", text))
        plain = "".join(c for c in marked if not unicodedata.combining(c))
        words = re.findall(r"[^\W\d_]+", plain)
        if any(
            w.isascii()
            and w not in ALLOWED
            and not (w.isupper() and len(w) <= 5)
            and not SYLLABLE.fullmatch(w.lower())
            for w in words
        ):
            found.append(text)
    return found
