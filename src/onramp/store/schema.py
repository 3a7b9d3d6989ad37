"""Tables of the store (SQLAlchemy Core). Alembic migrations are generated from this metadata.

Reference data (frameworks, wages, projections) is keyed by framework release, and relations use
the concepts' own codes inside that release, with composite foreign keys for integrity. Column
names match the field names of the domain dataclasses, so the bulk loader maps them generically.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    DateTime,
    Float,
    ForeignKey,
    ForeignKeyConstraint,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
)

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

metadata = MetaData(naming_convention=NAMING)


def _framework_fk() -> Column[int]:
    return Column(
        "framework_id",
        Integer,
        ForeignKey("frameworks.id", ondelete="CASCADE"),
        primary_key=True,
        nullable=False,
    )


def _framework_ref() -> Column[int]:
    """framework_id on tables whose key is a surrogate id."""
    return Column(
        "framework_id",
        Integer,
        ForeignKey("frameworks.id", ondelete="CASCADE"),
        nullable=False,
        index=True,
    )


def _child_of(parent: str, column: str) -> ForeignKeyConstraint:
    return ForeignKeyConstraint(
        ["framework_id", column],
        [f"{parent}.framework_id", f"{parent}.code"],
        ondelete="CASCADE",
    )


frameworks = Table(
    "frameworks",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("key", String(64), nullable=False),
    Column("version", String(64), nullable=False),
    Column("owner", String(128), nullable=False, server_default=""),
    Column("name", String(255), nullable=False),
    Column("publisher", String(255), nullable=False, server_default=""),
    Column("source", Text, nullable=False, server_default=""),
    Column("license", String(255), nullable=False, server_default=""),
    Column("attribution", Text, nullable=False, server_default=""),
    Column("origin", String(16), nullable=False),
    Column("content_sha256", String(64), nullable=False, server_default=""),
    Column("limitations", JSON, nullable=False),
    Column("stats", JSON, nullable=False),
    Column("imported_at", DateTime(timezone=True), nullable=False),
    Column("is_current", Boolean, nullable=False, server_default="0"),
    UniqueConstraint("key", "version", "owner", name="uq_frameworks_release"),
)

skills = Table(
    "skills",
    metadata,
    _framework_fk(),
    Column("code", String(255), primary_key=True),
    Column("uri", String(255), nullable=False),
    Column("preferred_label", Text, nullable=False),
    Column("skill_type", String(16), nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("reuse_level", String(32), nullable=False, server_default=""),
    Column("status", String(32), nullable=False, server_default=""),
    Column("extra", JSON, nullable=True),
    Index("ix_skills_uri", "uri"),
)

skill_labels = Table(
    "skill_labels",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _framework_ref(),
    Column("skill_code", String(255), nullable=False),
    Column("label", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    _child_of("skills", "skill_code"),
    Index("ix_skill_labels_skill", "framework_id", "skill_code"),
)

skill_broader = Table(
    "skill_broader",
    metadata,
    _framework_fk(),
    Column("code", String(255), primary_key=True),
    Column("broader_code", String(255), primary_key=True),
    _child_of("skills", "code"),
)

skill_relations = Table(
    "skill_relations",
    metadata,
    _framework_fk(),
    Column("skill_code", String(255), primary_key=True),
    Column("related_code", String(255), primary_key=True),
    Column("relation_type", String(16), nullable=False),
    _child_of("skills", "skill_code"),
)

skill_collections = Table(
    "skill_collections",
    metadata,
    _framework_fk(),
    Column("skill_code", String(255), primary_key=True),
    Column("collection", String(32), primary_key=True),
    _child_of("skills", "skill_code"),
)

occupations = Table(
    "occupations",
    metadata,
    _framework_fk(),
    Column("code", String(255), primary_key=True),
    Column("uri", String(255), nullable=False),
    Column("title", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
    Column("kind", String(16), nullable=False),
    Column("onet_soc", String(16), nullable=False, server_default=""),
    Column("soc2018", String(16), nullable=False, server_default=""),
    Column("isco08", String(16), nullable=False, server_default=""),
    Column("esco_code", String(64), nullable=False, server_default=""),
    Column("job_zone", Integer, nullable=True),
    Index("ix_occupations_soc2018", "soc2018"),
    Index("ix_occupations_uri", "uri"),
)

occupation_labels = Table(
    "occupation_labels",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _framework_ref(),
    Column("occupation_code", String(255), nullable=False),
    Column("label", Text, nullable=False),
    Column("kind", String(16), nullable=False),
    Column("note", Text, nullable=False, server_default=""),
    _child_of("occupations", "occupation_code"),
    Index("ix_occupation_labels_occ", "framework_id", "occupation_code"),
)

occupation_broader = Table(
    "occupation_broader",
    metadata,
    _framework_fk(),
    Column("code", String(255), primary_key=True),
    Column("broader_code", String(255), primary_key=True),
    _child_of("occupations", "code"),
)

occupation_skills = Table(
    "occupation_skills",
    metadata,
    _framework_fk(),
    Column("occupation_code", String(255), primary_key=True),
    Column("skill_code", String(255), primary_key=True),
    Column("relation", String(16), nullable=False),
    Column("importance", Float, nullable=True),
    Column("level", Float, nullable=True),
    Column("level_not_relevant", Boolean, nullable=True),
    Column("source", String(64), nullable=False, server_default=""),
    _child_of("occupations", "occupation_code"),
    _child_of("skills", "skill_code"),
    Index("ix_occupation_skills_skill", "framework_id", "skill_code"),
)

descriptors = Table(
    "descriptors",
    metadata,
    _framework_fk(),
    Column("element_id", String(32), primary_key=True),
    Column("name", Text, nullable=False),
    Column("description", Text, nullable=False, server_default=""),
)

ratings = Table(
    "ratings",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _framework_ref(),
    Column("occupation_code", String(255), nullable=False),
    Column("element_id", String(32), nullable=False),
    Column("scale_id", String(8), nullable=False),
    Column("value", Float, nullable=False),
    Column("category", Integer, nullable=True),
    Column("n", Float, nullable=True),
    Column("standard_error", Float, nullable=True),
    Column("lower_ci", Float, nullable=True),
    Column("upper_ci", Float, nullable=True),
    Column("recommend_suppress", Boolean, nullable=False),
    Column("not_relevant", Boolean, nullable=True),
    Column("date", String(16), nullable=False, server_default=""),
    Column("domain_source", String(32), nullable=False, server_default=""),
    _child_of("occupations", "occupation_code"),
    Index("ix_ratings_occ", "framework_id", "occupation_code"),
)

scales = Table(
    "scales",
    metadata,
    _framework_fk(),
    Column("scale_id", String(8), primary_key=True),
    Column("name", Text, nullable=False),
    Column("minimum", Float, nullable=False),
    Column("maximum", Float, nullable=False),
)

scale_anchors = Table(
    "scale_anchors",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _framework_ref(),
    Column("element_id", String(32), nullable=False),
    Column("scale_id", String(8), nullable=False),
    Column("anchor_value", Float, nullable=False),
    Column("description", Text, nullable=False),
)

categories = Table(
    "categories",
    metadata,
    _framework_fk(),
    Column("element_id", String(32), primary_key=True),
    Column("scale_id", String(8), primary_key=True),
    Column("category", Integer, primary_key=True),
    Column("description", Text, nullable=False),
)

tasks = Table(
    "tasks",
    metadata,
    _framework_fk(),
    Column("occupation_code", String(255), primary_key=True),
    Column("task_id", String(32), primary_key=True),
    Column("statement", Text, nullable=False),
    Column("task_type", String(16), nullable=False, server_default=""),
    Column("incumbents_responding", Float, nullable=True),
    Column("date", String(16), nullable=False, server_default=""),
    Column("domain_source", String(32), nullable=False, server_default=""),
    _child_of("occupations", "occupation_code"),
)

work_activities = Table(
    "work_activities",
    metadata,
    _framework_fk(),
    Column("activity_id", String(32), primary_key=True),
    Column("title", Text, nullable=False),
    Column("level", String(8), nullable=False),
    Column("parent_id", String(32), nullable=False),
)

task_activities = Table(
    "task_activities",
    metadata,
    _framework_fk(),
    Column("occupation_code", String(255), primary_key=True),
    Column("task_id", String(32), primary_key=True),
    Column("dwa_id", String(32), primary_key=True),
    _child_of("occupations", "occupation_code"),
)

technology_skills = Table(
    "technology_skills",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _framework_ref(),
    Column("occupation_code", String(255), nullable=False),
    Column("example", Text, nullable=False),
    Column("commodity_code", String(16), nullable=False),
    Column("commodity_title", Text, nullable=False),
    Column("hot", Boolean, nullable=False),
    Column("in_demand", Boolean, nullable=False),
    Column("skill_code", String(255), nullable=False, server_default=""),
    _child_of("occupations", "occupation_code"),
    Index("ix_technology_skills_occ", "framework_id", "occupation_code"),
)

tools_used = Table(
    "tools_used",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _framework_ref(),
    Column("occupation_code", String(255), nullable=False),
    Column("example", Text, nullable=False),
    Column("commodity_code", String(16), nullable=False),
    Column("commodity_title", Text, nullable=False),
    _child_of("occupations", "occupation_code"),
    Index("ix_tools_used_occ", "framework_id", "occupation_code"),
)

job_zones = Table(
    "job_zones",
    metadata,
    _framework_fk(),
    Column("job_zone", Integer, primary_key=True),
    Column("name", Text, nullable=False),
    Column("experience", Text, nullable=False, server_default=""),
    Column("education", Text, nullable=False, server_default=""),
    Column("training", Text, nullable=False, server_default=""),
    Column("examples", Text, nullable=False, server_default=""),
    Column("svp_range", String(32), nullable=False, server_default=""),
)

related_occupations = Table(
    "related_occupations",
    metadata,
    _framework_fk(),
    Column("occupation_code", String(255), primary_key=True),
    Column("related_code", String(255), primary_key=True),
    Column("tier", String(32), nullable=False, server_default=""),
    Column("rank", Integer, nullable=True),
    _child_of("occupations", "occupation_code"),
)

crosswalk = Table(
    "crosswalk",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    _framework_ref(),
    Column("concept", String(16), nullable=False),
    Column("from_scheme", String(32), nullable=False),
    Column("from_code", String(255), nullable=False),
    Column("to_scheme", String(32), nullable=False),
    Column("to_code", String(255), nullable=False),
    Column("match_type", String(32), nullable=False, server_default=""),
    Column("from_title", Text, nullable=False, server_default=""),
    Column("to_title", Text, nullable=False, server_default=""),
    Index("ix_crosswalk_from", "from_scheme", "from_code"),
    Index("ix_crosswalk_to", "to_scheme", "to_code"),
)

proficiency_levels = Table(
    "proficiency_levels",
    metadata,
    _framework_fk(),
    Column("skill_code", String(255), primary_key=True),
    Column("level", Integer, primary_key=True),
    Column("name", String(64), nullable=False),
    Column("description", Text, nullable=False),
    Column("examples", JSON, nullable=False),
    _child_of("skills", "skill_code"),
)

wages = Table(
    "wages",
    metadata,
    _framework_fk(),
    Column("soc_code", String(16), primary_key=True),
    Column("area_code", String(16), primary_key=True),
    Column("area_type", String(16), nullable=False),
    Column("area_name", Text, nullable=False),
    Column("occupation_title", Text, nullable=False, server_default=""),
    Column("employment", Float, nullable=True),
    Column("annual_mean", Float, nullable=True),
    Column("annual_p10", Float, nullable=True),
    Column("annual_p25", Float, nullable=True),
    Column("annual_median", Float, nullable=True),
    Column("annual_p75", Float, nullable=True),
    Column("annual_p90", Float, nullable=True),
    Column("hourly_mean", Float, nullable=True),
    Column("hourly_p10", Float, nullable=True),
    Column("hourly_p25", Float, nullable=True),
    Column("hourly_median", Float, nullable=True),
    Column("hourly_p75", Float, nullable=True),
    Column("hourly_p90", Float, nullable=True),
    Column("notes", Text, nullable=False, server_default=""),
    Index("ix_wages_area", "framework_id", "area_code"),
)

projections = Table(
    "projections",
    metadata,
    _framework_fk(),
    Column("soc_code", String(16), primary_key=True),
    Column("title", Text, nullable=False),
    Column("occupation_type", String(16), nullable=False),
    Column("base_year", Integer, nullable=False),
    Column("projected_year", Integer, nullable=False),
    Column("employment_base", Float, nullable=True),
    Column("employment_projected", Float, nullable=True),
    Column("change_numeric", Float, nullable=True),
    Column("change_percent", Float, nullable=True),
    Column("self_employed_percent", Float, nullable=True),
    Column("annual_openings", Float, nullable=True),
    Column("median_annual_wage", Float, nullable=True),
    Column("typical_education", Text, nullable=False, server_default=""),
    Column("work_experience", Text, nullable=False, server_default=""),
    Column("on_the_job_training", Text, nullable=False, server_default=""),
)

# Tables holding one release's rows, in the order they must be written (parents first).
RELEASE_TABLES: dict[str, Table] = {
    "skills": skills,
    "skill_labels": skill_labels,
    "skill_broader": skill_broader,
    "skill_relations": skill_relations,
    "skill_collections": skill_collections,
    "occupations": occupations,
    "occupation_labels": occupation_labels,
    "occupation_broader": occupation_broader,
    "occupation_skills": occupation_skills,
    "descriptors": descriptors,
    "ratings": ratings,
    "scales": scales,
    "scale_anchors": scale_anchors,
    "categories": categories,
    "tasks": tasks,
    "work_activities": work_activities,
    "task_activities": task_activities,
    "technology_skills": technology_skills,
    "tools_used": tools_used,
    "job_zones": job_zones,
    "related_occupations": related_occupations,
    "crosswalk": crosswalk,
    "proficiency_levels": proficiency_levels,
    "wages": wages,
    "projections": projections,
}
