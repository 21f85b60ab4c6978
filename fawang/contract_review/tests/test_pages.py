"""The contract review page through the real HTTP client (J10): public, paste or upload (.txt, .docx), Chinese
refusals, citations linked through the statute citation service, the guidance notice, and nothing stored."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from django.test import Client
from pytest_django import DjangoAssertNumQueries

from fawang.calculators.selectors import NOTICE as CALCULATOR_NOTICE
from fawang.contract_review.documents import MAX_FILE_BYTES
from fawang.contract_review.selectors import NOTICE
from fawang.contract_review.tests.samples import LEASE, docx_bytes
from fawang.statutes.models import Article, Instrument, InstrumentLevel, InstrumentStatus

pytestmark = pytest.mark.django_db
URL = "/tools/contract-review/"


@pytest.fixture(autouse=True)
def _today() -> Iterator[None]:
    with time_machine.travel(datetime(2026, 6, 1, 2, 0, tzinfo=UTC), tick=False):
        yield


def _post(data: dict[str, Any], *, htmx: bool = False) -> Any:
    headers = {"HX-Request": "true"} if htmx else {}
    return Client().post(URL, data, headers=headers)


def _row_counts() -> dict[str, int]:
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


def test_the_page_opens_without_signing_in_and_lists_the_15_types() -> None:
    response = Client().get(URL)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<h1>合同审查</h1>" in body
    types = body.split('id="id_contract_type"')[1].split("</select>")[0]  # not the language picker's (L8)
    assert types.count('<option value="') == 16  # 自动识别 and the 15 types
    assert '<option value="" selected>自动识别</option>' in body
    assert 'enctype="multipart/form-data"' in body
    assert "本页不保存您粘贴或上传的合同内容" in body


def test_a_pasted_lease_is_reviewed_with_risks_missing_clauses_and_the_notice(
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    """J10: the detected type, the risks with their words, citations; the page reads the statute names once."""
    before = _row_counts()
    with django_assert_num_queries(1):  # the law names of the citation service; nothing else
        response = _post({"text": LEASE})
    body = response.content.decode()
    assert response.status_code == 200
    assert "系统根据合同内容判断这是<strong>房屋租赁合同</strong>" in body
    assert "合同约定的租期是21年，超过了20年。" in body
    assert "合同原文：“第二条 租赁期限为<mark>二十一年</mark>，自2024年1月1日起至2044年12月31日止”" in body
    assert "依据：《中华人民共和国民法典》第七百零五条" in body
    assert "免除人身伤害责任的条款" in body
    assert "按合同中写的签订日期（2024年1月1日）适用当时的规定。" in body
    assert str(NOTICE) in body
    assert 'href="/knowledge/ask"' in body  # a human: the consultation page
    assert _row_counts() == before  # nothing stored


def test_citations_link_to_the_statute_pages(django_assert_num_queries: DjangoAssertNumQueries) -> None:
    """J8 through J10: every citation resolved by the citation service links to its article; one lookup of the names
    and one of the articles for the whole report."""
    civil = Instrument.objects.create(
        work_key="中华人民共和国民法典",
        title="中华人民共和国民法典",
        level=InstrumentLevel.LAW,
        status=InstrumentStatus.IN_FORCE,
        source="test",
        source_key="test:civil",
    )
    article = Article.objects.create(
        instrument=civil, number=705, label="第七百零五条", text="租赁期限不得超过二十年。", position=0
    )
    with django_assert_num_queries(2):
        body = _post({"text": LEASE}).content.decode()
    assert (
        f'依据：<a class="citation" href="{article.get_absolute_url()}" title="中华人民共和国民法典">'
        "《中华人民共和国民法典》第七百零五条</a>"
    ) in body
    # an article the corpus does not hold links to the law; one of an unknown law stays text
    assert (
        f'<a class="citation" href="{civil.get_absolute_url()}" title="中华人民共和国民法典">《中华人民共和国民法典》第四百七十条</a>'
        in body
    )


def test_a_chosen_type_overrides_the_detected_one() -> None:
    body = _post({"text": LEASE, "contract_type": "loan"}).content.decode()
    assert "您选择的合同类型：<strong>借款合同（民间借贷）</strong>" in body
    assert "没有找到借款金额和币种" in body


def test_the_given_date_chooses_the_rules() -> None:
    body = _post(
        {"text": "乙方交付订金5000元。", "contract_type": "house_sale", "signed_on": "2023-12-04"}
    ).content.decode()
    assert "按您填写的合同日期（2023年12月4日）适用当时的规定。" in body
    assert "写的是“订金”" not in body


def test_htmx_gets_only_the_report() -> None:
    response = _post({"text": LEASE}, htmx=True)
    body = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in body
    assert "审查结果：房屋租赁合同" in body


def test_a_txt_upload_is_read_in_utf8_utf16_and_gb18030() -> None:
    for encoding in ("utf-8", "utf-8-sig", "utf-16", "gb18030"):
        upload = SimpleUploadedFile("合同.txt", LEASE.encode(encoding), content_type="text/plain")
        body = _post({"upload": upload}).content.decode()
        assert "合同约定的租期是21年，超过了20年。" in body


def test_a_docx_upload_is_read_with_its_tables() -> None:
    """Paragraphs and table cells, in document order (python-docx)."""
    data = docx_bytes(*LEASE.splitlines(), table=("补充条款", "本合同最终解释权归甲方。"))
    upload = SimpleUploadedFile("合同.docx", data)
    body = _post({"upload": upload, "text": "这段粘贴的文字不用：上传的文件为准"}).content.decode()
    assert "合同约定的租期是21年，超过了20年。" in body
    assert "<strong>“最终解释权”条款</strong>（有风险）" in body


def _plain_zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("hello.txt", "你好")
    return buffer.getvalue()


def _zip_bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("big.bin", b"\0" * (51 * 1024 * 1024))
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("_case", "data", "upload", "message"),
    [
        ("nothing", {}, None, "请粘贴合同文字，或者上传 .txt、.docx 文件。"),
        ("blank", {"text": "   "}, None, "请粘贴合同文字，或者上传 .txt、.docx 文件。"),
        ("too long", {"text": "租" * 50_001}, None, "合同文字太长（50,001字），一次最多审查50,000字。"),
        ("unknown type", {"text": LEASE, "contract_type": "spaceship"}, None, "选择一个有效的选项"),
        ("undetectable", {"text": "本协议一式两份。"}, None, "无法自动判断合同类型，请选择合同类型。"),
        ("future date", {"text": LEASE, "signed_on": "2026-06-02"}, None, "合同日期不能晚于今天。"),
        ("before the 民法典", {"text": LEASE, "signed_on": "2020-12-31"}, None, "本系统未收录，无法审查。"),
        ("not a date", {"text": LEASE, "signed_on": "昨天"}, None, "输入一个有效的日期。"),
        (
            "a .doc file",
            {},
            ("合同.doc", b"\xd0\xcf\x11\xe0 old word"),
            "不能上传.doc：只能上传 .txt 或 .docx 文件（Word 的 .doc 文件请先另存为 .docx）。",
        ),
        ("a .pdf file", {}, ("合同.pdf", b"%PDF-1.4"), "不能上传.pdf"),
        ("no extension", {}, ("合同", b"text"), "不能上传没有扩展名的文件"),
        ("too big", {}, ("合同.txt", b"a" * (MAX_FILE_BYTES + 1)), "文件太大：不能超过5MB。"),
        ("empty file", {}, ("合同.txt", b""), "提交的是空文件。"),
        (
            "binary in a .txt",
            {},
            ("合同.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
            "无法识别这个文件里的文字。",
        ),
        ("a .docx that is not a zip", {}, ("合同.docx", b"just text"), "无法读取这个 .docx 文件。"),
        (
            "a zip that is not a Word document",
            {},
            ("合同.docx", "plain zip"),
            "这个文件不是 Word 文档（.docx）。",
        ),
        ("a zip bomb", {}, ("合同.docx", "zip bomb"), "这个 .docx 文件解压后过大，无法读取。"),
    ],
)
def test_bad_input_re_renders_the_form_with_a_chinese_error(
    _case: str,
    data: dict[str, Any],
    upload: tuple[str, bytes | str] | None,
    message: str,
    django_assert_num_queries: DjangoAssertNumQueries,
) -> None:
    if upload is not None:
        name, content = upload
        made = {"plain zip": _plain_zip, "zip bomb": _zip_bomb}
        data = {
            **data,
            "upload": SimpleUploadedFile(name, made[content]() if isinstance(content, str) else content),
        }
    before = _row_counts()
    with django_assert_num_queries(0):
        response = _post(data)
    body = response.content.decode()
    assert response.status_code == 400
    assert message in body
    assert 'role="alert"' in body
    assert '<form method="post"' in body
    assert "审查结果" not in body
    assert _row_counts() == before


def test_the_notice_uses_the_calculators_words() -> None:
    """J10: the same guidance wording as the calculators (and the consultation page)."""
    for words in (
        "仅供参考，不构成律师意见，也不是法院、仲裁机构",
        "如需专业解答，请拨打 12348 公共法律服务热线，或到就近的公共法律服务中心（站、室）咨询。",
    ):
        assert words in NOTICE
        assert words in CALCULATOR_NOTICE


def test_the_page_is_linked_from_the_calculators_the_portal_and_the_agent_console() -> None:
    assert 'href="/tools/contract-review/"' in Client().get("/tools/calculators/").content.decode()
    assert 'href="/tools/contract-review/"' in Client().get("/").content.decode()
    assert 'href="/tools/contract-review/">合同审查</a>' in render_to_string("hotline/_nav.html")


def test_get_only_and_post_only() -> None:
    assert Client().put(URL).status_code == 405
