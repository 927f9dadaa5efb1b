"""Logging out leaves nothing of the volunteer app on the phone: its token, its copy of the
residents and its cached lists (the page's script deletes them too, after asking when records
still wait to be sent; the header covers a browser where the script did not run)."""

from collections.abc import Callable
from functools import wraps

from django.http import HttpRequest, HttpResponse


def wipes_the_phone(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @wraps(view)
    def logout(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if request.method == "POST":
            # Storage: IndexedDB, the service workers and their copies, localStorage.
            response["Clear-Site-Data"] = '"storage"'
        return response

    return logout
