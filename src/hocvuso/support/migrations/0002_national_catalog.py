from django.db import migrations

from hocvuso.support.catalog import load_national_catalog


def load_catalog(apps, schema_editor):
    load_national_catalog(apps.get_model("support", "Service"))


class Migration(migrations.Migration):
    dependencies = [("support", "0001_help_records_and_statuses")]

    operations = [migrations.RunPython(load_catalog, migrations.RunPython.noop)]
