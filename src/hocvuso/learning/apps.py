from django.apps import AppConfig


class LearningConfig(AppConfig):
    name = "hocvuso.learning"
