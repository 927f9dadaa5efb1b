"""`/favicon.ico`, where browsers and phones look for the site's icon whatever the page says."""

from pathlib import Path

from django.http import FileResponse, HttpRequest
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

ICON = Path(__file__).parent / "static" / "hocvuso" / "favicon.ico"


@require_safe
@cache_control(public=True, max_age=7 * 24 * 3600)
def favicon(request: HttpRequest) -> FileResponse:
    return FileResponse(ICON.open("rb"), content_type="image/x-icon")
