from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.static import serve as static_serve

from hocvuso.api import api
from hocvuso.devices.api import api_v1
from hocvuso.learning import views as learning
from hocvuso.outreach import news_views
from hocvuso.privacy import views as privacy
from hocvuso.support import request_views as help_requests
from hocvuso.teams import point_views as public_points
from hocvuso.web import language
from hocvuso.web.public_pages import shared_page

urlpatterns = [
    path("", include("hocvuso.web.urls")),
    path("accounts/", include("hocvuso.accounts.urls")),
    path("registry/", include("hocvuso.people.urls")),
    path("registry/", include("hocvuso.privacy.urls")),
    path("ward/", include("hocvuso.places.urls")),
    path("teams/", include("hocvuso.teams.urls")),
    path("support/", include("hocvuso.support.urls")),
    path("points/<int:code>/", public_points.public_week, name="public_points"),
    path("help/<int:code>/", help_requests.request_new, name="help_request"),
    path("help/status/", help_requests.request_status, name="help_status"),
    path("privacy/", shared_page(privacy.privacy_notice), name="privacy"),
    path("points/<int:code>/calendar.ics", public_points.public_calendar, name="public_calendar"),
    path("learn/", include("hocvuso.learning.urls")),
    path("campaigns/", include("hocvuso.campaigns.urls")),
    path("outreach/", include("hocvuso.outreach.urls")),
    path("news/<int:code>/", news_views.news_list, name="news_list"),
    path("news/<int:code>/<int:pk>/", news_views.news_detail, name="news_detail"),
    path("news/<int:code>/feed.atom", news_views.WardFeed(), name="news_feed"),
    # News images: the only uploads shown to the public (an import's file never is).
    path(
        "media/news/<path:path>",
        static_serve,
        {"document_root": settings.MEDIA_ROOT / "news"},
        name="news_media",
    ),
    path("ask/", include("hocvuso.assistant.urls")),
    path("app/", include("hocvuso.fieldapp.urls")),
    path("c/", learning.verify_lookup, name="verify_lookup"),
    path("c/<str:code>/", learning.verify, name="verify"),
    path("c/<str:code>/pdf/", learning.certificate_pdf, name="certificate_pdf"),
    path("audit/", include("hocvuso.audit.urls")),
    path("api/v1/", api_v1.urls),
    path("devices/", include("hocvuso.devices.urls")),
    path("api/", api.urls),
    path("language/<str:code>/", language.choose, name="language"),
    path("admin/", admin.site.urls),
]
