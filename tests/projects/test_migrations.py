"""The note on a decline, once one text, becomes a note in Italian and one in Russian: an
existing note goes to the language of its script, in the projects and in their history."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from projects.models import CollaborationProject
from tests.factories import RegistrationFactory, ThematicTableFactory

BEFORE = [("projects", "0002_decline_reason")]
AFTER = [("projects", "0003_bilingual_decision_note")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_an_existing_note_goes_to_the_field_of_its_language():
    registration = RegistrationFactory()
    table = ThematicTableFactory(session=registration.session)
    old = migrate(BEFORE)
    project_model = old.get_model("projects", "CollaborationProject")
    notes = {"Fuori tema.": None, "Вне тематики.": None, "": None}
    for note in notes:
        notes[note] = project_model.objects.create(
            session_id=registration.session_id,
            proposer_id=registration.pk,
            original_language="it",
            title_it="Progetto",
            thematic_table_id=table.pk,
            sector="mechanics",
            kind="joint_venture",
            partner_category="company",
            status="declined",
            decision_reason=note,
        ).pk
    try:
        migrate(AFTER)
        found = {
            note: CollaborationProject.objects.values_list(
                "decision_note_it", "decision_note_ru"
            ).get(pk=pk)
            for note, pk in notes.items()
        }
        assert found == {
            "Fuori tema.": ("Fuori tema.", ""),
            "Вне тематики.": ("", "Вне тематики."),
            "": ("", ""),
        }
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
