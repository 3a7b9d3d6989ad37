"""Chart geometry for server-drawn SVG charts (issue 16, item 2: "reports have charts and
tables in the web app"). Pure presentation: it takes labelled numbers the page has already
got from a use case and returns shapes (rectangles, lines, text) in a fixed-width viewBox;
the `_chart.html` macro draws them. No script, no library.

Sizing follows the pathway map (my_pathways.html): one narrow viewBox, drawn at 100 % of the
column width (capped by CSS), so a 390 px phone shows the text at about 15 px. Each bar's label
and value sit on a text line of their own above the bar, so long names never collide with a
bar. Colours pass WCAG 2.1 AA on white: text 4.5:1, bars and axes 3:1 (SC 1.4.11); the test
checks the ratios. Every chart is shown with a table of the same figures.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

WIDTH = 360  # viewBox width; CSS draws it at 100 % of the column, at most 26rem
PAD = 4  # space left and right of the plot
FONT = 15  # label text size, in viewBox units (about 15 px on a 390 px phone)
SMALL = 13  # axis text size
CHAR_WIDTH = 0.6  # a generous average glyph width, in ems, to keep text inside the width
ROW = 46  # one bar: a text line and the bar under it
BAR = 16  # bar thickness
MAX_BARS = 10  # a chart shows at most this many bars; the table lists every row
COLUMN_PLOT = 140  # height of the column chart's plot

BAR_FILL = "#0b5394"  # the site's accent blue: 7.6:1 on white
LESS_FILL = "#8a3b00"  # dark orange for bars left of the axis: 7.4:1 on white
INK = "#1a1a1a"  # text and axes
NO_DATA = "No postings match, so there is nothing to draw."


@dataclass(frozen=True, slots=True)
class Item:
    """One figure: its name, its value (what the bar length shows) and the value as shown."""

    label: str
    value: float
    shown: str


@dataclass(frozen=True, slots=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str


@dataclass(frozen=True, slots=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    dashed: bool = False


@dataclass(frozen=True, slots=True)
class Text:
    x: float
    y: float  # baseline
    text: str
    anchor: str = "start"  # start, middle or end (SVG text-anchor)
    size: int = FONT


@dataclass(frozen=True, slots=True)
class Chart:
    """What the template draws. `empty` charts show `NO_DATA` as a paragraph instead."""

    key: str  # unique on the page: ids of the title and description derive from it
    title: str
    desc: str
    height: float = 0.0
    width: float = WIDTH
    rects: list[Rect] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)

    ink: str = INK  # text and axes
    no_data: str = NO_DATA

    @property
    def empty(self) -> bool:
        return not self.rects and not self.texts


def text_width(text: str, size: int = FONT) -> float:
    """An upper estimate of how wide `text` is drawn, in viewBox units."""
    return len(text) * size * CHAR_WIDTH


def fit(text: str, room: float, size: int = FONT) -> str:
    """`text`, cut with an ellipsis so that it fits in `room` units."""
    most = max(1, int(room // (size * CHAR_WIDTH)))
    return text if len(text) <= most else text[: most - 1].rstrip() + "…"


def _row_text(item: Item, y: float) -> Text:
    tail = f": {item.shown}"
    room = WIDTH - 2 * PAD - text_width(tail)
    return Text(PAD, y, fit(item.label, room) + tail)


def bar_chart(key: str, title: str, desc: str, items: Sequence[Item]) -> Chart:
    """Horizontal bars from the left edge, longest for the largest value (values below 0
    draw as 0). At most MAX_BARS, in the order given."""
    shown = list(items)[:MAX_BARS]
    if not shown:
        return Chart(key, title, desc)
    plot = WIDTH - 2 * PAD
    top = max(max(item.value for item in shown), 0.0)
    chart = Chart(key, title, desc, height=len(shown) * ROW + PAD)
    for n, item in enumerate(shown):
        y = PAD + n * ROW
        length = plot * (max(item.value, 0.0) / top) if top > 0 else 0.0
        chart.texts.append(_row_text(item, y + FONT + 1))
        chart.rects.append(Rect(PAD, y + FONT + 6, length, BAR, BAR_FILL))
    return chart


def diverging_chart(
    key: str, title: str, desc: str, items: Sequence[Item], left: str, right: str
) -> Chart:
    """Bars from a vertical axis at 0: values above 0 to its right, below 0 to its left (in
    another colour), on one scale. `left` and `right` name what each side means."""
    shown = list(items)[:MAX_BARS]
    if not shown:
        return Chart(key, title, desc)
    plot = WIDTH - 2 * PAD
    low = min(0.0, *(item.value for item in shown))
    high = max(0.0, *(item.value for item in shown))
    span = high - low  # each part over the span is at most 1, so nothing overflows
    axis = PAD + plot * (-low / span) if span > 0 else PAD + plot / 2
    bottom = len(shown) * ROW + PAD
    chart = Chart(key, title, desc, height=bottom + SMALL + 8)
    for n, item in enumerate(shown):
        y = PAD + n * ROW
        length = plot * (abs(item.value) / span) if span > 0 else 0.0
        start = axis - length if item.value < 0 else axis
        fill = LESS_FILL if item.value < 0 else BAR_FILL
        chart.texts.append(_row_text(item, y + FONT + 1))
        chart.rects.append(Rect(start, y + FONT + 6, length, BAR, fill))
    chart.lines.append(Line(axis, PAD + FONT + 2, axis, bottom))
    room = plot / 2 - PAD
    chart.texts.append(Text(PAD, bottom + SMALL + 4, "← " + fit(left, room, SMALL), size=SMALL))
    chart.texts.append(
        Text(WIDTH - PAD, bottom + SMALL + 4, fit(right, room, SMALL) + " →", "end", SMALL)
    )
    return chart


def _edge_anchor(center: float, text: str, size: int) -> tuple[float, str]:
    """Centre `text` on `center`, or pin it to the nearer edge when it would stick out."""
    half = text_width(text, size) / 2
    if center - half < PAD:
        return PAD, "start"
    if center + half > WIDTH - PAD:
        return WIDTH - PAD, "end"
    return center, "middle"


def column_chart(key: str, title: str, desc: str, items: Sequence[Item]) -> Chart:
    """Columns left to right in the order given (for months: oldest first), all of them.
    Up to 12 columns carry their value on top when it fits; otherwise one dashed line
    marks the largest value. Labels under the axis: as many as fit, evenly spaced."""
    shown = list(items)
    if not shown:
        return Chart(key, title, desc)
    plot = WIDTH - 2 * PAD
    top = max(max(item.value for item in shown), 0.0)
    step = plot / len(shown)
    head = SMALL + 6  # room above the tallest column for its value
    base = head + COLUMN_PLOT
    chart = Chart(key, title, desc, height=base + SMALL + 8)
    values_fit = len(shown) <= 12 and all(
        text_width(item.shown, SMALL) <= step - 2 for item in shown
    )
    for n, item in enumerate(shown):
        tall = COLUMN_PLOT * (max(item.value, 0.0) / top) if top > 0 else 0.0
        x = PAD + n * step
        chart.rects.append(Rect(x + step * 0.15, base - tall, step * 0.7, tall, BAR_FILL))
        if values_fit:
            center = x + step / 2
            chart.texts.append(Text(center, base - tall - 4, item.shown, "middle", SMALL))
    if not values_fit:
        chart.lines.append(Line(PAD, head, WIDTH - PAD, head, dashed=True))
        peak = max(shown, key=lambda item: item.value)
        chart.texts.append(Text(PAD, head - 4, f"Most: {peak.shown}", size=SMALL))
    chart.lines.append(Line(PAD, base, WIDTH - PAD, base))
    # a label pinned to an edge moves by up to half its width: space them 1.5 widths apart
    widest = 1.5 * max(text_width(item.label, SMALL) for item in shown) + SMALL
    every = max(1, math.ceil(len(shown) / max(1, int(plot // widest))))
    for n in range(0, len(shown), every):
        center, anchor = _edge_anchor(PAD + (n + 0.5) * step, shown[n].label, SMALL)
        chart.texts.append(Text(center, base + SMALL + 4, shown[n].label, anchor, SMALL))
    return chart
