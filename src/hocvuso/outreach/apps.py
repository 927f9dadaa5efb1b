from django.apps import AppConfig


def _move_channels(*, source, target, **kwargs) -> dict[str, int]:
    """The merged group's Zalo group and lists now reach the merged group's people."""
    from hocvuso.outreach.models import Channel

    return {
        "channels": Channel.objects.filter(residential_group=source).update(
            residential_group=target
        )
    }


class OutreachConfig(AppConfig):
    name = "hocvuso.outreach"

    def ready(self) -> None:
        from hocvuso.places.signals import group_merging

        group_merging.connect(_move_channels, dispatch_uid="outreach.move_channels")
