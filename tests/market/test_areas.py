"""Pay for an area: people type "Dayton", "Dayton, OH", "dayton ohio", "OH" or "Ohio"
(issue 12, item 6). The areas here are real OEWS area codes and names."""

from __future__ import annotations

import pytest

from onramp.market.areas import Area, match_areas

AREAS = [
    Area("US", "United States", "national"),
    Area("39", "Ohio", "state"),
    Area("12", "Florida", "state"),
    Area("53", "Washington", "state"),
    Area("36", "New York", "state"),
    Area("19430", "Dayton-Kettering-Beavercreek, OH", "metro"),
    Area("19660", "Deltona-Daytona Beach-Ormond Beach, FL", "metro"),
    Area("44100", "Springfield, IL", "metro"),
    Area("44140", "Springfield, MA", "metro"),
    Area("44220", "Springfield, OH", "metro"),
    Area("47900", "Washington-Arlington-Alexandria, DC-VA-MD-WV", "metro"),
    Area("35620", "New York-Newark-Jersey City, NY-NJ-PA", "metro"),
    Area("31140", "Louisville/Jefferson County, KY-IN", "metro"),
    Area("3900003", "Eastern Ohio nonmetropolitan area", "nonmetro"),
]


def names(text: str) -> list[str]:
    return [area.name for area in match_areas(text, AREAS)]


@pytest.mark.parametrize(
    "typed", ["Dayton", "Dayton, OH", "dayton ohio", "DAYTON OH", "Daytn", "19430", " dayton "]
)
def test_a_city_finds_its_metro_area(typed: str) -> None:
    assert names(typed)[0] == "Dayton-Kettering-Beavercreek, OH"


@pytest.mark.parametrize("typed", ["OH", "oh", "Ohio", "ohio", "39"])
def test_a_state_by_name_or_abbreviation(typed: str) -> None:
    assert names(typed) == ["Ohio"]


def test_a_city_in_a_state_narrows_the_choice() -> None:
    assert names("Springfield, MA") == ["Springfield, MA"]
    assert names("springfield ohio") == ["Springfield, OH"]
    assert set(names("Springfield")) == {"Springfield, IL", "Springfield, MA", "Springfield, OH"}


def test_other_forms_people_type() -> None:
    assert names("Daytona Beach") == ["Deltona-Daytona Beach-Ormond Beach, FL"]
    assert names("new york city") == ["New York-Newark-Jersey City, NY-NJ-PA"]
    assert names("New York") == ["New York"]  # the state, by its exact name
    assert names("washington dc") == ["Washington-Arlington-Alexandria, DC-VA-MD-WV"]
    assert names("Louisville") == ["Louisville/Jefferson County, KY-IN"]
    assert names("eastern ohio nonmetropolitan area") == ["Eastern Ohio nonmetropolitan area"]
    assert names("USA") == ["United States"]


def test_an_unknown_town_in_a_known_state_gives_the_state() -> None:
    assert names("Smalltown, OH") == ["Ohio"]


@pytest.mark.parametrize("typed", ["Atlantis", "", "   ", "Paris, France", "zz"])
def test_nothing_matches_what_is_not_there(typed: str) -> None:
    assert names(typed) == []
