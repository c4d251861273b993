"""Text typed by people (a unit's name, a department, a decision's signer …) is drawn as typed on
every page of every role: no link, image or markup of an attacker's reaches the screen.

The hostile values are written straight into the database, past every input check, so the test
proves the drawing side alone: whatever gets stored, no page turns it into a live link.
"""

import re

import pytest
import sqlalchemy as sa
from playwright.sync_api import sync_playwright

from cdht.ui.text import WORD_JOINER
from tests.support import DESKTOP, TIMEOUT, app_server, cli, follow, launch, log_in, step

pytestmark = pytest.mark.browser

EVIL = "evil.example"
# Markdown link and image, raw HTML (Plotly draws <a href> in chart labels), a directive.
HOSTILE = (
    f'[Nhận](https://{EVIL}/a)![x](https://{EVIL}/t.png)<a href="https://{EVIL}/b">b</a>:red[x]'
)
# Every attribute that follows or loads an address, on every element, SVG links in charts too.
ATTRIBUTES_NAMING_EVIL = f"""() => {{
    const LOADS = ['href', 'xlink:href', 'src', 'srcset', 'action', 'formaction', 'style'];
    return [...document.querySelectorAll('*')].flatMap(e =>
    [...e.attributes].filter(a => LOADS.includes(a.name) && a.value.includes('{EVIL}')).map(a => e.tagName + ' ' + a.name + ' ' + (e.closest('[data-testid]')||e).getAttribute('data-testid') + ' ' + (e.closest('[class*=st-key]')||{{className:''}}).className.toString().slice(0,60)))}}"""


def _poison(url: str) -> None:
    engine = sa.create_engine(url)
    with engine.begin() as conn:
        conn.execute(
            sa.text("UPDATE unit SET name = :h, contact_name = :h, head_title = :h"), {"h": HOSTILE}
        )
        conn.execute(sa.text("UPDATE account SET department = :h, position = :h"), {"h": HOSTILE})
        conn.execute(sa.text("UPDATE staffmember SET department = :h"), {"h": HOSTILE})
        conn.execute(sa.text("UPDATE recognition SET department = :h"), {"h": HOSTILE})
        conn.execute(
            sa.text("UPDATE recognitiondecision SET signer_name = :h, signer_title = :h"),
            {"h": HOSTILE},
        )
    engine.dispose()


def test_typed_text_never_becomes_a_link_image_or_markup_on_any_page(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.db'}"
    made = cli(url, "demo")
    assert made.returncode == 0, made.stderr
    creds = dict(
        (role, (number, password))
        for role, number, password in re.findall(
            r"^(\w+): CCCD (\d+)  password (\S+)$", made.stdout, re.M
        )
    )
    _poison(url)
    visited, problems = [], {}
    with app_server(url) as base, sync_playwright() as p:
        browser = launch(p)
        for role in ("admin", "manager", "leader", "citizen"):
            page = browser.new_page(viewport=DESKTOP)
            log_in(page, base, *creds[role])
            links = page.locator("[data-testid=stSidebarNav] a")
            for n in range(links.count()):
                follow(page, links.nth(n))
                step(page)
                title = page.get_by_role("heading").first.inner_text()
                page.wait_for_timeout(300)  # charts draw after the script has finished
                found = page.evaluate(ATTRIBUTES_NAMING_EVIL)
                if found:
                    problems[f"{role} · {title}"] = found
                visited.append(f"{role} · {title}")
                # The unit's name (the guide) and the person's department (their data, a
                # table whose cells are Markdown) are there: shown as typed.
                if title.startswith(("Hướng dẫn", "Dữ liệu của tôi")):
                    page.wait_for_function(
                        """([text, joiner]) => document.querySelector('[data-testid=stMain]')
                            .innerText.replaceAll(joiner, '').includes(text)""",
                        arg=[HOSTILE, WORD_JOINER],
                        timeout=TIMEOUT,
                    )
            page.close()
        browser.close()
    assert problems == {}
    assert len(visited) >= 20, visited
