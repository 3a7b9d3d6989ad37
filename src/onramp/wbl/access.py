"""Who may see or touch one apprentice's record (issue 17, decisions/0033).

- the **apprentice** reads everything about themselves except what only staff write;
- **sponsor admins** read every apprentice of the sponsor, and are the only ones who read the
  registration facts;
- the **mentor** assigned to the apprentice reads them, approves their hours and signs off
  their skills;
- **instructors** (admins of an organization that teaches a course of the program) read the
  apprentices who joined and record their classes;
- the **workforce board** the program names reads an apprentice only when the apprentice
  said yes to that when joining;
- anyone else, and staff of other organizations, get "not found".
"""

from __future__ import annotations

from dataclasses import dataclass

from onramp.errors import NotFoundError
from onramp.platform.model import Principal, Role
from onramp.wbl.programs import SPONSOR_ADMINS
from onramp.wbl.records import Enrollment, EnrollmentState
from onramp.wbl.rows import Program

NO_APPRENTICE = "There is no such apprentice in this program."
INSTRUCTOR_ROLES = frozenset({Role.PROVIDER_ADMIN, Role.ORG_ADMIN})
BOARD_ROLES = frozenset({Role.BOARD_ANALYST, Role.ORG_ADMIN})


@dataclass(frozen=True, slots=True)
class Standing:
    """What the asker is to this apprentice (several can be true)."""

    apprentice: bool = False
    sponsor_admin: bool = False
    mentor: bool = False
    instructor: bool = False
    board: bool = False

    @property
    def reads(self) -> bool:
        return any((self.apprentice, self.sponsor_admin, self.mentor, self.instructor, self.board))

    @property
    def staff(self) -> bool:
        return self.sponsor_admin or self.mentor or self.instructor or self.board


def standing(principal: Principal, program: Program, enrollment: Enrollment) -> Standing:
    if principal.user.is_platform_admin:
        return Standing()
    joined = enrollment.state is not EnrollmentState.INVITED
    me = principal.user.id
    return Standing(
        apprentice=enrollment.apprentice_id == me,
        sponsor_admin=bool(principal.roles_in(program.org_id) & SPONSOR_ADMINS),
        mentor=joined and enrollment.mentor_id == me and program.org_id in principal.org_ids(),
        instructor=joined
        and any(principal.roles_in(o) & INSTRUCTOR_ROLES for o in program.provider_org_ids),
        board=joined
        and enrollment.share_board
        and program.board_org_id is not None
        and bool(principal.roles_in(program.board_org_id) & BOARD_ROLES),
    )


def require_reader(principal: Principal, program: Program, enrollment: Enrollment) -> Standing:
    found = standing(principal, program, enrollment)
    if not found.reads:
        raise NotFoundError(NO_APPRENTICE)
    return found
