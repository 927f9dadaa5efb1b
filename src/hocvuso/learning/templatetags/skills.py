"""The skills card a volunteer taps on, where they already work: the household page and
the help form."""

from django import template

from hocvuso.learning import skills
from hocvuso.people.models import Resident

register = template.Library()


@register.inclusion_tag("learning/partials/skill_cards.html")
def skill_cards(
    residents: list[Resident] | Resident, next_url: str, adults_only: bool = True
) -> dict:
    """A card per resident (per adult, by default: the targets count adults)."""
    if isinstance(residents, Resident):
        residents = [residents]
    shown = [r for r in residents if not adults_only or skills.is_adult(r)]
    return {"cards": skills.skill_cards(shown), "next": next_url}
