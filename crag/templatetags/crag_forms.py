"""Where an error summary's link must point so that the question it names takes focus."""

from django import forms, template

register = template.Library()


@register.filter
def error_target(field: forms.BoundField) -> str:
    """The id of the control that takes focus for this field's errors (GOV.UK error summary):
    the first option of a radio or checkbox question, the day of a date, else the field itself.
    A widget may name its own (a search-and-select list with no option shown names its search box)."""
    widget = field.field.widget
    own = getattr(widget, "error_target", None)
    if own:
        return str(own)
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        # crispy-forms-gds numbers the options from 1: id_<name>_1 is the first.
        return f"id_{field.html_name}_1" if getattr(field.field, "choices", ()) else f"div_{field.auto_id}"
    if isinstance(widget, forms.MultiWidget):
        return f"{field.auto_id}_0"
    return str(field.id_for_label or field.auto_id)
