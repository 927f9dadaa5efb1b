from django.urls import path

from hocvuso.assistant import views

app_name = "assistant"

urlpatterns = [
    path("", views.ask, name="ask"),
    path("faq/", views.faq, name="faq"),
    path("faq/<int:pk>/", views.faq, name="faq_edit"),
]
