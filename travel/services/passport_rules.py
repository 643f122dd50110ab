"""The passport a consulate accepts, as data: the rules of each destination country
(PassportRule, edited by staff with their source) and the check of a passport against them,
with what is wrong and what to do in the delegate's language.

Every check names the field it is about, so that the request form puts the message beside it
and keeps everything else the delegate typed.
"""

import dataclasses
import datetime

from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from core.text import as_written
from sessions_app.models import Country, long_date
from travel.models import PassportRule, PassportRuleKind

Kind = PassportRuleKind


@dataclasses.dataclass(frozen=True)
class PassportProblem:
    field: str
    message: str


def rules_for(country):
    """{kind: PassportRule} of the active rules of the destination `country`."""
    return {
        rule.kind: rule
        for rule in PassportRule.objects.filter(destination_country=country, is_active=True)
    }


def years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February
        return day.replace(year=day.year - years, day=28)


# Whose rule it is, a sentence of its own in the reader's language (the country's name
# declined as the language wants it).
REQUIREMENT_OF = {
    Country.ITALY: _("This is a consular requirement of Italy."),
    Country.RUSSIA: _("This is a consular requirement of Russia."),
}


def _source(rule, with_source):
    """Whose requirement it is; for staff (`with_source`), also the regulation or page it
    comes from, as staff typed it (in one language only: never shown to delegates)."""
    sentence = str(REQUIREMENT_OF[rule.destination_country])
    if with_source and rule.source:
        sentence += " " + gettext("Source: %(source)s.") % {"source": rule.source.rstrip(".")}
    return sentence


def passport_problems(session, data, rules=None, *, with_source=False):
    """What keeps the passport described by `data` (a dict or an object with the passport
    fields) from getting a visa for `session`: a list of PassportProblem, empty if none.
    The passport must in any case be valid on the last day of the session. `with_source`:
    the messages name the source of each rule (for staff; the delegate reads whose rule it
    is, in their language)."""
    rules = rules_for(session.host_country) if rules is None else rules

    def value(name):
        return data.get(name) if isinstance(data, dict) else getattr(data, name, None)

    problems = []
    expires, issued = value("passport_expires_on"), value("passport_issued_on")
    blank_pages = value("passport_blank_pages")
    end = session.end_date

    validity = rules.get(Kind.MIN_VALIDITY_DAYS)
    days = validity.value if validity else 0
    if expires and expires < end + datetime.timedelta(days=days):
        if days:
            message = ngettext(
                "Your passport expires on %(expiry)s, but it must still be valid %(days)s "
                "day after the session ends, that is until %(date)s at least.",
                "Your passport expires on %(expiry)s, but it must still be valid %(days)s "
                "days after the session ends, that is until %(date)s at least.",
                days,
            ) % {
                "expiry": long_date(expires),
                "days": days,
                "date": long_date(end + datetime.timedelta(days=days)),
            }
            message += " " + _source(validity, with_source)
        else:
            message = gettext(
                "The passport expires before the session ends (%(end)s): a visa cannot be "
                "issued on it."
            ) % {"end": long_date(end)}
        message += " " + gettext(
            "Please renew your passport first, or give the data of another valid passport."
        )
        problems.append(PassportProblem("passport_expires_on", message))

    age = rules.get(Kind.MAX_AGE_YEARS)
    if age:
        oldest = years_before(end, age.value)
        if not issued:
            problems.append(
                PassportProblem(
                    "passport_issued_on",
                    gettext(
                        "Please give the date of issue: the consulate checks the age of the "
                        "passport."
                    ),
                )
            )
        elif issued < oldest:
            message = ngettext(
                "Your passport was issued on %(issued)s: it must have been issued less than "
                "%(years)s year before the session ends, that is on %(date)s or later.",
                "Your passport was issued on %(issued)s: it must have been issued less than "
                "%(years)s years before the session ends, that is on %(date)s or later.",
                age.value,
            ) % {"issued": long_date(issued), "years": age.value, "date": long_date(oldest)}
            message += (
                " "
                + _source(age, with_source)
                + " "
                + gettext("Please renew your passport first, or give the data of a newer passport.")
            )
            problems.append(PassportProblem("passport_issued_on", message))

    pages = rules.get(Kind.MIN_BLANK_PAGES)
    if pages:
        if blank_pages is None:
            problems.append(
                PassportProblem(
                    "passport_blank_pages",
                    gettext(
                        "Please count the blank pages left in your passport: the consulate "
                        "needs room for the visa."
                    ),
                )
            )
        elif blank_pages < pages.value:
            message = ngettext(
                "The visa needs at least %(pages)s blank page in the passport; you have %(given)s.",
                "The visa needs at least %(pages)s blank pages in the passport; you have "
                "%(given)s.",
                pages.value,
            ) % {"pages": pages.value, "given": blank_pages}
            message += (
                " "
                + _source(pages, with_source)
                + " "
                + gettext("Please get a new passport first, or give the data of another passport.")
            )
            problems.append(PassportProblem("passport_blank_pages", message))
    # As written (core/text.py): a date that ends a sentence with its abbreviation («2027 г.»)
    # takes no second stop, and the Italian article is elided before the 8th and the 11th.
    return [
        dataclasses.replace(problem, message=as_written(problem.message)) for problem in problems
    ]
