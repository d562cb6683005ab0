"""A render's record of the work: when the broker took its nudge, the rendering worker's
heartbeat and how many times a worker has taken it (issue 14: renders that never stick)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("reviews", "0011_edit_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="annualreportrender",
            name="queued_at",
            field=models.DateTimeField(
                blank=True, help_text="When the broker last took a nudge for it; empty: never", null=True
            ),
        ),
        migrations.AddField(
            model_name="annualreportrender",
            name="heartbeat_at",
            field=models.DateTimeField(
                blank=True, help_text="The rendering worker's last sign of life", null=True
            ),
        ),
        migrations.AddField(
            model_name="annualreportrender",
            name="attempts",
            field=models.PositiveSmallIntegerField(default=0, help_text="Times a worker has taken it"),
        ),
    ]
