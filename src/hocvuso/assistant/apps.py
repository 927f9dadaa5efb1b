from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "hocvuso.assistant"
