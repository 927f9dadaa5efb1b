from django.urls import path

from hocvuso.learning import classroom_views as staff
from hocvuso.learning import coverage_views, skill_views, views

app_name = "learning"

# Fixed paths come before a course's slug; the loader refuses these words as slugs.
urlpatterns = [
    path("", views.catalogue, name="catalogue"),
    path("sw.js", views.service_worker, name="service_worker"),
    path("offline/", views.offline, name="offline"),
    path("account/", views.account, name="account"),
    path("account/new/", views.account_create, name="account_create"),
    path("account/login/", views.account_login, name="account_login"),
    path("account/logout/", views.account_logout, name="account_logout"),
    path("household/", views.household_code, name="household_code"),
    path("household/<str:code>/", views.household_page, name="household"),
    path("household/<str:code>/join/", views.household_join, name="household_join"),
    path("join/", views.class_join, name="class_join"),
    path("classes/", staff.classes, name="classes"),
    path("classes/new/", staff.class_new, name="class_new"),
    path("classes/<int:pk>/", staff.class_detail, name="class"),
    path("classes/<int:pk>/edit/", staff.class_edit, name="class_edit"),
    path("classes/<int:pk>/assign/", staff.class_assign, name="class_assign"),
    path("classes/<int:pk>/enrol/", staff.class_enrol, name="class_enrol"),
    path("classes/<int:pk>/report.xlsx", staff.class_report_download, name="class_report"),
    path("cards/household/<int:pk>.pdf", staff.household_card, name="household_card"),
    path("cards/group/<int:pk>.pdf", staff.group_cards, name="group_cards"),
    path("certificates/", staff.certificates, name="certificates"),
    path("certificates/<str:code>/revoke/", staff.certificate_revoke, name="certificate_revoke"),
    path("coverage/", coverage_views.coverage, name="coverage"),
    path("self-check/", skill_views.self_check, name="self_check"),
    path("self-check/result/", skill_views.self_check_result, name="self_check_result"),
    path("skills/<int:pk>/fact/", skill_views.resident_fact, name="resident_fact"),
    path("skills/<int:pk>/confirm/", skill_views.resident_confirm, name="resident_confirm"),
    path("skills/<int:pk>/vneid/", skill_views.resident_vneid, name="resident_vneid"),
    path("<slug:slug>/", views.course_page, name="course"),
    path("<slug:slug>/quiz/", views.quiz_page, name="quiz"),
    path("<slug:slug>/quiz/<int:attempt_id>/", views.quiz_result, name="quiz_result"),
    path("<slug:slug>/certificate/", views.certificate_claim, name="certificate_claim"),
    path("<slug:slug>/<slug:lesson_slug>/", views.lesson_page, name="lesson"),
    path("<slug:slug>/<slug:lesson_slug>/done/", views.lesson_done, name="lesson_done"),
]
