from factory.declarations import Sequence
from factory.django import DjangoModelFactory

from fawang.people.models import Person


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person

    name = Sequence(lambda n: f"群众{n}")
    phone = Sequence(lambda n: f"1390000{n:04d}")
