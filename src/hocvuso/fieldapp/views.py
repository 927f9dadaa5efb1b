"""The volunteer's phone app: one page that works with no connection, kept by its service
worker, talking to /api/v1 with the phone's device token. The page holds no one's data:
what the volunteer sees comes from the API into the phone's IndexedDB."""

import hashlib
from functools import cache
from pathlib import Path

from django.contrib.auth.decorators import login_required
from django.contrib.staticfiles import finders
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from hocvuso.support.models import Outcome, Place, RequestStatus, VisitStatus
from hocvuso.web import offline

# Everything the page needs, kept on the phone when the service worker installs.
STATIC_FILES = (
    "hocvuso/site.css",
    "fieldapp/app.css",
    "fieldapp/store.js",
    "fieldapp/sync.js",
    "fieldapp/app.js",
    "fieldapp/manifest.webmanifest",
    "hocvuso/favicon.svg",
)
# How many days the phone keeps its copy of the residents once it was last brought up to date.
KEEP_DAYS = 7


def _texts() -> dict[str, object]:
    """What the script writes into the page, in the user's language."""
    return {
        "waiting_one": _("1 record waiting to be sent"),
        "waiting_many": _("%(count)s records waiting to be sent"),
        "online": _("Connected"),
        "offline": _("No connection: what you record stays on this phone."),
        "saved": _("Saved on this phone. It is sent as soon as there is a connection."),
        "sent_all": _("Everything was sent."),
        "retry": _("Could not send just now: the phone tries again by itself."),
        "token_stop": _(
            "This phone may no longer send records: its access was withdrawn or has expired. "
            "Nothing was lost. Ask the ward officer for a new QR code to pair this phone again."
        ),
        "checked_in": _("Checked in at %(time)s"),
        "checked_in_waiting": _("Checked in at %(time)s, waiting to be sent"),
        "visit_waiting": _("Recorded, waiting to be sent"),
        "no_one": _("No one on this phone's list matches."),
        "no_list": _(
            "The list of residents is not on this phone yet: connect once to download it."
        ),
        "list_info": _(
            "%(count)s residents, brought up to date %(when)s. Deleted from this phone on "
            "%(expires)s unless brought up to date again."
        ),
        "need_person": _("Choose who was helped, or write the name of someone not in the list."),
        "need_task": _("Choose the service and the task."),
        "conflict": _("Now: %(current)s."),
        "not_applied": _("Not applied: %(change)s."),
        "last_sync": _("Last sent: %(when)s"),
        "never": _("Nothing sent from this phone yet."),
        "paired": _("This phone is ready. Opening the app…"),
        "pair_failed": _("This phone could not be paired: %(reason)s"),
        "confirm_wipe": _(
            "Delete everything this app keeps on this phone? Records not yet sent are lost."
        ),
        "walk_in": _("Someone not in the list"),
        "nothing": _("Nothing here."),
        "need_note": _("Write what was done."),
        "assigned_to": _("Assigned to %(name)s"),
        "household": _("Household %(code)s · %(address)s: choose who was helped."),
        "statuses": {**dict(VisitStatus.choices), **dict(RequestStatus.choices)},
    }


@require_GET
def shell(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "fieldapp/shell.html",
        {
            "texts": _texts(),
            "outcomes": Outcome.choices,
            "places": Place.choices,
            "keep_days": KEEP_DAYS,
            "api": reverse("api-v1:api-root"),
        },
    )


@cache
def _version() -> str:
    """Changes whenever the page or one of its files does, so phones fetch the new ones."""
    digest = hashlib.sha256((Path(__file__).parent / "templates/fieldapp/shell.html").read_bytes())
    for name in STATIC_FILES:
        found = finders.find(name)
        if not isinstance(found, str):
            raise ImproperlyConfigured(f"The volunteer app needs the static file {name}.")
        digest.update(Path(found).read_bytes())
    return digest.hexdigest()[:12]


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    """Served under /app/, so it keeps the app and nothing else of the site."""
    return offline.service_worker(
        request,
        cache=f"hocvuso-app-v{_version()}",
        scope=reverse("fieldapp:shell"),
        offline=reverse("fieldapp:shell"),
        keep=[reverse("fieldapp:shell"), *(static(name) for name in STATIC_FILES)],
        navigate="shell",
    )


@login_required
@require_GET
def pair(request: HttpRequest) -> HttpResponse:
    """A staff member signed in on their phone makes it the app's: the page asks /api/v1 for
    a device token and keeps it in the phone's IndexedDB."""
    texts = _texts()
    pair_texts = {key: texts[key] for key in ("paired", "pair_failed")}
    return render(
        request,
        "fieldapp/pair.html",
        {"pair_texts": pair_texts, "pair_api": reverse("api-v1:api-root") + "devices/pair"},
    )
