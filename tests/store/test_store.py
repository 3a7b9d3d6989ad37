"""The store on both backends: pragmas, migrations in step with the schema, atomic releases."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import Engine, func, select, text

from onramp.errors import StoreError
from onramp.store import current_revision, head_revision, remove_release, schema, set_current
from onramp.store import write_release as write
from onramp.taxonomy.model import Framework, Occupation, OccupationSkill, Origin, Skill, SkillType


def _framework(version: str, origin: Origin = Origin.OFFICIAL, digest: str = "") -> Framework:
    return Framework(
        key="demo",
        version=version,
        name=f"Demo {version}",
        publisher="tests",
        source="tests",
        license="CC0",
        attribution="tests",
        origin=origin,
        content_sha256=digest or version,
        imported_at=datetime.now(UTC),
    )


def _parts(n: int, bad: bool = False) -> dict[str, list[object]]:
    skills = [Skill(f"s{i}", f"urn:s{i}", f"skill {i}", SkillType.SKILL) for i in range(n)]
    occupations = [Occupation("o1", "urn:o1", "one")]
    relations = [OccupationSkill("o1", s.code, "essential") for s in skills]
    if bad:
        relations.append(OccupationSkill("o1", "missing-skill", "essential"))
    return {"skills": skills, "occupations": occupations, "occupation_skills": relations}


def _count(engine: Engine, table: schema.Table) -> int:
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_migrations_are_at_head_and_match_the_schema(engine: Engine) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    assert current_revision(engine) == head_revision(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), schema.metadata)
    assert diff == [], f"schema.py and the migrations differ: {diff}"


@pytest.mark.parametrize("engine", ["sqlite"], indirect=True)
def test_sqlite_uses_wal_and_foreign_keys(engine: Engine) -> None:
    with engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1


def test_release_is_replaced_atomically(engine: Engine) -> None:
    write(engine, _framework("1"), _parts(5))
    assert _count(engine, schema.occupation_skills) == 5
    with pytest.raises(StoreError, match="could not write occupation_skills"):
        write(engine, _framework("1", digest="changed"), _parts(8, bad=True))
    assert _count(engine, schema.occupation_skills) == 5  # the failed write left nothing behind
    with engine.connect() as conn:
        digest = conn.execute(select(schema.frameworks.c.content_sha256)).scalar()
    assert digest == "1"
    outcome = write(engine, _framework("1", digest="changed"), _parts(8))
    assert outcome.changed and _count(engine, schema.occupation_skills) == 8
    assert write(engine, _framework("1", digest="changed"), _parts(8)).changed is False


def test_current_release_rules(engine: Engine) -> None:
    write(engine, _framework("2.0", Origin.EMBEDDED), _parts(1))
    write(engine, _framework("1.9"), _parts(1))
    write(engine, _framework("1.10"), _parts(1))

    def current() -> str:
        with engine.connect() as conn:
            return str(
                conn.execute(
                    select(schema.frameworks.c.version).where(schema.frameworks.c.is_current)
                ).scalar_one()
            )

    assert current() == "1.10"  # official beats embedded; 1.10 is newer than 1.9
    assert set_current(engine, "demo", "1.9") and current() == "1.9"
    assert remove_release(engine, "demo", "1.9") and current() == "1.10"
    assert remove_release(engine, "demo", "1.10") and current() == "2.0"
    assert not remove_release(engine, "demo", "nope")
    assert not set_current(engine, "demo", "nope")
