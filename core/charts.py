"""Figures for the statistics page, about no domain: bar charts with their tables, key
figures, and the geometry of the server-side SVG drawings. The apps build them
(`<app>/statistics.py`, registered with `core.statistics.register`)."""

from dataclasses import dataclass, field

from core.text import two_parts

ITALY_COLOUR = "#008c45"
RUSSIA_COLOUR = "#0039a6"
NEUTRAL_COLOUR = "#123c69"
SECOND_COLOUR = "#6c757d"


@dataclass
class Series:
    label: str
    colour: str


@dataclass
class Row:
    label: str
    values: list
    note: str = ""

    @property
    def total(self):
        return sum(value or 0 for value in self.values)


@dataclass
class Chart:
    """A bar chart and its table: one row per bar; several series are stacked."""

    slug: str
    title: str
    description: str
    series: list
    rows: list = field(default_factory=list)
    label_heading: str = ""
    stacked: bool = True
    note_heading: str = ""
    max_bars: int = 25

    @property
    def bars(self):
        """The rows drawn in the chart (the table lists all of them)."""
        return self.rows[: self.max_bars]

    @property
    def is_truncated(self):
        return len(self.rows) > self.max_bars

    @property
    def is_empty(self):
        return not any(row.total for row in self.rows)

    @property
    def show_total(self):
        return self.stacked and len(self.series) > 1

    @property
    def svg(self):
        return bar_chart_layout(self)

    @property
    def narrow_svg(self):
        return bar_chart_layout(self, narrow=True)


# Geometry of the SVG bar charts, in user units of the viewBox.
CHART_WIDTH = 640
ROW_HEIGHT = 26
BAR_HEIGHT = 16
CHARACTER_WIDTH = 7.4
# Side by side (grouped), each series' bar is at least this high, so that the value written
# beside it (9 px) never runs into its neighbour's.
GROUPED_BAR_MIN_HEIGHT = 11
# The legend's estimate of a character: Cyrillic letters run wider than Latin ones, and one
# entry must never run into the next one's swatch.
LEGEND_CHARACTER_WIDTH = 8.2
LABEL_MAX_CHARACTERS = 34
VALUE_SPACE = 44
LEGEND_HEIGHT = 26
# Phones: a narrower drawing with each label above its bar, so that the text stays legible.
NARROW_CHART_WIDTH = 360
NARROW_LABEL_MAX_CHARACTERS = 52
NARROW_LABEL_HEIGHT = 15


def shorten(text, limit=LABEL_MAX_CHARACTERS):
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def bar_chart_layout(chart, narrow=False):
    """Positions of every label, bar and value of `chart`, for the SVG template: series
    stacked in one bar per row, or side by side (grouped) when `chart.stacked` is false.
    Labels stand left of the bars, or above them in the `narrow` drawing for phones."""
    chart_width = NARROW_CHART_WIDTH if narrow else CHART_WIDTH
    if narrow:
        labels = [shorten(row.label, NARROW_LABEL_MAX_CHARACTERS) for row in chart.bars]
        bars_left, label_height = 2, NARROW_LABEL_HEIGHT
    else:
        labels = [shorten(row.label) for row in chart.bars]
        label_width = min(
            LABEL_MAX_CHARACTERS * CHARACTER_WIDTH,
            max([60] + [len(label) * CHARACTER_WIDTH for label in labels]),
        )
        bars_left, label_height = label_width + 10, 0
    bars_width = chart_width - bars_left - VALUE_SPACE
    if chart.stacked:
        largest = max([row.total for row in chart.bars] + [1])
    else:
        largest = max([value or 0 for row in chart.bars for value in row.values] + [1])
    has_legend = len(chart.series) > 1
    grouped = not chart.stacked and has_legend
    bar_height = (
        max(BAR_HEIGHT / len(chart.series), GROUPED_BAR_MIN_HEIGHT) if grouped else BAR_HEIGHT
    )
    group_height = bar_height * len(chart.series) if grouped else BAR_HEIGHT
    legend = []
    if has_legend:
        # Legend entries side by side, wrapping onto a new line when the width runs out.
        legend_x, legend_y = bars_left, 4
        for series in chart.series:
            entry_width = 24 + len(str(series.label)) * LEGEND_CHARACTER_WIDTH
            if legend_x > bars_left and legend_x + entry_width > chart_width:
                legend_x, legend_y = bars_left, legend_y + LEGEND_HEIGHT - 6
            legend.append(
                {
                    "x": round(legend_x, 1),
                    "y": legend_y,
                    "text_x": round(legend_x + 18, 1),
                    "text_y": legend_y + 11,
                    "label": series.label,
                    "colour": series.colour,
                }
            )
            legend_x += entry_width
        top = legend_y + LEGEND_HEIGHT - 4
    else:
        top = 4
    rows = []
    y = top
    for label, row in zip(labels, chart.bars, strict=True):
        bars = []
        x = bars_left
        bar_top = y + label_height
        for index, (series, value) in enumerate(zip(chart.series, row.values, strict=False)):
            width = (value or 0) / largest * bars_width
            bar = {
                "x": round(x, 1),
                "y": round(bar_top + (index * bar_height if grouped else 0), 1),
                "width": round(max(width, 1.5), 1) if value else 0,
                "height": round(bar_height, 1),
                "colour": series.colour,
                "title": f"{series.label}: {value}",
            }
            if grouped:
                bar["value"] = value or 0
                bar["value_x"] = round(x + width + 4, 1)
                bar["value_y"] = round(bar["y"] + bar_height - 1, 1)
            else:
                x += width
            if value:
                bars.append(bar)
        rows.append(
            {
                "label": label,
                "full_label": row.label,
                "text_y": round(y + 11 if narrow else y + group_height / 2 + 4, 1),
                "value_y": round(bar_top + BAR_HEIGHT / 2 + 4, 1),
                "bars": bars,
                "value": None if grouped else row.total,
                "value_x": round(x + 4, 1),
            }
        )
        y += ROW_HEIGHT + group_height - BAR_HEIGHT + label_height
    return {
        "width": chart_width,
        "height": y + 4,
        "rows": rows,
        "legend": legend,
        "label_x": 2,
        "axis_x": round(bars_left, 1),
        "axis_top": top - 2,
        "axis_bottom": y,
        "value_font_size": 9 if grouped else 11,
    }


@dataclass
class KeyFigure:
    """One number in the row of key figures at the top of the page."""

    value: int
    label: str


# Geometry of the SVG matrices (heat maps): one square cell per pair of a row and a column.
MATRIX_CELL = 30
MATRIX_ROW_LABEL_CHARACTERS = 24
MATRIX_COLUMN_LABEL_CHARACTERS = 22
# Wider than the bar charts' estimate: Cyrillic letters run wider than Latin ones.
MATRIX_CHARACTER_WIDTH = 8.2


def matrix_layout(row_labels, column_labels, values, colour=NEUTRAL_COLOUR):
    """Positions of the labels and cells of a matrix drawn as a heat map, for the SVG
    template: `values[i][j]` is the value of row i and column j; a cell's shade grows with its
    value, its number is written in it, and its title names the row, the column and the value.
    Column labels are slanted above the cells, so that many columns stay legible."""
    row_texts = [shorten(label, MATRIX_ROW_LABEL_CHARACTERS) for label in row_labels]
    column_texts = [shorten(label, MATRIX_COLUMN_LABEL_CHARACTERS) for label in column_labels]
    left = max([40] + [len(text) * MATRIX_CHARACTER_WIDTH for text in row_texts]) + 12
    # Slanted at 45°: a label of n characters rises about n × 0.7 × its character width.
    rise = max([20] + [len(text) * MATRIX_CHARACTER_WIDTH * 0.72 for text in column_texts])
    top = rise + 12
    largest = max([value for row in values for value in row] + [1])
    columns = [
        {
            "label": text,
            "full_label": label,
            "x": round(left + index * MATRIX_CELL + MATRIX_CELL / 2, 1),
            "y": round(top - 6, 1),
        }
        for index, (text, label) in enumerate(zip(column_texts, column_labels, strict=True))
    ]
    rows = []
    for row_index, (text, label, row_values) in enumerate(
        zip(row_texts, row_labels, values, strict=True)
    ):
        y = top + row_index * MATRIX_CELL
        cells = []
        for column_index, value in enumerate(row_values):
            share = value / largest if value else 0
            cells.append(
                {
                    "x": round(left + column_index * MATRIX_CELL, 1),
                    "y": round(y, 1),
                    "value": value,
                    # At most 0.55 of the colour: the dark number keeps a contrast above 4.5:1.
                    "opacity": round(0.12 + 0.43 * share, 2) if value else 0,
                    "text_x": round(left + column_index * MATRIX_CELL + MATRIX_CELL / 2, 1),
                    "text_y": round(y + MATRIX_CELL / 2 + 4, 1),
                    "title": f"{two_parts(label, column_labels[column_index])}: {value}",
                }
            )
        rows.append(
            {
                "label": text,
                "full_label": label,
                "text_y": round(y + MATRIX_CELL / 2 + 4, 1),
                "cells": cells,
            }
        )
    return {
        # The last column's label reaches to the right as far as it rises.
        "width": round(left + len(column_labels) * MATRIX_CELL + rise, 1),
        "height": round(top + len(row_labels) * MATRIX_CELL + 4, 1),
        "left": round(left, 1),
        "label_x": round(left - 6, 1),
        "cell": MATRIX_CELL,
        "columns": columns,
        "rows": rows,
        "colour": colour,
    }
