"""The demo workforce board's WIOA records (issue 18, item 4): 60 made-up participants loaded
once per store, so the board's report has figures in whatever quarter the demo runs."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from onramp.api.app import create_app
from onramp.metrics.boards import quarter_of, read_file
from onramp.metrics.wioa import IndicatorName, compute_indicators
from onramp.metrics.wioa_demo import demo_file, seed_demo_wioa
from onramp.platform.demo import demo_email, seed_demo


def test_the_demo_board_gets_its_records_once(engine: Engine, tmp_path: Path) -> None:
    app = create_app(engine, secrets_dir=tmp_path, public_url="https://demo.onramp.test")
    platform, reports = app.state.platform, app.state.wioa
    assert seed_demo_wioa(reports, platform) == 0  # no demo accounts yet
    seed_demo(platform)
    assert seed_demo_wioa(reports, platform) == 60
    assert seed_demo_wioa(reports, platform) == 0  # once per store
    analyst = platform.accounts.principal(
        platform.accounts.user_by_email(demo_email("board.analyst"))
    )
    board = next(m.org_id for m in analyst.memberships)
    report = reports.report(analyst, board, quarter_of(date.today()))
    assert all(i.denominator >= 10 for i in report.indicators)
    assert report.get(IndicatorName.MEDIAN_EARNINGS_Q2).median is not None
    [loaded] = reports.imports(analyst, board)
    assert loaded.file_name == "demo-participants.csv" and loaded.rows == 60


@pytest.mark.parametrize(
    "today", [date(2026, 7, 1), date(2026, 12, 6), date(2027, 3, 31), date(2028, 6, 30)]
)
def test_the_demo_file_is_valid_and_fills_every_cohort(today: date) -> None:
    people = read_file(demo_file(today))
    assert len(people) == 60 and demo_file(today) == demo_file(today)
    report = compute_indicators(people, quarter_of(today))
    for indicator in report.indicators:
        assert indicator.denominator >= 10, indicator.name
        if indicator.name is not IndicatorName.SKILL_GAINS:  # none yet on the first day
            assert 0 < indicator.numerator < indicator.denominator, indicator.name
    assert any(i.excluded for i in report.indicators)
