from django.db import models


class AnnualReport(models.Model):
    """The subgroup's annual report for a reporting year (1 April Y to 31 March Y+1)."""

    year = models.PositiveSmallIntegerField(
        unique=True, help_text="Y for the year Y/Y+1, e.g. 2019 for 2019/20"
    )
    published_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ("-year",)

    def __str__(self) -> str:
        return f"Annual report {self.year}/{str(self.year + 1)[-2:]}"
