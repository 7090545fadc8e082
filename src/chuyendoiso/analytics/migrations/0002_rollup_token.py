"""The rollup's token row. The rollup starts empty, which is its state for any values:
a figure not kept is computed from the values when first read, then kept
(docs/decisions/0024-rollups.md); ``cds analytics rebuild`` computes them ahead."""

import uuid

from django.db import migrations


def first_token(apps, schema_editor):
    generation = apps.get_model("analytics", "RollupGeneration")
    if not generation.objects.exists():
        generation.objects.create(token=uuid.uuid4().hex)


class Migration(migrations.Migration):
    dependencies = [("analytics", "0001_rollup")]

    operations = [migrations.RunPython(first_token, migrations.RunPython.noop)]
