"""The W3C RDFC-1.0 test suite (../shared/data/vc/w3c-rdf-canon), test by test."""

from __future__ import annotations

import json
import time

import pytest

from onramp.credentials import CanonicalizationBudgetError, canonicalize

from support import SHARED_DATA

SUITE = SHARED_DATA / "vc" / "w3c-rdf-canon" / "tests"


def _entries() -> list[dict[str, str]]:
    manifest = SUITE / "manifest.jsonld"
    if not manifest.exists():
        return []
    return list(json.loads(manifest.read_text(encoding="utf-8"))["entries"])


ENTRIES = _entries()


@pytest.mark.skipif(not ENTRIES, reason=f"RDFC-1.0 suite not available at {SUITE}")
@pytest.mark.parametrize("entry", ENTRIES, ids=[e["id"].lstrip("#") for e in ENTRIES])
def test_rdfc10(entry: dict[str, str]) -> None:
    text = (SUITE / entry["action"]).read_text(encoding="utf-8")
    algorithm = entry.get("hashAlgorithm", "SHA256")
    if entry["type"] == "rdfc:RDFC10NegativeEvalTest":
        started = time.monotonic()
        with pytest.raises(CanonicalizationBudgetError):
            canonicalize(text, algorithm=algorithm)
        assert time.monotonic() - started < 10
        return
    result = canonicalize(text, algorithm=algorithm)
    expected = (SUITE / entry["result"]).read_text(encoding="utf-8")
    if entry["type"] == "rdfc:RDFC10MapTest":
        assert result.issued == json.loads(expected)
    else:
        assert result.nquads == expected
