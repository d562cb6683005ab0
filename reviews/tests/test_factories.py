"""The domain factories make valid records, one factory per model: they cannot rot unnoticed."""

import pytest
from django.apps import apps

from reviews.tests import factories, factories_contributions, factories_impact, factories_meetings

FACTORIES = [
    value
    for module in (factories, factories_contributions, factories_meetings, factories_impact)
    for value in vars(module).values()
    if isinstance(value, type)
    and issubclass(value, factories.factory.django.DjangoModelFactory)
    and value.__module__ == module.__name__  # not the user and agency factories it imports
]


def test_every_model_of_reviews_has_a_factory():
    made = {f._meta.model for f in FACTORIES}
    assert [m.__name__ for m in apps.get_app_config("reviews").get_models() if m not in made] == []


@pytest.mark.django_db
@pytest.mark.parametrize("factory_class", FACTORIES, ids=lambda f: f.__name__)
def test_the_factory_makes_a_record_that_passes_full_clean(factory_class):
    record = factory_class()
    record.full_clean()
    assert record.pk is not None
