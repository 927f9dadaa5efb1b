from django.urls import path

from hocvuso.people import views
from hocvuso.people.importing import views as import_views

app_name = "people"

urlpatterns = [
    path("", views.resident_list, name="residents"),
    path("export.<str:fmt>", views.resident_export, name="export"),
    path("households/new/", views.household_edit, name="household_new"),
    path("households/<int:pk>/", views.household_detail, name="household"),
    path("households/<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("households/<int:household_pk>/residents/new/", views.resident_edit, name="resident_new"),
    path(
        "households/<int:household_pk>/residents/<int:pk>/",
        views.resident_edit,
        name="resident_edit",
    ),
    path(
        "households/<int:household_pk>/residents/<int:pk>/delete/",
        views.resident_delete,
        name="resident_delete",
    ),
    path(
        "households/<int:household_pk>/residents/<int:pk>/disability/",
        views.resident_disability,
        name="resident_disability",
    ),
    path("import/", import_views.upload, name="import"),
    path("import/template.xlsx", import_views.template_download, name="import_template"),
    path("import/<int:pk>/", import_views.batch_detail, name="import_batch"),
    path("import/<int:pk>/confirm/", import_views.batch_confirm, name="import_confirm"),
    path("import/<int:pk>/errors.xlsx", import_views.batch_errors, name="import_errors"),
]
