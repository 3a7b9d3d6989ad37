"""Configuration: environment over onramp.toml over defaults; secrets masked."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pydantic import ValidationError

from onramp.config import Settings


def test_defaults_put_sqlite_under_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    settings = Settings()
    assert settings.effective_database_url == f"sqlite:///{tmp_path / 'var' / 'onramp.db'}"
    assert settings.effective_cache_dir == tmp_path / "var" / "cache"
    assert settings.port == 8000 and settings.host == "127.0.0.1"


def test_toml_then_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "onramp.toml"
    config.write_text(
        'port = 9001\nhost = "0.0.0.0"\n'
        'database_url = "postgresql+psycopg://app:s3cret@db/onramp"\n'
    )
    monkeypatch.setenv("ONRAMP_CONFIG", str(config))
    assert Settings().port == 9001
    monkeypatch.setenv("ONRAMP_PORT", "9100")
    settings = Settings()
    assert settings.port == 9100 and settings.host == "0.0.0.0"
    shown = json.dumps(settings.masked())
    assert "s3cret" not in shown and "***" in shown


def test_bad_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ONRAMP_DATABASE_URL", "mysql://x")
    with pytest.raises(ValidationError, match="sqlite:// or postgresql"):
        Settings()
    monkeypatch.delenv("ONRAMP_DATABASE_URL")
    monkeypatch.setenv("ONRAMP_PORT", "70000")
    with pytest.raises(ValidationError):
        Settings()


def test_the_small_cell_threshold_can_be_raised_but_never_under_10(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from onramp.config import get_settings
    from onramp.metrics.region import RegionalView
    from onramp.small_cells import configured_threshold

    monkeypatch.setenv("ONRAMP_CONFIG", str(tmp_path / "none.toml"))
    monkeypatch.setenv("ONRAMP_SMALL_CELL_THRESHOLD", "9")
    with pytest.raises(ValidationError):
        Settings()
    monkeypatch.setenv("ONRAMP_SMALL_CELL_THRESHOLD", "25")
    get_settings.cache_clear()
    try:
        assert configured_threshold() == 25
        assert RegionalView(None).threshold == 25  # type: ignore[arg-type]
        assert RegionalView(None, threshold=12).threshold == 12  # type: ignore[arg-type]
    finally:
        get_settings.cache_clear()
