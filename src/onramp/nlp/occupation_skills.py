"""The skills of an occupation: one use case for the job builder, matching (the skills a
person's past jobs imply) and career pathways.

Where the current releases rate or list the occupation's skills, those are used:

- O*NET importance (1-5) and level (0-7, mapped to the 1-5 scale by `proficiency_from_onet`)
  ratings of skills and knowledge; a level O*NET marks "not relevant" is left out;
- ESCO essential and optional skills of the occupation itself, and the essential skills of
  the ESCO occupations the crosswalk links it to, at the level its job zone implies.

Where there are none (the embedded default has no ratings, no ESCO links and no crosswalk),
the skills are guessed from the occupation's own text, its description and task statements:
each text is ranked against the current ESCO skills by the default skill linker (dense cosine
plus label containment, `onramp.nlp.linking`), or, when skill vectors are missing, by label
matches (`onramp.nlp.extract.LexicalLinker`). A skill counts for a text when it is among the
text's best `TOP_PER_TEXT` at or above the method's floor; skills are ranked by the sum of
their scores over the texts (so both how many tasks support a skill and how strongly count),
and each keeps the texts that support it. Guessed skills are marked `SkillBasis.INFERRED`.

Results are kept per occupation in a `ReleaseCache`, so they are rebuilt when any current
release changes. `all_occupation_skills` does a whole release in one ranking pass.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, replace
from itertools import accumulate
from typing import Any

from sqlalchemy import Engine, select

from onramp.errors import NotFoundError
from onramp.nlp import kept_guesses
from onramp.nlp.embedding import MODEL_ID
from onramp.nlp.extract import LexicalLinker, Lexicon, Linker, hit_triple
from onramp.store import schema
from onramp.store.release_cache import ReleaseCache, release_stamp
from onramp.taxonomy.catalog import Catalog
from onramp.taxonomy.proficiency import level_for_job_zone, proficiency_from_onet
from onramp.taxonomy.profile import OccupationProfile, RatedSkill
from onramp.vocabulary import LabeledEnum

TOP_PER_TEXT = 20  # skills a single task statement can support
MAX_INFERRED = 25  # guessed skills kept per occupation
RANK_BATCH = 512  # texts ranked between progress reports
MAX_EVIDENCE = 3  # supporting texts kept per guessed skill
# The least score at which a linked skill counts for a text, per linking method. Dense (the
# default linker's score) and TOP_PER_TEXT: the best precision at 10 against the skills ESCO
# lists for the same job, on half of the O*NET occupations (bench/occupation_skills.py, ADR
# 18); lexical: any label found (its scores are match confidences).
FLOORS = {"dense": 0.5, "lexical": 0.0}
INFER_FRAMEWORK = "esco"
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")


class SkillBasis(LabeledEnum):
    """Why a skill is listed for an occupation: rated or listed by a framework, or guessed."""

    RATED = "rated", "O*NET rates how important this skill is for the job, and at what level."
    ESSENTIAL = "essential", "ESCO lists this skill as essential for the job."
    OPTIONAL = "optional", "ESCO lists this skill as useful for the job."
    INFERRED = "inferred", "We guessed these skills from the job's task list. Check them."


@dataclass(frozen=True, slots=True)
class OccupationSkill:
    """One skill of an occupation, on the one 1-5 scale."""

    uri: str
    label: str
    level: int  # 1-5 (`onramp.taxonomy.proficiency.Proficiency`)
    importance: float | None  # O*NET importance (1-5) where rated
    source: str  # the release the skill comes from: "onet 29.3", "esco 1.2.0+embedded"
    basis: SkillBasis
    code: str = ""  # its code in that release (an O*NET element id, an ESCO URI)
    skill_type: str = ""  # skill, knowledge, technology, ...
    support: int = 0  # guessed: how many of the occupation's texts link to it
    score: float | None = None  # guessed: the sum of its link scores over those texts
    evidence: tuple[str, ...] = ()  # guessed: the task statements that support it

    @property
    def rated(self) -> bool:
        """True when a framework rates or lists it; False when it was guessed."""
        return self.basis is not SkillBasis.INFERRED

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["basis"] = self.basis.value
        out["rated"] = self.rated
        out["evidence"] = list(self.evidence)
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OccupationSkill:
        fields = {k: v for k, v in data.items() if k != "rated"}
        fields["basis"] = SkillBasis(fields["basis"])
        fields["evidence"] = tuple(fields.get("evidence", ()))
        return cls(**fields)


@dataclass(frozen=True, slots=True)
class OccupationSkills:
    """The skills of one occupation and, in plain words, what they rest on."""

    code: str
    uri: str
    title: str
    release: str  # the occupation's release: "onet 29.2+embedded"
    job_zone: int | None
    skills: tuple[OccupationSkill, ...]
    method: str  # rated | listed | inferred-dense | inferred-lexical | none
    notes: tuple[str, ...] = ()

    @property
    def inferred(self) -> bool:
        return self.method.startswith("inferred")

    def rated_skills(self) -> list[OccupationSkill]:
        return [s for s in self.skills if s.basis is SkillBasis.RATED]

    def listed_skills(self) -> list[OccupationSkill]:
        return [s for s in self.skills if s.basis in (SkillBasis.ESSENTIAL, SkillBasis.OPTIONAL)]

    def inferred_skills(self) -> list[OccupationSkill]:
        return [s for s in self.skills if s.basis is SkillBasis.INFERRED]

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "uri": self.uri,
            "title": self.title,
            "release": self.release,
            "job_zone": self.job_zone,
            "method": self.method,
            "notes": list(self.notes),
            "skills": [s.to_dict() for s in self.skills],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> OccupationSkills:
        return cls(
            code=data["code"],
            uri=data["uri"],
            title=data["title"],
            release=data["release"],
            job_zone=data["job_zone"],
            skills=tuple(OccupationSkill.from_dict(s) for s in data["skills"]),
            method=data["method"],
            notes=tuple(data["notes"]),
        )


# -- rated and listed skills (pure) ----------------------------------------------------------
def framework_skills(profile: OccupationProfile) -> list[OccupationSkill]:
    """The skills the releases rate (O*NET) or list (ESCO) for the profile's occupation:
    rated ones most important first, then essential before optional."""
    release = f"{profile.framework.key} {profile.framework.version}"
    out = [
        OccupationSkill(
            uri=s.uri,
            label=s.label,
            level=proficiency_from_onet(s.level or 0.0),
            importance=round(s.importance or 0.0, 2),
            source=release,
            basis=SkillBasis.RATED,
            code=s.code,
            skill_type=s.skill_type,
        )
        for s in _rated(profile)
    ]
    level = level_for_job_zone(profile.job_zone)
    seen = {s.uri for s in out}
    own = [(s, release) for s in profile.other_skills]
    linked = [(s, link.framework) for link in profile.crosswalk for s in link.essential_skills]
    listed = []
    for skill, source in [*own, *linked]:
        if skill.uri in seen or skill.relation not in ("essential", "optional"):
            continue
        seen.add(skill.uri)
        basis = SkillBasis.ESSENTIAL if skill.relation == "essential" else SkillBasis.OPTIONAL
        listed.append(
            OccupationSkill(
                uri=skill.uri,
                label=skill.label,
                level=level,
                importance=None,
                source=source,
                basis=basis,
                code=skill.code,
                skill_type=skill.skill_type,
            )
        )
    listed.sort(key=lambda s: s.basis is not SkillBasis.ESSENTIAL)  # stable: keeps label order
    return out + listed


def _rated(profile: OccupationProfile) -> list[RatedSkill]:
    rated = [
        s
        for s in [*profile.skills, *profile.knowledge]
        if s.importance is not None and s.level is not None and not s.level_not_relevant
    ]
    rated.sort(key=lambda s: (-(s.importance or 0.0), -(s.level or 0.0), s.label))
    return rated


# -- guessed skills (pure over a linker) ------------------------------------------------------
def occupation_texts(profile: OccupationProfile) -> list[str]:
    """What the occupation says of itself: its description's sentences and its task
    statements, each once."""
    texts = [part.strip() for part in _SENTENCE_END.split(profile.description or "")]
    texts.extend(task.statement.strip() for task in profile.tasks)
    return list(dict.fromkeys(t for t in texts if len(t.split()) >= 2))


def infer_skills(
    texts: Sequence[str],
    ranked: Iterable[Sequence[Any]],
    *,
    floor: float,
    job_zone: int | None,
    source: str | Callable[[str], str],
    limit: int = MAX_INFERRED,
) -> list[OccupationSkill]:
    """Skills guessed from `texts`, given each text's ranked hits ((uri, label, score)
    triples or links), best first: a skill's rank is the sum of its scores at or above
    `floor` over the texts, so skills many tasks support, strongly, come first."""
    total: dict[str, float] = {}
    labels: dict[str, str] = {}
    support: dict[str, list[str]] = {}
    for text, hits in zip(texts, ranked, strict=True):
        for hit in hits:
            uri, label, score = hit_triple(hit)
            if score < floor or text in support.get(uri, ()):
                continue
            total[uri] = total.get(uri, 0.0) + score
            labels[uri] = label
            support.setdefault(uri, []).append(text)
    order = sorted(total, key=lambda uri: (-total[uri], -len(support[uri]), uri))[:limit]
    level = level_for_job_zone(job_zone)
    return [
        OccupationSkill(
            uri=uri,
            label=labels[uri],
            level=level,
            importance=None,
            source=source(uri) if callable(source) else source,
            basis=SkillBasis.INFERRED,
            support=len(support[uri]),
            score=round(total[uri], 4),
            evidence=tuple(support[uri][:MAX_EVIDENCE]),
        )
        for uri in order
    ]


# -- the use case ----------------------------------------------------------------------------
_CACHE: ReleaseCache[OccupationSkills] = ReleaseCache()


@dataclass(frozen=True, slots=True)
class _Guesser:
    """The linker that guesses skills from text, how its scores are read, and why it is the
    one chosen (the note says so when linking by meaning is not available)."""

    engine: Engine
    linker: Linker
    method: str  # dense | lexical
    releases: dict[str, str]  # framework key -> "key version" of the current releases
    lexicon: Lexicon | None
    note: str

    def source(self, uri: str) -> str:
        if self.lexicon is not None and uri in self.lexicon.skills:
            return self.releases.get(self.lexicon.skills[uri].framework, "")
        return self.releases.get(INFER_FRAMEWORK, "")


def occupation_skills(
    engine: Engine, code: str, *, profile: OccupationProfile | None = None
) -> OccupationSkills:
    """The skills of the occupation `code` (an O*NET-SOC code, an ESCO URI or any stored
    code) in the current releases: rated or listed where the releases have them, else guessed
    from its description and tasks. Kept per process until a current release changes.

    `profile`: the occupation's profile when the caller has built it already (it must be of
    the current releases). Raises NotFoundError for an unknown occupation."""

    def build() -> OccupationSkills:
        found = profile or Catalog(engine).profile(code)
        return _assemble(engine, [found])[0]

    return _CACHE.current(engine, ("occupation-skills", code.strip()), build)


def skill_levels(engine: Engine, code: str) -> list[tuple[str, int]]:
    """(skill URI, 1-5 level) of each skill of the occupation, rated or guessed; empty when
    the occupation is unknown. The shape matching's work-history evidence takes
    (`functools.partial(skill_levels, engine)`)."""
    try:
        found = occupation_skills(engine, code)
    except NotFoundError:
        return []
    return [(skill.uri, skill.level) for skill in found.skills]


def occupation_codes(engine: Engine, framework: str = "onet") -> list[str]:
    """The codes of the occupations (not groups) of a framework's current release."""
    release = Catalog(engine).current(framework)
    if release is None or release.id is None:
        raise NotFoundError(f"no current release of the framework {framework!r}")
    occupations = schema.occupations
    with engine.connect() as conn:
        return list(
            conn.execute(
                select(occupations.c.code)
                .where(
                    occupations.c.framework_id == release.id,
                    occupations.c.kind == "occupation",
                )
                .order_by(occupations.c.code)
            ).scalars()
        )


def all_occupation_skills(
    engine: Engine,
    framework: str = "onet",
    *,
    advance: Callable[[int], None] | None = None,
    profiles: Sequence[OccupationProfile] | None = None,
) -> list[OccupationSkills]:
    """The skills of every occupation of a framework's current release (`occupation_codes`),
    guessed ones in one ranking pass over all their texts; `advance(n)` is told as
    occupations finish. Fills the per-occupation cache. A caller that already read every
    occupation's profile (in `occupation_codes` order) passes them, so none is read twice."""
    codes = occupation_codes(engine, framework)
    stamp = release_stamp(engine)
    if profiles is None:
        catalog = Catalog(engine)
        profiles = [catalog.profile(code) for code in codes]
    elif [p.code for p in profiles] != codes:
        raise ValueError("profiles must be every occupation of the release, in code order")
    found = _assemble(engine, profiles, advance)
    for code, skills in zip(codes, found, strict=True):
        _CACHE.current(engine, ("occupation-skills", code), _constant(skills), stamp)
    return found


def _assemble(
    engine: Engine,
    profiles: Sequence[OccupationProfile],
    advance: Callable[[int], None] | None = None,
) -> list[OccupationSkills]:
    """Rated or listed skills for each profile; the rest guessed in one ranking pass."""
    tick = advance or (lambda _n: None)
    done: dict[int, OccupationSkills] = {}
    guess: list[tuple[int, list[str]]] = []
    for position, profile in enumerate(profiles):
        skills = framework_skills(profile)
        if skills:
            rated = any(s.basis is SkillBasis.RATED for s in skills)
            done[position] = _result(profile, skills, "rated" if rated else "listed", ())
            tick(1)
        else:
            guess.append((position, occupation_texts(profile)))
    if guess:
        guess = _read_kept(engine, profiles, guess, done, tick)
    if guess:
        guesser = _guesser(engine)
        if guesser is None:
            for position, _texts in guess:
                done[position] = _result(profiles[position], [], "none", (_NO_SKILLS,))
            tick(len(guess))
        else:
            _guess_all(guesser, profiles, guess, done, tick)
            made = [done[position].to_dict() for position, _texts in guess]
            kept_guesses.keep(engine, made, kept_guesses.guess_basis(engine, MODEL_ID))
    return [done[n] for n in range(len(profiles))]


def _read_kept(
    engine: Engine,
    profiles: Sequence[OccupationProfile],
    guess: list[tuple[int, list[str]]],
    done: dict[int, OccupationSkills],
    tick: Callable[[int], None],
) -> list[tuple[int, list[str]]]:
    """Fill `done` with the guesses the store keeps on the current basis; the rest to guess."""
    basis = kept_guesses.guess_basis(engine, MODEL_ID)
    vectors = kept_guesses.vectors_stored(engine, MODEL_ID)
    codes = [profiles[position].code for position, _texts in guess]
    kept = kept_guesses.read_kept(engine, codes, basis, vectors=vectors)
    rest = []
    for position, texts in guess:
        found = kept.get(profiles[position].code)
        if found is None:
            rest.append((position, texts))
        else:
            done[position] = OccupationSkills.from_dict(found)
    tick(len(guess) - len(rest))
    return rest


def _guess_all(
    guesser: _Guesser,
    profiles: Sequence[OccupationProfile],
    guess: list[tuple[int, list[str]]],
    done: dict[int, OccupationSkills],
    tick: Callable[[int], None],
) -> None:
    flat = [text for _position, texts in guess for text in texts]
    ends = list(accumulate(len(texts) for _position, texts in guess))  # where each one ends
    hits: list[Sequence[Any]] = []
    finished = 0
    for start in range(0, len(flat) or 1, RANK_BATCH):
        hits.extend(guesser.linker.rank(flat[start : start + RANK_BATCH], top=TOP_PER_TEXT))
        now = bisect_right(ends, len(hits))
        tick(now - finished)
        finished = now
    at = 0
    for position, texts in guess:
        profile = profiles[position]
        skills = infer_skills(
            texts,
            hits[at : at + len(texts)],
            floor=FLOORS[guesser.method],
            job_zone=profile.job_zone,
            source=guesser.source,
        )
        at += len(texts)
        guessed = SkillBasis.INFERRED.label if profile.tasks else _FROM_DESCRIPTION
        notes = [guessed] if skills else [_NO_SKILLS]
        if guesser.note:
            notes.append(guesser.note)
        method = f"inferred-{guesser.method}"
        done[position] = _result(profile, _typed(guesser, skills), method, notes)


_NO_SKILLS = "We found no skills for this job in the data here."
_FROM_DESCRIPTION = "We guessed these skills from the job's description. Check them."


def _result(
    profile: OccupationProfile, skills: list[OccupationSkill], method: str, notes: Iterable[str]
) -> OccupationSkills:
    return OccupationSkills(
        code=profile.code,
        uri=profile.uri,
        title=profile.title,
        release=f"{profile.framework.key} {profile.framework.version}",
        job_zone=profile.job_zone,
        skills=tuple(skills),
        method=method,
        notes=tuple(notes),
    )


def _guesser(engine: Engine) -> _Guesser | None:
    """The default skill linker over the current ESCO skills when their vectors are stored;
    else label matching over ESCO (or every framework when there is no ESCO); None when no
    skills are imported at all."""
    from onramp.nlp.service import dense_linker  # the one place that picks the dense linker

    current = [f for f in Catalog(engine).frameworks() if f.is_current and not f.owner]
    releases = {f.key: f"{f.key} {f.version}" for f in current}
    linker, why_not = dense_linker(engine, None, True)
    if linker is not None:
        return _Guesser(engine, linker, "dense", releases, None, "")
    keys = [INFER_FRAMEWORK] if INFER_FRAMEWORK in releases else None
    lexicon = Lexicon.from_store(engine, keys)
    if not lexicon.skills:
        return None
    note = (
        f"We could not compare meanings ({why_not}), so we only looked for skill names "
        "written in the tasks."
    )
    return _Guesser(engine, LexicalLinker(lexicon), "lexical", releases, lexicon, note)


def _typed(guesser: _Guesser, skills: list[OccupationSkill]) -> list[OccupationSkill]:
    """Guessed skills with their code and type (skill or knowledge) from their release."""
    if not skills:
        return skills
    if guesser.lexicon is not None:
        infos = guesser.lexicon.skills
        return [_with(s, s.uri, infos[s.uri].skill_type) if s.uri in infos else s for s in skills]
    from onramp.nlp.vectors import current_framework

    framework = current_framework(guesser.engine, INFER_FRAMEWORK)
    table = schema.skills
    with guesser.engine.connect() as conn:
        rows = conn.execute(
            select(table.c.uri, table.c.code, table.c.skill_type).where(
                table.c.framework_id == framework.id, table.c.uri.in_([s.uri for s in skills])
            )
        ).all()
    kinds = {row.uri: (row.code, row.skill_type) for row in rows}
    return [_with(s, *kinds[s.uri]) if s.uri in kinds else s for s in skills]


def _with(skill: OccupationSkill, code: str, skill_type: str) -> OccupationSkill:
    return replace(skill, code=code, skill_type=str(skill_type))


def _constant(value: OccupationSkills) -> Callable[[], OccupationSkills]:
    return lambda: value
