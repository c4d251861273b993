"""User text inside Markdown is shown literally."""

from cdht.ui.text import md


def test_markdown_html_and_directives_are_escaped():
    assert md("**Lê** <b>x</b> :red[y] [a](http://x)") == (
        r"\*\*Lê\*\* \<b\>x\<\/b\> \:red\[y\] \[a\]\(http\:\/\/x\)"
    )
    assert md("Nguyễn Văn An") == "Nguyễn Văn An"
