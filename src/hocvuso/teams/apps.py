from django.apps import AppConfig


class TeamsConfig(AppConfig):
    name = "hocvuso.teams"
