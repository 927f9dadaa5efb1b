from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "hocvuso.assistant"

    def ready(self) -> None:
        from hocvuso.assistant.ward_guides import connect_signals

        connect_signals()
