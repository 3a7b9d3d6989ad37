"""Metrics and equity (C9), issue 18.

Pure domain code so far: nothing here reads a store or knows an edge. The WIOA primary
indicators (`wioa`) are computed from participant records a workforce board keeps
(`wioa_records`); employer metrics (`employer`), return on talent investment (`roi`) and the
adverse-impact monitor over rolling windows (`monitor`) work on records the store will gather.
"""

from __future__ import annotations

from onramp.metrics.wioa import (
    Indicator,
    IndicatorName,
    ReportQuarter,
    Window,
    WioaReport,
    compute_indicators,
    indicators_csv,
    indicators_json,
    trace_csv,
)
from onramp.metrics.wioa_records import LAYOUT, Field, Participant, read_participants

__all__ = [
    "LAYOUT",
    "Field",
    "Indicator",
    "IndicatorName",
    "Participant",
    "ReportQuarter",
    "WioaReport",
    "Window",
    "compute_indicators",
    "indicators_csv",
    "indicators_json",
    "read_participants",
    "trace_csv",
]
