# English: one date style (15 February 2027) and 24-hour times, as on every other page.
DATE_FORMAT = "j F Y"  # 25 October 2006
DATETIME_FORMAT = "j F Y, H:i"  # 25 October 2006, 14:30
TIME_FORMAT = "H:i"  # 14:30
YEAR_MONTH_FORMAT = "F Y"  # October 2006
MONTH_DAY_FORMAT = "j F"  # 25 October
# Short forms (the admin's lists, the rooming list): the day first, never the US "12/05/2026".
SHORT_DATE_FORMAT = "j M Y"  # 25 Oct 2006
SHORT_DATETIME_FORMAT = "j M Y, H:i"  # 25 Oct 2006, 14:30
