"""The CTDL JSON-LD of a microcredential against the JSON Schema written from the CTDL terms
(issue 16 acceptance): the export passes, and a document missing any required property, or
with the wrong shape for one, is refused."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime
from typing import Any

import pytest
from microcredential_world import SQL, complete_parts

from onramp.market.microcredentials.ctdl import (
    OrgRef,
    check_ctdl,
    ctdl_credential,
    ctdl_schema,
    iso_hours,
)
from onramp.market.microcredentials.model import Design, new_ctid

REQUIRED = [
    "@context",
    "@id",
    "@type",
    "ceterms:ctid",
    "ceterms:name",
    "ceterms:description",
    "ceterms:subjectWebpage",
    "ceterms:inLanguage",
    "ceterms:credentialStatusType",
    "ceterms:requires",
]


def _document() -> dict[str, Any]:
    moment = datetime(2026, 12, 1, tzinfo=UTC)
    design = Design(
        id="d-1",
        org_id="p-1",
        ctid=new_ctid(),
        parts=complete_parts("e-1"),
        created_at=moment,
        updated_at=moment,
    )
    return ctdl_credential(
        design,
        OrgRef("did:web:onramp.example:orgs:river", "River College", "https://college.example/"),
        [OrgRef("did:web:onramp.example:orgs:shop", "Corner Shop")],
        date(2026, 12, 1),
    )


def test_the_export_passes_the_schema_and_says_what_the_design_says() -> None:
    document = _document()
    assert check_ctdl(document) == []
    assert document["@type"] == "ceterms:MicroCredential"
    assert document["ceterms:credentialStatusType"]["ceterms:targetNode"] == (
        "credentialStat:Active"
    )
    (condition,) = document["ceterms:requires"]
    sql = condition["ceterms:targetCompetency"][0]
    assert sql["ceterms:targetNode"] == SQL and sql["ceterms:targetNodeName"] == {"en": "SQL"}
    assert sql["ceterms:weight"] == 0.6
    assert sql["ceterms:targetNodeDescription"]["en"].startswith("Level 3 of 5.")
    assert document["ceterms:occupationType"][0]["ceterms:codedNotation"] == "43-9021.00"
    assert document["ceterms:estimatedDuration"][0]["ceterms:exactDuration"] == "PT32H30M"
    assert document["ceterms:recognizedBy"][0]["ceterms:name"] == {"en": "Corner Shop"}
    assert document["ceterms:ownedBy"] == document["ceterms:offeredBy"]


@pytest.mark.parametrize("name", REQUIRED)
def test_the_schema_refuses_a_document_without_a_required_property(name: str) -> None:
    document = _document()
    del document[name]
    problems = check_ctdl(document)
    assert any(name in p for p in problems), problems


def test_the_schema_wants_an_owner_or_an_offerer() -> None:
    document = _document()
    del document["ceterms:ownedBy"]
    assert check_ctdl(document) == []  # offeredBy is enough
    del document["ceterms:offeredBy"]
    assert check_ctdl(document) == [
        "the document: names no owner: give ceterms:ownedBy or ceterms:offeredBy"
    ]


def _set(path: list[str | int], value: Any) -> dict[str, Any]:
    document = copy.deepcopy(_document())
    holder: Any = document
    for step in path[:-1]:
        holder = holder[step]
    holder[path[-1]] = value
    return document


@pytest.mark.parametrize(
    ("path", "value"),
    [
        (["ceterms:ctid"], "ce-not-a-uuid"),
        (["ceterms:name"], "plain text, not a language map"),
        (["ceterms:subjectWebpage"], "college.example/page"),
        (["ceterms:inLanguage"], []),
        (["ceterms:credentialStatusType", "ceterms:targetNode"], "Active"),
        (["ceterms:requires"], []),
        (["ceterms:requires", 0, "ceterms:targetCompetency"], []),
        (["ceterms:requires", 0, "ceterms:targetCompetency", 0, "ceterms:targetNode"], "SQL"),
        (["ceterms:ownedBy", 0, "@type"], "ceterms:Person"),
        (["@type"], "ceterms:Course"),
    ],
)
def test_the_schema_refuses_the_wrong_shape(path: list[str | int], value: Any) -> None:
    assert check_ctdl(_set(path, value)) != []


def test_the_schema_is_a_valid_json_schema_and_durations_are_iso() -> None:
    assert ctdl_schema()["$schema"].endswith("2020-12/schema")
    assert (iso_hours(20), iso_hours(0.25), iso_hours(1.5)) == ("PT20H", "PT0H15M", "PT1H30M")
