"""The kiosk's journeys as declared step lists (L9: one question per screen), like the portal's guided flows.

A journey's answers are kept in the visit (server-side, encrypted) until the review screen submits them through the
module's service; then they are dropped. The name and ID screens depend on the deployment: a consultation asks for
the real name only where the kiosk channel may not be anonymous (M8); the language screen appears only where more
than 普通话 is offered (A12).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from fawang.cases.languages import languages_offered
from fawang.cases.selectors import consultation_may_be_anonymous
from fawang.cases.states import Channel
from fawang.kiosk import forms as f
from fawang.kiosk.models import KioskRequestKind

REVIEW = "review"


@dataclass(frozen=True)
class Step:
    key: str
    form: type[f.KioskForm]


@dataclass(frozen=True)
class Journey:
    slug: str
    title: str
    kind: KioskRequestKind
    steps: tuple[Step, ...]
    intro: str = ""

    @property
    def keys(self) -> tuple[str, ...]:
        return (*(s.key for s in self.steps), REVIEW)

    def step(self, key: str) -> Step | None:
        return next((s for s in self.steps if s.key == key), None)


NAME = Step("name", f.NameForm)
ID_NUMBER = Step("id_number", f.IdNumberForm)
PHONE = Step("phone", f.PhoneForm)


def _contact(*, real_name: bool) -> tuple[Step, ...]:
    steps = (NAME, ID_NUMBER, PHONE) if real_name else (PHONE, Step("name", f.OptionalNameForm))
    return (*steps, Step("language", f.LanguageForm)) if languages_offered() else steps


def journey_for(slug: str) -> Journey | None:
    if slug == "aid":
        return Journey(
            "aid",
            _("法律援助预申请"),
            KioskRequestKind.LEGAL_AID,
            (
                Step("matter", f.AidMatterForm),
                Step("facts", f.AidFactsForm),
                Step("hardship", f.AidHardshipForm),
                *_contact(real_name=True),
            ),
            _("经济困难或符合法定情形的，可以免费获得律师帮助。这里先登记，工作人员会联系您办理正式申请。"),
        )
    if slug == "notary":
        return Journey(
            "notary",
            _("公证预申请"),
            KioskRequestKind.NOTARY,
            (
                Step("matter", f.NotaryMatterForm),
                Step("purpose", f.NotaryPurposeForm),
                Step("documents", f.NotaryDocumentsForm),
                Step("office", f.NotaryOfficeForm),
                *_contact(real_name=True),
            ),
            _("这里先登记，公证处会联系您。办理时须本人带身份证和材料原件到公证处。"),
        )
    if slug == "human":
        return Journey(
            "human",
            _("转人工解答"),
            KioskRequestKind.CONSULTATION,
            _contact(real_name=not consultation_may_be_anonymous(Channel.KIOSK)),
            _("留下联系方式，工作人员会在规定时限内答复您刚才的问题。"),
        )
    return None
