"""Each role's rights, written once: one row per kind of object, one column per action.

`scoping.py` says *which* wards and groups a user works in; this module says *what* each
role may do there. Views ask `may()` (or wear `@requires`), templates ask `{% may %}` from
`rights`, the menu is built from it, and README.md's rights table is `rights_table()`
(a test keeps the two equal). It lives in `accounts` beside the roles and the scope it
reads, below every app that asks it, so no app reaches up to decide a right.

A right on an object is the role's right *where the role is held*: an officer's in their
ward, a team leader's, volunteer's or coach's in the groups they cover. An object of the
ward as a whole (a mobile point, a campaign, the news) is reached by every role held in
that ward; an object in the ward but in no group (an unsorted help request) only by its
officers.
"""

from collections.abc import Callable
from enum import StrEnum
from functools import wraps
from typing import Any, Final

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied

from hocvuso.accounts.models import Role
from hocvuso.accounts.scoping import Scope, scope_of


class Action(StrEnum):
    SEE = "see"
    RECORD = "record"
    EDIT = "edit"
    EXPORT = "export"
    ADMINISTER = "administer"


class Kind(StrEnum):
    RESIDENTS = "residents"
    HELP = "help"
    REQUESTS = "requests"
    VISITS = "visits"
    TEAMS = "teams"
    LEARNING = "learning"
    CAMPAIGNS = "campaigns"
    NEWS = "news"
    MESSAGES = "messages"
    DATA = "data"
    AUDIT = "audit"


# What each kind holds, as the README names it.
KIND_LABELS: Final[dict[Kind, str]] = {
    Kind.RESIDENTS: "households, residents (administer: groups, a resident's data rights)",
    Kind.HELP: "help given, service statuses",
    Kind.REQUESTS: "help requests (resolving, assigning: edit)",
    Kind.VISITS: "home visits (planning: edit)",
    Kind.TEAMS: "teams and members (edit); mobile points, hours, shifts, trainings (administer)",
    Kind.LEARNING: "courses, classes (edit: the class's own coach), cards, certificates",
    Kind.CAMPAIGNS: "campaigns, targets, daily figures, reports (aggregates only)",
    Kind.NEWS: "news and loudspeaker broadcasts",
    Kind.MESSAGES: "group messages and their channels",
    Kind.DATA: "registry imports: upload, confirm, error files",
    Kind.AUDIT: "the audit log",
}

# The table, by each role's initial: Officer, team Leader, Volunteer, Coach; one column per
# action, in the order of `Action`. Personal data leaves the system only through the
# officer (export); help is recorded by a volunteer and up; requests are resolved and
# visits planned by team leaders and officers; the coach works in learning alone.
#                  see     record  edit   export  administer
_TABLE: Final[dict[Kind, tuple[str, str, str, str, str]]] = {
    Kind.RESIDENTS: ("OLV", "OL", "OL", "O", "O"),
    Kind.HELP: ("OLV", "OLV", "OL", "O", "O"),
    Kind.REQUESTS: ("OLV", "OLV", "OL", "O", "O"),
    Kind.VISITS: ("OLV", "OLV", "OL", "O", "O"),
    Kind.TEAMS: ("OLV", "OLV", "OL", "O", "O"),
    Kind.LEARNING: ("OLVC", "OLVC", "OC", "OLVC", "O"),
    Kind.CAMPAIGNS: ("OLV", "O", "O", "OLV", "O"),
    Kind.NEWS: ("OLV", "O", "O", "", "O"),
    Kind.MESSAGES: ("OLV", "OL", "OL", "O", "O"),
    Kind.DATA: ("O", "O", "O", "O", "O"),
    Kind.AUDIT: ("O", "", "", "", ""),
}
_INITIALS: Final = {
    "O": Role.OFFICER,
    "L": Role.LEADER,
    "V": Role.VOLUNTEER,
    "C": Role.COACH,
}
RIGHTS: Final[dict[Kind, dict[Action, frozenset[str]]]] = {
    kind: {
        action: frozenset(_INITIALS[i] for i in initials)
        for action, initials in zip(Action, row, strict=True)
    }
    for kind, row in _TABLE.items()
}


class _WardLevel:
    def __repr__(self) -> str:
        return "WARD_LEVEL"


WARD_LEVEL: Final = _WardLevel()


def may(
    user: Any,
    action: Action | str,
    kind: Kind | str,
    *,
    ward_id: int | None = None,
    group_id: int | _WardLevel | None = WARD_LEVEL,
) -> bool:
    """May `user` do `action` on objects of `kind`?

    Without `ward_id`: in at least one place (what the menu and a list's buttons ask). With
    it: on an object of that ward, in `group_id` (None: in no group; leave it out for an
    object of the ward as a whole)."""
    if user is None or not user.is_authenticated:
        return False
    scope = scope_of(user)
    if ward_id is None and group_id is WARD_LEVEL:
        return held(scope, action, kind)
    if scope.everything:
        return True
    roles = RIGHTS[Kind(kind)][Action(action)]
    for role in roles & scope.roles:
        wards = scope.role_ward_ids.get(role, frozenset())
        if role == Role.OFFICER or group_id is WARD_LEVEL:
            if ward_id in wards:
                return True
        elif group_id in scope.role_group_ids.get(role, frozenset()):
            return True
    return False


def held(scope: Scope, action: Action | str, kind: Kind | str) -> bool:
    """Does a user with this scope hold the right in at least one place? `may()` without a
    place, for whoever already holds the scope (the menu asks it of every entry)."""
    return scope.everything or bool(RIGHTS[Kind(kind)][Action(action)] & scope.roles)


def require(user: Any, action: Action | str, kind: Kind | str, **where: Any) -> None:
    """`may()`, or the one refusal every view raises: PermissionDenied (the 403 page)."""
    if not may(user, action, kind, **where):
        raise PermissionDenied


def requires(action: Action | str, kind: Kind | str) -> Callable:
    """A view decorator: log in first, then hold this right somewhere; the view checks the
    object it loads with `require(..., ward_id=..., group_id=...)`."""
    Action(action), Kind(kind)  # a typo fails at import, not at the first request

    def decorate(view: Callable) -> Callable:
        @wraps(view)
        def checked(request, *args, **kwargs):
            require(request.user, action, kind)
            return view(request, *args, **kwargs)

        return login_required(checked)

    return decorate


ROLE_ORDER: Final = (Role.OFFICER, Role.LEADER, Role.VOLUNTEER, Role.COACH)
ROLE_COLUMNS: Final = {
    Role.OFFICER: "officer",
    Role.LEADER: "leader",
    Role.VOLUNTEER: "volunteer",
    Role.COACH: "coach",
}


def rights_table() -> str:
    """The rights table as Markdown, as README.md shows it: one row per kind, one cell per
    action naming the roles that hold it."""
    actions = list(Action)
    lines = [
        "| object | " + " | ".join(a.value for a in actions) + " |",
        "| --- | " + " | ".join("---" for _a in actions) + " |",
    ]
    for kind in Kind:
        cells = []
        for action in actions:
            roles = RIGHTS[kind][action]
            cells.append(", ".join(ROLE_COLUMNS[r] for r in ROLE_ORDER if r in roles) or "—")
        lines.append(f"| {kind.value}: {KIND_LABELS[kind]} | " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
