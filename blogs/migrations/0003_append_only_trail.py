# The trail is append-only in PostgreSQL itself: UPDATE and DELETE of its rows raise.

from django.db import migrations

from portal.append_only import append_only_trigger


class Migration(migrations.Migration):

    dependencies = [
        ('blogs', '0002_language_default_from_settings'),
    ]

    operations = [
        append_only_trigger("blogs_blogevent"),
    ]
