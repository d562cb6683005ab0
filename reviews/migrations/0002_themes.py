"""Seed the theme taxonomy with its contract slugs (DESIGN.md section 3)."""

from django.db import migrations

THEMES = (
    ("neglect", "Neglect"),
    ("physical_abuse", "Physical abuse"),
    ("non_accidental_injury", "Non-accidental injury"),
    ("sexual_abuse", "Sexual abuse"),
    ("emotional_abuse", "Emotional abuse"),
    ("domestic_abuse", "Domestic abuse"),
    ("parental_mental_health", "Parental mental health"),
    ("parental_substance_misuse", "Parental substance misuse"),
    ("child_substance_misuse", "Child substance misuse"),
    ("child_criminal_exploitation", "Child criminal exploitation"),
    ("child_sexual_exploitation", "Child sexual exploitation"),
    ("gangs_and_violence", "Gangs and violence"),
    ("suicide_or_attempted_suicide", "Suicide or attempted suicide"),
    ("self_harm", "Self-harm"),
    ("child_mental_health", "Child mental health"),
    ("missing_from_home_or_school", "Missing from home or school"),
    ("education", "Education"),
    ("sudden_unexpected_death_in_infancy", "Sudden unexpected death in infancy"),
    ("online_harm", "Online harm"),
    ("disability", "Disability"),
    ("race_and_culture", "Race and culture"),
    ("poverty", "Poverty"),
)


def seed(apps, schema_editor):
    Theme = apps.get_model("reviews", "Theme")
    for slug, name in THEMES:
        Theme.objects.get_or_create(slug=slug, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("reviews", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
