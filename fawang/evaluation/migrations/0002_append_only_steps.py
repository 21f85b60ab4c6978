from django.db import migrations

from fawang.core.append_only_sql import install, uninstall

TABLES = ["evaluation_rectificationstep"]


class Migration(migrations.Migration):
    dependencies = [("evaluation", "0001_evaluation_initial")]

    operations = [migrations.RunPython(install(TABLES), uninstall(TABLES))]
