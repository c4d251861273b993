"""Alembic migrations of the CDHT schema (run by `python -m cdht init` and at app start)."""
