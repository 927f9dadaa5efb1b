from django.apps import AppConfig


class CampaignsConfig(AppConfig):
    name = "hocvuso.campaigns"

    def ready(self) -> None:
        from hocvuso.campaigns.dashboard_cache import connect_signals

        connect_signals()
