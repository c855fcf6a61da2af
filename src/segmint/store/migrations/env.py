"""Alembic environment: migrations run on the engine segmint hands over."""

from __future__ import annotations

from alembic import context

from segmint.store.metadata import Base

engine = context.config.attributes["connection_engine"]

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=Base.metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    with context.begin_transaction():
        context.run_migrations()
