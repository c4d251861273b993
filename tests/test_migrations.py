"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlmodel import SQLModel

from cdht.db.engine import BASELINE, init_db, make_engine


def differences(engine) -> list:
    with engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, SQLModel.metadata)


def test_upgrade_of_an_empty_database_matches_the_models(engine_url):
    engine = make_engine(engine_url)
    init_db(engine)
    assert differences(engine) == []
    init_db(engine)  # running it again changes nothing
    with engine.connect() as conn:
        heads = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
    assert len(heads) == 1
    engine.dispose()


def test_database_made_before_migrations_is_stamped_then_upgraded(tmp_path):
    from alembic import command

    from cdht.db.engine import alembic_config

    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    with engine.begin() as conn:  # the schema of the first release, made without Alembic
        command.upgrade(alembic_config(conn), BASELINE)
        conn.exec_driver_sql("DROP TABLE alembic_version")
    init_db(engine)
    assert differences(engine) == []
    with engine.connect() as conn:
        versions = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        assert versions and versions[0] >= BASELINE
        assert "unit" in sa.inspect(conn).get_table_names()
    engine.dispose()


def test_upgrade_keeps_rows_written_under_an_older_revision(engine_url):
    from alembic import command

    from cdht.db.engine import alembic_config

    engine = make_engine(engine_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0001")
        conn.exec_driver_sql(
            "INSERT INTO unit (code, code_key, name, contact_name, contact_phone, default_group,"
            " head_title, created_at) VALUES ('B51pzCjW', 'b51pzcjw', 'Ban Dân tộc', '', '',"
            " 'III', 'Trưởng ban', '2026-06-15 03:00:00')"
        )
        conn.exec_driver_sql(
            "INSERT INTO account (cccd, full_name, gender, birth_year, ethnicity, unit_id,"
            " department, position, phone, email, role, password_hash, must_change_password,"
            " consent_version, created_at) VALUES ('051090123456', 'Nguyễn Văn An', 'Nam', 1990,"
            " 'Kinh', 1, '', '', '', '', 'citizen', 'x', false, 'v1', '2026-06-15 03:00:00')"
        )
    init_db(engine)
    with engine.connect() as conn:
        row = conn.exec_driver_sql("SELECT full_name, religion FROM account").one()
    assert tuple(row) == ("Nguyễn Văn An", "")
    assert differences(engine) == []
    engine.dispose()


def test_units_named_alike_before_names_had_to_differ_keep_their_names(engine_url):
    from alembic import command
    from sqlmodel import Session

    from cdht.db.engine import alembic_config
    from cdht.db.units import NAME_TAKEN, UnitError, create_unit
    from tests.conftest import JUNE

    engine = make_engine(engine_url)
    with engine.begin() as conn:
        command.upgrade(alembic_config(conn), "0012")
        for code, name in (("AAAA2222", "Phòng Nội vụ"), ("BBBB3333", "phòng  nội vụ")):
            conn.exec_driver_sql(
                "INSERT INTO unit (code, code_key, name, contact_name, contact_phone,"
                " default_group, head_title, created_at) VALUES"
                f" ('{code}', '{code.lower()}', '{name}', '', '', 'III', 'Trưởng phòng',"
                " '2026-06-15 03:00:00')"
            )
    init_db(engine)
    with engine.connect() as conn:
        names = conn.exec_driver_sql("SELECT name FROM unit ORDER BY id").scalars().all()
    assert names == ["Phòng Nội vụ", "phòng  nội vụ"]
    assert differences(engine) == []
    with Session(engine) as session, pytest.raises(UnitError) as refused:
        create_unit(session, None, name="PHÒNG NỘI VỤ", now=JUNE)
    assert refused.value.errors == {"name": NAME_TAKEN}
    engine.dispose()
