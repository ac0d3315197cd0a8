"""Bar charts drawn on the server as SVG geometry; templates/includes/bar_chart.html renders them
(escaped like any template), and the same numbers are always shown in a table beside them."""

from dataclasses import dataclass, field

WIDTH, HEIGHT, AXIS = 640, 160, 18


@dataclass
class Bar:
    label: str
    value: int
    x: float
    y: float
    width: float
    height: float


@dataclass
class BarChart:
    title: str
    bars: list = field(default_factory=list)
    width: int = WIDTH
    height: int = HEIGHT
    maximum: int = 0
    # Labels under the axis: every bar's when few, else evenly spaced ones.
    ticks: list = field(default_factory=list)

    @property
    def axis_y(self):
        return self.height - AXIS


def bar_chart(title, points, width=WIDTH, height=HEIGHT, ticks=8):
    """A chart of ``points`` (pairs of label and value), one bar each, scaled to the largest value."""
    chart = BarChart(title=title, width=width, height=height)
    if not points:
        return chart
    chart.maximum = max(value for _, value in points) or 1
    step = width / len(points)
    usable = height - AXIS - 4
    for index, (label, value) in enumerate(points):
        bar_height = usable * value / chart.maximum
        chart.bars.append(
            Bar(
                label=str(label),
                value=value,
                x=round(index * step + step * 0.1, 2),
                y=round(height - AXIS - bar_height, 2),
                width=round(max(step * 0.8, 0.5), 2),
                height=round(bar_height, 2),
            )
        )
    every = max(1, len(points) // ticks)
    chart.ticks = [bar for index, bar in enumerate(chart.bars) if index % every == 0]
    return chart
