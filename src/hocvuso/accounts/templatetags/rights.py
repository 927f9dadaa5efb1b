"""`{% may "record" "residents" as can_add %}`: offer only what the rights table allows.

With `ward=` (and `group=`) it asks about one object, as the view that receives the click
will: `{% may "edit" "residents" ward=h.ward_id group=h.residential_group_id as can_edit %}`.
"""

from typing import Any

from django import template

from hocvuso.accounts.permissions import WARD_LEVEL, may

register = template.Library()


@register.simple_tag(takes_context=True, name="may")
def may_tag(context: template.Context, action: str, kind: str, **where: Any) -> bool:
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    ward_id = where.get("ward")
    group_id = where.get("group", WARD_LEVEL)
    if ward_id is None and group_id is not WARD_LEVEL:
        return False
    return may(user, action, kind, ward_id=ward_id, group_id=group_id)
