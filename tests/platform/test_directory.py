"""Organization names are read through the platform, not by pages reading the table."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from onramp.platform import AccountKind, OrgKind, Platform
from onramp.platform.directory import organization_names


def test_names_by_name_and_by_id(engine: Engine, tmp_path: Path) -> None:
    platform = Platform(engine, secrets_dir=tmp_path / "secrets", public_url="https://x.test")
    staff = platform.accounts.principal(
        platform.accounts.sign_up("s@acme.example", "correct horse battery", "S", AccountKind.STAFF)
    )
    zed = platform.orgs.create(staff, "Zed Works", OrgKind.EMPLOYER)
    acme = platform.orgs.create(staff, "Acme Health", OrgKind.EMPLOYER)
    assert [o.name for o in organization_names(engine)] == ["Acme Health", "Zed Works"]
    assert dict(organization_names(engine, {zed.id})) == {zed.id: "Zed Works"}
    assert organization_names(engine, set()) == []
    assert acme.id in dict(organization_names(engine))
