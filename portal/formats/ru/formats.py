"""Russian: Django's own style (24-hour clock, day, month in the genitive, year and its
abbreviation), with a comma before the time."""

# ruff: noqa: RUF001 (the Cyrillic letter is the abbreviation of «год»)
DATE_FORMAT = "j E Y г."
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j E Y г., H:i"
FIRST_DAY_OF_WEEK = 1  # Monday
