"""The front door: what a signed-in user can do, or the public landing page."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from hocvuso.people import queries
from hocvuso.places.models import Ward
from hocvuso.places.queries import wards_to_set_up
from hocvuso.web.public_pages import shared_page


@shared_page
def home(request: HttpRequest) -> HttpResponse:
    if not request.user.is_authenticated:
        wards = Ward.objects.filter(is_active=True).order_by("name")[:200]
        return render(request, "web/landing.html", {"wards": wards})
    return render(
        request,
        "web/home.html",
        {
            "household_count": queries.households_for(request.user).count(),
            "resident_count": queries.residents_for(request.user).count(),
            "roles": request.user.roles.select_related("ward").prefetch_related("groups"),
            "wards_to_set_up": wards_to_set_up(request.user),
        },
    )
