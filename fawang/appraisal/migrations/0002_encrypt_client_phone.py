"""Encrypt the commissioning client's contact number at rest (M3, ADR 0080; issue 8 §3): usually an authority's
handler, a citizen's own number when 个人 commissions. Never looked up, so there is no blind index. The column
becomes text first, then `encrypt_columns` rewrites each row; the reverse decrypts before the type reverts."""

from django.db import migrations

import fawang.core.crypto
from fawang.core.pii_migration import Columns, decrypt_columns, encrypt_columns

SPECS = (Columns(table="appraisal_appraisalcommission", encrypted=("client_phone",)),)


class Migration(migrations.Migration):
    dependencies = [
        ("appraisal", "0001_appraisal_records"),
    ]

    operations = [
        migrations.AlterField(
            model_name="appraisalcommission",
            name="client_phone",
            field=fawang.core.crypto.EncryptedTextField(max_length=20, verbose_name="联系电话"),
        ),
        migrations.RunPython(encrypt_columns(*SPECS), decrypt_columns(*SPECS)),
    ]
