"""The isolation matrix: every API route and web page, checked for anonymous callers and for
members of another tenant. A route missing from MATRIX fails the test.

Each entry says who may call the route:
- PUBLIC: anyone (reference data, log-in and sign-up forms);
- AUTH: logged-in callers; anonymous API calls get 401 and pages redirect to /login;
and, for AUTH routes, how a member of organization A is kept out of organization B's objects:
- "tenant": path ids are swapped for B's; the call must be refused (403 or 404);
- "own": the route only ever serves the caller's own data; B's ids must not appear in it;
and the scope an API token needs for it: "read" for every GET, and for each route that changes
something the one it declares ("write", "consent", "admin", or "session" when no token may do
it). A token without that scope must be refused, a token with every scope must not be.
Every authenticated response must also say `Cache-Control: no-store`.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.credentials.issuing import Recipient
from onramp.jobs.model import JobDraft, JobState
from onramp.market.microcredentials.designs import MicrocredentialDesigns
from onramp.platform import AccountKind, OrgKind, Platform, PurposeKind, Role, User
from onramp.wbl.model import ProgramStandards
from onramp.wbl.progress_records import Evidence
from onramp.wbl.records import Registration

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "market"))
from microcredential_world import complete_parts, publish_directly  # noqa: E402

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "wbl"))
from wbl_world import registration, standards  # noqa: E402

PASSWORD = "correct horse battery"
PUBLIC, AUTH = "public", "auth"
READ, WRITE, CONSENT, ADMIN, SESSION = "read", "write", "consent", "admin", "session"
ALL_SCOPES = [READ, WRITE, CONSENT, ADMIN]


# work-based learning API (issue 17): B's program standards and a worker's registration
WBL_SKILL = "wbl-b-skill-5c0ffee0"  # distinct enough to never appear by chance in a page
WBL_STANDARDS: dict[str, Any] = {
    "name": "Stock room internship",
    "kind": "internship",
    "approach": "time_based",
    "occupation": "43-5071.00",
    "term_months": 3,
    "work_processes": [{"id": WBL_SKILL, "name": "Stock shelves", "hours": 40}],
}
WBL_REGISTRATION: dict[str, Any] = {
    "date_of_birth": "1999-04-02",
    "sex": "female",
    "hispanic": "no",
    "races": [],
    "disability": "not_said",
    "veteran": "not_veteran",
    "education": "high_school",
    "employment": "new_hire",
}
WBL_PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 16


@dataclass(frozen=True)
class Rule:
    access: str
    isolation: str = ""  # tenant | own
    body: dict[str, Any] | None = None
    scope: str = ""  # what an API token needs; "read" for every GET


MATRIX: dict[tuple[str, str], Rule] = {
    # platform basics and reference data: public
    ("GET", "/health"): Rule(PUBLIC),
    ("GET", "/docs"): Rule(PUBLIC),
    ("GET", "/openapi.json"): Rule(PUBLIC),
    ("GET", "/api/v1/frameworks"): Rule(PUBLIC),
    ("GET", "/api/v1/taxonomy/stats"): Rule(PUBLIC),
    ("GET", "/api/v1/skills"): Rule(PUBLIC),
    ("GET", "/api/v1/skills/{code:path}"): Rule(PUBLIC),
    ("GET", "/api/v1/occupations"): Rule(PUBLIC),
    ("GET", "/api/v1/occupations/{code:path}"): Rule(PUBLIC),
    ("GET", "/api/v1/essential-skills"): Rule(PUBLIC),
    ("GET", "/api/v1/skill-choices"): Rule(PUBLIC),
    ("GET", "/"): Rule(PUBLIC),
    ("GET", "/occupations"): Rule(PUBLIC),
    ("GET", "/occupations/{code:path}"): Rule(PUBLIC),
    ("GET", "/skills"): Rule(PUBLIC),
    ("GET", "/skills/{code:path}"): Rule(PUBLIC),
    ("GET", "/frameworks"): Rule(PUBLIC),
    ("GET", "/essential-skills"): Rule(PUBLIC),
    # accounts: public entry points
    ("POST", "/api/v1/auth/signup"): Rule(PUBLIC),
    ("POST", "/api/v1/auth/login"): Rule(PUBLIC),
    ("POST", "/api/v1/auth/password-reset"): Rule(PUBLIC),
    ("POST", "/api/v1/auth/password-reset/confirm"): Rule(PUBLIC),
    ("GET", "/signup"): Rule(PUBLIC),
    ("POST", "/signup"): Rule(PUBLIC),
    ("GET", "/login"): Rule(PUBLIC),
    ("POST", "/login"): Rule(PUBLIC),
    ("GET", "/password-reset"): Rule(PUBLIC),
    ("POST", "/password-reset"): Rule(PUBLIC),
    ("GET", "/reset-password"): Rule(PUBLIC),
    ("POST", "/reset-password"): Rule(PUBLIC),
    ("GET", "/invitations/accept"): Rule(PUBLIC),  # shows only what the token names
    # accounts: the caller's own data
    ("POST", "/api/v1/auth/logout"): Rule(AUTH, "own", scope=SESSION),
    ("GET", "/api/v1/auth/me"): Rule(AUTH, "own"),
    ("GET", "/api/v1/auth/tokens"): Rule(AUTH, "own"),
    ("POST", "/api/v1/auth/tokens"): Rule(AUTH, "own", {"name": "t"}, SESSION),
    ("DELETE", "/api/v1/auth/tokens/{token_id}"): Rule(AUTH, "tenant", scope=SESSION),
    ("GET", "/api/v1/users"): Rule(AUTH, "tenant"),  # platform admins only
    ("GET", "/api/v1/users/me"): Rule(AUTH, "own"),
    ("GET", "/api/v1/users/me/profile"): Rule(AUTH, "own"),
    ("PUT", "/api/v1/users/me/profile"): Rule(AUTH, "own", {"headline": "x"}, WRITE),
    ("GET", "/api/v1/users/me/export"): Rule(AUTH, "own"),
    ("GET", "/api/v1/users/me/audit"): Rule(AUTH, "own"),
    ("DELETE", "/api/v1/users/me"): Rule(AUTH, "own", {"password": "wrong password"}, SESSION),
    ("POST", "/logout"): Rule(AUTH, "own", scope=SESSION),
    ("GET", "/dashboard"): Rule(AUTH, "own"),
    ("GET", "/me/sharing"): Rule(AUTH, "own"),
    ("POST", "/me/sharing"): Rule(
        AUTH, "own", {"org_id": "{org_id}", "parts": "profile", "purpose_text": "job"}, CONSENT
    ),
    ("POST", "/me/sharing/{grant_id}/revoke"): Rule(AUTH, "tenant", scope=CONSENT),
    ("GET", "/me/activity"): Rule(AUTH, "own"),
    ("GET", "/me/profile"): Rule(AUTH, "own"),
    ("GET", "/me/tokens"): Rule(AUTH, "own"),
    ("POST", "/me/tokens"): Rule(AUTH, "own", {"name": "t"}, SESSION),
    ("POST", "/me/tokens/{token_id}/revoke"): Rule(AUTH, "tenant", scope=SESSION),
    ("POST", "/me/profile"): Rule(AUTH, "own", {"headline": "x"}, WRITE),
    ("GET", "/me/export"): Rule(AUTH, "own"),
    ("GET", "/me/delete"): Rule(AUTH, "own"),
    ("POST", "/me/delete"): Rule(AUTH, "own", {"password": "wrong password"}, SESSION),
    # organizations: tenant data
    ("GET", "/api/v1/orgs"): Rule(AUTH, "own"),
    ("POST", "/api/v1/orgs"): Rule(AUTH, "own", {"name": "Zed Org", "kind": "employer"}, ADMIN),
    ("GET", "/api/v1/orgs/{org_id}"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/members"): Rule(AUTH, "tenant"),
    ("DELETE", "/api/v1/orgs/{org_id}/members/{user_id}"): Rule(AUTH, "tenant", scope=ADMIN),
    ("POST", "/api/v1/orgs/{org_id}/invitations"): Rule(
        AUTH, "tenant", {"email": "x@example.org", "role": "org_admin"}, ADMIN
    ),
    ("GET", "/api/v1/orgs/{org_id}/invitations"): Rule(AUTH, "tenant"),
    ("DELETE", "/api/v1/orgs/{org_id}/invitations/{invitation_id}"): Rule(
        AUTH, "tenant", scope=ADMIN
    ),
    ("POST", "/api/v1/orgs/{org_id}/invitations/{invitation_id}/resend"): Rule(
        AUTH, "tenant", scope=ADMIN
    ),
    ("POST", "/api/v1/invitations/accept"): Rule(AUTH, "own", {"token": "nope"}, ADMIN),
    ("GET", "/api/v1/orgs/{org_id}/consents"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/workers/{worker_id}"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/audit"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/consents"): Rule(AUTH, "own"),
    ("POST", "/api/v1/consents"): Rule(
        AUTH,
        "own",
        {
            "org_id": "{org_id}",
            "parts": ["profile"],
            "purpose_kind": "other",
            "purpose_text": "job",
        },
        CONSENT,
    ),
    ("POST", "/api/v1/consents/{grant_id}/revoke"): Rule(AUTH, "tenant", scope=CONSENT),
    ("GET", "/api/v1/audit"): Rule(AUTH, "own"),
    ("GET", "/orgs/new"): Rule(AUTH, "own"),
    ("POST", "/orgs/new"): Rule(AUTH, "own", {"name": "Zed Org", "kind": "employer"}, ADMIN),
    ("GET", "/orgs/{org_id}"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/invite"): Rule(
        AUTH, "tenant", {"email": "x@example.org", "role": "org_admin"}, ADMIN
    ),
    ("GET", "/orgs/{org_id}/audit"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/workers"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/invitations/{invitation_id}/revoke"): Rule(
        AUTH, "tenant", scope=ADMIN
    ),
    ("POST", "/orgs/{org_id}/invitations/{invitation_id}/resend"): Rule(
        AUTH, "tenant", scope=ADMIN
    ),
    # the platform admin's console: platform admins only, never a tenant's member
    ("GET", "/admin"): Rule(AUTH, "tenant"),
    ("GET", "/admin/orgs/{org_id}"): Rule(AUTH, "tenant"),
    ("GET", "/admin/mail"): Rule(AUTH, "tenant"),
    ("GET", "/admin/mail/{message_id}"): Rule(AUTH, "tenant"),
    ("POST", "/admin/mail/deliver"): Rule(AUTH, "tenant", scope=ADMIN),
    ("GET", "/orgs/{org_id}/workers/{worker_id}"): Rule(AUTH, "tenant"),
    ("POST", "/invitations/accept"): Rule(AUTH, "own", {"token": "nope"}, ADMIN),
    # credentials: public verification and what Onramp hosts for issuers
    ("POST", "/api/v1/credentials/verify"): Rule(PUBLIC),
    ("GET", "/orgs/{slug}/did.json"): Rule(PUBLIC),
    ("GET", "/orgs/{slug}/achievements/{achievement_id}"): Rule(PUBLIC),
    ("GET", "/status/{list_id}"): Rule(PUBLIC),
    ("GET", "/contexts/ler-rs/v1.jsonld"): Rule(PUBLIC),
    # credentials: each organization's own
    ("GET", "/api/v1/orgs/{org_id}/achievements"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/achievements"): Rule(
        AUTH, "tenant", {"name": "Forklift", "criteria": "Drove well"}, WRITE
    ),
    ("GET", "/api/v1/orgs/{org_id}/achievements/{achievement_id}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/achievements/{achievement_id}/issue"): Rule(
        AUTH, "tenant", {"recipients": [{"did": "did:example:x"}]}, WRITE
    ),
    ("POST", "/api/v1/orgs/{org_id}/achievements/{achievement_id}/issue-csv"): Rule(
        AUTH, "tenant", scope=WRITE
    ),
    ("GET", "/api/v1/orgs/{org_id}/credentials"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/credentials/{credential_id}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/credentials/{credential_id}/{action}"): Rule(
        AUTH, "tenant", scope=WRITE
    ),
    ("POST", "/api/v1/orgs/{org_id}/clr"): Rule(
        AUTH, "tenant", {"learner": "did:example:x"}, WRITE
    ),
    ("POST", "/api/v1/orgs/{org_id}/endorsements"): Rule(
        AUTH, "tenant", {"subject_id": "https://x.example/a", "comment": "Good"}, WRITE
    ),
    ("GET", "/api/v1/orgs/{org_id}/keys"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/keys"): Rule(AUTH, "tenant", {"algorithm": "Ed25519"}, ADMIN),
    ("GET", "/api/v1/orgs/{org_id}/trust"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/trust"): Rule(
        AUTH, "tenant", {"issuer_id": "did:web:x"}, ADMIN
    ),
    ("DELETE", "/api/v1/orgs/{org_id}/trust/{entry_id}"): Rule(AUTH, "tenant", scope=ADMIN),
    ("GET", "/api/v1/orgs/{org_id}/presentations"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/presentations/{presentation_id}"): Rule(AUTH, "tenant"),
    # the wallet: the worker's own
    ("GET", "/api/v1/wallet"): Rule(AUTH, "own"),
    ("POST", "/api/v1/wallet"): Rule(AUTH, "own", {"credential": "not a credential"}, WRITE),
    ("POST", "/api/v1/wallet/from-url"): Rule(AUTH, "own", {"url": "https://127.0.0.1/x"}, WRITE),
    ("POST", "/api/v1/wallet/claim"): Rule(AUTH, "own", {"token": "nope"}, WRITE),
    ("GET", "/api/v1/wallet/did"): Rule(AUTH, "own"),
    ("GET", "/api/v1/wallet/export"): Rule(AUTH, "own"),
    ("GET", "/api/v1/wallet/shared"): Rule(AUTH, "own"),
    ("GET", "/api/v1/wallet/ler-rs"): Rule(AUTH, "own"),
    ("POST", "/api/v1/wallet/share"): Rule(
        AUTH,
        "own",
        {"org_id": "{org_id}", "item_ids": ["{item_id}"], "purpose_text": "job"},
        CONSENT,
    ),
    ("GET", "/api/v1/wallet/{item_id}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/wallet/{item_id}/recheck"): Rule(AUTH, "tenant", scope=WRITE),
    ("DELETE", "/api/v1/wallet/{item_id}"): Rule(AUTH, "tenant", scope=WRITE),
    # credential pages
    ("GET", "/verify"): Rule(PUBLIC),
    ("GET", "/extract"): Rule(PUBLIC),
    ("POST", "/extract"): Rule(PUBLIC),
    ("POST", "/api/v1/skills/link"): Rule(PUBLIC),
    ("POST", "/api/v1/skills/extract"): Rule(PUBLIC),
    ("POST", "/api/v1/skills/extract-file"): Rule(PUBLIC),
    ("POST", "/api/v1/occupations/code"): Rule(PUBLIC),
    ("GET", "/api/v1/skills-by-meaning"): Rule(PUBLIC),
    ("GET", "/api/v1/occupations-by-meaning"): Rule(PUBLIC),
    ("POST", "/verify"): Rule(PUBLIC),
    ("GET", "/wallet"): Rule(AUTH, "own"),
    ("POST", "/wallet/add"): Rule(AUTH, "own", {"pasted": "not a credential"}, WRITE),
    ("GET", "/wallet/claim"): Rule(AUTH, "own"),
    ("POST", "/wallet/claim"): Rule(AUTH, "own", {"token": "nope"}, WRITE),
    ("GET", "/wallet/export"): Rule(AUTH, "own"),
    ("GET", "/wallet/resume"): Rule(AUTH, "own"),
    ("POST", "/wallet/share"): Rule(
        AUTH,
        "own",
        {"org_id": "{org_id}", "item_ids": "{item_id}", "purpose_text": "job"},
        CONSENT,
    ),
    ("GET", "/wallet/{item_id}"): Rule(AUTH, "tenant"),
    ("POST", "/wallet/{item_id}/recheck"): Rule(AUTH, "tenant", scope=WRITE),
    ("POST", "/wallet/{item_id}/remove"): Rule(AUTH, "tenant", scope=WRITE),
    # confirmed email addresses: the caller's own
    ("GET", "/api/v1/users/me/emails"): Rule(AUTH, "own", scope=READ),
    ("POST", "/api/v1/users/me/emails"): Rule(AUTH, "own", {"email": "me@w.example"}, WRITE),
    ("POST", "/api/v1/users/me/emails/confirm"): Rule(AUTH, "own", {"token": "nope"}, WRITE),
    ("GET", "/me/emails"): Rule(AUTH, "own", scope=READ),
    ("POST", "/me/emails"): Rule(AUTH, "own", {"email": "me@w.example"}, WRITE),
    ("GET", "/me/emails/confirm"): Rule(AUTH, "own", scope=READ),
    ("POST", "/me/emails/confirm"): Rule(AUTH, "own", {"token": "nope"}, WRITE),
    ("GET", "/orgs/{org_id}/credentials"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/achievements"): Rule(
        AUTH, "tenant", {"name": "Forklift", "criteria": "Drove well"}, WRITE
    ),
    ("POST", "/orgs/{org_id}/issue"): Rule(AUTH, "tenant", {"recipient": "did:example:x"}, WRITE),
    ("GET", "/orgs/{org_id}/credentials/{credential_id}/revoke"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/credentials/{credential_id}/{action}"): Rule(
        AUTH, "tenant", scope=WRITE
    ),
    ("POST", "/orgs/{org_id}/trust"): Rule(AUTH, "tenant", {"issuer_id": "did:web:x"}, ADMIN),
    ("POST", "/orgs/{org_id}/trust/{entry_id}/remove"): Rule(AUTH, "tenant", scope=ADMIN),
    ("GET", "/orgs/{org_id}/presentations/{presentation_id}"): Rule(AUTH, "tenant"),
    # job pages: open jobs are public; an employer's jobs are its own; applying is the worker's
    # own (B's job is open, so any worker may apply to it; the page shows only their own)
    ("GET", "/jobs"): Rule(PUBLIC),
    ("GET", "/jobs/{job_id}"): Rule(PUBLIC),
    ("GET", "/orgs/{org_id}/jobs"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/jobs/new"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/jobs/new"): Rule(AUTH, "tenant", {"title": "Cook"}, WRITE),
    ("POST", "/orgs/{org_id}/jobs/import"): Rule(AUTH, "tenant", {"pasted": "Cook"}, WRITE),
    ("GET", "/orgs/{org_id}/jobs/{job_id}/edit"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/jobs/{job_id}/edit"): Rule(AUTH, "tenant", {"title": "x"}, WRITE),
    ("POST", "/orgs/{org_id}/jobs/{job_id}/state"): Rule(
        AUTH, "tenant", {"state": "closed"}, WRITE
    ),
    ("GET", "/orgs/{org_id}/jobs/{job_id}/applicants"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/lint-settings"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/roadmap"): Rule(AUTH, "tenant"),  # the employer's people who hire
    ("POST", "/orgs/{org_id}/lint-settings"): Rule(AUTH, "tenant", {"on": "jargon"}, ADMIN),
    ("GET", "/me/applications"): Rule(AUTH, "own"),
    ("GET", "/me/applications/{job_id}"): Rule(AUTH, "own"),
    ("POST", "/me/applications/{job_id}"): Rule(AUTH, "own", {}, CONSENT),
    ("POST", "/me/applications/{job_id}/withdraw"): Rule(AUTH, "own", scope=CONSENT),
    # matching pages: a job's candidates (blind), one explained, a reveal, the onboarding plan,
    # for the people who hire for the job; "jobs for me" and plans are the worker's own
    ("GET", "/jobs/{job_id}/candidates"): Rule(AUTH, "tenant"),
    ("GET", "/jobs/{job_id}/candidates/{handle}"): Rule(AUTH, "tenant"),
    ("POST", "/jobs/{job_id}/candidates/{handle}/reveal"): Rule(AUTH, "tenant", scope=READ),
    ("POST", "/jobs/{job_id}/candidates/{handle}/plan"): Rule(AUTH, "tenant", scope=WRITE),
    ("GET", "/jobs/{job_id}/candidates/{handle}/plan"): Rule(AUTH, "tenant"),
    ("POST", "/jobs/{job_id}/candidates/{handle}/plan/items"): Rule(
        AUTH,
        "tenant",
        {"skill": "x", "activity": "mentor", "weeks": "3", "state": "planned", "note": ""},
        WRITE,
    ),
    ("GET", "/me/jobs-for-me"): Rule(AUTH, "own"),
    ("GET", "/me/plans"): Rule(AUTH, "own"),
    # jobs: open jobs, the linter and proposals are public; drafts, states, findings, applicants
    # and lint settings are the employer's; applying is the worker's own
    ("GET", "/api/v1/jobs"): Rule(PUBLIC),
    ("POST", "/api/v1/jobs/lint"): Rule(PUBLIC),
    ("GET", "/api/v1/jobs/proposal"): Rule(PUBLIC),
    ("GET", "/api/v1/jobs/{job_id}"): Rule(PUBLIC),  # drafts are 404 to everyone else
    ("GET", "/api/v1/jobs/{job_id}/export"): Rule(PUBLIC),
    ("GET", "/api/v1/jobs/{job_id}/leads-to"): Rule(PUBLIC),  # drafts are 404 to everyone else
    ("GET", "/api/v1/orgs/{org_id}/roadmap"): Rule(AUTH, "tenant"),
    ("PUT", "/api/v1/jobs/{job_id}"): Rule(AUTH, "tenant", {"title": "Stock clerk"}, WRITE),
    ("POST", "/api/v1/jobs/{job_id}/state"): Rule(AUTH, "tenant", {"state": "paused"}, WRITE),
    ("GET", "/api/v1/jobs/{job_id}/findings"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/jobs/{job_id}/lint"): Rule(AUTH, "tenant", {"text": "Cook"}, READ),
    ("GET", "/api/v1/jobs/{job_id}/applicants"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/jobs/{job_id}/application"): Rule(AUTH, "own", {"item_ids": []}, CONSENT),
    ("DELETE", "/api/v1/jobs/{job_id}/application"): Rule(AUTH, "own", scope=CONSENT),
    ("GET", "/api/v1/me/applications"): Rule(AUTH, "own"),
    ("GET", "/api/v1/orgs/{org_id}/jobs"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/jobs"): Rule(AUTH, "tenant", {"title": "Stock clerk"}, WRITE),
    ("POST", "/api/v1/orgs/{org_id}/jobs/import"): Rule(
        AUTH, "tenant", {"text": "Stock clerk. Pack boxes."}, WRITE
    ),
    # a worker's own proof of skills, skill profile and volunteered demographic answers
    ("GET", "/api/v1/me/evidence"): Rule(AUTH, "own"),
    ("POST", "/api/v1/me/evidence"): Rule(
        AUTH,
        "own",
        {"kind": "training", "title": "Class", "skills": [{"skill": "urn:x:y", "level": 2}]},
        WRITE,
    ),
    ("GET", "/api/v1/me/evidence/profile"): Rule(AUTH, "own"),
    ("GET", "/api/v1/me/evidence/essential-skills"): Rule(AUTH, "own"),
    ("PUT", "/api/v1/me/evidence/essential-skills"): Rule(AUTH, "own", {"ratings": {}}, WRITE),
    ("POST", "/api/v1/me/evidence/work-history"): Rule(AUTH, "own", {"title": "Cook"}, WRITE),
    ("POST", "/api/v1/me/evidence/resume"): Rule(AUTH, "own", scope=WRITE),
    ("DELETE", "/api/v1/me/evidence/{evidence_id}"): Rule(AUTH, "tenant", scope=WRITE),
    ("GET", "/api/v1/me/demographics"): Rule(AUTH, "own"),
    ("PUT", "/api/v1/me/demographics"): Rule(
        AUTH, "own", {"answers": {}, "consent": True}, CONSENT
    ),
    ("DELETE", "/api/v1/me/demographics"): Rule(AUTH, "own", scope=CONSENT),
    ("GET", "/me/skills"): Rule(AUTH, "own"),
    ("GET", "/me/skills/add"): Rule(AUTH, "own"),
    ("POST", "/me/skills/add"): Rule(
        AUTH,
        "own",
        {"kind": "training", "title": "Class", "level": "2", "skills": "urn:x:y"},
        WRITE,
    ),
    ("POST", "/me/skills/essential"): Rule(AUTH, "own", {}, WRITE),
    ("POST", "/me/skills/past-job"): Rule(AUTH, "own", {"title": "Cook"}, WRITE),
    ("POST", "/me/skills/resume"): Rule(AUTH, "own", scope=WRITE),
    ("POST", "/me/skills/{evidence_id}/remove"): Rule(AUTH, "tenant", scope=WRITE),
    ("GET", "/me/demographics"): Rule(AUTH, "own"),
    ("POST", "/me/demographics"): Rule(AUTH, "own", {"consent": "yes"}, CONSENT),
    ("POST", "/me/demographics/delete"): Rule(AUTH, "own", scope=CONSENT),
    ("GET", "/api/v1/orgs/{org_id}/lint-settings"): Rule(AUTH, "tenant"),
    # matching: the people who hire for a job see its candidates blind; workers their own
    ("GET", "/api/v1/jobs/{job_id}/candidates"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/jobs/{job_id}/candidates/{handle}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/jobs/{job_id}/candidates/{handle}/reveal"): Rule(AUTH, "tenant", {}, READ),
    ("POST", "/api/v1/jobs/{job_id}/candidates/{handle}/plan"): Rule(AUTH, "tenant", {}, WRITE),
    ("GET", "/api/v1/jobs/{job_id}/candidates/{handle}/plan"): Rule(AUTH, "tenant"),
    ("PATCH", "/api/v1/jobs/{job_id}/candidates/{handle}/plan"): Rule(
        AUTH, "tenant", {"skill": "urn:x:y", "weeks": 3}, WRITE
    ),
    ("GET", "/api/v1/jobs/{job_id}/adverse-impact"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/me/matches"): Rule(AUTH, "own"),
    ("GET", "/api/v1/me/matches/{job_id}"): Rule(AUTH, "own"),
    ("GET", "/api/v1/me/plans"): Rule(AUTH, "own"),
    # career pathways: the worker's own; a navigator's view of a worker is the tenant's
    ("GET", "/api/v1/pathways/me"): Rule(AUTH, "own"),
    ("GET", "/api/v1/pathways/targets"): Rule(AUTH, "own"),
    ("GET", "/api/v1/pathways/orgs/{org_id}/workers/{worker_id}"): Rule(AUTH, "tenant"),
    ("GET", "/me/pathways"): Rule(AUTH, "own"),
    ("PUT", "/api/v1/orgs/{org_id}/lint-settings"): Rule(AUTH, "tenant", {}, ADMIN),
    # career advancement plans (issue 15, item 4): the worker's own plan; a navigator's view of
    # a plan shared with their organization; the organization's version of the questions
    ("GET", "/me/plan"): Rule(AUTH, "own"),
    ("POST", "/me/plan/start"): Rule(AUTH, "own", {}, WRITE),
    ("POST", "/me/plan/from-pathway"): Rule(
        AUTH, "own", {"target": "29-1141.00", "steps": "29-2061.00,29-1141.00"}, WRITE
    ),
    ("POST", "/me/plan/edit"): Rule(
        AUTH, "own", {"kind": "add_note", "stage": "explore", "text": "Call"}, WRITE
    ),
    ("POST", "/me/plan/share"): Rule(AUTH, "own", {"org_id": "{org_id}", "days": "30"}, CONSENT),
    ("GET", "/me/plan/print"): Rule(AUTH, "own"),
    ("GET", "/orgs/{org_id}/workers/{worker_id}/plan"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/workers/{worker_id}/plan/print"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/workers/{worker_id}/plan/add"): Rule(
        AUTH, "tenant", {"kind": "add_note", "stage": "explore", "text": "Call"}, WRITE
    ),
    ("GET", "/orgs/{org_id}/plan-guide"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/plan-guide"): Rule(
        AUTH, "tenant", {"stage": "explore", "mode": "add", "self": "Why?"}, ADMIN
    ),
    ("GET", "/api/v1/plans/me"): Rule(AUTH, "own"),
    ("PUT", "/api/v1/plans/me"): Rule(AUTH, "own", {"target": None}, WRITE),
    ("PATCH", "/api/v1/plans/me"): Rule(
        AUTH, "own", {"edits": [{"kind": "add_note", "stage": "explore", "text": "x"}]}, WRITE
    ),
    ("GET", "/api/v1/plans/orgs/{org_id}/workers/{worker_id}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/plans/orgs/{org_id}/workers/{worker_id}/additions"): Rule(
        AUTH, "tenant", {"kind": "add_note", "stage": "explore", "text": "x"}, WRITE
    ),
    ("GET", "/api/v1/plans/orgs/{org_id}/guide"): Rule(AUTH, "tenant"),
    ("PUT", "/api/v1/plans/orgs/{org_id}/guide/{stage}"): Rule(
        AUTH, "tenant", {"mode": "add", "self_questions": ["Why?"]}, ADMIN
    ),
    # the navigator caseload: a community organization's own, for workers who share with it;
    # the worker reads the referrals made for them
    ("GET", "/api/v1/orgs/{org_id}/caseload"): Rule(AUTH, "tenant"),
    # market reports: aggregates only (counts; worker counts under 5 withheld), for staff of
    # workforce boards, training providers and employers
    ("GET", "/api/v1/market/demand"): Rule(AUTH, "own"),
    ("GET", "/api/v1/market/gaps"): Rule(AUTH, "own"),
    ("GET", "/market/demand"): Rule(AUTH, "own"),
    # the regional view (issue 18, item 5): the same readers, aggregates only (counts of
    # people under 10 hidden, with complements)
    ("GET", "/api/v1/metrics/region"): Rule(AUTH, "own"),
    ("GET", "/market/region"): Rule(AUTH, "own"),
    ("GET", "/api/v1/orgs/{org_id}/caseload/{worker_id}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/caseload/{worker_id}/referrals"): Rule(
        AUTH, "tenant", {"kind": "service", "service": "childcare"}, WRITE
    ),
    ("PATCH", "/api/v1/orgs/{org_id}/caseload/referrals/{referral_id}"): Rule(
        AUTH, "tenant", {"outcome": "started"}, WRITE
    ),
    ("POST", "/api/v1/orgs/{org_id}/caseload/{worker_id}/follow-ups"): Rule(
        AUTH, "tenant", {"due": "2099-01-01", "about": "Call"}, WRITE
    ),
    ("PATCH", "/api/v1/orgs/{org_id}/caseload/follow-ups/{follow_up_id}"): Rule(
        AUTH, "tenant", {"done": True}, WRITE
    ),
    ("GET", "/api/v1/me/referrals"): Rule(AUTH, "own"),
    ("GET", "/orgs/{org_id}/caseload"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/caseload/{worker_id}"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/caseload/{worker_id}/referrals"): Rule(
        AUTH, "tenant", {"kind": "service", "service": "childcare"}, WRITE
    ),
    ("POST", "/orgs/{org_id}/caseload/{worker_id}/referrals/{referral_id}/outcome"): Rule(
        AUTH, "tenant", {"outcome": "started"}, WRITE
    ),
    ("POST", "/orgs/{org_id}/caseload/{worker_id}/follow-ups"): Rule(
        AUTH, "tenant", {"due": "2099-01-01", "about": "Call"}, WRITE
    ),
    ("POST", "/orgs/{org_id}/caseload/{worker_id}/follow-ups/{follow_up_id}/done"): Rule(
        AUTH, "tenant", scope=WRITE
    ),
    ("GET", "/me/referrals"): Rule(AUTH, "own"),
    # delivering microcredentials (issue 16, item 5): the enroll page of a published design is
    # public; learners, results, placements and figures are the provider's (figures also its
    # employer partners'); a worker reads their own
    ("GET", "/microcredentials/{design_id}/enroll"): Rule(PUBLIC),
    ("POST", "/microcredentials/{design_id}/enroll"): Rule(
        AUTH, "tenant", {"agree": "yes"}, CONSENT
    ),
    ("POST", "/api/v1/microcredentials/{design_id}/enroll"): Rule(
        AUTH, "tenant", {"agree": True}, CONSENT
    ),
    ("POST", "/api/v1/microcredentials/{design_id}/enrollments"): Rule(
        AUTH, "tenant", {"email": "wb@w.example"}, WRITE
    ),
    ("GET", "/api/v1/microcredentials/{design_id}/enrollments"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/microcredentials/{design_id}/outcomes"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/microcredentials/outcomes"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/microcredentials/enrollments/{enrollment_id}/results"): Rule(
        AUTH, "tenant", {"assessment_id": "a-sql", "outcome_id": "o-sql", "level": 2}, WRITE
    ),
    ("POST", "/api/v1/microcredentials/enrollments/{enrollment_id}/placements"): Rule(
        AUTH,
        "tenant",
        {"hired": False, "placed_on": "2027-03-01", "employer_name": "Big Box"},
        WRITE,
    ),
    ("POST", "/api/v1/microcredentials/enrollments/{enrollment_id}/tuition"): Rule(
        AUTH, "tenant", {"commitment_id": "c-none", "amount": 10}, WRITE
    ),
    ("POST", "/api/v1/microcredentials/enrollments/{enrollment_id}/withdraw"): Rule(
        AUTH, "tenant", scope=WRITE
    ),
    ("GET", "/api/v1/me/microcredentials"): Rule(AUTH, "own"),
    ("GET", "/me/microcredentials"): Rule(AUTH, "own"),
    ("GET", "/microcredentials/{design_id}/delivery"): Rule(AUTH, "tenant"),
    ("POST", "/microcredentials/{design_id}/delivery/enroll"): Rule(
        AUTH, "tenant", {"email": "wb@w.example"}, WRITE
    ),
    ("GET", "/microcredentials/enrollments/{enrollment_id}"): Rule(AUTH, "tenant"),
    ("POST", "/microcredentials/enrollments/{enrollment_id}/result"): Rule(
        AUTH, "tenant", {"pair": "a-sql|o-sql", "level": "2"}, WRITE
    ),
    ("POST", "/microcredentials/enrollments/{enrollment_id}/placement"): Rule(
        AUTH,
        "tenant",
        {"hired": "no", "placed_on": "2027-03-01", "employer_name": "Big Box"},
        WRITE,
    ),
    ("POST", "/microcredentials/enrollments/{enrollment_id}/tuition"): Rule(
        AUTH, "tenant", {"commitment_id": "c-none", "amount": "10"}, WRITE
    ),
    ("POST", "/microcredentials/enrollments/{enrollment_id}/withdraw"): Rule(
        AUTH, "tenant", scope=WRITE
    ),
    ("GET", "/orgs/{org_id}/microcredentials/outcomes"): Rule(AUTH, "tenant"),
    ("GET", "/microcredentials/{design_id}/outcomes"): Rule(AUTH, "tenant"),
    # microcredential design (issue 16, items 3-4): a provider's designers and the designs'
    # named employer partners; everyone else is told the design does not exist
    ("GET", "/api/v1/microcredentials/orgs/{org_id}/designs"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/microcredentials/orgs/{org_id}/designs"): Rule(
        AUTH, "tenant", {"name": "New design"}, WRITE
    ),
    ("GET", "/api/v1/microcredentials/orgs/{org_id}/evidence"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/microcredentials/orgs/{org_id}/partner-designs"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/microcredentials/designs/{design_id}"): Rule(AUTH, "tenant"),
    ("PUT", "/api/v1/microcredentials/designs/{design_id}"): Rule(
        AUTH, "tenant", {"name": "Renamed"}, WRITE
    ),
    ("GET", "/api/v1/microcredentials/designs/{design_id}/check"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/microcredentials/designs/{design_id}/ctdl"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/microcredentials/designs/{design_id}/outcomes/{outcome_id}/sign-off"): Rule(
        AUTH, "tenant", scope=WRITE
    ),
    ("POST", "/api/v1/microcredentials/designs/{design_id}/outcomes/{outcome_id}/send-back"): (
        Rule(AUTH, "tenant", {"note": "Ask for more."}, WRITE)
    ),
    ("POST", "/api/v1/microcredentials/designs/{design_id}/publish"): Rule(
        AUTH, "tenant", scope=WRITE
    ),
    ("POST", "/api/v1/microcredentials/designs/{design_id}/retire"): Rule(
        AUTH, "tenant", scope=WRITE
    ),
    ("GET", "/orgs/{org_id}/microcredentials"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/microcredentials"): Rule(AUTH, "tenant", {"name": "New"}, WRITE),
    ("GET", "/orgs/{org_id}/microcredential-partners"): Rule(AUTH, "tenant"),
    ("GET", "/microcredentials/designs/{design_id}"): Rule(AUTH, "tenant"),
    ("GET", "/microcredentials/designs/{design_id}/sign-off"): Rule(AUTH, "tenant"),
    ("POST", "/microcredentials/designs/{design_id}/parts"): Rule(
        AUTH, "tenant", {"step": "basics", "name": "Renamed"}, WRITE
    ),
    ("POST", "/microcredentials/designs/{design_id}/publish"): Rule(AUTH, "tenant", scope=WRITE),
    ("POST", "/microcredentials/designs/{design_id}/retire"): Rule(AUTH, "tenant", scope=WRITE),
    ("POST", "/microcredentials/designs/{design_id}/outcomes/{outcome_id}/sign-off"): Rule(
        AUTH, "tenant", scope=WRITE
    ),
    ("POST", "/microcredentials/designs/{design_id}/outcomes/{outcome_id}/send-back"): Rule(
        AUTH, "tenant", {"note": "Ask for more."}, WRITE
    ),
    ("GET", "/microcredentials/{design_id}"): Rule(PUBLIC),  # published ones only
    ("GET", "/microcredentials/{design_id}/ctdl.json"): Rule(PUBLIC),
    # work-based learning API (issue 17): a program's sponsor admins write it and read the
    # registration facts; a worker's own apprenticeships are theirs. B's enrollment id in the
    # ids below is a microcredential enrollment, so these apprentice routes see a foreign id.
    ("GET", "/api/v1/orgs/{org_id}/wbl/programs"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/orgs/{org_id}/wbl/programs"): Rule(
        AUTH, "tenant", {"standards": WBL_STANDARDS}, WRITE
    ),
    ("GET", "/api/v1/wbl/programs/{program_id}"): Rule(AUTH, "tenant"),
    ("PUT", "/api/v1/wbl/programs/{program_id}"): Rule(
        AUTH, "tenant", {"standards": WBL_STANDARDS}, WRITE
    ),
    ("POST", "/api/v1/wbl/programs/{program_id}/activate"): Rule(AUTH, "tenant", scope=WRITE),
    ("POST", "/api/v1/wbl/programs/{program_id}/close"): Rule(AUTH, "tenant", scope=WRITE),
    ("GET", "/api/v1/wbl/programs/{program_id}/apprentices"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/wbl/programs/{program_id}/apprentices"): Rule(
        AUTH, "tenant", {"email": "x@example.org", "start_date": "2026-01-05"}, WRITE
    ),
    ("POST", "/api/v1/wbl/programs/{program_id}/hours"): Rule(AUTH, "tenant", scope=WRITE),
    ("GET", "/api/v1/wbl/apprentices/{enrollment_id}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/wbl/apprentices/{enrollment_id}/join"): Rule(
        AUTH, "tenant", {"registration": WBL_REGISTRATION, "agree": True}, CONSENT
    ),
    ("POST", "/api/v1/wbl/apprentices/{enrollment_id}/decline"): Rule(
        AUTH, "tenant", scope=CONSENT
    ),
    ("POST", "/api/v1/wbl/apprentices/{enrollment_id}/mentor"): Rule(
        AUTH, "tenant", {"email": "x@example.org"}, WRITE
    ),
    ("POST", "/api/v1/wbl/apprentices/{enrollment_id}/end"): Rule(
        AUTH, "tenant", {"reason": "moved", "ended_on": "2026-01-05"}, WRITE
    ),
    ("POST", "/api/v1/wbl/apprentices/{enrollment_id}/follow-ups"): Rule(
        AUTH, "tenant", {"months": 6, "employed": True}, WRITE
    ),
    ("POST", "/api/v1/wbl/apprentices/{enrollment_id}/hours"): Rule(
        AUTH, "tenant", {"day": "2026-01-05", "hours": 1, "competency_id": "{competency_id}"}, WRITE
    ),
    ("POST", "/api/v1/wbl/apprentices/{enrollment_id}/hours/decide"): Rule(
        AUTH, "tenant", {"entry_ids": ["x"], "approve": True}, WRITE
    ),
    ("POST", "/api/v1/wbl/apprentices/{enrollment_id}/instruction"): Rule(
        AUTH, "tenant", {"course_id": "x", "hours": 1}, WRITE
    ),
    ("POST", "/api/v1/wbl/apprentices/{enrollment_id}/sign-offs"): Rule(
        AUTH, "tenant", {"competency_id": "{competency_id}", "note": "Seen."}, WRITE
    ),
    ("POST", "/api/v1/wbl/apprentices/{enrollment_id}/sign-offs/{competency_id}/reverse"): Rule(
        AUTH, "tenant", {"reason": "Wrong person."}, WRITE
    ),
    ("POST", "/api/v1/wbl/apprentices/{enrollment_id}/wage-changes"): Rule(
        AUTH, "tenant", {"share": 0.6, "effective_on": "2026-01-05"}, WRITE
    ),
    ("POST", "/api/v1/wbl/apprentices/{enrollment_id}/issue-due"): Rule(
        AUTH, "tenant", scope=WRITE
    ),
    ("GET", "/api/v1/wbl/apprentices/{enrollment_id}/registration"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/wbl/sign-offs/{sign_off_id}/evidence"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/me/wbl"): Rule(AUTH, "own"),
    ("GET", "/api/v1/orgs/{org_id}/wbl/reports/roster"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/wbl/reports/funder"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/orgs/{org_id}/wbl/reports/outcomes"): Rule(AUTH, "tenant"),
    # employer metrics (issue 18): B's figures, records and ROI assumptions
    ("GET", "/api/v1/metrics/employer/{org_id}"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/metrics/employer/{org_id}/hires"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/metrics/employer/{org_id}/hiring-outcomes"): Rule(
        AUTH, "tenant", {"application_id": "x", "offered": True}, WRITE
    ),
    ("POST", "/api/v1/metrics/employer/{org_id}/retention-checks"): Rule(
        AUTH,
        "tenant",
        {"hire_id": "x", "days": 90, "still_employed": True, "checked_on": "2026-01-05"},
        WRITE,
    ),
    ("POST", "/api/v1/metrics/employer/{org_id}/pay-changes"): Rule(
        AUTH, "tenant", {"hire_id": "x", "on": "2026-01-05", "hourly": 20}, WRITE
    ),
    ("POST", "/api/v1/metrics/employer/{org_id}/costs"): Rule(
        AUTH,
        "tenant",
        {"job_id": "{job_id}", "kind": "advertising", "amount": 10, "spent_on": "2026-01-05"},
        WRITE,
    ),
    ("POST", "/api/v1/metrics/employer/{org_id}/family-switches"): Rule(
        AUTH, "tenant", {"family": "43-5071.00", "switched_on": "2026-01-05"}, WRITE
    ),
    ("GET", "/api/v1/metrics/employer/{org_id}/roi"): Rule(AUTH, "tenant"),
    ("PUT", "/api/v1/metrics/employer/{org_id}/roi"): Rule(
        AUTH, "tenant", {"assumptions": {"horizon_years": 2}}, WRITE
    ),
    # end of the work-based learning API (issue 17)
    # the adverse-impact monitor (issue 18): an employer's org admins and HR admins only
    ("GET", "/api/v1/metrics/monitor/{org_id}"): Rule(AUTH, "tenant"),
    ("POST", "/api/v1/metrics/monitor/{org_id}/alerts/{alert_id}/close"): Rule(
        AUTH, "tenant", {"note": "We checked it."}, WRITE
    ),
    ("GET", "/orgs/{org_id}/metrics/fairness"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/metrics/fairness/alerts/{alert_id}/close"): Rule(
        AUTH, "tenant", {"note": "We checked it."}, WRITE
    ),
    # WIOA reporting (issue 18, item 4): a workforce board's analysts and admins load its
    # participant records and read its reports; the file layout page is public
    ("POST", "/api/v1/metrics/wioa/{org_id}/participants"): Rule(AUTH, "tenant", scope=WRITE),
    ("GET", "/api/v1/metrics/wioa/{org_id}/imports"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/metrics/wioa/{org_id}"): Rule(AUTH, "tenant"),
    ("GET", "/api/v1/metrics/wioa/{org_id}/trace"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/metrics/wioa"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/metrics/wioa/participants"): Rule(
        AUTH, "tenant", {"period": "2026Q3"}, WRITE
    ),
    ("GET", "/orgs/{org_id}/metrics/wioa/report.csv"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/metrics/wioa/trace.csv"): Rule(AUTH, "tenant"),
    ("GET", "/metrics/wioa/layout"): Rule(PUBLIC),
    # work-based learning pages (issue 17): a program and its apprentices are the sponsor's
    # (its admins, the mentor named, the school that teaches a class, the board it names, each
    # as decisions/0033 says); an apprentice reads their own
    ("GET", "/orgs/{org_id}/programs"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/programs"): Rule(
        AUTH, "tenant", {"occupation": "47-2111.00", "kind": "internship"}, WRITE
    ),
    ("GET", "/orgs/{org_id}/programs/reports"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/programs/reports/roster"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/programs/reports/funder"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/programs/outcomes"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/programs/outcomes.csv"): Rule(AUTH, "tenant"),
    ("GET", "/programs/{program_id}"): Rule(AUTH, "tenant"),
    ("POST", "/programs/{program_id}/basics"): Rule(AUTH, "tenant", {"name": "Renamed"}, WRITE),
    ("POST", "/programs/{program_id}/courses"): Rule(
        AUTH, "tenant", {"name": "Math", "hours": "10", "school_name": "Night school"}, WRITE
    ),
    ("POST", "/programs/{program_id}/work-processes"): Rule(
        AUTH, "tenant", {"competency_id": "c1", "name": "Install conduit"}, WRITE
    ),
    ("POST", "/programs/{program_id}/open"): Rule(AUTH, "tenant", scope=WRITE),
    ("GET", "/programs/{program_id}/apprentices"): Rule(AUTH, "tenant"),
    ("POST", "/programs/{program_id}/apprentices"): Rule(
        AUTH, "tenant", {"email": "wa@w.example", "start_date": "2026-01-05"}, WRITE
    ),
    ("POST", "/apprentices/{enrollment_id}/mentor"): Rule(
        AUTH, "tenant", {"email": "alice@a.example"}, WRITE
    ),
    ("POST", "/apprentices/{enrollment_id}/raise"): Rule(
        AUTH, "tenant", {"share": "60", "effective_on": "2099-01-01"}, WRITE
    ),
    ("POST", "/apprentices/{enrollment_id}/end"): Rule(
        AUTH, "tenant", {"reason": "moved", "ended_on": "2099-01-01"}, WRITE
    ),
    ("GET", "/mentor"): Rule(AUTH, "own"),
    ("GET", "/apprentices/{enrollment_id}"): Rule(AUTH, "tenant"),
    ("POST", "/apprentices/{enrollment_id}/hours"): Rule(
        AUTH, "tenant", {"entry": "x", "decision": "approve"}, WRITE
    ),
    ("POST", "/apprentices/{enrollment_id}/sign-offs"): Rule(
        AUTH, "tenant", {"competency_id": "c2", "note": "Saw it done."}, WRITE
    ),
    ("POST", "/apprentices/{enrollment_id}/sign-offs/take-back"): Rule(
        AUTH, "tenant", {"competency_id": "c1", "reason": "Not yet."}, WRITE
    ),
    ("POST", "/apprentices/{enrollment_id}/classes"): Rule(
        AUTH, "tenant", {"course_id": "k1", "hours": "2"}, WRITE
    ),
    ("GET", "/sign-offs/{sign_off_id}/evidence"): Rule(AUTH, "tenant"),
    ("GET", "/me/apprenticeship"): Rule(AUTH, "own"),
    ("GET", "/me/apprenticeship/{enrollment_id}"): Rule(AUTH, "tenant"),
    ("POST", "/me/apprenticeship/{enrollment_id}/join"): Rule(
        AUTH, "tenant", {"agree": "yes"}, CONSENT
    ),
    ("POST", "/me/apprenticeship/{enrollment_id}/hours"): Rule(
        AUTH, "tenant", {"day": "2026-01-05", "hours": "2", "competency_id": "c1"}, WRITE
    ),
    # employer metrics pages (issue 18)
    ("GET", "/orgs/{org_id}/metrics"): Rule(AUTH, "tenant"),
    ("GET", "/orgs/{org_id}/metrics/records"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/metrics/records/outcome"): Rule(
        AUTH, "tenant", {"application_id": "x", "decision": "offered"}, WRITE
    ),
    ("POST", "/orgs/{org_id}/metrics/records/check"): Rule(
        AUTH,
        "tenant",
        {"hire_id": "x", "days": "90", "still_employed": "yes", "checked_on": "2026-01-05"},
        WRITE,
    ),
    ("POST", "/orgs/{org_id}/metrics/records/pay"): Rule(
        AUTH, "tenant", {"hire_id": "x", "hourly": "20", "on": "2026-01-05"}, WRITE
    ),
    ("POST", "/orgs/{org_id}/metrics/records/cost"): Rule(
        AUTH,
        "tenant",
        {"job_id": "{job_id}", "kind": "advertising", "amount": "10", "spent_on": "2026-01-05"},
        WRITE,
    ),
    ("POST", "/orgs/{org_id}/metrics/records/switch"): Rule(
        AUTH, "tenant", {"family": "43-5071.00", "switched_on": "2026-01-05"}, WRITE
    ),
    ("GET", "/orgs/{org_id}/metrics/roi"): Rule(AUTH, "tenant"),
    ("POST", "/orgs/{org_id}/metrics/roi/assumptions"): Rule(
        AUTH, "tenant", {"horizon_years": "2"}, WRITE
    ),
    ("POST", "/orgs/{org_id}/metrics/roi/investments"): Rule(
        AUTH, "tenant", {"name": "Roadmap", "kind": "roadmap", "participants": "2"}, WRITE
    ),
}


def _walk(routes: list[Any]) -> list[Any]:
    """Routes, including those of included routers (routers here carry their own prefix)."""
    out = []
    for route in routes:
        inner = getattr(route, "original_router", None)
        out.extend(_walk(inner.routes) if inner is not None else [route])
    return out


def app_routes(app: Any) -> set[tuple[str, str]]:
    found = set()
    for route in _walk(app.routes):
        methods = getattr(route, "methods", None)
        path = getattr(route, "path", "")
        if not methods or path.startswith("/static"):
            continue
        for method in methods - {"HEAD", "OPTIONS"}:
            found.add((method, path))
    return found


@dataclass
class World:
    client_a: TestClient  # admin of org A, logged in by session
    anon: TestClient
    csrf_a: str
    ids_b: dict[str, str]
    worker_a_client: TestClient
    worker_a_csrf: str
    platform: Platform
    owners_b: dict[str, User]  # who owns B's objects: "staff" (B's admin) and "worker"


def _login(app: Any, email: str) -> tuple[TestClient, str]:
    client = TestClient(app)
    body = client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).json()
    return client, body["csrf_token"]


@pytest.fixture
def world(engine: Engine, tmp_path: Path) -> World:
    app = create_app(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    p: Platform = app.state.platform
    staff = {}
    for email in ("alice@a.example", "bob@b.example", "bea@b.example"):
        user = p.accounts.sign_up(email, PASSWORD, email[:3], AccountKind.STAFF)
        staff[email] = p.accounts.principal(user)
    org_a = p.orgs.create(staff["alice@a.example"], "Org A", OrgKind.EMPLOYER)
    org_b = p.orgs.create(staff["bob@b.example"], "Org B", OrgKind.COMMUNITY_ORG)
    bea = p.accounts.user_by_email("bea@b.example")
    assert bea is not None
    p.orgs.add_member(org_b.id, bea, Role.NAVIGATOR, None)
    workers = {}
    for email in ("wa@w.example", "wb@w.example"):
        workers[email] = p.accounts.principal(p.accounts.sign_up(email, PASSWORD, "W " + email))
    p.consents.grant(workers["wa@w.example"], org_a.id, ["profile"], PurposeKind.OTHER, "for A")
    grant_b = p.consents.grant(
        workers["wb@w.example"], org_b.id, ["profile"], PurposeKind.OTHER, "for B"
    )
    _secret, token_b = p.accounts.create_token(staff["bob@b.example"].user, "b", ["read"])
    credentials = app.state.credentials
    bob = p.accounts.principal(staff["bob@b.example"].user)
    achievement_b = credentials.issuing.define(bob, org_b.id, name="B badge", criteria="Did it")
    holder_b = credentials.wallet.holder_did(workers["wb@w.example"])
    issued_b = credentials.issue(bob, org_b.id, achievement_b.id, [Recipient(did=holder_b)])[0]
    item_b = credentials.wallet.items(workers["wb@w.example"])[0]
    shared_b = credentials.wallet.share(workers["wb@w.example"], org_b.id, [item_b.id], "job")
    trusted_b = credentials.trust.add(bob, org_b.id, "did:web:trusted.example")
    hiring_b = p.orgs.create(bob, "Org B Hiring", OrgKind.EMPLOYER)
    college_b = p.orgs.create(bob, "Org B College", OrgKind.TRAINING_PROVIDER)
    bob = p.accounts.principal(bob.user)
    design_b = MicrocredentialDesigns(engine, credentials.issuing).create(
        bob, college_b.id, "B microcredential"
    )
    job_b = app.state.jobs.create(bob, hiring_b.id, JobDraft(title="Stock clerk"))
    app.state.jobs.move(bob, job_b.id, JobState.OPEN)
    app.state.jobs.apply(workers["wb@w.example"], job_b.id, [])
    evidence_b = app.state.matching.evidence.add_work_history(
        workers["wb@w.example"], title="Stock clerk"
    )
    invitation_b = p.orgs.invite(bob, org_b.id, "newcomer@b.example", Role.NAVIGATOR)
    academy_b = p.orgs.create(bob, "Org B Academy", OrgKind.TRAINING_PROVIDER)
    bob = p.accounts.principal(bob.user)
    published_b = publish_directly(
        engine, credentials.issuing, bob, academy_b.id, complete_parts(hiring_b.id)
    )
    enrollment_b = app.state.microcredential_delivery.enroll_self(
        workers["wb@w.example"], published_b, agreed=True, wage_before=None
    )
    # work-based learning API (issue 17): B's open program, Wb as apprentice, Bob as mentor
    wbl = app.state.wbl
    wbl_program_b = wbl.programs.create(
        bob, hiring_b.id, ProgramStandards.model_validate(WBL_STANDARDS)
    ).program.id
    wbl.programs.activate(bob, wbl_program_b)
    wbl_invited_b = wbl.apprentices.invite(
        bob, wbl_program_b, "wb@w.example", start_date=date.today()
    )
    wbl.apprentices.join(
        workers["wb@w.example"],
        wbl_invited_b.id,
        Registration.model_validate(WBL_REGISTRATION),
        agreed=True,
    )
    wbl.apprentices.assign_mentor(bob, wbl_invited_b.id, "bob@b.example")
    wbl.records.sign_off(
        bob, wbl_invited_b.id, WBL_SKILL, note="Seen.", evidence=Evidence("", "image/png", WBL_PNG)
    )
    wbl_sign_off_b = wbl.apprentices.view(bob, wbl_invited_b.id).sign_offs[0].id
    wbl_ids_b = {
        "program_id": wbl_program_b,
        "competency_id": WBL_SKILL,
        "sign_off_id": wbl_sign_off_b,
    }
    # end of the work-based learning API fixture objects
    # work-based learning pages (issue 17): an open program of B's employer with a class at B's
    # college, Wb joined, B's admin as mentor, and a sign-off with a photo
    wbl = app.state.wbl
    bob = p.accounts.principal(bob.user)
    plain = standards(college_b.id)
    plain = plain.model_copy(
        update={
            "work_processes": tuple(
                c.model_copy(update={"skills": ()}) for c in plain.work_processes
            )
        }
    )
    program_b = wbl.programs.create(bob, hiring_b.id, plain).program.id
    wbl.programs.activate(bob, program_b)
    apprentice_b = wbl.apprentices.invite(
        bob, program_b, "wb@w.example", start_date=date.today() - timedelta(days=30)
    ).id
    wbl.apprentices.join(workers["wb@w.example"], apprentice_b, registration(), agreed=True)
    wbl.apprentices.assign_mentor(bob, apprentice_b, "bob@b.example")
    wbl.records.sign_off(
        bob,
        apprentice_b,
        "c1",
        note="Set it well.",
        evidence=Evidence("a.png", "image/png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 8),
    )
    sign_off_b = wbl.apprentices.view(bob, apprentice_b).sign_offs[0].id
    client_a, csrf_a = _login(app, "alice@a.example")
    worker_client, worker_csrf = _login(app, "wa@w.example")
    ids_b = {
        "org_id": org_b.id,
        "user_id": bea.id,
        "worker_id": workers["wb@w.example"].user.id,
        "handle": app.state.matching.matching.handles.make(
            job_b.id, workers["wb@w.example"].user.id
        ),
        "grant_id": grant_b.id,
        "token_id": token_b.id,
        "achievement_id": achievement_b.id,
        "credential_id": issued_b.id,
        "item_id": item_b.id,
        "presentation_id": shared_b.id,
        "entry_id": trusted_b.id,
        "job_id": job_b.id,
        "evidence_id": evidence_b.id,
        "design_id": design_b.design.id,
        "invitation_id": invitation_b,
        "message_id": "424242",
        "enrollment_id": enrollment_b.id,  # a microcredential's; the WBL pages find none
        "program_id": program_b,
        "sign_off_id": sign_off_b,
        "alert_id": "an-alert-of-b",  # refused before any alert is looked up
        "stage": "explore",
        "action": "revoke",
        **wbl_ids_b,
    }
    owners_b = {"staff": bob.user, "worker": workers["wb@w.example"].user}
    return World(client_a, TestClient(app), csrf_a, ids_b, worker_client, worker_csrf, p, owners_b)


def _fill(path: str, ids: dict[str, str]) -> str:
    def value(match: re.Match[str]) -> str:
        name = match.group(1).split(":")[0]
        return ids.get(name, "2.A.1.a" if name == "code" else "x")

    return re.sub(r"\{([^}]+)\}", value, path)


def test_every_route_is_in_the_matrix(engine: Engine, tmp_path: Path) -> None:
    routes = app_routes(create_app(engine, secrets_dir=tmp_path))
    missing = sorted(routes - set(MATRIX))
    stale = sorted(set(MATRIX) - routes)
    assert not missing, f"routes without an isolation rule: {missing}"
    assert not stale, f"rules for routes that no longer exist: {stale}"


def test_anonymous_callers_are_refused(world: World) -> None:
    for (method, path), rule in MATRIX.items():
        if rule.access != AUTH:
            continue
        url = _fill(path, world.ids_b)
        response = world.anon.request(
            method, url, json=rule.body, follow_redirects=False, headers={"accept": "text/html"}
        )
        if path.startswith("/api/"):
            assert response.status_code == 401, (method, path, response.status_code)
            assert response.json()["error"]["code"] == "not_authenticated"
        else:
            assert response.status_code == 303, (method, path, response.status_code)
            assert response.headers["location"].startswith("/login?next=")


def _is_worker_route(path: str) -> bool:
    return (
        "grant_id" in path
        or path.endswith(("/application", "/apply"))
        or path.startswith(
            (
                "/me/",
                "/api/v1/me/",
                "/api/v1/pathways/me",
                "/api/v1/consents",
                "/api/v1/plans/me",
                "/api/v1/users/me/profile",
                "/api/v1/wallet",
                "/wallet",
            )
        )
    )


def test_members_of_another_tenant_are_refused(world: World) -> None:
    """Org A's admin aims every tenant route at org B's objects; a worker aims at another
    worker's grant. All must be refused, and 'own' routes must not show B's data."""
    for (method, path), rule in MATRIX.items():
        if rule.access != AUTH:
            continue
        client, csrf = (
            (world.worker_a_client, world.worker_a_csrf)
            if _is_worker_route(path)
            else (world.client_a, world.csrf_a)
        )
        url = _fill(path, world.ids_b)
        headers = {"x-csrf-token": csrf, "accept": "application/json"}
        if rule.isolation == "tenant":
            if path.startswith("/api/"):
                sent: dict[str, Any] = {"json": rule.body}
            else:  # web forms post form fields
                sent = {"data": {**(rule.body or {}), "csrf_token": csrf}}
            response = client.request(method, url, headers=headers, follow_redirects=False, **sent)
            assert response.status_code in (403, 404), (method, path, response.status_code)
        elif method == "GET":
            response = client.get(url, headers=headers)
            assert response.status_code == 200, (method, path, response.status_code)
            # organization ids are a public directory (workers pick whom to share with), and
            # B's job is open, so its id is public; members, workers, grants and tokens of B
            # are private to B
            # a published microcredential's id is public too (its enroll page is)
            public = ("org_id", "action", "job_id", "stage", "design_id")
            private = {k: v for k, v in world.ids_b.items() if k not in public}
            for secret_id in private.values():
                assert secret_id not in response.text, (method, path, "leaks B's data")


# -- what an API token may do -----------------------------------------------------------------
SCOPE_REFUSAL = re.compile(r"(This|An) API token (lacks|can only|cannot)")
# Routes whose use case lives in credentials/wallet.py, which another engineer is rewriting; each
# needs the one line named here. The test fails once a gap closes, so the list only shrinks.
KNOWN_SCOPE_GAPS: dict[tuple[str, str], str] = {}


def required_scope(method: str, rule: Rule) -> str:
    return rule.scope or (READ if method == "GET" else "")


def test_every_authenticated_route_names_the_scope_a_token_needs() -> None:
    undeclared = [
        (method, path)
        for (method, path), rule in MATRIX.items()
        if rule.access == AUTH and required_scope(method, rule) not in (*ALL_SCOPES, SESSION)
    ]
    assert not undeclared, f"routes that change something without a declared scope: {undeclared}"


def _fill_body(body: Any, ids: dict[str, str]) -> Any:
    """A body with "{name}" values swapped for those ids."""
    if isinstance(body, dict):
        return {key: _fill_body(value, ids) for key, value in body.items()}
    if isinstance(body, list):
        return [_fill_body(value, ids) for value in body]
    if isinstance(body, str) and body.startswith("{") and body.endswith("}"):
        return ids.get(body[1:-1], body)
    return body


def _with_token(
    world: World, owner: User, scopes: list[str], method: str, url: str, body: Any
) -> Any:
    secret, _token = world.platform.accounts.create_token(owner, "scope check", scopes)
    sent = {"json": body} if url.startswith("/api/") else {"data": body}
    return world.anon.request(
        method,
        url,
        headers={"authorization": f"Bearer {secret}", "accept": "application/json"},
        follow_redirects=False,
        **sent,
    )


def test_api_tokens_need_the_scope_each_route_declares(world: World) -> None:
    """For every authenticated route: a token of the objects' owner that lacks the route's scope
    is refused, saying so; no token does what needs a session; and (after all refusals, since
    these calls change things) a token with every scope is not refused for its scopes."""
    gaps, allowed = set(), []
    for (method, path), rule in MATRIX.items():
        if rule.access != AUTH:
            continue
        needed = required_scope(method, rule)
        owner = world.owners_b["worker" if _is_worker_route(path) else "staff"]
        url, body = _fill(path, world.ids_b), _fill_body(rule.body, world.ids_b)
        lacking = [s for s in ALL_SCOPES if s != needed]
        refused = _with_token(world, owner, lacking, method, url, body)
        if not SCOPE_REFUSAL.search(refused.text) and (method, path) in KNOWN_SCOPE_GAPS:
            gaps.add((method, path))
            continue
        assert refused.status_code in (403, 422), (method, path, needed, refused.status_code)
        assert SCOPE_REFUSAL.search(refused.text), (method, path, needed, refused.text[:300])
        if needed != SESSION:
            allowed.append((owner, method, url, body))
    assert gaps == set(KNOWN_SCOPE_GAPS), "a known gap is closed: take it off KNOWN_SCOPE_GAPS"
    for owner, method, url, body in allowed:
        answer = _with_token(world, owner, ALL_SCOPES, method, url, body)
        assert not SCOPE_REFUSAL.search(answer.text), (method, url, answer.text[:300])


def test_authenticated_responses_are_never_cached(world: World) -> None:
    """Pages and answers made for one person say `Cache-Control: no-store`, so no browser or
    proxy keeps a copy (exports, dashboards, token pages)."""
    for (method, path), rule in MATRIX.items():
        if rule.access != AUTH or method != "GET":
            continue
        client = world.worker_a_client if _is_worker_route(path) else world.client_a
        response = client.get(_fill(path, world.ids_b), follow_redirects=False)
        assert response.headers.get("cache-control") == "no-store", (path, response.status_code)
