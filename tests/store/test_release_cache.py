"""The release-aware cache rebuilds a value when a current release changes, on both stores."""

from __future__ import annotations

from sqlalchemy import Engine

from onramp.store import set_current, write_release
from onramp.store.release_cache import ReleaseCache, release_stamp
from onramp.taxonomy.model import Framework, Origin


def _release(engine: Engine, version: str) -> int:
    framework = Framework(
        key="tiny",
        version=version,
        name="Tiny",
        publisher="test",
        source="test",
        license="CC0",
        attribution="",
        origin=Origin.OFFICIAL,
        content_sha256=version,
    )
    outcome = write_release(engine, framework, {})
    assert outcome.framework_id is not None
    return outcome.framework_id


def test_values_follow_the_current_releases(engine: Engine) -> None:
    cache: ReleaseCache[int] = ReleaseCache()
    builds: list[int] = []

    def build() -> int:
        builds.append(1)
        return len(builds)

    assert release_stamp(engine) == ()
    assert cache.current(engine, "x", build) == 1
    assert cache.current(engine, "x", build) == 1
    first = _release(engine, "1")
    assert cache.current(engine, "x", build) == 2
    _release(engine, "2")  # the newer version becomes current
    assert cache.current(engine, "x", build) == 3
    set_current(engine, "tiny", "1")  # pinning the older one changes the stamp again
    assert dict(release_stamp(engine)).keys() == {first}
    assert cache.current(engine, "x", build) == 4
    assert cache.current(engine, "x", build, stamp="fixed") == 5
    assert cache.current(engine, "x", build, stamp="fixed") == 5
