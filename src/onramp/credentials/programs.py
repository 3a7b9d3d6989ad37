"""Programs in Onramp that teach a skill (issue 15, item 2): what a worker's pathway offers to
close a skill gap.

A program is an achievement a training provider defined in Onramp, not archived, whose
alignments (OB 3.0 `Alignment.targetUrl`) name the skill. It is public: the achievement is
published at its URL for anyone who holds one of its credentials, so no policy check is
needed to list it.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import Engine, select

from onramp.credentials.hosting import Site
from onramp.platform.model import OrgKind
from onramp.store import credential_tables as c
from onramp.store import platform_tables as t

MAX_PER_SKILL = 5  # programs listed for one skill


@dataclass(frozen=True, slots=True)
class Program:
    """One program that teaches a skill."""

    org_name: str
    name: str
    url: str  # the achievement's public address


class Programs:
    """The training providers' programs, by the skills they are aligned to."""

    def __init__(self, engine: Engine, site: Site) -> None:
        self.engine = engine
        self.site = site

    def for_skills(self, skill_uris: Collection[str]) -> dict[str, list[Program]]:
        """Skill URI -> the programs aligned to it (at most `MAX_PER_SKILL`, by provider and
        name); skills no program teaches are left out."""
        wanted = set(skill_uris)
        if not wanted:
            return {}
        a, o = c.achievements, t.organizations
        with self.engine.connect() as conn:
            rows = conn.execute(
                select(a.c.id, a.c.name, a.c.alignments, o.c.slug, o.c.name.label("org_name"))
                .join(o, o.c.id == a.c.org_id)
                .where(o.c.kind == OrgKind.TRAINING_PROVIDER.value, a.c.archived_at.is_(None))
                .order_by(o.c.name, a.c.name, a.c.id)
            ).all()
        found: dict[str, list[Program]] = {}
        for row in rows:
            targets = {str(x.get("target_url", "")) for x in row.alignments or []}
            for uri in sorted(targets & wanted):
                listed = found.setdefault(uri, [])
                if len(listed) < MAX_PER_SKILL:
                    url = self.site.achievement_url(str(row.slug), str(row.id))
                    listed.append(Program(str(row.org_name), str(row.name), url))
        return found
