"""Finding the OEWS area a person means, forgivingly.

People type "Dayton", "Dayton, OH", "dayton ohio", "OH" or "Ohio", not OEWS area codes. The
areas themselves come from the wage release in the store (BLS OEWS names metropolitan areas
"Dayton-Kettering-Beavercreek, OH": principal cities joined by "-", then their states); the
only fixed list here is the U.S. states and territories with their postal abbreviations, which
OEWS names by full name only.

`match_areas` returns the areas a text may mean, best first, so a caller can take the first
that has figures for an occupation. An empty list means nothing matched: callers say so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from rapidfuzz import fuzz

# USPS abbreviations of the states, DC and the territories OEWS publishes
STATES: dict[str, str] = {
    "AL": "Alabama", "AK": "Alaska", "AZ": "Arizona", "AR": "Arkansas", "CA": "California",
    "CO": "Colorado", "CT": "Connecticut", "DE": "Delaware", "DC": "District of Columbia",
    "FL": "Florida", "GA": "Georgia", "HI": "Hawaii", "ID": "Idaho", "IL": "Illinois",
    "IN": "Indiana", "IA": "Iowa", "KS": "Kansas", "KY": "Kentucky", "LA": "Louisiana",
    "ME": "Maine", "MD": "Maryland", "MA": "Massachusetts", "MI": "Michigan", "MN": "Minnesota",
    "MS": "Mississippi", "MO": "Missouri", "MT": "Montana", "NE": "Nebraska", "NV": "Nevada",
    "NH": "New Hampshire", "NJ": "New Jersey", "NM": "New Mexico", "NY": "New York",
    "NC": "North Carolina", "ND": "North Dakota", "OH": "Ohio", "OK": "Oklahoma", "OR": "Oregon",
    "PA": "Pennsylvania", "RI": "Rhode Island", "SC": "South Carolina", "SD": "South Dakota",
    "TN": "Tennessee", "TX": "Texas", "UT": "Utah", "VT": "Vermont", "VA": "Virginia",
    "WA": "Washington", "WV": "West Virginia", "WI": "Wisconsin", "WY": "Wyoming",
    "GU": "Guam", "PR": "Puerto Rico", "VI": "Virgin Islands",
}  # fmt: skip
_BY_NAME = {name.lower(): abbreviation for abbreviation, name in STATES.items()}
_NATIONAL = {"us", "usa", "united states", "united states of america", "national", "nation"}
_FUZZY_CITY = 88  # a city name this close (rapidfuzz ratio) counts: "Daytn" for "Dayton"


@dataclass(frozen=True, slots=True)
class Area:
    code: str
    name: str
    kind: str  # national, state, metro or nonmetro (OEWS area types)

    @property
    def cities(self) -> list[str]:
        """A metro area's principal cities, lower case ("Dayton-Kettering-Beavercreek, OH")."""
        if self.kind != "metro" or "," not in self.name:
            return []
        places = self.name.rsplit(",", 1)[0]
        return [_plain(city) for city in re.split(r"[-/]", places) if city.strip()]

    @property
    def states(self) -> set[str]:
        """The postal abbreviations of the states an area lies in."""
        if self.kind == "state":
            return {_BY_NAME.get(self.name.lower(), self.name.upper())}
        if self.kind == "metro" and "," in self.name:
            return set(self.name.rsplit(",", 1)[1].strip().upper().split("-"))
        if self.kind == "nonmetro":
            text = f" {_plain(self.name)} "
            return {abbr for name, abbr in _BY_NAME.items() if f" {name} " in text}
        return set()


def _plain(text: str) -> str:
    return " ".join(re.sub(r"[^a-z0-9 ]+", " ", text.lower()).split())


def _split_state(words: list[str]) -> tuple[list[str], str | None]:
    """The place words and the state a text ends with ("dayton ohio", "dayton oh")."""
    for size in (3, 2, 1):
        if len(words) >= size:
            tail = " ".join(words[-size:])
            if tail in _BY_NAME:
                return words[:-size], _BY_NAME[tail]
            if size == 1 and tail.upper() in STATES:
                return words[:-1], tail.upper()
    return words, None


def match_areas(text: str, areas: Iterable[Area]) -> list[Area]:
    """The areas `text` may mean, best first: an exact code or name; a state by name or
    abbreviation; metro areas whose principal city is the place named (in the state named, if
    one is), the first-named city before the others; near spellings of a city; and, when a
    place is named in a state but not found, that state."""
    known = list(areas)
    wanted = text.strip()
    if not wanted:
        return []
    plain = _plain(wanted)
    exact = [a for a in known if a.code.lower() == wanted.lower() or _plain(a.name) == plain]
    if exact:
        return exact
    if plain in _NATIONAL:
        return [a for a in known if a.kind == "national"]
    place_words, state = _split_state(plain.split())
    place = " ".join(place_words)
    in_state = [a for a in known if state is None or state in a.states]
    if not place:
        return [a for a in in_state if a.kind == "state"]
    spellings = {place, place.removesuffix(" city").strip() or place}  # "new york city"
    scored: list[tuple[float, str, Area]] = []
    for area in in_state:
        for position, city in enumerate(area.cities):
            closeness = max(100.0 if city == s else fuzz.ratio(city, s) for s in spellings)
            if closeness >= _FUZZY_CITY:
                scored.append((closeness - position, area.name, area))
                break
    if not scored:
        for area in in_state:
            if area.kind == "nonmetro" and place in _plain(area.name):
                scored.append((50.0, area.name, area))
    ranked = [area for _score, _name, area in sorted(scored, key=lambda s: (-s[0], s[1]))]
    if not ranked and state is not None:
        ranked = [a for a in in_state if a.kind == "state"]
    return ranked
