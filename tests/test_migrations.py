"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

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
    engine = make_engine(f"sqlite:///{tmp_path / 'old.db'}")
    SQLModel.metadata.create_all(engine)
    init_db(engine)
    with engine.connect() as conn:
        versions = conn.exec_driver_sql("SELECT version_num FROM alembic_version").scalars().all()
        assert versions and versions[0] >= BASELINE
        assert "unit" in sa.inspect(conn).get_table_names()
    engine.dispose()
