"""User text inside Markdown is shown literally."""

from cdht.ui.text import WORD_JOINER, md


def test_markdown_html_and_directives_are_escaped():
    assert md("**Lê** <b>x</b> :red[y] [a](x)") == (
        r"\*\*Lê\*\* \<b\>x\<\/b\> \:red\[y\] \[a\]\(x\)"
    )
    assert md("Nguyễn Văn An") == "Nguyễn Văn An"


def test_bare_addresses_are_broken_so_they_do_not_become_links():
    shown = md("Xem https://evil.example, WWW.evil.example hoặc a@evil.example")
    assert "https:" + WORD_JOINER in shown.replace("\\", "")
    assert "WWW" + WORD_JOINER in shown
    assert "@" + WORD_JOINER in shown
    # What a reader sees is what was typed.
    assert shown.replace("\\", "").replace(WORD_JOINER, "") == (
        "Xem https://evil.example, WWW.evil.example hoặc a@evil.example"
    )
