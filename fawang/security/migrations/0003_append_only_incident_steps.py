from django.db import migrations

from fawang.core.append_only_sql import install, uninstall

TABLES = ["security_securityincidentstep"]


class Migration(migrations.Migration):
    dependencies = [("security", "0002_security_incidents")]

    operations = [migrations.RunPython(install(TABLES), uninstall(TABLES))]
