from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "hocvuso.privacy"
