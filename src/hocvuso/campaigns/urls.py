from django.urls import path

from hocvuso.campaigns import views

app_name = "campaigns"

urlpatterns = [
    path("", views.campaign_list, name="list"),
    path("new/", views.campaign_new, name="new"),
    path("<int:pk>/", views.dashboard, name="dashboard"),
    path("<int:pk>/refresh/", views.refresh, name="refresh"),
    path("<int:pk>/ward/<int:ward>/targets/", views.targets, name="targets"),
    path("<int:pk>/ward/<int:ward>/reports/", views.reports, name="reports"),
    path("<int:pk>/ward/<int:ward>/records/<str:code>/", views.drill, name="drill"),
    path("<int:pk>/open-data.<str:fmt>", views.open_data, name="open_data"),
    path("reports/<int:pk>.<str:fmt>", views.report_file, name="report_file"),
    path("ward/<int:ward>/manual/", views.manual, name="manual"),
    path("manual/<int:pk>/count/", views.manual_count, name="manual_count"),
]
