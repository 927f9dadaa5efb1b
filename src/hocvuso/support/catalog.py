"""The national catalog of services residents are helped with; a ward may add its own."""

# code, name, has level 2, order. Names are the services' own, in Vietnamese.
NATIONAL_SERVICES = (
    ("vneid", "VNeID", True, 10),
    ("ihanoi", "iHanoi", False, 20),
    ("etax", "eTax Mobile", False, 30),
    ("dvcqg", "Cổng Dịch vụ công quốc gia", False, 40),
    ("dvc-bca", "Cổng dịch vụ công Bộ Công an", False, 50),
    ("vssid", "VssID", False, 60),
)


def load_national_catalog(service_model) -> None:
    """Create or refresh the national services; `service_model` is the model class (the
    historical one in a migration)."""
    for code, name, has_level2, order in NATIONAL_SERVICES:
        service_model.objects.update_or_create(
            ward=None, code=code, defaults={"name": name, "has_level2": has_level2, "order": order}
        )
