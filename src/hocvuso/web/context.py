from django.http import HttpRequest

from hocvuso.accounts.scoping import scope_of


def navigation(request: HttpRequest) -> dict[str, bool]:
    """Whether to show the officer's menu; the pages themselves check again."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_officer": False}
    scope = scope_of(user)
    return {"nav_officer": scope.everything or bool(scope.ward_ids)}
