"""Encrypt account phone numbers at rest with a unique blind index (M3, ADR 0080; issue 8 §3).

Citizens registered before this migration had their mobile number as username, which put it in plaintext in
`accounts_user.username` and in every audit entry's actor label. They get an opaque `citizen-…` username and
sign in with the number through `fawang.accounts.backends.PhoneBackend`. The reverse gives those accounts their
number back as username and decrypts the column.
"""

import secrets

from django.db import migrations

import fawang.core.crypto
from fawang.core.pii_migration import Columns, Index, decrypt_columns, encrypt_columns

USERS = Columns(
    table="accounts_user",
    encrypted=("phone",),
    indexes=(Index(column="phone_bidx", source="phone", null_when_empty=True),),
)
_encrypt = encrypt_columns(USERS)
_decrypt = decrypt_columns(USERS)


def forward(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id FROM accounts_user WHERE phone <> '' AND username = phone")
        for (pk,) in cursor.fetchall():
            cursor.execute(
                "UPDATE accounts_user SET username = %s WHERE id = %s", [f"citizen-{secrets.token_hex(8)}", pk]
            )
    _encrypt(apps, schema_editor)


def backward(apps, schema_editor):
    _decrypt(apps, schema_editor)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE accounts_user SET username = phone WHERE phone <> '' AND username LIKE %s", ["citizen-%"]
        )


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0002_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='user',
            name='phone_bidx',
            field=fawang.core.crypto.BlindIndexField(null=True, source='phone', unique=True, verbose_name='手机号索引'),
        ),
        migrations.AlterField(
            model_name='user',
            name='phone',
            field=fawang.core.crypto.EncryptedTextField(blank=True, max_length=20, verbose_name='手机号'),
        ),
        migrations.RunPython(forward, backward),
    ]
