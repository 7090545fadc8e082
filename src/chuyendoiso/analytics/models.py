"""The rollup: the figures the analytics computed, by indicator, org unit and period, kept
until a write changes them (chuyendoiso.analytics.rollup, docs/decisions/0024-rollups.md)."""

from django.db import models


class RollupFigure(models.Model):
    """The figure of an indicator for a unit (its own values and those of the units below)
    and a period, as the engine computed it from the approved values; ``figure`` empty: the
    engine found none. A write of a value removes the rows it changes in its transaction."""

    indicator = models.ForeignKey("catalog.Indicator", on_delete=models.CASCADE, related_name="+")
    org_unit = models.ForeignKey("orgunits.OrgUnit", on_delete=models.CASCADE, related_name="+")
    period = models.CharField(max_length=32)
    calendar = models.CharField(max_length=16)
    start_date = models.DateField()
    end_date = models.DateField()
    figure = models.JSONField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["org_unit", "indicator", "period", "calendar"], name="rollup_figure_key"
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "org_unit", "start_date"], name="rollup_written")
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} {self.org_unit_id} {self.period} {self.calendar}"


class RollupGeneration(models.Model):
    """One row: a token that changes with every write the rollup follows. Figures kept in a
    process (and the catalogue and hierarchy they were computed with) are kept for a token."""

    token = models.CharField(max_length=32)

    def __str__(self) -> str:
        return self.token
