"""Shared test fixtures: paths to the project, its seed report and ../shared (CI has a copy beside
the clone)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

# No property test may pass or fail by wall-clock time (a loaded CI machine is slow): no deadline,
# no "too slow" health check. On CI the examples are derandomised, so a red run can be replayed.
settings.register_profile(
    "report-compare",
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
    derandomize=bool(os.environ.get("CI")),
)
settings.load_profile("report-compare")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
SEED = ROOT / "seeds" / "beibei_2020_rule_of_law_report.txt"


@pytest.fixture(scope="session")
def seed_path() -> Path:
    return SEED


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not beside this checkout")
    return SHARED


@pytest.fixture(scope="session", autouse=True)
def _private_cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """CLI commands cache per-report results in the user's cache folder by default: tests use
    their own, never the real ~/.cache of whoever runs them."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("xdg-cache")))
        yield
