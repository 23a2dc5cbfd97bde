"""Small bar charts drawn on the server as inline SVG: no script, no CDN, allowed by the CSP
(colours come from classes in static/css/admin-dialog.css, never from style attributes)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

WIDTH, HEIGHT = 360, 160
TOP, BOTTOM, SIDE = 18, 22, 6


@dataclass(frozen=True)
class Bar:
    label: str
    value: int


def bar_chart(bars: list[Bar], *, title: str, css_class: str) -> SafeString:
    """A labelled bar per value; the same figures are always also given in a table."""
    peak = max((bar.value for bar in bars), default=0) or 1
    slot = (WIDTH - 2 * SIDE) / max(len(bars), 1)
    plot = HEIGHT - TOP - BOTTOM
    pieces = []
    for index, bar in enumerate(bars):
        height = round(plot * bar.value / peak, 1)
        x = round(SIDE + index * slot + slot * 0.15, 1)
        width = round(slot * 0.7, 1)
        y = round(TOP + plot - height, 1)
        centre = round(x + width / 2, 1)
        pieces.append((x, y, width, height, centre, y - 4, bar.value, centre, HEIGHT - 6, bar.label))
    body = format_html_join(
        "",
        '<rect class="bar" x="{}" y="{}" width="{}" height="{}"></rect>'
        '<text class="value" x="{}" y="{}" text-anchor="middle">{}</text>'
        '<text class="label" x="{}" y="{}" text-anchor="middle">{}</text>',
        pieces,
    )
    return format_html(
        '<svg class="dialog-chart {}" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'xmlns="http://www.w3.org/2000/svg"><title>{}</title>'
        '<line class="axis" x1="{}" y1="{}" x2="{}" y2="{}"></line>{}</svg>',
        css_class,
        WIDTH,
        HEIGHT,
        title,
        title,
        SIDE,
        TOP + plot,
        WIDTH - SIDE,
        TOP + plot,
        body,
    )
