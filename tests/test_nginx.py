"""The nginx configuration of docs/DEPLOY.md, run as written (a test certificate, free ports):
its security headers reach the browser, the login works through it over https with `__Host-`
Secure cookies, and an address a visitor forges in X-Forwarded-For is never believed."""

import re
import shutil
import ssl
import subprocess
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import sqlalchemy as sa
from playwright.sync_api import sync_playwright

from tests.support import (
    DESKTOP,
    MANAGER_CCCD,
    MANAGER_PASSWORD,
    ROOT,
    app_server,
    free_port,
    launch,
    log_in,
    set_up_unit,
)

FORGED = "203.0.113.66"


def deploy_block() -> str:
    text = (ROOT / "docs" / "DEPLOY.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```nginx\n(.*?)```", text, re.S)
    assert len(blocks) == 1, "DEPLOY.md should hold exactly one nginx block"
    return blocks[0]


@contextmanager
def nginx(upstream_port: int, workdir: Path) -> Iterator[tuple[str, str]]:
    """DEPLOY.md's nginx in front of the app on `upstream_port`; yields its https and http
    addresses."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        pytest.fail("nginx is not installed: run `make test` (it installs it as root)")
    https, http = free_port(), free_port()
    cert, key = workdir / "cdht.pem", workdir / "cdht.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            str(key),
            "-out",
            str(cert),
        ],
        check=True,
        capture_output=True,
    )
    block = deploy_block()
    block = re.sub(
        r"upstream cdht \{[^}]*\}",
        f"upstream cdht {{ ip_hash; server 127.0.0.1:{upstream_port}; }}",
        block,
    )
    block = block.replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
    block = block.replace("listen 80;", f"listen 127.0.0.1:{http};")
    block = block.replace("/etc/ssl/certs/cdht.pem", str(cert))
    block = block.replace("/etc/ssl/private/cdht.key", str(key))
    temp = workdir / "temp"
    temp.mkdir()
    conf = workdir / "nginx.conf"
    conf.write_text(
        f"daemon off;\nmaster_process off;\npid {workdir}/nginx.pid;\n"
        f"error_log {workdir}/error.log;\nevents {{}}\nhttp {{\n  access_log off;\n"
        + "".join(
            f"  {kind}_temp_path {temp}/{kind};\n"
            for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + block
        + "}\n",
        encoding="utf-8",
    )
    proc = subprocess.Popen(
        [binary, "-c", str(conf), "-p", str(workdir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"https://127.0.0.1:{https}"
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                urllib.request.urlopen(f"{base}/_stcore/health", context=_insecure(), timeout=2)
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    out = proc.stdout.read().decode() if proc.poll() is not None else ""
                    log = (
                        (workdir / "error.log").read_text()
                        if (workdir / "error.log").exists()
                        else ""
                    )
                    pytest.fail(f"nginx did not start:\n{out}\n{log}")
                time.sleep(0.2)
        yield base, f"http://127.0.0.1:{http}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def _insecure() -> ssl.SSLContext:
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def test_deploy_nginx_headers_https_login_and_forged_addresses(tmp_path):
    url = f"sqlite:///{tmp_path / 'cdht.db'}"
    set_up_unit(url, 2026, name="Sở Giáo dục và Đào tạo")
    env = {"CDHT_CLIENT_ADDRESS_HEADER": "X-Forwarded-For"}
    with app_server(url, env) as app, nginx(int(app.rsplit(":", 1)[1]), tmp_path) as (base, plain):
        with urllib.request.urlopen(f"{base}/", context=_insecure(), timeout=10) as page:
            headers = page.headers
        assert headers["Strict-Transport-Security"].startswith("max-age=31536000")
        assert "frame-ancestors 'self'" in headers["Content-Security-Policy"]
        assert headers["X-Frame-Options"] == "SAMEORIGIN"
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert "nginx/" not in (headers["Server"] or "")  # no version handed to scanners

        class Stay(urllib.request.HTTPRedirectHandler):
            def redirect_request(self, *args, **kwargs):
                return None

        with pytest.raises(urllib.error.HTTPError) as moved:
            urllib.request.build_opener(Stay).open(f"{plain}/dang-ky", timeout=10)
        assert moved.value.code == 301
        assert moved.value.headers["Location"].startswith("https://")

        with sync_playwright() as p:
            browser = launch(p)
            context = browser.new_context(
                viewport=DESKTOP,
                ignore_https_errors=True,
                extra_http_headers={"X-Forwarded-For": FORGED},
            )
            page = context.new_page()
            log_in(page, base, MANAGER_CCCD, MANAGER_PASSWORD)
            cookies = {c["name"]: c for c in context.cookies()}
            browser.close()
    assert cookies["__Host-cdht_session"]["secure"] and cookies["__Host-cdht_session"]["httpOnly"]
    engine = sa.create_engine(url)
    with engine.connect() as conn:
        clients = (
            conn.execute(sa.text("SELECT client FROM auditevent WHERE action = 'login'"))
            .scalars()
            .all()
        )
    engine.dispose()
    assert clients == ["127.0.0.1"]  # nginx's own view of the visitor, not the forged address
