"""File names up to 255 characters: BLS names a file "2023.annual 08999 Colorado -- Statewide, unknown or
undefined.csv", which under qcew/ is longer than the 64 the column first had. PostgreSQL holds a column
to its length; SQLite does not, and its column is left as it is.

Revision ID: 0002
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("version_files", "name", type_=sa.String(255), existing_type=sa.String(64))


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column("version_files", "name", type_=sa.String(64), existing_type=sa.String(255))
