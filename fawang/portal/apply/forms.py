"""One short form per screen (L9, J11): each guided application is a list of these steps.

Forms only parse input; the rules live in the modules' services (legal_aid, mediation, notary, appraisal).
`cleaned_answers()` turns the cleaned data into JSON values stored on the draft.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django import forms
from django.utils import dateformat
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from fawang.cases.forms import intake_language_field
from fawang.cases.languages import languages_offered
from fawang.directory.models import Institution, InstitutionKind, Practitioner, PractitionerKind
from fawang.legal_aid.codes import GROUND_CHOICES, GROUP_CHOICES, MATTER_CHOICES
from fawang.notary.catalogue import MATTER_TYPES
from fawang.regions.models import Region, RegionLevel

YES_NO_UNKNOWN = [("yes", _("有")), ("no", _("没有")), ("unknown", _("不清楚"))]


def _json(value: Any) -> Any:
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list | tuple):
        return [_json(v) for v in value]
    return value


class StepForm(forms.Form):
    """A screen of a guided application; `version` detects stale screens (changed elsewhere)."""

    version = forms.IntegerField(widget=forms.HiddenInput)

    def cleaned_answers(self) -> dict[str, Any]:
        return {k: _json(v) for k, v in self.cleaned_data.items() if k != "version"}


def township_field(required: bool = True) -> forms.ChoiceField:
    townships = Region.objects.filter(level=RegionLevel.TOWNSHIP).select_related("parent").order_by("code")
    return forms.ChoiceField(
        label=_("您住在哪个乡镇（街道）"),
        choices=[
            ("", _("请选择")),
            *((t.code, f"{t.parent.name if t.parent else ''}{t.name}") for t in townships),
        ],
        required=required,
        help_text=_("用于把申请交给离您最近的办理机构。"),
    )


class IdentityStep(StepForm):
    name = forms.CharField(label=_("姓名（与身份证一致）"), max_length=50)
    id_number = forms.CharField(
        label=_("身份证号码"),
        max_length=18,
        help_text=_("18位，最后一位可能是X。加密保存，只有办理您事项的工作人员可以查看。"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "inputmode": "text"}),
    )
    phone = forms.CharField(
        label=_("联系电话"),
        max_length=20,
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "tel"}),
    )
    address = forms.CharField(label=_("住址"), max_length=200, required=False)

    def __init__(self, *args: Any, masked_id: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["township"] = township_field()
        if languages_offered():  # A12: asked only where the deployment offers more than 普通话
            self.fields["language"] = intake_language_field(
                gettext("您希望用哪种语言（方言）办理"),
                help_text=gettext("工作人员将尽量用您选择的语言与您联系。"),
            )
        if masked_id:  # already verified: the number may be left blank (kept as it is)
            self.fields["id_number"].required = False
            self.fields["id_number"].help_text = gettext("已实名登记（%(id)s）。不需要更改就留空。") % {
                "id": masked_id
            }

    def cleaned_answers(self) -> dict[str, Any]:
        answers = super().cleaned_answers()
        answers.pop("id_number", None)  # stored only on the person record (encrypted), never in the draft
        return answers


class AidMatterStep(StepForm):
    matter = forms.ChoiceField(
        label=_("您需要法律援助的事情属于哪一类"), choices=MATTER_CHOICES, widget=forms.RadioSelect
    )
    title = forms.CharField(
        label=_("用一句话说明您的事情"), max_length=100, help_text=_("例如：工地拖欠我三个月工资。")
    )


class AidFactsStep(StepForm):
    facts_and_reasons = forms.CharField(
        label=_("事情经过和您为什么申请法律援助"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("写清楚时间、地点、对方是谁、您希望得到什么帮助。"),
    )
    opposing_party_name = forms.CharField(
        label=_("对方姓名或单位名称（可不填）"), max_length=50, required=False
    )


class AidMeansStep(StepForm):
    household_size = forms.IntegerField(label=_("家里一起生活的有几口人"), min_value=1, max_value=30)
    monthly_income_per_capita = forms.DecimalField(
        label=_("全家每月总收入除以人数，大约多少元（不清楚可不填）"),
        min_value=0,
        max_digits=12,
        decimal_places=2,
        required=False,
    )
    has_large_assets = forms.ChoiceField(
        label=_("家里有没有大额存款、第二套房子、车辆等财产"),
        choices=YES_NO_UNKNOWN,
        widget=forms.RadioSelect,
    )
    applicant_groups = forms.MultipleChoiceField(
        label=_("您是否属于以下情形（有就勾选，可多选）"),
        choices=GROUP_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    grounds = forms.MultipleChoiceField(
        label=_("您的事情是否属于以下情形（有就勾选）"),
        choices=GROUND_CHOICES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    economic_situation = forms.CharField(
        label=_("家庭经济情况补充说明（可不填）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConfirmStep(StepForm):
    """A screen with nothing to fill in (the pre-check explanation): posting it moves on."""


class OtherPartyStep(StepForm):
    other_name = forms.CharField(label=_("对方叫什么名字（或单位名称）"), max_length=50)
    other_phone = forms.CharField(label=_("对方电话（知道就填）"), max_length=20, required=False)
    other_address = forms.CharField(label=_("对方住址（知道就填）"), max_length=200, required=False)


class DisputeStep(StepForm):
    title = forms.CharField(
        label=_("用一句话说明纠纷"), max_length=100, help_text=_("例如：邻居占用了我家门前的通道。")
    )
    facts = forms.CharField(
        label=_("纠纷经过"),
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("写清楚发生了什么、持续多久。"),
    )
    issues = forms.CharField(
        label=_("您希望怎样解决（可不填）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class CommitteeStep(StepForm):
    def __init__(self, *args: Any, near: str = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        committees = list(
            Institution.objects.filter(kind=InstitutionKind.MEDIATION_COMMITTEE)
            .select_related("region")
            .order_by("region__code", "name")
        )
        prefix = near[:9]
        committees.sort(
            key=lambda c: (not (prefix and c.region.code.startswith(prefix)), c.region.code, c.name)
        )
        self.fields["committee"] = forms.ChoiceField(
            label=_("希望哪个人民调解委员会调解"),
            choices=[("", _("请选择")), *((str(c.pk), f"{c.name}（{c.region.name}）") for c in committees)],
            help_text=_("离您住处最近的排在前面。人民调解不收取任何费用。"),
        )
        mediators = Practitioner.objects.filter(kind=PractitionerKind.MEDIATOR, active=True).select_related(
            "institution"
        )
        self.fields["mediator"] = forms.ChoiceField(
            label=_("希望由哪位调解员调解（可不选，由调委会指定）"),
            choices=[
                ("", _("由调委会指定")),
                *(
                    (str(m.pk), f"{m.institution.name} · {m.name}")
                    for m in mediators.order_by("institution__name", "name")
                ),
            ],
            required=False,
        )


class NotaryMatterStep(StepForm):
    matter_code = forms.ChoiceField(
        label=_("您要办理哪种公证"),
        choices=[(m.code, m.label) for m in MATTER_TYPES],
        widget=forms.RadioSelect,
    )
    attend = forms.ChoiceField(
        label=_("到公证处办理时，谁去"),
        choices=[("self", _("我本人去")), ("agent", _("委托他人代办"))],
        widget=forms.RadioSelect,
        help_text=_("遗嘱、生存、收养公证必须本人亲自办理，不能委托他人（公证法第二十六条）。"),
    )
    agent_name = forms.CharField(label=_("代办人姓名（委托他人时填写）"), max_length=50, required=False)
    agent_relationship = forms.CharField(label=_("代办人和您的关系"), max_length=50, required=False)
    agent_authority = forms.CharField(
        label=_("委托办理哪些事项（授权委托书内容）"), max_length=200, required=False
    )

    def clean(self) -> dict[str, Any]:
        from fawang.notary.catalogue import matter_type

        data = super().clean() or {}
        if data.get("attend") != "agent" or not data.get("matter_code"):
            return data
        kind = matter_type(data["matter_code"])
        if kind.in_person:  # the notary catalogue's rule (公证法第二十六条, E3)
            self.add_error(
                "attend",
                gettext("“%(matter)s”必须本人亲自到公证处办理，不能委托他人代办（公证法第二十六条）。")
                % {"matter": kind.label},
            )
        elif not all(
            (data.get(k) or "").strip() for k in ("agent_name", "agent_relationship", "agent_authority")
        ):
            self.add_error("agent_name", _("委托他人代办的，请填写代办人姓名、和您的关系、委托事项。"))
        return data


class NotaryPurposeStep(StepForm):
    purpose = forms.CharField(
        label=_("公证书用来做什么"), max_length=200, help_text=_("例如：到国外读书、办理房产过户。")
    )
    documents = forms.CharField(
        label=_("需要公证的文书或事实"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("例如：出生证明、委托书。"),
    )
    witnesses = forms.CharField(label=_("证人姓名和电话（没有可不填）"), max_length=300, required=False)
    other_notes = forms.CharField(
        label=_("其他需要说明的情况（可不填）"),
        max_length=2000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class NotarySlotStep(StepForm):
    """Office and an open slot from the notary module's booking service (slots with room in the next 30 days)."""

    office = forms.ChoiceField(label=_("到哪个公证处办理"))
    slot = forms.CharField(label=_("预约到场时间"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from datetime import timedelta

        from fawang.core import clock
        from fawang.notary.selectors import notary_slot_list_available

        super().__init__(*args, **kwargs)
        offices = list(
            Institution.objects.filter(kind=InstitutionKind.NOTARY_OFFICE).order_by("region__code", "name")
        )
        office: forms.ChoiceField = self.fields["office"]  # type: ignore[assignment]  # declared as a ChoiceField above
        office.choices = [("", _("请选择")), *((str(o.pk), o.name) for o in offices)]
        now = clock.now()
        self.slots = notary_slot_list_available(date_from=now, date_to=now + timedelta(days=30))
        when = gettext("m月d日 H:i")
        slot_labels = [
            (str(s.id), f"{s.office_name} {dateformat.format(clock.to_local(s.starts_at), when)}")
            for s in self.slots
        ]
        setattr(self.fields["slot"], "choices", [("", _("暂不预约，等公证处联系我")), *slot_labels])  # noqa: B010  # shown on the review screen

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        slot = data.get("slot") or ""
        if slot:
            chosen = next((s for s in self.slots if str(s.id) == slot), None)
            if chosen is None:
                self.add_error("slot", _("这个时段已约满或已过期，请另选一个。"))
            elif str(chosen.office_id) != data.get("office"):
                self.add_error("slot", _("所选时段不属于所选公证处。"))
        return data


class AppraisalMatterStep(StepForm):
    matter = forms.CharField(
        label=_("需要鉴定什么"), max_length=200, help_text=_("例如：伤残等级、笔迹、亲子关系。")
    )
    purpose = forms.CharField(label=_("鉴定结果用来做什么"), max_length=200)
    requirements = forms.CharField(label=_("对鉴定有什么要求"), max_length=500)
    background = forms.CharField(
        label=_("事情经过"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5})
    )


class AppraisalInstitutionStep(StepForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        rows = Institution.objects.filter(kind=InstitutionKind.APPRAISAL_INSTITUTION).order_by(
            "region__code", "name"
        )
        self.fields["institution"] = forms.ChoiceField(
            label=_("选择司法鉴定机构"), choices=[("", _("请选择")), *((str(i.pk), i.name) for i in rows)]
        )


class UploadForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
    label = forms.CharField(
        label=_("这是什么材料"), max_length=100, help_text=_("例如：身份证正反面、劳动合同。")
    )
    quantity = forms.IntegerField(label=_("份数（页数）"), min_value=1, max_value=99, initial=1)
    file = forms.FileField(label=_("选择文件（照片或扫描件：jpg、png、pdf，单个不超过20MB）"))


class ReviewStep(StepForm):
    confirm = forms.BooleanField(label=_("我确认以上内容真实。如有虚假，愿意承担相应责任。"), required=True)
