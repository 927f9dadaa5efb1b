from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "hocvuso.web"

    def ready(self) -> None:
        from hocvuso.web.public_pages import connect_signals

        connect_signals()
