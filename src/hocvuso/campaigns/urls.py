from django.urls import path

from hocvuso.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<int:pk>/", views.dashboard, name="dashboard"),
    path("<int:pk>/refresh/", views.refresh, name="refresh"),
    # The ward is asked for with `?ward=`, as on every other page.
    path("<int:pk>/targets/", views.targets, name="targets"),
    path("<int:pk>/reports/", views.reports, name="reports"),
    path("<int:pk>/records/<str:code>/", views.drill, name="drill"),
    path("<int:pk>/open-data.<str:fmt>", views.open_data, name="open_data"),
    path("reports/<int:pk>.<str:fmt>", views.report_file, name="report_file"),
    path("manual/", views.manual, name="manual"),
    path("manual/<int:pk>/count/", views.manual_count, name="manual_count"),
    # The addresses from before, with the ward in the path: moved for good.
    path("<int:pk>/ward/<int:ward>/targets/", views.moved, {"to": "targets"}, name="targets_moved"),
    path("<int:pk>/ward/<int:ward>/reports/", views.moved, {"to": "reports"}, name="reports_moved"),
    path(
        "<int:pk>/ward/<int:ward>/records/<str:code>/",
        views.moved,
        {"to": "drill"},
        name="drill_moved",
    ),
    path("ward/<int:ward>/manual/", views.moved, {"to": "manual"}, name="manual_moved"),
]
