"""factory_boy factories for users and agencies."""

from collections.abc import Iterable
from typing import Any, cast

import factory
from django.contrib.auth.models import Group

from crag.models import Agency, AgencyKind, User

TEST_PASSWORD = "correct-horse-battery-staple-42"


class AgencyFactory(factory.django.DjangoModelFactory[Agency]):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Agency {n}")
    short_name = factory.Sequence(lambda n: f"TA{n}")
    kind = AgencyKind.OTHER


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@crag.test")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(self, create: bool, extracted: Iterable[str] | None, **kwargs: Any) -> None:
        if create and extracted:
            # Transactional tests flush the roles the data migration made: make them again.
            groups = [Group.objects.get_or_create(name=name)[0] for name in extracted]
            cast(User, self).groups.set(groups)
