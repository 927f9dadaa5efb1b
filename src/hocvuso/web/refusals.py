"""Refusing what a request asks for, in one place.

A ward, group or filter that is unknown, foreign to the user or malformed is never silently
replaced by another (the user's own ward, the whole list): the function that resolves it
raises `Refused`, and `RefusalMiddleware` answers with a page that says so plainly. The JSON
API answers the same exception with a JSON body (`hocvuso.api`).
"""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.functional import Promise


class Refused(Exception):
    """What was asked for cannot be given: 404 when it does not exist for this user (a
    foreign ward looks like one that does not exist), 400 when the request is malformed."""

    def __init__(self, message: str | Promise, *, status: int = 404) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


class RefusalMiddleware:
    """Turns `Refused` into a page with its message, in the user's language."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Refused):
            return None
        return render(
            request, "web/refused.html", {"message": exception.message}, status=exception.status
        )
