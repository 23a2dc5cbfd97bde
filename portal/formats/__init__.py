"""Each language's own date, time and number style (FORMAT_MODULE_PATH): Django ships no Kazakh
format module, and its English one uses a 12-hour clock. Templates ask for DATE_FORMAT,
DATETIME_FORMAT and friends, never a hard-coded pattern."""
