# Italian: day without a leading zero, month in lower case ("E": the portal's catalogue gives
# the months of the "alt. month" context in lower case), no capitalised weekday.
DATE_FORMAT = "j E Y"  # 25 ottobre 2006
DATETIME_FORMAT = "j E Y, H:i"  # 25 ottobre 2006, 14:30
YEAR_MONTH_FORMAT = "E Y"  # ottobre 2006
MONTH_DAY_FORMAT = "j E"  # 25 ottobre
