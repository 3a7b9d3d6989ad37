"""Who shares what, listed once per person and kept current (issue 12, items 7, 10 and 12):
a worker who shared only credentials has a page, a worker with two grants is one row, members
are people, long lists come a page at a time, and a stopped share leaves "what I share"."""

from __future__ import annotations

from onramp.credentials.issuing import Recipient
from onramp.platform import AccountKind, PurposeKind, Role

from wallet_world import PASSWORD, World


def _shared_credential(world: World) -> str:
    s = world.service
    did = s.wallet.holder_did(world.worker)
    s.issue(world.admin, world.org_id, world.achievement_id, [Recipient(did=did)])
    return s.wallet.items(world.worker)[0].id


def test_a_worker_who_shared_only_credentials_has_a_page_with_them(world: World) -> None:
    s, p = world.service, world.platform
    item_id = _shared_credential(world)
    shared = s.wallet.share(world.worker, world.employer_id, [item_id], "Job at the shop")
    view = p.consents.worker_view(world.employer_admin, world.employer_id, world.worker.user.id)
    assert view["shared"] == ["records"] and view["name"] == world.worker.user.name
    assert "headline" not in view and "email" not in view
    listed = s.wallet.shared_with(world.employer_admin, world.employer_id, world.worker.user.id)
    assert [x.id for x in listed] == [shared.id]
    assert listed[0].worker_name == world.worker.user.name
    issuer = s.wallet.items(world.worker)[0].issuer_name
    assert listed[0].credentials == [
        {"name": s.wallet.items(world.worker)[0].name, "issuer": issuer}
    ]
    opened = s.wallet.open_shared(world.employer_admin, world.employer_id, shared.id)
    assert opened["worker_name"] == world.worker.user.name
    assert opened["credentials"][0]["issuer_name"] == issuer


def test_a_worker_with_two_grants_is_one_row(world: World) -> None:
    s, p = world.service, world.platform
    p.consents.grant(
        world.worker, world.employer_id, ["profile"], PurposeKind.JOB_APPLICATION, "Cook job"
    )
    s.wallet.share(world.worker, world.employer_id, [_shared_credential(world)], "Cook job")
    sharing = p.consents.workers_sharing(world.employer_admin, world.employer_id)
    assert sharing.total == 1 and len(sharing.items) == 1
    assert sharing.items[0].parts == ["profile", "records"]
    assert sharing.items[0].purposes == ["Cook job"]


def test_long_lists_come_a_page_at_a_time(world: World) -> None:
    p = world.platform
    for n in range(15):
        worker = p.accounts.principal(
            p.accounts.sign_up(f"w{n:02}@mail.example", PASSWORD, f"Worker {n:02}")
        )
        p.consents.grant(worker, world.employer_id, ["profile"], PurposeKind.OTHER, "Help me")
    first = p.consents.workers_sharing(world.employer_admin, world.employer_id, size=10)
    second = p.consents.workers_sharing(world.employer_admin, world.employer_id, page=2, size=10)
    assert (first.total, first.pages, first.has_next) == (15, 2, True)
    assert [w.name for w in first.items + second.items] == [f"Worker {n:02}" for n in range(15)]
    assert not second.has_next


def test_members_are_people_with_their_roles(world: World) -> None:
    p = world.platform
    before = len(p.orgs.people(world.admin, world.org_id))
    staff = p.accounts.sign_up("lee@college.example", PASSWORD, "Lee Park", AccountKind.STAFF)
    p.orgs.add_member(world.org_id, staff, Role.PROVIDER_ADMIN, world.admin.user.id)
    p.orgs.add_member(world.org_id, staff, Role.ORG_ADMIN, world.admin.user.id)
    people = p.orgs.people(world.admin, world.org_id)
    assert len(people) == before + 1
    lee = next(x for x in people if x["name"] == "Lee Park")
    assert sorted(lee["roles"]) == [Role.ORG_ADMIN, Role.PROVIDER_ADMIN]


def test_a_stopped_share_is_marked_and_names_the_organization(world: World) -> None:
    s, p = world.service, world.platform
    shared = s.wallet.share(world.worker, world.employer_id, [_shared_credential(world)], "Job")
    mine = s.wallet.shared_by(world.worker)
    assert (
        mine[0].active
        and mine[0].org_name == p.orgs.get(world.employer_admin, world.employer_id).name
    )
    p.consents.revoke(world.worker, shared.grant_id)
    assert not s.wallet.shared_by(world.worker)[0].active
