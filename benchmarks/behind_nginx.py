"""N app processes on one database behind deploy/nginx.conf as written, for `make loadtest` and
by hand: the processes on free ports of 127.0.0.1, nginx on a free https port with a self-signed
certificate (tests/behind_nginx.py, the code tests/test_nginx.py runs).

    .venv/bin/python -m benchmarks.behind_nginx --processes 4 --database-url postgresql+psycopg://…

The database must be migrated already (`python -m cdht --database-url … init`). Once everything
answers it prints the https address on the first line, then one line of JSON: that address,
nginx's access log (route, process, status, method, path of each request) and each process's
address and pid (to read its CPU time and memory). It runs until interrupted (Ctrl+C, SIGTERM).
A client stays on one process by keeping the `__Host-cdht_route` cookie nginx sets on its first
answer (or by sending its own, 32 hexadecimal digits); without it, each request may land on any
process, and a Streamlit session breaks.
"""

import argparse
import json
import os
import secrets
import signal
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.behind_nginx import app_processes, nginx  # noqa: E402


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--processes", type=int, default=2, help="app processes (default 2)")
    parser.add_argument(
        "--database-url",
        default=os.environ.get("CDHT_DATABASE_URL"),
        help="the database every process uses (default: CDHT_DATABASE_URL)",
    )
    args = parser.parse_args(argv)
    if not args.database_url:
        parser.error("--database-url or CDHT_DATABASE_URL is required")
    stop = threading.Event()
    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, lambda *_: stop.set())
    with tempfile.TemporaryDirectory(prefix="cdht-nginx-") as workdir:
        env = {  # what /etc/cdht.env gives every process (docs/DEPLOY.md)
            "CDHT_CLIENT_ADDRESS_HEADER": "X-Forwarded-For",
            "STREAMLIT_SERVER_COOKIE_SECRET": secrets.token_hex(32),
            "CDHT_EVIDENCE_DIR": str(Path(workdir) / "evidence"),
        }
        with (
            app_processes(args.database_url, args.processes, env) as servers,
            nginx([int(s.base.rsplit(":", 1)[1]) for s in servers], Path(workdir)) as proxy,
        ):
            details = {
                "url": proxy.base,
                "access_log": str(proxy.access_log),
                "processes": [{"url": s.base, "pid": s.pid} for s in servers],
            }
            print(proxy.base, json.dumps(details), sep="\n", flush=True)
            stop.wait()


if __name__ == "__main__":
    main()
