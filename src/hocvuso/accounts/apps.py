from django.apps import AppConfig
from django.db.models.signals import m2m_changed, post_delete, post_save


class AccountsConfig(AppConfig):
    name = "hocvuso.accounts"

    def ready(self) -> None:
        from hocvuso.accounts import scoping
        from hocvuso.accounts.models import RoleAssignment
        from hocvuso.places.models import ResidentialGroup, Ward

        # What scopes are built from: writing any of it makes every kept scope stale.
        for model, changed in (
            (RoleAssignment, scoping.roles_changed),
            (Ward, scoping.place_changed),
            (ResidentialGroup, scoping.place_changed),
        ):
            name = model.__name__
            post_save.connect(changed, sender=model, dispatch_uid=f"scope.saved.{name}")
            post_delete.connect(changed, sender=model, dispatch_uid=f"scope.deleted.{name}")
        m2m_changed.connect(
            scoping.role_groups_changed,
            sender=RoleAssignment.groups.through,
            dispatch_uid="scope.groups",
        )
