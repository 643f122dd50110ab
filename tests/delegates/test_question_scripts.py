"""A registration question's Russian wording is written in Cyrillic (round 5, R7), and the
Meeting Point's Russian place too."""

import pytest
from django.core.exceptions import ValidationError

from delegates.models import QuestionKind, RegistrationQuestion
from meetings.models import MeetingPoint


def test_the_russian_question_is_written_in_cyrillic():
    question = RegistrationQuestion(
        kind=QuestionKind.SHORT_TEXT,
        label_it="Esigenze alimentari",
        label_ru="Dietary needs",
        label_en="Dietary needs",
    )
    with pytest.raises(ValidationError) as error:
        question.clean()
    assert set(error.value.message_dict) == {"label_ru"}
    question.label_ru = "Особенности питания (Wi-Fi, B2B)"
    question.clean()


def test_the_meeting_point_s_russian_place_is_written_in_cyrillic():
    point = MeetingPoint(place="Padiglione B", place_ru="Padiglione B")
    with pytest.raises(ValidationError) as error:
        point.clean()
    assert set(error.value.message_dict) == {"place_ru"}
    point.place_ru = "Павильон B"
    point.clean()
