"""Reads of many people at once, logged like an export whatever the route they take: the
registry's export, its list pages, the JSON API and a campaign figure's drill-down.

Where the line is drawn, and why:
- An export is always logged (`people.views`).
- A JSON API list page is always logged. The API has no casual browsing: it is how a
  script reads the registry, and a script can slice a list any way it likes (by offset, by
  group, by search text), so only logging every page makes a crawl visible in full.
- A list page shown to a person (the registry's list, a drill-down) is logged once it
  reaches past the first page of `PAGE` people. The first page is what every visit shows,
  many times a day; logging it would bury the log in routine looks. Paging past it, by hand
  or by a script, is reading many people, and each such page is logged.
Each event names the actor, the ward, how many were shown, from where and of how many, and
the filter, in every ward the actor sees (where that ward's officer reads it).
"""

from collections.abc import Mapping
from typing import Any

from django.core.paginator import Page
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hocvuso.accounts.models import User
from hocvuso.accounts.scoping import scope_of
from hocvuso.audit.models import AuditEvent
from hocvuso.audit.services import record

PAGE = 50
ROUTES = {
    "api": gettext_lazy("the JSON API"),
    "list": gettext_lazy("the registry's list"),
    "drill": gettext_lazy("a campaign figure's records"),
}


def log_in_scope(
    user: User,
    *,
    action: str,
    summary: str,
    changes: Mapping[str, Any],
    object_type: str = "resident",
) -> None:
    """A list spans every ward the user sees: log it in each, for that ward's officer."""
    for ward_id in scope_of(user).seen_ward_ids or {None}:
        record(
            actor=user,
            action=action,
            ward_id=ward_id,
            object_type=object_type,
            summary=summary,
            changes=changes,
        )


def log_list_read(
    user: User,
    *,
    route: str,
    offset: int,
    shown: int,
    total: int,
    filters: Mapping[str, Any],
    every_page: bool = False,
    object_type: str = "resident",
) -> None:
    """Log a page of a list of people that reads many of them (see the module's note).

    `route` is a key of `ROUTES`; `offset` how many came before this page; `shown` how many
    it showed; `total` how many the filter matches. `every_page`: log the first page too.
    """
    if shown == 0 or (not every_page and offset + shown <= PAGE):
        return
    summary = _(
        "Read %(count)d records (no. %(first)d to %(last)d of %(total)d) through %(route)s."
    ) % {"count": shown, "first": offset + 1, "last": offset + shown, "total": total,
         "route": ROUTES[route]}  # fmt: skip
    changes = {**filters, "route": route, "offset": offset, "count": shown, "total": total}
    log_in_scope(
        user,
        action=AuditEvent.Action.EXPORT,
        summary=summary,
        changes=changes,
        object_type=object_type,
    )


def log_page_read(
    user: User, page: Page, *, route: str, filters: Mapping[str, Any], object_type: str = "resident"
) -> None:
    """`log_list_read` for a page of Django's paginator."""
    log_list_read(
        user,
        route=route,
        offset=page.start_index() - 1 if page.object_list else 0,
        shown=len(page.object_list),
        total=page.paginator.count,
        filters=filters,
        object_type=object_type,
    )
