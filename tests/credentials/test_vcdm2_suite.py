"""The W3C VC 2.0 test-suite inputs behave as named: each *-ok is accepted, each *-fail rejected."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from onramp.credentials.formats.vcdm import check_credential, check_presentation

from support import SHARED_DATA

INPUTS = SHARED_DATA / "vc" / "w3c-vcdm2-test-suite" / "tests" / "input"
NAMED = (
    sorted(
        p for p in INPUTS.rglob("*.json") if p.stem.endswith(("-ok", "-fail", "-fail-or-inject"))
    )
    if INPUTS.exists()
    else []
)


@pytest.mark.skipif(not NAMED, reason=f"VC 2.0 test-suite inputs not available at {INPUTS}")
@pytest.mark.parametrize("path", NAMED, ids=[p.stem for p in NAMED])
def test_input_behaves_as_named(path: Path, contexts: dict[str, Any]) -> None:
    # the suite's harness puts real dates in for these placeholders
    text = path.read_text().replace("PAST DATE", "2020-01-01T00:00:00Z")
    document = json.loads(text.replace("FUTURE DATE", "2099-01-01T00:00:00Z"))
    check = check_presentation if path.stem.startswith("presentation") else check_credential
    problems = (
        check(document, contexts=contexts)
        if check is check_presentation
        else check_credential(document, issuing=True, contexts=contexts)
    )
    if path.stem.endswith("-ok"):
        assert problems == [], problems
    else:
        assert problems, f"{path.stem} should be rejected"
