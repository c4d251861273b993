"""The load test's people: one unit with N citizens of known passwords, its window open today.

Made through the data layer (`create_unit`, `set_unit_window`, `create_user`), as the command
line makes a unit and its accounts. Also checks, after a run, that every stored result equals
the answers the generator last sent for that person.

    python -m benchmarks.load.citizens --database-url URL --count 200 --out citizens.csv
    python -m benchmarks.load.citizens --database-url URL --verify sent.jsonl
"""

import argparse
import csv
import json
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from cdht.db.accounts import create_user
from cdht.db.engine import init_db, make_engine
from cdht.db.models import Account, Assessment
from cdht.db.units import create_unit, set_unit_window
from cdht.window import local_year, now_utc

UNIT_NAME = "Sở Thử tải (dữ liệu thử)"


@dataclass(frozen=True)
class Citizen:
    cccd: str
    password: str


def cccd_number(n: int) -> str:
    """A valid CCCD number (Quảng Ngãi, a man born in 1990) made unique by `n`."""
    return f"051090{n:06d}"


def _letters(n: int) -> str:
    """A name made unique by `n`, of letters only (a full name has no digits): 0 → "Aa"."""
    word = ""
    while True:
        n, rest = divmod(n, 26)
        word = chr(ord("a") + rest) + word
        if not n:
            return "A" + word


def create_citizens(url: str, count: int) -> list[Citizen]:
    """A new unit (window: all of this year) and `count` citizens in it."""
    engine = make_engine(url)
    init_db(engine)
    now = now_utc()
    year = local_year(now)
    people = [Citizen(cccd_number(n), f"tram-lua-{n}-bien-xanh-tho") for n in range(count)]
    with Session(engine, expire_on_commit=False) as session:
        unit = create_unit(session, None, name=UNIT_NAME, now=now)
        set_unit_window(
            session,
            None,
            unit_id=unit.id,
            year=year,
            opens_on=date(year, 1, 1),
            closes_on=date(year, 12, 31),
            now=now,
        )
        for n, person in enumerate(people):
            create_user(
                session,
                unit_code=unit.code,
                cccd=person.cccd,
                full_name=f"Nguyễn Văn {_letters(n)}",
                role="citizen",
                password=person.password,
                now=now,
            )
    engine.dispose()
    return people


def read_citizens(path: Path) -> list[Citizen]:
    with path.open(newline="") as f:
        return [Citizen(row["cccd"], row["password"]) for row in csv.DictReader(f)]


def write_citizens(path: Path, people: list[Citizen]) -> None:
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["cccd", "password"])
        writer.writerows((p.cccd, p.password) for p in people)


def last_sent(path: Path) -> dict[str, dict[str, int]]:
    """The answers each person last had stored according to the generator (a JSON line each:
    {"cccd": …, "answers": {indicator: points}}), later lines replacing earlier ones."""
    sent: dict[str, dict[str, int]] = {}
    if path.exists():
        for line in path.read_text().splitlines():
            row = json.loads(line)
            sent[row["cccd"]] = row["answers"]
    return sent


def mismatches(url: str, sent: dict[str, dict[str, int]]) -> list[str]:
    """Every person whose stored result is missing or differs from the answers sent."""
    engine = make_engine(url)
    with Session(engine) as session:
        rows = session.exec(
            select(Account.cccd, Assessment.answers)
            .join(Assessment, Assessment.account_id == Account.id)
            .where(Assessment.year == local_year(now_utc()))
        ).all()
    engine.dispose()
    stored = dict(rows)
    return [
        f"{cccd}: sent {answers}, stored {stored.get(cccd)}"
        for cccd, answers in sent.items()
        if stored.get(cccd) != answers
    ]


def main(argv: list[str] | None = None) -> int:
    args = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    args.add_argument("--database-url", required=True)
    args.add_argument("--count", type=int, default=0)
    args.add_argument("--out", type=Path)
    args.add_argument("--verify", type=Path, help="the generator's JSON lines of sent answers")
    opts = args.parse_args(argv)
    if opts.verify:
        sent = last_sent(opts.verify)
        wrong = mismatches(opts.database_url, sent)
        print(f"{len(sent)} results sent, {len(wrong)} stored differently or missing")
        for line in wrong[:20]:
            print(line)
        return 1 if wrong else 0
    write_citizens(opts.out, create_citizens(opts.database_url, opts.count))
    print(f"{opts.count} citizens written to {opts.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
