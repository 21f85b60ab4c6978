"""Issued legal-aid documents and notarisation witnesses are encrypted at rest (M3; docs/privacy.md): the raw columns
hold Fernet tokens, the PDFs still show the text in full, and the migrations encrypt old plaintext rows and reverse."""

from __future__ import annotations

import json
from importlib import import_module

import pytest
import time_machine
from django.db import connection

from fawang.accounts.models import User
from fawang.conftest import County
from fawang.core.pii_migration import decrypt_columns, encrypt_columns
from fawang.legal_aid.models import Document
from fawang.legal_aid.tests.helpers import client_for, new_application, pdf_text, post_step
from fawang.notary.models import NotaryMatter
from fawang.notary.tests.helpers import notary_apply
from fawang.people.models import Person
from fawang.security.tests.raw_columns import assert_ciphertext, raw_column

pytestmark = pytest.mark.django_db
ID_NUMBER = "500231195203150022"
WITNESSES = "李四 13911112222"


class _Editor:
    def __init__(self) -> None:
        self.connection = connection


def _receipt(personas: dict[str, User]) -> Document:
    reviewer = client_for(personas["aid_reviewer"])
    with time_machine.travel("2025-03-03 10:00:00+08:00", tick=False):
        case = new_application(reviewer).case
        assert (
            post_step(reviewer, case, "materials", {"items": "身份证复印件", "copy_kind": "copy"}).status_code
            == 302
        )
        assert post_step(reviewer, case, "accept").status_code == 302
    return Document.objects.get(case=case, kind="materials_receipt")


def test_issued_document_content_is_encrypted_and_still_renders(
    personas: dict[str, User], county: County
) -> None:
    receipt = _receipt(personas)
    assert_ciphertext(raw_column("legal_aid_document", "content", receipt.pk), "刘桂兰", receipt.number)
    assert Document.objects.get(pk=receipt.pk).content["number"] == receipt.number
    reviewer = client_for(personas["aid_reviewer"])
    text = pdf_text(
        reviewer.get(f"/work/legal-aid/{receipt.case.reference}/documents/{receipt.pk}.pdf").content
    )
    assert receipt.number in text
    assert "身份证复印件" in text


def _notary_matter(personas: dict[str, User], county: County) -> NotaryMatter:
    Person.objects.create(
        name="王芳", id_number="110101199003077571", phone="13900000000", user=personas["citizen"]
    )
    code, body = notary_apply(
        client_for(personas["citizen"]), county, witnesses=WITNESSES, other_notes="房屋在东村2组"
    )
    assert code == 201, body
    return NotaryMatter.objects.get(case__reference=body["reference"])


def test_notary_witnesses_and_notes_are_encrypted_and_reach_the_application_form(
    personas: dict[str, User], county: County
) -> None:
    matter = _notary_matter(personas, county)
    assert_ciphertext(raw_column("notary_notarymatter", "witnesses", matter.pk), "李四", "13911112222")
    assert_ciphertext(raw_column("notary_notarymatter", "other_notes", matter.pk), "东村")
    assert NotaryMatter.objects.get(pk=matter.pk).witnesses == WITNESSES
    page = client_for(personas["window_clerk"]).get(f"/work/notary/{matter.case.reference}/application.pdf")
    assert page.status_code == 200
    text = pdf_text(page.content)  # the extracted text has no spaces
    assert "证人姓名及联系方式：李四13911112222" in text
    assert "其他需要说明的情况：房屋在东村2组" in text


def test_migrations_encrypt_plaintext_documents_and_witnesses_and_reverse(
    personas: dict[str, User], county: County
) -> None:
    receipt, matter = _receipt(personas), _notary_matter(personas, county)
    plain = {"number": receipt.number, "fields": [["申请人身份证号", ID_NUMBER]]}
    with connection.cursor() as cursor:  # as the rows stood before the migrations: JSON text, plain text
        cursor.execute(
            "UPDATE legal_aid_document SET content = %s WHERE id = %s",
            [json.dumps(plain, ensure_ascii=False), receipt.pk],
        )
        cursor.execute(
            "UPDATE notary_notarymatter SET witnesses = %s, other_notes = %s WHERE id = %s",
            [WITNESSES, "", matter.pk],
        )
    specs = (
        *import_module("fawang.legal_aid.migrations.0004_encrypt_document_content").SPECS,
        *import_module("fawang.notary.migrations.0003_encrypt_witnesses").SPECS,
    )
    encrypt_columns(*specs)(None, _Editor())
    assert_ciphertext(raw_column("legal_aid_document", "content", receipt.pk), ID_NUMBER)
    assert_ciphertext(raw_column("notary_notarymatter", "witnesses", matter.pk), "13911112222")
    assert Document.objects.get(pk=receipt.pk).content == plain
    assert NotaryMatter.objects.get(pk=matter.pk).witnesses == WITNESSES
    decrypt_columns(*specs)(None, _Editor())
    assert json.loads(raw_column("legal_aid_document", "content", receipt.pk)) == plain
    assert raw_column("notary_notarymatter", "witnesses", matter.pk) == WITNESSES
