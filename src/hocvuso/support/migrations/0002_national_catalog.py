from django.db import migrations

from hocvuso.support.catalog import NATIONAL_SERVICES


def load_catalog(apps, schema_editor):
    Service = apps.get_model("support", "Service")
    for code, name, has_level2, order in NATIONAL_SERVICES:
        Service.objects.update_or_create(
            ward=None, code=code, defaults={"name": name, "has_level2": has_level2, "order": order}
        )


class Migration(migrations.Migration):
    dependencies = [("support", "0001_help_records_and_statuses")]

    operations = [migrations.RunPython(load_catalog, migrations.RunPython.noop)]
