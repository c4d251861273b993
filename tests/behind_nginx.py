"""deploy/nginx.conf run as written in front of app processes: a throwaway certificate, free ports,
and an access log that names the process behind each request (for the tests and the load test)."""

import re
import shutil
import ssl
import subprocess
import time
import urllib.request
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support import ROOT, Server, free_port, streamlit_server

NGINX_CONF = ROOT / "deploy" / "nginx.conf"
ROUTE_COOKIE = "__Host-cdht_route"
# Only in the wrapper the tests add around deploy/nginx.conf: which process served each request.
ROUTE_LOG = (
    "log_format cdht_routes '$cdht_route\\t$upstream_addr\\t$status\\t$request_method\\t$uri';"
)


class NginxError(RuntimeError):
    """nginx is missing, refused the configuration or did not answer."""


@dataclass(frozen=True)
class Hit:
    """One line of the access log."""

    route: str
    upstream: str
    status: int
    method: str
    path: str


@dataclass(frozen=True)
class Proxy:
    """A running nginx: its https and http addresses and its access log."""

    base: str
    plain: str
    access_log: Path

    def hits(self) -> list[Hit]:
        if not self.access_log.exists():
            return []
        lines = self.access_log.read_text(encoding="utf-8").splitlines()
        return [
            Hit(route, upstream, int(status), method, path)
            for route, upstream, status, method, path in (line.split("\t") for line in lines)
        ]


def _replace(text: str, pattern: str, new: str) -> str:
    """`text` with `pattern` (a regex) replaced; fails when deploy/nginx.conf no longer has it,
    so a change to the file cannot silently escape the test."""
    changed, count = re.subn(pattern, new, text, flags=re.M)
    if not count:
        raise NginxError(f"deploy/nginx.conf no longer matches {pattern!r}")
    return changed


def site_config(upstream_ports: list[int], https: int, http: int, cert: Path, key: Path) -> str:
    """deploy/nginx.conf with only its ports and certificate paths changed."""
    servers = "".join(f"    server 127.0.0.1:{port};\n" for port in upstream_ports)
    text = _replace(NGINX_CONF.read_text(encoding="utf-8"), r"^ *server 127\.0\.0\.1:\d+;.*\n", "")
    text = _replace(text, r"^( *hash \$cdht_route consistent;\n)", rf"\g<1>{servers}")
    text = _replace(text, r"listen 443 ssl http2;", f"listen 127.0.0.1:{https} ssl http2;")
    text = _replace(text, r"listen 80;", f"listen 127.0.0.1:{http};")
    text = _replace(text, r"/etc/ssl/certs/cdht\.pem", str(cert))
    return _replace(text, r"/etc/ssl/private/cdht\.key", str(key))


def self_signed(workdir: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 valid one day, and its key."""
    cert, key = workdir / "cdht.pem", workdir / "cdht.key"
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1"]
        + ["-subj", "/CN=127.0.0.1", "-keyout", str(key), "-out", str(cert)],
        check=True,
        capture_output=True,
    )
    return cert, key


def insecure() -> ssl.SSLContext:
    """A client context that accepts the self-signed certificate."""
    context = ssl.create_default_context()
    context.check_hostname = False
    context.verify_mode = ssl.CERT_NONE
    return context


def _wrapper(workdir: Path, site: str) -> str:
    temp = workdir / "temp"
    temp.mkdir(exist_ok=True)
    paths = "".join(
        f"  {kind}_temp_path {temp}/{kind};\n"
        for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
    )
    return (
        f"daemon off;\nmaster_process off;\npid {workdir}/nginx.pid;\n"
        # Two connections per open page (browser side, app side): room for a load test.
        f"error_log {workdir}/error.log;\nworker_rlimit_nofile 16384;\n"
        f"events {{ worker_connections 8192; }}\nhttp {{\n  {ROUTE_LOG}\n"
        f"  access_log {workdir}/access.log cdht_routes;\n{paths}{site}}}\n"
    )


def _wait_healthy(proc: subprocess.Popen, base: str, workdir: Path) -> None:
    deadline = time.monotonic() + 20
    while True:
        try:
            urllib.request.urlopen(f"{base}/_stcore/health", context=insecure(), timeout=2)
            return
        except OSError:
            if proc.poll() is not None or time.monotonic() > deadline:
                out = proc.stdout.read().decode() if proc.poll() is not None else ""
                log = workdir / "error.log"
                errors = log.read_text() if log.exists() else ""
                raise NginxError(f"nginx did not start:\n{out}\n{errors}") from None
            time.sleep(0.2)


@contextmanager
def nginx(upstream_ports: list[int], workdir: Path) -> Iterator[Proxy]:
    """deploy/nginx.conf in front of the app processes on `upstream_ports`, on free ports of
    127.0.0.1 with a self-signed certificate; yields it once it answers."""
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    if not Path(binary).exists():
        raise NginxError("nginx is not installed: run `make test` (it installs it as root)")
    https, http = free_port(), free_port()
    cert, key = self_signed(workdir)
    conf = workdir / "nginx.conf"
    site = site_config(upstream_ports, https, http, cert, key)
    conf.write_text(_wrapper(workdir, site), encoding="utf-8")
    proc = subprocess.Popen(
        [binary, "-c", str(conf), "-p", str(workdir)],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"https://127.0.0.1:{https}"
    try:
        _wait_healthy(proc, base, workdir)
        yield Proxy(base, f"http://127.0.0.1:{http}", workdir / "access.log")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@contextmanager
def app_processes(database_url: str, count: int, env: dict[str, str]) -> Iterator[list[Server]]:
    """`count` app processes (`streamlit run server.py`) on one database with `env` added,
    started side by side; yields them once all are healthy."""
    env = {"CDHT_DATABASE_URL": database_url, **env}
    with ExitStack() as stack, ThreadPoolExecutor(count) as pool:
        started = pool.map(
            lambda _: stack.enter_context(streamlit_server("server.py", env)), range(count)
        )
        yield list(started)
