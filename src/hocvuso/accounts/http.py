"""The request type of a page behind a login, for the type checker.

`@login_required` and `@requires` let a view run only for a signed-in user, but
`HttpRequest.user` is typed `User | AnonymousUser` for every request. A view that sits behind
one of them annotates its request as `AuthenticatedHttpRequest`, as django-stubs advises, and
may then hand `request.user` to a service that needs a `User`. A public view keeps
`HttpRequest` and checks `request.user.is_authenticated` itself.
"""

from django.http import HttpRequest

from hocvuso.accounts.models import User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
