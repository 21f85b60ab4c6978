"""Encrypt the content snapshot of issued documents at rest (M3, ADR 0080): decisions, notices and transfer letters
quote the applicant's ID number, address and circumstances. The snapshot is only ever read whole (to render the
PDF), so there is no blind index. The column becomes text first, then `encrypt_columns` rewrites each row's JSON
text; the reverse decrypts before the column returns to JSON (the text casts back to jsonb on PostgreSQL)."""

from django.db import migrations

import fawang.core.crypto
from fawang.core.pii_migration import Columns, decrypt_columns, encrypt_columns

SPECS = (Columns(table="legal_aid_document", encrypted=("content",)),)


class Migration(migrations.Migration):
    dependencies = [
        ("legal_aid", "0003_transfer_letter"),
    ]

    operations = [
        migrations.AlterField(
            model_name="document",
            name="content",
            field=fawang.core.crypto.EncryptedJSONField(verbose_name="文书内容"),
        ),
        migrations.RunPython(encrypt_columns(*SPECS), decrypt_columns(*SPECS)),
    ]
