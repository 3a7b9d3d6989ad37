"""The monitor's results as JSON, one shape for the API, the command line and the pages' CSV.

Only what `monitor` keeps leaves: group names, rates and ratios, and counts where they are
safe (see docs/metrics_monitor.md). Never a worker id.
"""

from __future__ import annotations

from typing import Any

from onramp.matching.personal import Question
from onramp.metrics.monitor import GroupResult, WindowResult
from onramp.metrics.monitoring import FairnessView


def _round(value: float | None, places: int) -> float | None:
    return None if value is None else round(value, places)


def group_json(g: GroupResult) -> dict[str, Any]:
    return {
        "group": g.group,
        "label": g.label,
        "candidates": g.candidates,
        "selected": g.selected,
        "selection_rate": _round(g.rate, 4),
        "impact_ratio": _round(g.impact_ratio, 4),
        "fisher_p_value": _round(g.p_value, 6),
        "most_picked": g.reference,
        "below_four_fifths": g.below_four_fifths,
        "enough_data": g.enough_data,
    }


def window_json(w: WindowResult) -> dict[str, Any]:
    return {
        "scope": w.scope.value,
        "subject_id": w.subject_id,
        "name": w.name,
        "question": w.question,
        "question_text": Question(w.question).label,
        "start": w.start.isoformat(),
        "end": w.end.isoformat(),
        "jobs": w.jobs,
        "status": w.status.value,
        "message": w.message,
        "left_out_groups": w.left_out_groups,
        "groups": [group_json(g) for g in w.groups],
    }


def view_json(view: FairnessView) -> dict[str, Any]:
    return {
        "org_id": view.org_id,
        "at": view.at.isoformat(),
        "window_days": view.window_days,
        "employer": [window_json(w) for w in view.employer],
        "jobs": [window_json(w) for w in view.jobs],
        "alerts": [a.as_json() for a in view.alerts],
    }
