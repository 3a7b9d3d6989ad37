"""Guessed occupation skills are kept in the store: a second process reads them back instead of
guessing a whole release again, and a new release or newly stored skill vectors make it guess
again (SQLite and PostgreSQL)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import Engine, func, select

import onramp.nlp.occupation_skills as occupation_skills_module
from onramp.nlp.occupation_skills import all_occupation_skills, occupation_skills
from onramp.store import nlp_tables

from embedded_like import BANQUET_TASK, DISHWASHERS, NURSING_ASSISTANTS, embedded_like

SERVICE_TASK = "Give friendly customer service to diners at banquet tables."


def _new_process(engine: Engine) -> None:
    """What a fresh process sees: nothing kept in memory."""
    for code in (DISHWASHERS, NURSING_ASSISTANTS):
        occupation_skills_module._CACHE.forget_in(engine, ("occupation-skills", code))


def _no_guessing(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(_engine: Engine) -> None:
        raise AssertionError("guessed again instead of reading the kept guess")

    monkeypatch.setattr(occupation_skills_module, "_guesser", refuse)


def _kept(engine: Engine) -> int:
    table = nlp_tables.guessed_occupation_skills
    with engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def test_a_second_process_reads_the_kept_guesses_and_a_new_release_guesses_again(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    embedded_like(engine, tmp_path)
    first = all_occupation_skills(engine)
    assert _kept(engine) == 2 and all(o.inferred for o in first)
    _new_process(engine)
    with monkeypatch.context() as patched:
        _no_guessing(patched)
        again = all_occupation_skills(engine)
        assert again == first  # read back whole: skills, levels, evidence, notes
        assert occupation_skills(engine, DISHWASHERS) == first[1]
    # a new import of the releases changes what a guess rests on: guessed again, old rows gone
    embedded_like(engine, tmp_path / "again", tasks={BANQUET_TASK: SERVICE_TASK})
    _new_process(engine)
    changed = occupation_skills(engine, DISHWASHERS)
    assert any(s.evidence == (SERVICE_TASK,) for s in changed.skills)
    assert _kept(engine) == 1  # only the new basis is kept


def test_a_guess_by_names_is_not_read_back_once_meanings_can_be_compared(
    engine: Engine, tmp_path: Path
) -> None:
    embedded_like(engine, tmp_path, vectors=False)
    assert occupation_skills(engine, DISHWASHERS).method == "inferred-lexical"
    assert _kept(engine) == 1
    kept = occupation_skills_module.kept_guesses
    basis = kept.guess_basis(engine, occupation_skills_module.MODEL_ID)
    assert kept.read_kept(engine, [DISHWASHERS], basis, vectors=False)
    assert not kept.read_kept(engine, [DISHWASHERS], basis, vectors=True)
