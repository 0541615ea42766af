"""ISO dates for the workspace's locale (``LANGUAGE_CODE`` is Django's
default, ``en-us``; the pages' own language switch does not go through
Django's translation machinery)."""

DATE_FORMAT = "Y-m-d"
DATETIME_FORMAT = "Y-m-d H:i"
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
