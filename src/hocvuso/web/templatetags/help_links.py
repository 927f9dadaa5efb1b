"""Where a resident can ask for help, for the pages that have nothing else to offer (errors)."""

from django import template
from django.core.cache import cache

from hocvuso.places.models import Ward

register = template.Library()

# A city's deployment has a few active wards; past this many the home page lists them.
MOST = 3


@register.simple_tag
def help_wards() -> list[tuple[int, str]]:
    """The active wards' codes and names, when they are few enough to list on an error page."""
    wards = cache.get("help_wards")
    if wards is None:
        active = Ward.objects.filter(is_active=True).order_by("name")
        found = list(active.values_list("pk", "name")[: MOST + 1])
        wards = found if len(found) <= MOST else []
        cache.set("help_wards", wards, 300)
    return wards
