from django.db import migrations

from fawang.core.append_only_sql import install, uninstall

TABLES = ["cases_caseevent"]


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]

    operations = [migrations.RunPython(install(TABLES), uninstall(TABLES))]
