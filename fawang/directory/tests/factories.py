import datetime

from factory.declarations import Sequence, SubFactory
from factory.django import DjangoModelFactory

from fawang.directory.models import (
    Institution,
    InstitutionKind,
    Practitioner,
    PractitionerKind,
    Site,
    SiteKind,
)
from fawang.regions.tests.factories import RegionFactory


class SiteFactory(DjangoModelFactory[Site]):
    class Meta:
        model = Site

    kind = SiteKind.STATION
    name = Sequence(lambda n: f"测试工作站{n}")
    region = SubFactory(RegionFactory)


class InstitutionFactory(DjangoModelFactory[Institution]):
    class Meta:
        model = Institution

    kind = InstitutionKind.LAW_FIRM
    name = Sequence(lambda n: f"测试律师事务所{n}")
    region = SubFactory(RegionFactory)


class PractitionerFactory(DjangoModelFactory[Practitioner]):
    class Meta:
        model = Practitioner

    kind = PractitionerKind.LAWYER
    name = Sequence(lambda n: f"律师{n}")
    licence_number = Sequence(lambda n: f"LIC{n:08d}")
    practice_start = datetime.date(2015, 3, 1)
    institution = SubFactory(InstitutionFactory)
