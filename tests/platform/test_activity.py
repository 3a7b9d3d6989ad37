"""Activity logs read as sentences, from the reader's point of view, naming who did it."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import textstat
from sqlalchemy import Engine

from onramp.platform import AccountKind, OrgKind, Platform, PurposeKind, audit
from onramp.platform.activity import my_activity, org_activity, sentence
from onramp.platform.audit_actions import SLOTS, AuditAction
from onramp.platform.model import AuditEntry

PASSWORD = "correct horse battery"
SOURCE = Path(__file__).resolve().parents[2] / "src" / "onramp"


def test_every_action_has_a_plain_sentence_for_each_reader() -> None:
    too_hard = []
    for action in AuditAction:
        assert action.label.endswith("."), action
        assert action.label.startswith("{actor} "), f"{action.name} must name who did it first"
        slots = set(re.findall(r"\{(\w+)\}", action.label))
        assert slots <= set(SLOTS), action
        for actor, subjects, subject in (
            ("You", "your", "you"),
            ("Sam", "Ana's", "Ana"),  # short names: the grade measures our words, not theirs
        ):
            text = action.label.format(
                actor=actor,
                subjects=subjects,
                subject=subject,
                target="Lee",
                org="Acme",
            )
            if textstat.flesch_kincaid_grade(text) > 8:
                too_hard.append(f"{action.name}: {text}")
    assert not too_hard, "\n".join(too_hard)


def test_every_recorded_action_is_in_the_vocabulary() -> None:
    """`audit.record` takes an AuditAction, never a bare string, anywhere in the package."""
    bare = []
    for path in SOURCE.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "record"
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "audit"
            ):
                action = node.args[1]
                is_member = (
                    isinstance(action, ast.Attribute)
                    and isinstance(action.value, ast.Name)
                    and action.value.id == "AuditAction"
                ) or (
                    isinstance(action, ast.Call) and getattr(action.func, "id", "") == "AuditAction"
                )
                if not is_member:
                    bare.append(f"{path.name}:{node.lineno}")
    assert not bare


def test_an_unknown_action_is_refused(engine: Engine) -> None:
    with pytest.raises(ValueError), engine.begin() as conn:
        audit.record(conn, "wallet.explode", actor_id=None)  # type: ignore[arg-type]


def test_an_action_from_a_newer_version_is_not_shown_raw() -> None:
    from datetime import UTC, datetime

    entry = AuditEntry(1, datetime.now(UTC), "jobs.match", None, None, None, "", "", {})
    text = sentence(entry, "reader", {}, {})
    assert "jobs.match" not in text and text.endswith(".")


def test_worker_and_admin_each_read_their_own_point_of_view(engine: Engine, tmp_path: Path) -> None:
    p = Platform(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    admin = p.accounts.principal(
        p.accounts.sign_up("maria@help.example", PASSWORD, "Maria Lopez", AccountKind.STAFF)
    )
    org = p.orgs.create(admin, "Northside Career Center", OrgKind.COMMUNITY_ORG)
    admin = p.accounts.principal(admin.user)
    worker = p.accounts.principal(p.accounts.sign_up("ana@example.org", PASSWORD, "Ana Diaz"))
    p.consents.grant(worker, org.id, ["profile"], PurposeKind.OTHER, "Career planning")
    p.consents.worker_view(admin, org.id, worker.user.id)
    with engine.begin() as conn:  # what the wallet writes when a worker adds a credential
        audit.record(
            conn, AuditAction.WALLET_ADD, actor_id=worker.user.id, subject_id=worker.user.id
        )

    mine = [line.text for line in my_activity(engine, worker)]
    assert "You added a credential to your wallet." in mine
    assert "Maria Lopez looked at what you shared with Northside Career Center: profile." in mine
    assert "You started sharing with Northside Career Center: profile." in mine
    assert not [t for t in mine if re.search(r"\b[a-z_]+\.[a-z_]+\b", t)], mine

    theirs = [line.text for line in org_activity(engine, admin, org.id)]
    assert "You looked at what Ana Diaz shared with Northside Career Center: profile." in theirs
    assert "Ana Diaz started sharing with Northside Career Center: profile." in theirs
    assert "You set up Northside Career Center." in theirs
