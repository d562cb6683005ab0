"""Bar charts as inline SVG, drawn on the server: no script, no style sheet, no external file, so
the same markup works in the PDF and in the browser under the CSP.

Pure functions from numbers to markup strings. Every text is escaped here; the caller marks the
finished string safe. Each chart is an image with a text alternative (role="img", aria-label and
<title>) and is always shown beside a table of the same numbers.
"""

from collections.abc import Sequence
from html import escape

# GOV.UK colour palette; each has at least 3:1 contrast with the white background and segments
# are separated by white gaps, so no two colours ever touch.
BLUE = "#1d70b8"
TEXT = "#0b0c0c"
SECONDARY_TEXT = "#484949"
RULE = "#b1b4b6"
SERIES_COLOURS = ("#505a5f", "#1d70b8", "#00703c", "#003078", "#4c2c92", "#d4351c")

WIDTH = 640
LABEL_WIDTH = 250
VALUE_WIDTH = 60
ROW = 26
BAR = 18
FONT = "Arial, Helvetica, sans-serif"


def _attr(value: object) -> str:
    return escape(str(value), quote=True)


def _open(label: str, height: int) -> str:
    """The root element: an image whose name is `label`, scaled to the width it is given."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="crag-chart" role="img" '
        f'aria-label="{_attr(label)}" viewBox="0 0 {WIDTH} {height}" width="{WIDTH}" height="{height}" '
        f'font-family="{FONT}" font-size="12" fill="{TEXT}" focusable="false">'
        f"<title>{escape(label)}</title>"
    )


def _scale(maximum: int) -> tuple[int, int]:
    """A round step (1, 2 or 5 times a power of ten) giving about four gridlines, and the top of
    the axis: the first multiple of the step at or above the largest value."""
    steps = (m * 10**power for power in range(12) for m in (1, 2, 5))
    step = next(s for s in steps if maximum <= 5 * s)
    return step, max(step, -(-maximum // step) * step)


def _truncate(text: str, limit: int = 38) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _axis(step: int, top: int, plot_width: int, y_top: int, y_bottom: int) -> str:
    """A gridline at each step of the scale, with its value under the plot."""
    parts = []
    for value in range(0, top + 1, step):
        x = LABEL_WIDTH + plot_width * value / top
        parts.append(
            f'<line x1="{x:.1f}" y1="{y_top}" x2="{x:.1f}" y2="{y_bottom}" stroke="{RULE}" stroke-width="1"/>'
            f'<text x="{x:.1f}" y="{y_bottom + 14}" text-anchor="middle" fill="{SECONDARY_TEXT}" '
            f'font-size="11">{value:,}</text>'
        )
    return "".join(parts)


def _category(category: str, y: float) -> str:
    """The category's name, right-aligned before its bar."""
    name = escape(_truncate(category))
    return f'<text x="{LABEL_WIDTH - 8}" y="{y + BAR - 4}" text-anchor="end">{name}</text>'


def bar_chart(label: str, rows: Sequence[tuple[str, int]], *, colour: str = BLUE) -> str:
    """A horizontal bar for each (category, value), in the order given, the value at its end."""
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    step, top = _scale(max([value for _, value in rows] + [1]))
    height = 8 + ROW * len(rows) + 24
    parts = [_open(label, height)]
    bottom = 8 + ROW * len(rows)
    parts.append(_axis(step, top, plot_width, 4, bottom))
    for index, (category, value) in enumerate(rows):
        y = 8 + index * ROW
        width = plot_width * value / top
        parts.append(_category(category, y))
        if value:
            parts.append(
                f'<rect x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{colour}"/>'
            )
        parts.append(f'<text x="{LABEL_WIDTH + width + 6:.1f}" y="{y + BAR - 4}">{value:,}</text>')
    parts.append("</svg>")
    return "".join(parts)


def stacked_bar_chart(label: str, series: Sequence[str], rows: Sequence[tuple[str, Sequence[int]]]) -> str:
    """A horizontal bar for each category, split into one segment per series (in the order of
    `series`), with a legend above and each bar's total at its end."""
    plot_width = WIDTH - LABEL_WIDTH - VALUE_WIDTH
    step, top = _scale(max([sum(values) for _, values in rows] + [1]))
    legend_height = 28
    bottom = legend_height + 8 + ROW * len(rows)
    parts = [_open(label, bottom + 24)]
    x = float(LABEL_WIDTH)
    for index, name in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        parts.append(
            f'<rect x="{x:.1f}" y="6" width="12" height="12" fill="{colour}"/>'
            f'<text x="{x + 17:.1f}" y="16">{escape(name)}</text>'
        )
        x += 17 + 7.2 * len(name) + 16
    parts.append(_axis(step, top, plot_width, legend_height + 4, bottom))
    for index, (category, values) in enumerate(rows):
        y = legend_height + 8 + index * ROW
        parts.append(_category(category, y))
        x = float(LABEL_WIDTH)
        for series_index, value in enumerate(values):
            if not value:
                continue
            width = plot_width * value / top
            colour = SERIES_COLOURS[series_index % len(SERIES_COLOURS)]
            # The white stroke keeps a gap between neighbouring segments.
            parts.append(
                f'<rect x="{x:.1f}" y="{y}" width="{width:.1f}" height="{BAR}" fill="{colour}" '
                f'stroke="#ffffff" stroke-width="1"/>'
            )
            x += width
        parts.append(f'<text x="{x + 6:.1f}" y="{y + BAR - 4}">{sum(values):,}</text>')
    parts.append("</svg>")
    return "".join(parts)


MARKERS = ("circle", "square", "diamond", "triangle")


def _marker(shape: str, x: float, y: float, colour: str) -> str:
    """A point of a line, its shape different for each series so colour is not the only cue."""
    if shape == "square":
        return f'<rect x="{x - 4:.1f}" y="{y - 4:.1f}" width="8" height="8" fill="{colour}"/>'
    if shape == "diamond":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y:.1f} {x:.1f},{y + 5:.1f} {x - 5:.1f},{y:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    if shape == "triangle":
        points = f"{x:.1f},{y - 5:.1f} {x + 5:.1f},{y + 4:.1f} {x - 5:.1f},{y + 4:.1f}"
        return f'<polygon points="{points}" fill="{colour}"/>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{colour}"/>'


def line_chart(label: str, categories: Sequence[str], series: Sequence[tuple[str, Sequence[int]]]) -> str:
    """A line per series across the categories (the years, oldest first), each point marked with
    its series' shape, a legend above and the values on a vertical scale on the left."""
    left, right, plot_height = 50, 20, 180
    plot_width = WIDTH - left - right
    step, top = _scale(max([v for _, values in series for v in values] + [1]))
    legend, x, y = [], float(left), 12
    for index, (name, _) in enumerate(series):
        width = 14 + 6.6 * len(name) + 18
        if x + width > WIDTH - right and x > left:  # the legend wraps rather than running off
            x, y = float(left), y + 18
        colour = SERIES_COLOURS[(index + 1) % len(SERIES_COLOURS)]
        legend.append(_marker(MARKERS[index % len(MARKERS)], x + 5, y, colour))
        legend.append(f'<text x="{x + 14:.1f}" y="{y + 4}">{escape(name)}</text>')
        x += width
    top_margin = y + 22
    bottom = top_margin + plot_height
    parts = [_open(label, bottom + 30), *legend]
    for value in range(0, top + 1, step):
        grid_y = bottom - plot_height * value / top
        parts.append(
            f'<line x1="{left}" y1="{grid_y:.1f}" x2="{WIDTH - right}" y2="{grid_y:.1f}" stroke="{RULE}" '
            'stroke-width="1"/>'
            f'<text x="{left - 8}" y="{grid_y + 4:.1f}" text-anchor="end" fill="{SECONDARY_TEXT}" '
            f'font-size="11">{value:,}</text>'
        )
    gap = plot_width / max(len(categories), 1)
    xs = [left + gap * (i + 0.5) for i in range(len(categories))]
    for x_, category in zip(xs, categories, strict=True):
        parts.append(f'<text x="{x_:.1f}" y="{bottom + 18}" text-anchor="middle">{escape(category)}</text>')
    for index, (_, values) in enumerate(series):
        colour = SERIES_COLOURS[(index + 1) % len(SERIES_COLOURS)]
        points = [(x_, bottom - plot_height * v / top) for x_, v in zip(xs, values, strict=False)]
        if len(points) > 1:
            path = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
            parts.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2"/>')
        parts.extend(_marker(MARKERS[index % len(MARKERS)], px, py, colour) for px, py in points)
    parts.append("</svg>")
    return "".join(parts)
