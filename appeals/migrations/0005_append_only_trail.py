# The trail is append-only in PostgreSQL itself: UPDATE and DELETE of its rows raise.

from django.db import migrations

from portal.append_only import append_only_trigger


class Migration(migrations.Migration):

    dependencies = [
        ('appeals', '0004_appeal_invariants'),
    ]

    operations = [
        append_only_trigger("appeals_appealevent"),
    ]
