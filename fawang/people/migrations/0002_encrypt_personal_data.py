"""Encrypt ID numbers, phone numbers and addresses at rest, with blind indexes for lookups (M3, ADR 0080).

Expand, then backfill in the same migration (the table is small at this stage): the columns become text holding
Fernet tokens; existing plaintext rows are encrypted and indexed with raw SQL, so no model code runs on them.
The reverse decrypts back to plaintext before the columns return to their old types.
"""

import hashlib
import hmac

from django.conf import settings
from django.db import migrations

import fawang.core.crypto

FERNET_PREFIX = "gAAAAA"


def _index(value: str) -> str:
    key = settings.FAWANG_PII_INDEX_KEYS[0].encode("utf-8")
    return hmac.new(key, value.encode("utf-8"), hashlib.sha256).hexdigest()


def encrypt_rows(apps, schema_editor):
    from fawang.core.crypto import pii_encrypt

    connection = schema_editor.connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, id_number, phone, address FROM people_person")
        rows = cursor.fetchall()
        for pk, id_number, phone, address in rows:
            if (id_number or "").startswith(FERNET_PREFIX) or (phone or "").startswith(FERNET_PREFIX):
                continue  # already encrypted (a re-run)
            id_clean = (id_number or "").strip().upper()
            phone_clean = (phone or "").strip()
            cursor.execute(
                "UPDATE people_person SET id_number = %s, id_number_bidx = %s, phone = %s, phone_bidx = %s, "
                "address = %s WHERE id = %s",
                [
                    pii_encrypt(id_clean) if id_clean else None,
                    _index(id_clean) if id_clean else None,
                    pii_encrypt(phone_clean),
                    _index(phone_clean) if phone_clean else "",
                    pii_encrypt(address or ""),
                    pk,
                ],
            )


def decrypt_rows(apps, schema_editor):
    from fawang.core.crypto import pii_decrypt

    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT id, id_number, phone, address FROM people_person")
        for pk, id_number, phone, address in cursor.fetchall():
            cursor.execute(
                "UPDATE people_person SET id_number = %s, phone = %s, address = %s WHERE id = %s",
                [pii_decrypt(id_number) if id_number else None, pii_decrypt(phone or ""), pii_decrypt(address or ""), pk],
            )


class Migration(migrations.Migration):

    dependencies = [
        ('people', '0001_initial'),
    ]

    operations = [
        migrations.AddField(
            model_name='person',
            name='id_number_bidx',
            field=fawang.core.crypto.BlindIndexField(null=True, source='id_number', unique=True, verbose_name='身份证号码索引'),
        ),
        migrations.AddField(
            model_name='person',
            name='phone_bidx',
            field=fawang.core.crypto.BlindIndexField(blank=True, db_index=True, source='phone', verbose_name='联系电话索引'),
        ),
        migrations.AlterField(
            model_name='person',
            name='address',
            field=fawang.core.crypto.EncryptedTextField(blank=True, max_length=200, verbose_name='住址'),
        ),
        migrations.AlterField(
            model_name='person',
            name='id_number',
            field=fawang.core.crypto.EncryptedTextField(blank=True, max_length=18, null=True, verbose_name='身份证号码'),
        ),
        migrations.AlterField(
            model_name='person',
            name='phone',
            field=fawang.core.crypto.EncryptedTextField(blank=True, max_length=20, verbose_name='联系电话'),
        ),
        migrations.RunPython(encrypt_rows, decrypt_rows),
    ]
