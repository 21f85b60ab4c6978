"""Encrypt SMS-challenge phone numbers (blind index for the per-number limits) and the guided-application answers
(phone, address, income…) at rest (M3, ADR 0080; issue 8 §3). Existing rows are encrypted in place; the reverse
decrypts them before the columns return to their old types (JSON text casts back to jsonb on PostgreSQL)."""

from django.db import migrations

import fawang.core.crypto
from fawang.core.pii_migration import Columns, Index, decrypt_columns, encrypt_columns

SPECS = (
    Columns(
        table="portal_smschallenge",
        encrypted=("phone",),
        indexes=(Index(column="phone_bidx", source="phone"),),
    ),
    Columns(table="portal_applicationdraft", encrypted=("answers",)),
    Columns(table="portal_citizenanswers", encrypted=("answers",)),
)


class Migration(migrations.Migration):

    dependencies = [
        ('portal', '0003_guided_applications'),
    ]

    operations = [
        migrations.AddField(
            model_name='smschallenge',
            name='phone_bidx',
            field=fawang.core.crypto.BlindIndexField(blank=True, db_index=True, source='phone', verbose_name='手机号索引'),
        ),
        migrations.AlterField(
            model_name='applicationdraft',
            name='answers',
            field=fawang.core.crypto.EncryptedJSONField(blank=True, default=dict, verbose_name='已填写内容'),
        ),
        migrations.AlterField(
            model_name='citizenanswers',
            name='answers',
            field=fawang.core.crypto.EncryptedJSONField(blank=True, default=dict, verbose_name='常用信息'),
        ),
        migrations.AlterField(
            model_name='smschallenge',
            name='phone',
            field=fawang.core.crypto.EncryptedTextField(max_length=20, verbose_name='手机号'),
        ),
        migrations.RunPython(encrypt_columns(*SPECS), decrypt_columns(*SPECS)),
    ]
