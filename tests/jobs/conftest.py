from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "credentials"))
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "taxonomy"))

from job_site import site  # noqa: E402,F401  (the fixture)

from wallet_world import world  # noqa: E402,F401  (the fixture)
