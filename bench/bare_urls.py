"""Every URL of the site, and the bare page."""

from django.urls import include, path
from django.views.generic import TemplateView

urlpatterns = [
    path("bench/bare/", TemplateView.as_view(template_name="bench/bare.html")),
    path("", include("hocvuso.urls")),
]
