"""The verification report: an ordered list of checks, each pass, fail, warn or skip, with a
technical reason and a plain sentence a worker can read."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Status(StrEnum):
    PASS = "pass"
    FAIL = "fail"
    WARN = "warn"
    SKIP = "skip"


@dataclass(slots=True)
class Check:
    id: str
    status: Status
    message: str
    plain: str


@dataclass(slots=True)
class Report:
    file: str
    format: str
    checks: list[Check] = field(default_factory=list)
    credential: dict[str, Any] | None = None

    @property
    def verified(self) -> bool:
        return bool(self.checks) and not any(c.status is Status.FAIL for c in self.checks)

    def add(self, id_: str, status: Status, message: str, plain: str) -> None:
        self.checks.append(Check(id_, status, message, plain))

    def get(self, id_: str) -> Check | None:
        """The first check with this id, if any."""
        return next((c for c in self.checks if c.id == id_), None)

    def failures(self) -> str:
        """The failed checks as one line: 'id: message; ...'."""
        return "; ".join(f"{c.id}: {c.message}" for c in self.checks if c.status is Status.FAIL)

    def to_json(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "verified": self.verified,
            "format": self.format,
            "checks": [
                {"id": c.id, "status": str(c.status), "message": c.message, "plain": c.plain}
                for c in self.checks
            ],
            "errors": [f"{c.id}: {c.message}" for c in self.checks if c.status is Status.FAIL],
            "warnings": [f"{c.id}: {c.message}" for c in self.checks if c.status is Status.WARN],
        }
