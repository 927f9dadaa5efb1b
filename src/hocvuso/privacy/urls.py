"""A resident's data rights, under the registry's addresses (/registry/residents/<pk>/rights/)."""

from django.urls import path

from hocvuso.privacy import views

app_name = "privacy"

urlpatterns = [
    path("residents/<int:pk>/rights/", views.resident_rights, name="resident_rights"),
    path(
        "residents/<int:pk>/rights/export.json",
        views.resident_export_json,
        name="resident_export_json",
    ),
    path(
        "residents/<int:pk>/rights/export.pdf",
        views.resident_export_pdf,
        name="resident_export_pdf",
    ),
    path("residents/<int:pk>/rights/erase/", views.resident_erase, name="resident_erase"),
]
