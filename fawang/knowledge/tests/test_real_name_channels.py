"""M8 through the smart consultation page: where web consultations need real names, an unregistered citizen is told
so and nothing is created; after the portal's real-name registration the same request goes through."""

from __future__ import annotations

from django.test import Client, override_settings

from fawang.accounts.models import User
from fawang.cases.models import Case
from fawang.conftest import County
from fawang.knowledge.tests.test_consult import token_of
from fawang.people.models import Person


@override_settings(FAWANG_CONSULTATION_ANONYMOUS_CHANNELS=["hotline"])
def test_web_consultation_needs_real_name_where_configured(
    corpus: object, county: County, personas: dict[str, User]
) -> None:
    client = Client()
    client.force_login(personas["citizen"])
    page = client.get("/knowledge/ask", {"q": "同事借我钱不还怎么办", "site": str(county.station_x.pk)})
    token = token_of(page.content.decode())
    refused = client.post("/knowledge/ask/human", {"token": token, "site": county.station_x.pk})
    assert refused.status_code == 400
    assert "通过网站提出的法律咨询须实名" in refused.content.decode()
    assert Case.objects.count() == 0
    Person.objects.create(name="张三", id_number="500231195203150022", user=personas["citizen"])
    done = client.post("/knowledge/ask/human", {"token": token, "site": county.station_x.pk})
    assert done.status_code == 302
    assert Case.objects.get().channel == "web"
