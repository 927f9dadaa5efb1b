from django.apps import AppConfig
from django.db import connections
from django.db.models.signals import post_migrate


def _install_search_index(using: str, **kwargs) -> None:
    from hocvuso.people import search_index

    search_index.install(connections[using])


def _move_households(*, source, target, effective_on, **kwargs) -> dict[str, int]:
    from hocvuso.people.services import move_group_households

    moved = move_group_households(
        source=source, target=target, effective_on=effective_on, reason="merge"
    )
    return {"households": moved}


class PeopleConfig(AppConfig):
    name = "hocvuso.people"

    def ready(self) -> None:
        # SQLite drops a table's triggers when a migration rebuilds the table.
        post_migrate.connect(_install_search_index, sender=self)
        # A group merge (places) moves the group's households here.
        from hocvuso.places.signals import group_merging

        group_merging.connect(_move_households, dispatch_uid="people.move_households")
