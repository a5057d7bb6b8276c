"""Date formats for English pages (the admin): timestamps to the second.

Job timelines are read to the second (a retry after 5 s, a 3 s run); Django's English
default, "Dec. 1, 2026, 8:30 a.m.", hides exactly that.
"""

DATETIME_FORMAT = "Y-m-d H:i:s"
SHORT_DATETIME_FORMAT = "Y-m-d H:i:s"
TIME_FORMAT = "H:i:s"
