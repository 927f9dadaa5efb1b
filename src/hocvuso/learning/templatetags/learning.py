from django import template

register = template.Library()


@register.filter
def get(mapping: dict, key: object) -> object:
    """`mapping[key]` in a template, or an empty tuple when it is absent."""
    return mapping.get(key, ()) if mapping else ()


@register.filter
def dictget(mapping: dict, key: object) -> object:
    """`mapping[key]` in a template, or None."""
    return mapping.get(key) if mapping else None
