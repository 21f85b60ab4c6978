"""Encrypt the parties' service addresses (送达地址, D8) and the callback numbers of online help requests at rest
(M3, ADR 0080; issue 8 §3). Neither is ever looked up, so there is no blind index. The column becomes text first,
then `encrypt_columns` rewrites each row; the reverse decrypts before the types revert."""

from django.db import migrations

import fawang.core.crypto
from fawang.core.pii_migration import Columns, decrypt_columns, encrypt_columns

SPECS = (
    Columns(table="mediation_mediationparty", encrypted=("address",)),
    Columns(table="mediation_helprequest", encrypted=("callback_phone",)),
)


class Migration(migrations.Migration):
    dependencies = [
        ("mediation", "0002_online_negotiation_and_help"),
    ]

    operations = [
        migrations.AlterField(
            model_name="helprequest",
            name="callback_phone",
            field=fawang.core.crypto.EncryptedTextField(blank=True, max_length=20, verbose_name="回电号码"),
        ),
        migrations.AlterField(
            model_name="mediationparty",
            name="address",
            field=fawang.core.crypto.EncryptedTextField(blank=True, max_length=200, verbose_name="送达地址"),
        ),
        migrations.RunPython(encrypt_columns(*SPECS), decrypt_columns(*SPECS)),
    ]
