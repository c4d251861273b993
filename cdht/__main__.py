"""Command line for operators and scripts: `python -m cdht COMMAND`."""

import argparse
import sys
from datetime import date
from pathlib import Path

from sqlmodel import Session, select

from cdht import cccd as cccd_rules
from cdht.cccd import CccdError
from cdht.config import ROOT, ConfigError, load_settings
from cdht.criteria import GROUPS, CriteriaError, load_all
from cdht.db.accounts import AccountError, create_user, set_role
from cdht.db.backup import BackupError, backup, restore
from cdht.db.engine import init_db, make_engine
from cdht.db.membership import MembershipError, decide
from cdht.db.models import Account
from cdht.db.roster_rows import export_roster
from cdht.db.setup import prepare_system
from cdht.db.staff import export_staff, replace_staff
from cdht.db.units import UnitError, create_unit, find_unit_by_code, set_unit_window
from cdht.roles import ROLES
from cdht.staff_import import StaffFileError, parse_staff_xlsx
from cdht.text import TextError
from cdht.window import now_utc

DEMO_DB_PATH = ROOT / "data" / "demo.db"


class CliError(Exception):
    """A failure reported as one line on stderr with a non-zero exit."""


def _session(args: argparse.Namespace) -> Session:
    url = args.database_url or load_settings().database_url
    engine = make_engine(url)
    init_db(engine)
    return Session(engine, expire_on_commit=False)


def _unit_id(session: Session, code: str) -> int:
    unit = find_unit_by_code(session, code)
    if unit is None:
        raise CliError(f"no unit with code {code!r}")
    return unit.id


def cmd_init(args: argparse.Namespace) -> None:
    load_all(load_settings().criteria_dir)
    with _session(args) as session:
        prepared = prepare_system(session, now=now_utc())
    print(f"database ready ({prepared.pruned} expired attempt counters removed)")
    if code := prepared.code:
        # Printed here only: the database keeps its hash, no file or log gets the code.
        print("No account yet. On the first page of the app (Khởi tạo hệ thống), enter the")
        print(f"one-time setup code: {code}")
        print("Running `python -m cdht init` again replaces it with a new code.")


def cmd_unit_create(args: argparse.Namespace) -> None:
    with _session(args) as session:
        unit = create_unit(
            session,
            None,
            name=args.name,
            code=args.code,
            contact_name=args.contact or "",
            contact_phone=args.phone or "",
            default_group=args.group,
            parent_code=args.parent,
            now=now_utc(),
        )
    print(f"created unit {unit.name!r}")
    print(unit.code)


def cmd_unit_window(args: argparse.Namespace) -> None:
    with _session(args) as session:
        unit_id = _unit_id(session, args.unit)
        window = set_unit_window(
            session,
            None,
            unit_id=unit_id,
            year=args.year,
            opens_on=args.opens,
            closes_on=args.closes,
            now=now_utc(),
        )
    print(f"window {args.year}: {window.opens_on.isoformat()} .. {window.closes_on.isoformat()}")


def cmd_user_create(args: argparse.Namespace) -> None:
    if not args.password_stdin:
        raise CliError("pass the password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    with _session(args) as session:
        who = create_user(
            session,
            unit_code=args.unit,
            cccd=args.cccd,
            full_name=args.name,
            role=args.role,
            password=password,
            now=now_utc(),
        )
    print(f"created {who.role} {who.cccd_masked}")


def cmd_user_decide(args: argparse.Namespace) -> None:
    approve = args.action == "approve"
    number = cccd_rules.normalise(args.cccd)
    with _session(args) as session:
        unit_id = _unit_id(session, args.unit)
        account = session.exec(
            select(Account).where(Account.unit_id == unit_id, Account.cccd == number)
        ).first()
        if account is None:
            raise CliError(f"no account with CCCD {cccd_rules.mask(number)} in unit {args.unit!r}")
        decide(
            session, None, unit_id=unit_id, approve=approve, now=now_utc(), account_ids=[account.id]
        )
    print(f"{'approved' if approve else 'rejected'} {cccd_rules.mask(number)}")


def cmd_user_role(args: argparse.Namespace) -> None:
    number = cccd_rules.normalise(args.cccd)
    with _session(args) as session:
        account = session.exec(select(Account).where(Account.cccd == number)).first()
        if account is None:
            raise CliError(f"no account with CCCD {cccd_rules.mask(number)}")
        set_role(session, None, account_id=account.id, role=args.role, now=now_utc())
    print(f"{cccd_rules.mask(number)} is now {args.role}; their sessions were ended")


def cmd_staff_import(args: argparse.Namespace) -> None:
    with _session(args) as session:
        unit_id = _unit_id(session, args.unit)
        entries, errors = parse_staff_xlsx(Path(args.file).read_bytes())
        if errors:
            for e in errors:
                print(f"dòng {e.row}, cột {e.column}: {e.message}", file=sys.stderr)
            raise CliError(f"{len(errors)} error(s) in {args.file}; nothing stored")
        if not entries:
            raise CliError(f"no people in {args.file}; nothing stored")
        stored = replace_staff(session, None, unit_id=unit_id, entries=entries, now=now_utc())
    print(f"stored {stored} people")


def cmd_staff_export(args: argparse.Namespace) -> None:
    with _session(args) as session:
        unit_id = _unit_id(session, args.unit)
        data = export_staff(session, None, unit_id=unit_id, now=now_utc())
    Path(args.out).write_bytes(data)
    print(f"wrote {args.out}")


def cmd_roster_export(args: argparse.Namespace) -> None:
    with _session(args) as session:
        unit_id = _unit_id(session, args.unit)
        criteria = load_all(load_settings().criteria_dir)
        data = export_roster(
            session, None, unit_id=unit_id, year=args.year, criteria=criteria, now=now_utc()
        )
    Path(args.out).write_bytes(data)
    print(f"wrote {args.out}")


def cmd_backup(args: argparse.Namespace) -> None:
    url = args.database_url or load_settings().database_url
    pages = backup(url, Path(args.out))
    print(f"wrote {args.out} ({pages} pages)")


def cmd_restore(args: argparse.Namespace) -> None:
    url = args.database_url or load_settings().database_url
    restore(url, Path(args.file))
    print(f"restored {args.file}")


def cmd_demo(args: argparse.Namespace) -> None:
    from cdht.demo import build_demo

    url = args.database_url or f"sqlite:///{DEMO_DB_PATH}"
    for line in build_demo(url):
        print(line)


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from exc


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m cdht", description="CDHT operator commands")
    p.add_argument("--database-url", help="overrides CDHT_DATABASE_URL")
    sub = p.add_subparsers(dest="command", required=True)
    sub.add_parser(
        "init",
        help="create or upgrade the database; while it has no account, print a new one-time "
        "setup code for the first-run page",
    ).set_defaults(func=cmd_init)

    unit = sub.add_parser("unit", help="units").add_subparsers(dest="action", required=True)
    c = unit.add_parser("create", help="create a unit; prints its code on the last line")
    c.add_argument("--name", required=True)
    c.add_argument("--code", help="8 letters or digits; random when left out")
    c.add_argument("--contact", help="contact person shown on the guide page")
    c.add_argument("--phone", help="contact phone")
    c.add_argument("--group", choices=GROUPS, default="III", help="default citizen group")
    c.add_argument("--parent", help="code of the unit this one belongs to (an association)")
    c.set_defaults(func=cmd_unit_create)
    w = unit.add_parser("window", help="set a unit's assessment window for a year")
    w.add_argument("--unit", required=True, help="unit code")
    w.add_argument("--year", type=int, required=True)
    w.add_argument("--opens", type=_date, required=True, help="YYYY-MM-DD")
    w.add_argument("--closes", type=_date, required=True, help="YYYY-MM-DD (last day, inclusive)")
    w.set_defaults(func=cmd_unit_window)

    user = sub.add_parser("user", help="accounts").add_subparsers(dest="action", required=True)
    u = user.add_parser("create", help="create a manager, leader or admin account")
    u.add_argument("--unit", required=True, help="unit code")
    u.add_argument("--cccd", required=True)
    u.add_argument("--name", required=True)
    u.add_argument("--role", required=True, choices=ROLES)
    u.add_argument("--password-stdin", action="store_true", help="read the password from stdin")
    u.set_defaults(func=cmd_user_create)
    for action in ("approve", "reject"):
        a = user.add_parser(action, help=f"{action} a person who is waiting for a unit's approval")
        a.add_argument("--unit", required=True, help="unit code")
        a.add_argument("--cccd", required=True, help="the person's CCCD number")
        a.set_defaults(func=cmd_user_decide)

    ro = user.add_parser(
        "role", help="give an existing account another role (ends its sessions; audited)"
    )
    ro.add_argument("--cccd", required=True, help="the person's CCCD number")
    ro.add_argument("--role", required=True, choices=ROLES)
    ro.set_defaults(func=cmd_user_role)

    staff = sub.add_parser("staff", help="a unit's staff list").add_subparsers(
        dest="action", required=True
    )
    si = staff.add_parser(
        "import",
        help="replace a unit's staff list with an .xlsx file (all rows or nothing)",
        description="Replace a unit's staff list with the rows of an .xlsx file in the template's "
        "layout. Nothing is stored when any row is wrong; people on the new list who were "
        "waiting for approval (or had been rejected) are approved.",
    )
    si.add_argument("--unit", required=True, help="unit code")
    si.add_argument("--file", required=True, help="the .xlsx file (template columns)")
    si.set_defaults(func=cmd_staff_import)
    se = staff.add_parser(
        "export", help="write a unit's staff list as .xlsx (can be imported again unchanged)"
    )
    se.add_argument("--unit", required=True, help="unit code")
    se.add_argument("--out", required=True, help="the .xlsx file to write")
    se.set_defaults(func=cmd_staff_export)

    roster = sub.add_parser("roster", help="lists").add_subparsers(dest="action", required=True)
    r = roster.add_parser("export", help="write a unit's list for a year as .xlsx")
    r.add_argument("--unit", required=True, help="unit code")
    r.add_argument("--year", type=int, required=True)
    r.add_argument("--out", required=True)
    r.set_defaults(func=cmd_roster_export)

    b = sub.add_parser("backup", help="online backup of the SQLite database to a new file")
    b.add_argument("--out", required=True)
    b.set_defaults(func=cmd_backup)
    rs = sub.add_parser("restore", help="replace the SQLite database with a backup file")
    rs.add_argument("file")
    rs.set_defaults(func=cmd_restore)

    d = sub.add_parser("demo", help="fill a separate demo database (default data/demo.db)")
    d.set_defaults(func=cmd_demo)
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except (
        CliError,
        BackupError,
        AccountError,
        UnitError,
        TextError,
        CccdError,
        CriteriaError,
        ConfigError,
        MembershipError,
        StaffFileError,
        OSError,
    ) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
