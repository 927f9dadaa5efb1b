from django.apps import AppConfig


class AssistantConfig(AppConfig):
    name = "hocvuso.assistant"

    def ready(self) -> None:
        from hocvuso.assistant import retrieval, ward_guides

        retrieval.connect_signals()
        ward_guides.connect_signals()
