from django.urls import path

from hocvuso.fieldapp import views

app_name = "fieldapp"

urlpatterns = [
    path("", views.shell, name="shell"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("pair/", views.pair, name="pair"),
]
