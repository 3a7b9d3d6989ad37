"""What extraction finds, as the API, the pages and the CLI show it: the skills a document
evidences (`SkillInfo`), each with its evidence spans (`Evidence`, `ExtractedSkill`), and the
whole result (`Extraction`, whose `to_dict` is the JSON form the API sends)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from onramp.nlp.documents import TextDocument
from onramp.nlp.sections import Section


@dataclass(frozen=True, slots=True)
class SkillInfo:
    uri: str
    label: str
    framework: str
    skill_type: str
    hot: bool | None = None  # None: the framework carries no Hot Technology flags
    in_demand: bool | None = None


@dataclass(slots=True)
class Evidence:
    start: int
    end: int
    text: str
    section: str
    match: str
    confidence: float

    def to_dict(self) -> dict[str, Any]:
        return {
            "span": [self.start, self.end],
            "text": self.text,
            "section": self.section,
            "match": self.match,
            "confidence": self.confidence,
        }


@dataclass(slots=True)
class ExtractedSkill:
    skill: SkillInfo
    evidence: list[Evidence]
    confidence: float = 0.0
    section: str = ""
    level: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "uri": self.skill.uri,
            "label": self.skill.label,
            "framework": self.skill.framework,
            "type": self.skill.skill_type,
            "confidence": self.confidence,
            "section": self.section,
            "level": self.level,
            "hot_technology": self.skill.hot,
            "in_demand": self.skill.in_demand,
            "evidence": [e.to_dict() for e in self.evidence],
        }


@dataclass(slots=True)
class Extraction:
    kind: str
    document: TextDocument
    sections: list[Section]
    skills: list[ExtractedSkill]
    requirements: list[dict[str, Any]]
    notes: list[str]

    def to_dict(self, include_text: bool = True) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "format": self.document.format,
            "sections": [
                {"kind": s.kind, "heading": s.heading, "span": [s.start, s.end]}
                for s in self.sections
            ],
            "skills": [s.to_dict() for s in self.skills],
            "requirements": self.requirements,
            "notes": self.notes,
        }
        if include_text:
            out["text"] = self.document.text
        return out
