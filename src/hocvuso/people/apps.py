from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _install_search_index(using: str, **kwargs) -> None:
    from hocvuso.people import search_index

    search_index.install(connections[using])


class PeopleConfig(AppConfig):
    name = "hocvuso.people"

    def ready(self) -> None:
        # SQLite drops a table's triggers when a migration rebuilds the table.
        post_migrate.connect(_install_search_index, sender=self)
