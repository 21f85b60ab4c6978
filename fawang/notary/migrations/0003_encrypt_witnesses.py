"""Encrypt the witnesses' names and telephone numbers and the free-text notes of notarisation applications at rest
(M3, ADR 0080). They are never looked up, so there is no blind index. The column becomes text first, then `encrypt_columns` rewrites
each row; the reverse decrypts before the type reverts."""

from django.db import migrations

import fawang.core.crypto
from fawang.core.pii_migration import Columns, decrypt_columns, encrypt_columns

SPECS = (Columns(table="notary_notarymatter", encrypted=("witnesses", "other_notes")),)


class Migration(migrations.Migration):
    dependencies = [
        ("notary", "0002_review_report_batch"),
    ]

    operations = [
        migrations.AlterField(
            model_name="notarymatter",
            name="witnesses",
            field=fawang.core.crypto.EncryptedTextField(
                blank=True, max_length=300, verbose_name="证人姓名及联系方式"
            ),
        ),
        migrations.AlterField(
            model_name="notarymatter",
            name="other_notes",
            field=fawang.core.crypto.EncryptedTextField(blank=True, verbose_name="其他需要说明的情况"),
        ),
        migrations.RunPython(encrypt_columns(*SPECS), decrypt_columns(*SPECS)),
    ]
