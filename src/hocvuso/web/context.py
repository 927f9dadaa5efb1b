"""The staff menu: each role's few daily tasks first, everything else behind "More"."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.http import HttpRequest
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from hocvuso.accounts.models import Role
from hocvuso.accounts.permissions import Action, Kind, held
from hocvuso.accounts.scoping import Scope, scope_of


@dataclass(frozen=True)
class MenuItem:
    url: str
    label: str | Promise
    current: bool = False


# (url name, label), in the order the menu lists them.
RECORD = ("support:record", _("Record help"))
MY_SHIFTS = ("teams:my_shifts", _("My shifts"))
VISITS = ("support:caseload", _("Home visits"))
REQUESTS = ("support:requests", _("Help requests"))
REGISTRY = ("people:residents", _("Registry"))
SEARCH = ("people:residents", _("Find a resident"))
POINTS = ("teams:points", _("Mobile points"))
TEAMS = ("teams:teams", _("Teams"))
CLASSES = ("learning:classes", _("Classes"))
CERTIFICATES = ("learning:certificates", _("Certificates"))
CAMPAIGNS = ("campaigns:list", _("Campaigns"))
BROADCASTS = ("outreach:broadcasts", _("Broadcasts"))
NEWS = ("outreach:news", _("News"))
MESSAGES = ("outreach:outbox", _("Messages"))
IMPORT = ("people:import", _("Import"))
GROUPS = ("places:groups", _("Groups"))
AUDIT = ("audit:events", _("Audit log"))
PHONE_APP = ("fieldapp:pair", _("Phone app"))

# What each role does every day, in the order of the roles' weight.
DAILY: dict[str, tuple[tuple[str, str | Promise], ...]] = {
    Role.OFFICER: (CAMPAIGNS, REGISTRY, REQUESTS, MESSAGES, IMPORT),
    Role.LEADER: (VISITS, REQUESTS, POINTS, REGISTRY),
    Role.COACH: (CLASSES, CERTIFICATES),
    Role.VOLUNTEER: (RECORD, MY_SHIFTS, VISITS, SEARCH, PHONE_APP),
}
# Everything a staff member may open; the officer's tools only for officers. The pages
# check rights again.
EVERYONE = (
    RECORD, VISITS, REQUESTS, REGISTRY, MY_SHIFTS, TEAMS, POINTS, CLASSES, CERTIFICATES,
    CAMPAIGNS, BROADCASTS, NEWS, MESSAGES, PHONE_APP,
)  # fmt: skip
OFFICERS = (IMPORT, GROUPS, AUDIT)
# The right each entry needs (accounts/permissions.py): the menu offers no page that would
# refuse its user.
NEEDS: dict[str, tuple[Action, Kind]] = {
    "support:record": (Action.RECORD, Kind.HELP),
    "teams:my_shifts": (Action.RECORD, Kind.TEAMS),
    "support:caseload": (Action.SEE, Kind.VISITS),
    "support:requests": (Action.SEE, Kind.REQUESTS),
    "people:residents": (Action.SEE, Kind.RESIDENTS),
    "teams:points": (Action.SEE, Kind.TEAMS),
    "teams:teams": (Action.SEE, Kind.TEAMS),
    "learning:classes": (Action.SEE, Kind.LEARNING),
    "learning:certificates": (Action.SEE, Kind.LEARNING),
    "campaigns:list": (Action.SEE, Kind.CAMPAIGNS),
    "outreach:broadcasts": (Action.SEE, Kind.NEWS),
    "outreach:news": (Action.SEE, Kind.NEWS),
    "outreach:outbox": (Action.SEE, Kind.MESSAGES),
    "people:import": (Action.RECORD, Kind.DATA),
    "places:groups": (Action.ADMINISTER, Kind.RESIDENTS),
    "audit:events": (Action.SEE, Kind.AUDIT),
    "fieldapp:pair": (Action.RECORD, Kind.HELP),
}


@cache
def _addresses(script_prefix: str, urlconf: str) -> dict[str, str]:
    """Every menu entry's address, worked out once per process (and mount point)."""
    return {url_name: reverse(url_name, urlconf=urlconf) for url_name in NEEDS}


def _roles(scope: Scope) -> list[str]:
    """The user's roles, weightiest first; a superuser works as an officer."""
    if scope.everything:
        return [Role.OFFICER]
    return [role for role in DAILY if role in scope.roles]


def navigation(request: HttpRequest) -> dict[str, object]:
    """The menu of the signed-in staff member: `nav_daily` first, `nav_more` folded.

    The entry whose address is the longest start of this page's is marked current."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_officer": False, "nav_daily": [], "nav_more": []}
    scope = scope_of(user)
    officer = scope.everything or bool(scope.ward_ids)
    daily: dict[str, str | Promise] = {}
    for role in _roles(scope):
        for url_name, label in DAILY[role]:
            daily.setdefault(url_name, label)
    offered = EVERYONE + OFFICERS if officer else EVERYONE
    more: dict[str, str | Promise] = {
        url_name: label for url_name, label in offered if url_name not in daily
    }
    daily = {n: label for n, label in daily.items() if held(scope, *NEEDS[n])}
    more = {n: label for n, label in more.items() if held(scope, *NEEDS[n])}
    urls = _addresses(get_script_prefix(), get_urlconf(settings.ROOT_URLCONF))
    shown = [urls[n] for n in [*daily, *more]]
    here = max((u for u in shown if request.path.startswith(u)), key=len, default=None)

    def items(entries: dict[str, str | Promise]) -> list[MenuItem]:
        return [MenuItem(urls[n], label, urls[n] == here) for n, label in entries.items()]

    return {"nav_officer": officer, "nav_daily": items(daily), "nav_more": items(more)}
