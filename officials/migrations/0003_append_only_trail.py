# The append-only trigger on the personal-data audit table came here at first. The table belongs
# to the appeals app now (see officials 0002): appeals 0006 puts the trigger on it, renaming the
# one this migration created on databases that ran its first version. This migration keeps its
# name so that those databases stay consistent; it does nothing.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('officials', '0002_personal_data_view'),
    ]

    operations = []
