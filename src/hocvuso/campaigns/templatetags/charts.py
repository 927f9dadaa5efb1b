"""Charts drawn on the server as small SVGs: no script, readable on a phone, with the same
figures in text for screen readers."""

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()

WIDTH, HEIGHT, PAD = 300, 80, 4


@register.simple_tag
def sparkline(
    trend: list, target: float | None = None, label: str = "", kind: str = "count"
) -> SafeString:
    """A line of the figure over the campaign's days, with the target as a dashed line, its
    first and last days under it and its last value in words; days with no figure (a share of
    nothing) are left out."""
    from hocvuso.campaigns.reports import fmt

    trend = [(day, value) for day, value in trend if value is not None]
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
    (first_day, first_value), (last_day, last_value) = trend[0], trend[-1]
    first, last = date_format(first_day, "d/m"), date_format(last_day, "d/m")
    described = _("%(name)s: %(first_value)s on %(first)s, %(last_value)s on %(last)s") % {
        "name": label,
        "first_value": fmt(first_value, kind),
        "first": first,
        "last_value": fmt(last_value, kind),
        "last": last,
    }
    return format_html(
        '<figure class="trend"><svg class="spark" viewBox="0 0 {} {}" role="img" '
        'aria-label="{}" preserveAspectRatio="none">{}<polyline fill="none" stroke="#0b4f9c" '
        'stroke-width="3" points="{}"/></svg><figcaption class="trend-axis" aria-hidden="true">'
        "<span>{}</span><strong>{}: {}</strong><span>{}</span></figcaption></figure>",
        WIDTH,
        HEIGHT,
        described,
        target_line,
        points,
        first,
        last,
        fmt(last_value, kind),
        last,
    )


@register.filter
def short_group(name: str) -> str:
    """ "Tổ dân phố số 11" as a table's row label: "Tổ 11", so a narrow column keeps it on one
    line; other names are left whole."""
    for prefix in ("Tổ dân phố số ", "Tổ dân phố "):
        if name.startswith(prefix):
            return "Tổ " + name[len(prefix) :]
    return name


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
