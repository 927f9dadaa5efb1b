from django.urls import path

from hocvuso.support import request_views, views, visit_views

app_name = "support"

urlpatterns = [
    path("record/", views.record_help, name="record"),
    path("services/", views.catalog, name="catalog"),
    path("requests/", request_views.queue, name="requests"),
    path("requests/<int:pk>/", request_views.request_detail, name="request"),
    path("visits/", visit_views.priority_list, name="priorities"),
    path("visits/plan/<int:household_pk>/", visit_views.visit_plan, name="visit_plan"),
    path("caseload/", visit_views.caseload, name="caseload"),
]
