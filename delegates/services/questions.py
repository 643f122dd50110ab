"""The questions of each session's registration form: the answers a delegate gives (through
the public form or their private link), the rule that required ones be answered, and the
standard logistics block staff switch on with one click.

The block's questions are dietary and accessibility needs. Arrival and departure, transfers
and hotels are structured data of `travel` (not questions): an app above `delegates` adds its
part of the block through `contribute_to_logistics_block`, called by `add_logistics_block`."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from core.authorization import require_permission
from delegates.models import (
    CHOICE_KINDS,
    QuestionKind,
    RegistrationAnswer,
    RegistrationQuestion,
)
from delegates.services.exceptions import RegistrationError

ADD_PERMISSION = "delegates.add_registrationquestion"


def question_field_name(question):
    return f"question_{question.pk}"


def is_empty(value):
    return value is None or value == "" or value == []


def questions_for(session):
    """The session's questions in their order: one query."""
    return list(RegistrationQuestion.objects.filter(session=session).order_by("position", "pk"))


def unanswered_required(questions, delegation, answers):
    """The required questions asked of `delegation` that `answers` ({question pk: value})
    leaves empty."""
    return [
        question
        for question in questions
        if question.is_required
        and question.applies_to(delegation)
        and is_empty(answers.get(question.pk))
    ]


def _keys(question, value):
    if question.kind == QuestionKind.ONE_CHOICE:
        return f"|{value}|"
    if question.kind in CHOICE_KINDS:
        return "|" + "|".join(str(index) for index in value) + "|"
    if question.kind == QuestionKind.YES_NO:
        return "|yes|" if value else "|no|"
    return "|answered|"


def save_answers(registration, answers, questions=None):
    """Keep the delegate's answers ({question pk: value}) to the questions of their session
    asked of their delegation: new ones added, changed ones updated, emptied ones removed.
    RegistrationError (on the question's field) when a required one is left empty. A few
    queries whatever the number of questions."""
    if questions is None:
        questions = questions_for(registration.session)
    missing = unanswered_required(questions, registration.delegation, answers)
    if missing:
        raise RegistrationError(
            _("Please answer this question."),
            code="answer_required",
            field=question_field_name(missing[0]),
        )
    asked = {q.pk: q for q in questions if q.applies_to(registration.delegation)}
    existing = {
        answer.question_id: answer
        for answer in RegistrationAnswer.objects.filter(registration=registration)
    }
    new, changed, emptied = [], [], []
    for pk, question in asked.items():
        value = answers.get(pk)
        answer = existing.get(pk)
        if is_empty(value):
            if answer is not None:
                emptied.append(answer.pk)
            continue
        keys = _keys(question, value)
        if answer is None:
            new.append(
                RegistrationAnswer(
                    registration=registration, question=question, value=value, keys=keys
                )
            )
        elif answer.value != value:
            answer.value, answer.keys = value, keys
            changed.append(answer)
    with transaction.atomic():
        if emptied:
            RegistrationAnswer.objects.filter(pk__in=emptied).delete()
        if new:
            RegistrationAnswer.objects.bulk_create(new)
        if changed:
            RegistrationAnswer.objects.bulk_update(changed, ["value", "keys"])


# --- the standard logistics block ------------------------------------------------------------

STANDARD_QUESTIONS = [
    {
        "standard_key": "dietary_needs",
        "kind": QuestionKind.SEVERAL_CHOICES,
        "label_it": "Esigenze alimentari",
        "label_ru": "Особенности питания",
        "label_en": "Dietary needs",
        "choices_it": "Vegetariana\nVegana\nSenza glutine\nSenza lattosio\nHalal\nKosher",
        "choices_ru": "Вегетарианское\nВеганское\nБез глютена\nБез лактозы\nХаляль\nКошерное",
        "choices_en": "Vegetarian\nVegan\nGluten-free\nLactose-free\nHalal\nKosher",
    },
    {
        "standard_key": "dietary_needs_other",
        "kind": QuestionKind.SHORT_TEXT,
        "label_it": "Altre esigenze alimentari o allergie",
        "label_ru": "Другие особенности питания или аллергии",
        "label_en": "Other dietary needs or allergies",
    },
    {
        "standard_key": "accessibility_needs",
        "kind": QuestionKind.LONG_TEXT,
        "label_it": "Esigenze di accessibilità (accesso in sedia a rotelle, assistenza, altro)",
        "label_ru": "Особые потребности (доступ для инвалидной коляски, сопровождение, другое)",
        "label_en": "Accessibility needs (wheelchair access, assistance, other)",
    },
]

_logistics_contributors = []


def contribute_to_logistics_block(function):
    """Register `function(session, *, by)` to run when staff add the standard logistics
    block to a session (travel's arrivals, departures, transfers and hotels). It returns the
    names of what it switched on (shown to staff), and is called again on a second click:
    it must add nothing twice."""
    if function not in _logistics_contributors:
        _logistics_contributors.append(function)
    return function


def add_logistics_block(session, *, by):
    """Add the standard logistics questions the session does not have yet, then let the
    contributing apps add their part. Returns the names of what was added."""
    require_permission(by, ADD_PERMISSION)
    added = []
    with transaction.atomic():
        present = set(
            RegistrationQuestion.objects.filter(session=session)
            .exclude(standard_key="")
            .values_list("standard_key", flat=True)
        )
        last = (
            RegistrationQuestion.objects.filter(session=session)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
            or 0
        )
        for values in STANDARD_QUESTIONS:
            if values["standard_key"] in present:
                continue
            last += 10
            question = RegistrationQuestion.objects.create(session=session, position=last, **values)
            added.append(question.label())
        for contributor in _logistics_contributors:
            added.extend(contributor(session, by=by) or [])
    return added
