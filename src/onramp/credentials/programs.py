"""Programs that teach a skill: achievements that training providers define in Onramp,
aligned to the skill (issue 15: how a worker closes a gap, how an employer's workers gain a
rung's skills).

An achievement is public once defined (its Open Badges 3.0 `Achievement` is served at its
address for anyone to read), so this use case needs no caller: it lists only what a
training provider published about its own programs, never who earned them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import Engine, select

from onramp.errors import InvalidInputError
from onramp.platform.model import OrgKind
from onramp.store import credential_tables as c
from onramp.store import platform_tables as t

MAX_SKILLS = 500  # skill URIs asked about at once


@dataclass(frozen=True, slots=True)
class Program:
    """One training provider's achievement and the asked-about skills it is aligned to."""

    org_id: str
    org_name: str
    achievement_id: str
    name: str
    url: str  # where the achievement is published (its OB 3.0 Achievement)
    skills: tuple[str, ...]  # the skill URIs asked about that it teaches


def programs_for_skills(
    engine: Engine, skill_uris: Iterable[str], *, public_url: str = ""
) -> list[Program]:
    """Achievements of training providers aligned to any of `skill_uris`, by provider and
    name. `public_url` prefixes each achievement's address (a site-relative path without it)."""
    wanted = {uri.strip() for uri in skill_uris if uri.strip()}
    if not wanted:
        return []
    if len(wanted) > MAX_SKILLS:
        raise InvalidInputError(f"ask about at most {MAX_SKILLS} skills at once")
    a, o = c.achievements, t.organizations
    query = (
        select(a.c.id, a.c.name, a.c.alignments, o.c.id.label("org_id"), o.c.name.label("org"))
        .join(o, o.c.id == a.c.org_id)
        .where(o.c.kind == OrgKind.TRAINING_PROVIDER.value, a.c.archived_at.is_(None))
        .order_by(o.c.name, a.c.name, a.c.id)
    )
    found: list[Program] = []
    with engine.connect() as conn:
        rows = conn.execute(query.add_columns(o.c.slug)).all()
    for row in rows:
        aligned = tuple(
            sorted(
                {
                    str(alignment.get("target_url", ""))
                    for alignment in row.alignments or ()
                    if isinstance(alignment, dict)
                }
                & wanted
            )
        )
        if aligned:
            url = f"{public_url.rstrip('/')}/orgs/{row.slug}/achievements/{row.id}"
            found.append(Program(row.org_id, row.org, row.id, row.name, url, aligned))
    return found
