"""What a platform admin oversees (every organization, its people and pending invitations, the
outbox), and an org admin's pending invitations: taken back or sent again."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.errors import InvalidInputError, NotFoundError, PermissionDeniedError
from onramp.platform import AccountKind, OrgKind, Platform, Principal, PurposeKind, Role
from onramp.platform.mail_transports import DevMailbox

PASSWORD = "correct horse battery"


def _world(engine: Engine, tmp_path: Path) -> tuple[Platform, Principal, Principal, str]:
    p = Platform(engine, secrets_dir=tmp_path / "secrets", public_url="https://onramp.test")
    root = p.accounts.principal(
        p.accounts.sign_up(
            "root@onramp.test", PASSWORD, "Root", AccountKind.STAFF, is_platform_admin=True
        )
    )
    owner = p.accounts.principal(
        p.accounts.sign_up("olga@help.example", PASSWORD, "Olga", AccountKind.STAFF)
    )
    org = p.orgs.create(owner, "Help Center", OrgKind.COMMUNITY_ORG)
    p.orgs.add_member(org.id, owner.user, Role.NAVIGATOR, owner.user.id)  # two roles, one person
    worker = p.accounts.principal(p.accounts.sign_up("wes@example.org", PASSWORD, "Wes"))
    p.consents.grant(worker, org.id, ["profile"], PurposeKind.OTHER, "my secret plan")
    return p, root, p.accounts.principal(owner.user), org.id


def test_the_console_is_for_platform_admins_and_counts_people(
    engine: Engine, tmp_path: Path
) -> None:
    p, root, owner, org_id = _world(engine, tmp_path)
    p.orgs.invite(owner, org_id, "nina@help.example", Role.NAVIGATOR)
    (listed,) = p.oversight.organizations(root)
    assert (listed["org"].name, listed["people"], listed["invitations"]) == ("Help Center", 1, 1)
    (person,) = p.oversight.people(root, org_id)
    assert sorted(person["roles"]) == ["navigator", "org_admin"]
    assert [i["email"] for i in p.oversight.invitations(root)] == ["nina@help.example"]
    assert "my secret plan" not in repr(p.oversight.organizations(root))
    for look in (
        lambda: p.oversight.organizations(owner),
        lambda: p.oversight.people(owner, org_id),
        lambda: p.oversight.invitations(owner),
        lambda: p.oversight.outbox(owner),
        lambda: p.oversight.dev_messages(owner, DevMailbox(out=io.StringIO())),
    ):
        with pytest.raises(PermissionDeniedError):
            look()


def test_the_mail_viewer_reads_only_the_development_mailbox(engine: Engine, tmp_path: Path) -> None:
    p, root, owner, org_id = _world(engine, tmp_path)
    p.orgs.invite(owner, org_id, "nina@help.example", Role.NAVIGATOR)
    mailbox = DevMailbox(out=io.StringIO())
    assert p.oversight.deliver_now(root, mailbox) == 1
    (message,) = p.oversight.dev_messages(root, mailbox)
    assert "/invitations/accept?token=" in p.oversight.dev_message(root, mailbox, message.id).body
    assert [m["state"] for m in p.oversight.outbox(root)] == ["sent"]
    with pytest.raises(NotFoundError):
        p.oversight.dev_message(root, object(), message.id)  # no development mailbox: nothing
    with pytest.raises(NotFoundError):
        p.oversight.deliver_now(root, None)


def test_an_invitation_taken_back_or_sent_again_stops_its_old_link(
    engine: Engine, tmp_path: Path
) -> None:
    p, root, owner, org_id = _world(engine, tmp_path)
    invitation_id = p.orgs.invite(owner, org_id, "nina@help.example", Role.NAVIGATOR)
    (first,) = p.mailer.pending("nina@help.example")  # type: ignore[attr-defined]
    old_token = re.search(r"token=(\S+)", first.body).group(1)  # type: ignore[union-attr]
    with pytest.raises(PermissionDeniedError):  # platform admins stay outside the tenant
        p.orgs.resend_invitation(root, org_id, invitation_id)
    assert p.orgs.resend_invitation(owner, org_id, invitation_id) == "nina@help.example"
    second = p.mailer.pending("nina@help.example")[-1]  # type: ignore[attr-defined]
    new_token = re.search(r"token=(\S+)", second.body).group(1)  # type: ignore[union-attr]
    with pytest.raises(InvalidInputError):
        p.orgs.invitation(old_token)
    assert p.orgs.invitation(new_token)["email"] == "nina@help.example"
    (pending,) = p.orgs.pending_invitations(owner, org_id)
    assert pending["id"] == invitation_id and "token" not in repr(pending)
    with pytest.raises(PermissionDeniedError):
        p.orgs.revoke_invitation(root, org_id, invitation_id)
    p.orgs.revoke_invitation(owner, org_id, invitation_id)
    with pytest.raises(InvalidInputError):
        p.orgs.invitation(new_token)
    assert p.orgs.pending_invitations(owner, org_id) == []
    with pytest.raises(NotFoundError):
        p.orgs.revoke_invitation(owner, org_id, invitation_id)
