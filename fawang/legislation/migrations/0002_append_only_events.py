from django.db import migrations

from fawang.core.append_only_sql import install, uninstall

TABLES = ["legislation_draftevent"]


class Migration(migrations.Migration):
    dependencies = [("legislation", "0001_legislation_initial")]

    operations = [migrations.RunPython(install(TABLES), uninstall(TABLES))]
