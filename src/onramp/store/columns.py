"""Columns every store table module builds the same way: a UUID text id, foreign keys to a
user or an organization that go when it goes (ON DELETE CASCADE), and the person who did
something, kept as empty when their account goes (ON DELETE SET NULL)."""

from __future__ import annotations

from sqlalchemy import Column, ForeignKey, String

ID = String(36)


def id_column() -> Column[str]:
    return Column("id", ID, primary_key=True)


def user_fk(name: str = "user_id", *, nullable: bool = False) -> Column[str]:
    return Column(name, ID, ForeignKey("users.id", ondelete="CASCADE"), nullable=nullable)


def org_fk(*, nullable: bool = False) -> Column[str]:
    return Column(
        "org_id", ID, ForeignKey("organizations.id", ondelete="CASCADE"), nullable=nullable
    )


def by_fk(name: str) -> Column[str]:
    """Who did it (created, recorded, signed): the record stays when the account is deleted."""
    return Column(name, ID, ForeignKey("users.id", ondelete="SET NULL"), nullable=True)
