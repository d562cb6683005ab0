"""The admin's calendar overrides, for readers outside the clock registry (the calendar tests, the
admin's own pages): the one reading of them is reviews.clocks.calendar_overrides."""

from reviews.clocks import calendar_overrides as current_overrides

__all__ = ["current_overrides"]
