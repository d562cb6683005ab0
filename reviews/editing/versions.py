"""Edits that never silently overwrite one another (issue 14): optimistic concurrency.

Every record an edit form changes has a `version`. The form carries the version it was read at
(a hidden input, `VersionedForm`); the service's first write is a conditional update,

    UPDATE ... SET version = version + 1 WHERE id = %s AND version = <read version>

so of two saves from forms read at the same version the second matches no row and raises
`EditConflict`, having changed nothing: the view then shows both values (views/conflicts.py).
It is not a lock: nothing is held while a form is open. The update takes the row lock until the
service's transaction ends, so the two saves cannot interleave.

Sub-records (a Rapid Review's summaries and safety actions, a review's processes and life letters)
carry the version of the record they belong to: saving one moves that record's version on.

django-concurrency was not used: it patches Django's private Model._do_update (its signature
changed in Django 6.0) so that every save() of a versioned model checks, which fights services that
re-read the row before saving, and its form support is for ModelForms, while ours are plain forms
feeding services.
"""

from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F

FIELD = "version"  # the hidden input's name
UNREADABLE = "This form could not be checked against the saved record. Reload the page and try again."


class EditConflict(Exception):
    """Someone saved the record after the form was read; nothing was changed."""

    def __init__(self, record: models.Model, read: int) -> None:
        super().__init__(f"{record!r} is at version {getattr(record, FIELD)}, the form read {read}")
        self.record = record
        self.read = read


def is_versioned(record: models.Model) -> bool:
    """Whether the record's model has an edit version (CRAG's pages edit it through a form)."""
    return any(field.name == FIELD for field in record._meta.concrete_fields)


def claim(record: models.Model, version: int | None) -> None:
    """Move the record's version on if it is still `version` (the one the form was read at), else
    raise EditConflict. Call first in the service's transaction. `version` None (a writer that read
    no form: an import, a script, a service called by a test) moves it on unchecked, so open forms
    still see the change. A save from an edit form never passes None: VersionedForm refuses a post
    without its version. The record given is told its new version, so that saving it keeps it."""
    manager = type(record)._default_manager
    rows = manager.filter(pk=record.pk)
    if version is not None:
        rows = rows.filter(**{FIELD: version})
    if rows.update(**{FIELD: F(FIELD) + 1}) != 1:
        current = manager.get(pk=record.pk)
        raise EditConflict(current, read=version if version is not None else -1)
    setattr(record, FIELD, manager.values_list(FIELD, flat=True).get(pk=record.pk))


class VersionedForm(forms.BaseForm):
    """An edit form: put first in the bases (`class XForm(VersionedForm, forms.Form)`) and give it
    the record it shows (`read=`). It carries that record's version as a hidden input, and its
    cleaned_data["version"] is the version it was read at. A post without it is refused like an
    unreadable one: a save that could not be checked would be the silent overwrite this prevents."""

    versioned: ClassVar[bool] = True

    def __init__(self, *args: Any, read: models.Model | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if read is not None:  # a create form of the same shape carries none
            self.fields[FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=getattr(read, FIELD)
            )

    def clean_version(self) -> int:
        raw = (self.cleaned_data.get(FIELD) or "").strip()
        if not raw.isdigit() or len(raw) > 9:
            raise ValidationError(UNREADABLE)
        return int(raw)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        cleaned = self.cleaned_data if cleaned is None else cleaned
        if FIELD in self.errors:  # a hidden input has no place in the error summary: say it on top
            del self.errors[FIELD]
            self.add_error(None, UNREADABLE)
        return cleaned


def save_model_form(form: "forms.ModelForm[Any]") -> models.Model:
    """Save an edit ModelForm whose record has no service of its own (an annual report's
    narrative): the conditional update first, then the save, in one transaction."""
    with transaction.atomic():
        claim(form.instance, form.cleaned_data.get(FIELD))
        saved: models.Model = form.save()
        return saved
