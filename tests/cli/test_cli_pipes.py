"""CLI tables piped into another program or a file: codes are whole, never cut to fit 80
columns, because people paste them into the next command (issue 12, item 17)."""

from __future__ import annotations

from pathlib import Path

from onramp.store import make_engine, upgrade
from onramp.taxonomy.importing import run_import
from onramp.taxonomy.model import Framework, FrameworkRelease, Origin, Skill, SkillType

from support import run_cli

LONG_CODE = "http://data.europa.eu/esco/skill/0005c151-5b5a-4a66-8aac-60e734beb1ab"
LABEL = "manage musical staff in large orchestras and touring ensembles with care"


def _release() -> FrameworkRelease:
    built = FrameworkRelease(
        framework=Framework(
            "esco", "test", "Test skills", "Onramp tests", "", "CC BY 4.0", "", Origin.OFFICIAL
        )
    )
    built.skills.append(Skill(LONG_CODE, LONG_CODE, LABEL, SkillType.SKILL))
    return built


def test_a_piped_table_prints_whole_codes_and_labels(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'onramp.db'}")
    upgrade(engine)
    run_import(engine, lambda _step: _release())
    engine.dispose()
    shown = run_cli(tmp_path, "skills", "search", "musical staff").stdout  # stdout is a pipe
    assert LONG_CODE in shown, shown
    assert LABEL in shown, shown
    assert "…" not in shown
