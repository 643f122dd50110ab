# Russian: a no-break space joins «г.» to its year (Django's own formats use a plain space).
DATE_FORMAT = "j E Y\u00a0г."  # 25 октября 2006 г.
DATETIME_FORMAT = "j E Y\u00a0г., G:i"  # 25 октября 2006 г., 14:30
YEAR_MONTH_FORMAT = "F Y\u00a0г."  # Октябрь 2006 г.
MONTH_DAY_FORMAT = (
    "j E"  # 25 октября (Django's "j F" gives «25 Октябрь»: the admin's date drill-down)
)
