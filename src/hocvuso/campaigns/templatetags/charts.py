"""Charts drawn on the server as small SVGs: no script, readable on a phone, with the same
figures in text for screen readers."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()

WIDTH, HEIGHT, PAD = 300, 80, 4


@register.simple_tag
def sparkline(trend: list, target: float | None = None, label: str = "") -> SafeString:
    """A line of the figure over the campaign's days, with the target as a dashed line."""
    if len(trend) < 2:
        return SafeString("")
    values = [v for _day, v in trend]
    top = max([*values, target or 0]) or 1
    step = (WIDTH - 2 * PAD) / (len(values) - 1)

    def y(value: float) -> float:
        return HEIGHT - PAD - (HEIGHT - 2 * PAD) * value / top

    points = " ".join(f"{PAD + i * step:.1f},{y(v):.1f}" for i, v in enumerate(values))
    target_line = (
        format_html(
            '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="#a4161a" '
            'stroke-dasharray="6 4" stroke-width="2"/>',
            PAD,
            WIDTH - PAD,
            f"{y(target):.1f}",
            f"{y(target):.1f}",
        )
        if target
        else ""
    )
    return format_html(
        '<svg class="spark" viewBox="0 0 {} {}" role="img" aria-label="{}" '
        'preserveAspectRatio="none">{}<polyline fill="none" stroke="#0b4f9c" '
        'stroke-width="3" points="{}"/></svg>',
        WIDTH,
        HEIGHT,
        label,
        target_line,
        points,
    )


@register.filter
def percent(value: float | None) -> str:
    return "—" if value is None else f"{100 * value:.0f}%"


@register.simple_tag
def figure_value(value: float | None, kind: str) -> str:
    from hocvuso.campaigns.reports import fmt

    return fmt(value, kind)


@register.filter
def shown_as(value: float | None, kind: str) -> str:
    """`{{ figure.value|shown_as:figure.kind }}`: the figure as a Vietnamese reader writes it."""
    from hocvuso.campaigns.reports import fmt

    return fmt(value, kind)


@register.filter
def get(mapping: dict, key: object) -> object:
    return mapping.get(key) if mapping else None
