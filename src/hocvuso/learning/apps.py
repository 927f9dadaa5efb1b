from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "hocvuso.learning"

    def ready(self) -> None:
        from hocvuso.learning.published import connect_signals

        connect_signals()
