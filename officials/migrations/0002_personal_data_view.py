# The personal-data audit table was created here at first, with a foreign key to appeals.Appeal,
# which made `officials` depend on `appeals`. The model belongs to the appeals app: its table is
# created (on a new database) or taken over with its rows (on a database that had run the first
# version of this migration) by appeals 0004. This migration keeps its name so that databases
# which recorded it stay consistent; it does nothing.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('officials', '0001_initial'),
    ]

    operations = []
