"""The coaches' page of what the curriculum covers (`learning.coverage`)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from hocvuso.accounts.http import AuthenticatedHttpRequest
from hocvuso.accounts.models import Role, User
from hocvuso.accounts.scoping import scope_of
from hocvuso.learning.coverage import coverage as build_coverage


def may_see_coverage(user: User) -> bool:
    """Coaches plan classes with it and officers answer for the ward's figures; a volunteer
    or a team leader has no use for it."""
    scope = scope_of(user)
    return scope.everything or bool({Role.COACH, Role.OFFICER} & scope.roles)


@require_safe
@login_required
def coverage(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not may_see_coverage(request.user):
        raise PermissionDenied
    return render(request, "learning/coverage.html", {"coverage": build_coverage()})
