"""Give every session recorded so far its two co-chairing ministries as named then: the
Ministero delle Imprese e del Made in Italy from 2022, the Ministero dello Sviluppo Economico
before, and the Russian Ministry of Economic Development, signed by the session's co-chairs."""

from django.db import migrations


def give_institutions(apps, schema_editor):
    from sessions_app.services.institutions import default_institutions

    Session = apps.get_model("sessions_app", "Session")
    SessionInstitution = apps.get_model("sessions_app", "SessionInstitution")
    for session in Session.objects.all().iterator():
        if SessionInstitution.objects.filter(session=session).exists():
            continue
        for values in default_institutions(session.start_date):
            if values["country"] == "IT":
                signatory = (session.italian_cochair_name, session.italian_cochair_title, "it")
            else:
                signatory = (session.russian_cochair_name, session.russian_cochair_title, "ru")
            name, title, language = signatory
            SessionInstitution.objects.create(
                session=session,
                signatory_name=name,
                **{f"signatory_title_{language}": title},
                **values,
            )


class Migration(migrations.Migration):
    dependencies = [("sessions_app", "0005_institutions_and_names_in_both_scripts")]

    operations = [migrations.RunPython(give_institutions, migrations.RunPython.noop)]
