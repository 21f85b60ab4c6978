from factory.declarations import Sequence
from factory.django import DjangoModelFactory

from fawang.regions.models import Region, RegionLevel, UrbanRural


class RegionFactory(DjangoModelFactory[Region]):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = Sequence(lambda n: f"9901{n:02d}000000")
    name = Sequence(lambda n: f"测试区划{n}")
    level = RegionLevel.COUNTY
    population = 10000
    urban_rural = UrbanRural.RURAL
