"""The demo microcredentials `onramp serve --demo` adds: one published with the demo employer's
sign-offs (its CTDL passes the schema), one draft with gaps, once per store; `demo_design_id`
names the published one for the delivery demo."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.market.microcredentials.ctdl import check_ctdl
from onramp.market.microcredentials.demo import (
    DRAFT_NAME,
    demo_design_id,
    seed_demo_microcredentials,
)
from onramp.market.microcredentials.designs import MicrocredentialDesigns
from onramp.market.microcredentials.model import DesignState
from onramp.platform.demo import demo_email, seed_demo
from onramp.taxonomy import import_esf


def test_demo_microcredentials(engine: Engine, tmp_path: Path) -> None:
    import_esf(engine)
    app = create_app(engine, secrets_dir=tmp_path, public_url="https://demo.onramp.test")
    platform = app.state.platform
    designs = MicrocredentialDesigns(engine, app.state.credentials.issuing)
    assert seed_demo_microcredentials(designs, platform) is None  # no demo yet
    assert demo_design_id(engine) is None
    seed_demo(platform)
    published = seed_demo_microcredentials(designs, platform)
    assert published is not None and demo_design_id(engine) == published
    assert seed_demo_microcredentials(designs, platform) is None  # once per store
    view = designs.public(published)
    assert view.design.state is DesignState.PUBLISHED and view.gaps == []
    assert {o.sign_off.user_name for o in view.design.parts.outcomes if o.sign_off} == {
        "Dana Brooks",
        "Grace Kim",
    }
    assert check_ctdl(designs.ctdl(view)) == []
    admin = platform.accounts.principal(
        platform.accounts.user_by_email(demo_email("provider.admin"))
    )
    drafts = [v for v in designs.designs(admin, view.design.org_id) if v.design.id != published]
    assert [v.design.parts.name for v in drafts] == [DRAFT_NAME]
    assert drafts[0].gaps  # a draft with gaps to show
