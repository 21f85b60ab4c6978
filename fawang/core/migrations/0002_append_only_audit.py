from django.db import migrations

from fawang.core.append_only_sql import install, uninstall

TABLES = ["core_auditentry"]


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]

    operations = [migrations.RunPython(install(TABLES), uninstall(TABLES))]
