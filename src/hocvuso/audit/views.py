from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.permissions import requires
from hocvuso.audit.models import AuditEvent
from hocvuso.audit.queries import events_for
from hocvuso.web.refusals import Refused


@requires("see", "audit")
def event_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The audit log of the wards the officer administers, newest first."""
    events = events_for(request.user)
    action = request.GET.get("action", "")
    if action in AuditEvent.Action.values:
        events = events.filter(action=action)
    elif action:
        raise Refused(_("This filter does not exist; choose one from the list."), status=400)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/event_list.html",
        {"page": page, "actions": AuditEvent.Action.choices, "action": action},
    )
