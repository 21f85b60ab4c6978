"""Encrypt caller and callback numbers at rest, with blind indexes for the screen pop and callbacks by number, and
the stored CTI payloads that carry them (M3, ADR 0080; issue 8 §3). `hotline_callevent` is append-only in code
only (no database trigger), so its rows can be rewritten here. The reverse decrypts before the types revert."""

from django.db import migrations

import fawang.core.crypto
from fawang.core.pii_migration import Columns, Index, decrypt_columns, encrypt_columns

SPECS = (
    Columns(
        table="hotline_call",
        encrypted=("caller_number",),
        indexes=(Index(column="caller_number_bidx", source="caller_number"),),
    ),
    Columns(table="hotline_callback", encrypted=("phone",), indexes=(Index(column="phone_bidx", source="phone"),)),
    Columns(table="hotline_callevent", encrypted=("data",)),
    Columns(table="hotline_rejecteddelivery", encrypted=("body",)),
)


class Migration(migrations.Migration):

    dependencies = [
        ('hotline', '0002_centre_out_of_hours_mode'),
    ]

    operations = [
        migrations.AddField(
            model_name='call',
            name='caller_number_bidx',
            field=fawang.core.crypto.BlindIndexField(blank=True, db_index=True, source='caller_number', verbose_name='来电号码索引'),
        ),
        migrations.AddField(
            model_name='callback',
            name='phone_bidx',
            field=fawang.core.crypto.BlindIndexField(blank=True, db_index=True, source='phone', verbose_name='回拨号码索引'),
        ),
        migrations.AlterField(
            model_name='call',
            name='caller_number',
            field=fawang.core.crypto.EncryptedTextField(blank=True, max_length=30, verbose_name='来电号码'),
        ),
        migrations.AlterField(
            model_name='callback',
            name='phone',
            field=fawang.core.crypto.EncryptedTextField(max_length=30, verbose_name='回拨号码'),
        ),
        migrations.AlterField(
            model_name='callevent',
            name='data',
            field=fawang.core.crypto.EncryptedJSONField(blank=True, default=dict, verbose_name='事件数据'),
        ),
        migrations.AlterField(
            model_name='rejecteddelivery',
            name='body',
            field=fawang.core.crypto.EncryptedTextField(blank=True, verbose_name='报文（截断）'),
        ),
        migrations.RunPython(encrypt_columns(*SPECS), decrypt_columns(*SPECS)),
    ]
