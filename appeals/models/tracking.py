from django.db import models


class TrackingCounter(models.Model):
    """The last tracking number given out in a year; locked while the next one is taken."""

    year = models.PositiveSmallIntegerField(primary_key=True)
    last_number = models.PositiveIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.year}: {self.last_number}"
