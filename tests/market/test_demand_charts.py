"""The demand page's SVG charts (onramp.web.charts, issue 16 item 2): bars stay inside the
drawing, negative gaps draw left of the axis, labels fit, nothing to draw says so in words,
and the colours pass WCAG 2.1 AA on white."""

from __future__ import annotations

import re

from hypothesis import example, given
from hypothesis import strategies as st

from onramp.web import charts
from onramp.web.charts import Item
from onramp.web.common import templates

EPS = 1e-6
_label = st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), max_size=80)
_shown = st.text("0123456789.,%+-() ", max_size=12)


def _items(values: st.SearchStrategy[float], max_size: int = 25) -> st.SearchStrategy:
    return st.lists(st.builds(Item, _label, values, _shown), max_size=max_size)


def _inside(chart: charts.Chart) -> None:
    for r in chart.rects:
        assert r.width >= 0 and r.height >= 0
        assert r.x >= -EPS and r.x + r.width <= charts.WIDTH + EPS
        assert r.y >= -EPS and r.y + r.height <= chart.height + EPS
    for t in chart.texts:
        width = charts.text_width(t.text, t.size)
        left = {"start": t.x, "middle": t.x - width / 2, "end": t.x - width}[t.anchor]
        assert left >= -EPS and left + width <= charts.WIDTH + EPS, t
        assert t.size <= t.y <= chart.height + EPS


@example([Item("", 1e308, ""), Item("", 1e-308, "")])
@given(_items(st.floats(0, 1e308)))
def test_bars_never_pass_the_width_and_the_largest_fills_it(items: list[Item]) -> None:
    chart = charts.bar_chart("c", "t", "d", items)
    assert chart.empty == (not items)
    assert len(chart.rects) == min(len(items), charts.MAX_BARS)
    _inside(chart)
    plot = charts.WIDTH - 2 * charts.PAD
    drawn = items[: charts.MAX_BARS]
    if drawn and max(i.value for i in drawn) > 0:
        assert abs(max(r.width for r in chart.rects) - plot) < EPS
    for item, rect in zip(drawn, chart.rects, strict=True):
        assert (rect.width > 0) == (item.value > 0) or rect.width < EPS


@example([Item("", 1.1125369292536007e-308, "")])  # a tiny range once scaled to infinity
@given(_items(st.floats(-1, 1)))
def test_negative_gaps_draw_left_of_the_axis(items: list[Item]) -> None:
    chart = charts.diverging_chart("g", "t", "d", items, "fewer", "more")
    if not items:
        assert chart.empty
        return
    _inside(chart)
    axis = chart.lines[0].x1
    assert chart.lines[0].x1 == chart.lines[0].x2
    for item, rect in zip(items[: charts.MAX_BARS], chart.rects, strict=True):
        if item.value < 0:
            assert abs(rect.x + rect.width - axis) < EPS and rect.fill == charts.LESS_FILL
        else:
            assert rect.x == axis and rect.fill == charts.BAR_FILL


def test_a_hand_checked_gap_chart() -> None:
    chart = charts.diverging_chart(
        "g", "t", "d", [Item("java", 0.5, "+50%"), Item("sql", -0.25, "-25%")], "l", "r"
    )
    # the range is -0.25 .. 0.5 over 352 units: 469.33 a unit; the axis sits 117.33 in
    plot = charts.WIDTH - 2 * charts.PAD
    axis = charts.PAD + 0.25 * plot / 0.75
    assert abs(chart.lines[0].x1 - axis) < EPS
    java, sql = chart.rects
    assert (java.x, round(java.width, 6)) == (axis, round(plot * 0.5 / 0.75, 6))
    assert abs(sql.x - charts.PAD) < EPS and abs(sql.x + sql.width - axis) < EPS
    assert [t.text for t in chart.texts[:2]] == ["java: +50%", "sql: -25%"]


@given(st.lists(st.integers(0, 100_000), min_size=1, max_size=60))
def test_columns_fit_and_month_labels_never_overlap(counts: list[int]) -> None:
    months = [f"{2020 + n // 12}-{n % 12 + 1:02d}" for n in range(len(counts))]
    items = [Item(m, c, f"{c:,}") for m, c in zip(months, counts, strict=True)]
    chart = charts.column_chart("m", "t", "d", items)
    assert len(chart.rects) == len(items)
    _inside(chart)
    for r in chart.rects:
        assert r.height <= charts.COLUMN_PLOT + EPS
    labels = [t for t in chart.texts if t.text in months]
    assert labels and labels[0].text == months[0]
    spans = []
    for t in labels:
        width = charts.text_width(t.text, t.size)
        left = {"start": t.x, "middle": t.x - width / 2, "end": t.x - width}[t.anchor]
        spans.append((left, left + width))
    for (_, right), (left, _) in zip(spans, spans[1:], strict=False):
        assert right <= left


def _draw(chart: charts.Chart) -> str:
    macro = templates.env.get_template("_chart.html").module.chart  # type: ignore[attr-defined]
    return str(macro(chart))


def test_no_data_draws_a_plain_sentence_and_no_image() -> None:
    for chart in (
        charts.bar_chart("a", "t", "d", []),
        charts.column_chart("b", "t", "d", []),
        charts.diverging_chart("c", "t", "d", [], "l", "r"),
    ):
        drawn = _draw(chart)
        assert "<svg" not in drawn and charts.NO_DATA in drawn


def test_a_drawn_chart_is_a_named_image_with_escaped_labels() -> None:
    chart = charts.bar_chart("demo", "Top skills", "Python leads.", [Item("<b>C++</b>", 3, "3")])
    drawn = _draw(chart)
    assert re.search(r'<svg class="chart" viewBox="0 0 360 \d+"', drawn)
    assert 'role="img" aria-labelledby="demo-t demo-d"' in drawn
    assert '<title id="demo-t">Top skills</title>' in drawn
    assert '<desc id="demo-d">Python leads.</desc>' in drawn
    assert "&lt;b&gt;C++&lt;/b&gt;: 3" in drawn and "<b>" not in drawn


def _luminance(colour: str) -> float:
    def channel(hex_pair: str) -> float:
        c = int(hex_pair, 16) / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_colours_pass_wcag_aa_on_white() -> None:
    """WCAG 2.1 contrast ratio (L1 + 0.05) / (L2 + 0.05): text 4.5:1 (SC 1.4.3), bars and
    axes 3:1 (SC 1.4.11)."""

    def ratio(colour: str) -> float:
        return 1.05 / (_luminance(colour) + 0.05)

    assert ratio(charts.INK) >= 4.5
    assert ratio(charts.BAR_FILL) >= 3 and ratio(charts.LESS_FILL) >= 3
