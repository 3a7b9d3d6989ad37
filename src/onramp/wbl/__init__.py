"""Work-based learning (C8): registered apprenticeship, pre-apprenticeship, on-the-job training
and internships, from program standards to hours, sign-offs and credentials (issue 17)."""

from onramp.wbl.builder import area_hourly_median, draft_program
from onramp.wbl.funder import funder_report
from onramp.wbl.model import (
    Approach,
    Competency,
    Course,
    Finding,
    InterimCredential,
    ProgramKind,
    ProgramStandards,
    WageStep,
    check_standards,
)
from onramp.wbl.outcomes import outcomes_view
from onramp.wbl.reporting import ApprenticeFacts, export_roster, validate_rows

__all__ = [
    "ApprenticeFacts",
    "Approach",
    "Competency",
    "Course",
    "Finding",
    "InterimCredential",
    "ProgramKind",
    "ProgramStandards",
    "WageStep",
    "area_hourly_median",
    "check_standards",
    "draft_program",
    "export_roster",
    "funder_report",
    "outcomes_view",
    "validate_rows",
]
