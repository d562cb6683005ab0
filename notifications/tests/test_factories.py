"""The notifications factories make valid records, one factory per model."""

import pytest
from django.apps import apps

from notifications.tests import factories

FACTORIES = [
    value
    for value in vars(factories).values()
    if isinstance(value, type)
    and issubclass(value, factories.factory.django.DjangoModelFactory)
    and value.__module__ == factories.__name__  # not the user and agency factories it imports
]


def test_every_model_of_notifications_has_a_factory():
    made = {f._meta.model for f in FACTORIES}
    assert [m.__name__ for m in apps.get_app_config("notifications").get_models() if m not in made] == []


@pytest.mark.django_db
@pytest.mark.parametrize("factory_class", FACTORIES, ids=lambda f: f.__name__)
def test_the_factory_makes_a_record_that_passes_full_clean(factory_class):
    record = factory_class()
    record.full_clean()
    assert record.pk is not None
