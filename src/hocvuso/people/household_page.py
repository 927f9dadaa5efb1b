"""What the apps above `people` add to the household page, so that people imports none of
them: each registers, in its AppConfig.ready, a function that gives the page's template its
part of the context (support: the digital services and the help given)."""

from collections.abc import Callable
from typing import Any

from hocvuso.people.models import Household

Section = Callable[[Household], dict[str, Any]]

_sections: list[Section] = []


def add_section(section: Section) -> None:
    if section not in _sections:
        _sections.append(section)


def sections_context(household: Household) -> dict[str, Any]:
    context: dict[str, Any] = {}
    for section in _sections:
        context.update(section(household))
    return context
