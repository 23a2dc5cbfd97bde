"""Russian: Django's own style (24-hour clock, «29 ноября 2026 г.»), with a comma before the time."""

DATE_FORMAT = "j E Y г."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г., H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
