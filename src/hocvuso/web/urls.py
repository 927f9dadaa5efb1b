from django.urls import path

from hocvuso.web import favicon, health, metrics, views

app_name = "web"

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", health.healthz, name="healthz"),
    path("metrics", metrics.metrics, name="metrics"),
    path("favicon.ico", favicon.favicon, name="favicon"),
]
