"""DataValue.category_option: from a text code (CATEGORY:OPTION, "" for a total) to a foreign
key to catalog.CategoryOption (null for a total).

Every stored code must name an option of the catalogue: an unknown one stops the migration,
naming it, and nothing is changed. Import the catalogue that has it (cds catalog import) or
correct the values, then migrate again.
"""

import django.db.models.deletion
from django.db import migrations, models

from chuyendoiso.engine.domain.errors import ValidationError

KEY = ["indicator", "org_unit", "period", "calendar", "category_option", "status"]


def _options(apps):
    CategoryOption = apps.get_model("catalog", "CategoryOption")
    return {
        f"{option.category.code}:{option.code}": option.pk
        for option in CategoryOption.objects.select_related("category")
    }


def codes_to_options(apps, schema_editor):
    DataValue = apps.get_model("datavalues", "DataValue")
    stored = DataValue.objects.using(schema_editor.connection.alias).exclude(
        category_option_code=""
    )
    options = _options(apps)
    codes = set(stored.values_list("category_option_code", flat=True).distinct())
    unknown = sorted(codes - set(options))
    if unknown:
        counts = {code: stored.filter(category_option_code=code).count() for code in unknown}
        raise ValidationError(
            "Số liệu có phân tổ không có trong danh mục, chưa chuyển gì; hãy nạp danh mục có "
            "các phân tổ này (cds catalog import) hoặc sửa các số liệu đó rồi chạy lại / values "
            "name category options the catalogue lacks, nothing converted: import the catalogue "
            "that has them (cds catalog import) or correct those values, then migrate again",
            field="category_option",
            unknown=", ".join(f"{code} ({count} values)" for code, count in counts.items()),
        )
    for code in sorted(codes):
        stored.filter(category_option_code=code).update(category_option_id=options[code])


def options_to_codes(apps, schema_editor):
    DataValue = apps.get_model("datavalues", "DataValue")
    stored = DataValue.objects.using(schema_editor.connection.alias)
    for code, pk in _options(apps).items():
        stored.filter(category_option_id=pk).update(category_option_code=code)


class Migration(migrations.Migration):
    dependencies = [
        ("catalog", "0001_initial"),
        ("datavalues", "0001_initial"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="datavalue", name="datavalue_key"),
        migrations.RemoveIndex(model_name="datavalue", name="datavalue_indicator_period"),
        migrations.RenameField(
            model_name="datavalue", old_name="category_option", new_name="category_option_code"
        ),
        migrations.AddField(
            model_name="datavalue",
            name="category_option",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="catalog.categoryoption",
                verbose_name="phân tổ",
            ),
        ),
        migrations.RunPython(codes_to_options, options_to_codes, elidable=False),
        migrations.RemoveField(model_name="datavalue", name="category_option_code"),
        migrations.AddConstraint(
            model_name="datavalue",
            constraint=models.UniqueConstraint(
                condition=models.Q(("category_option__isnull", False)),
                fields=KEY,
                name="datavalue_key",
            ),
        ),
        migrations.AddConstraint(
            model_name="datavalue",
            constraint=models.UniqueConstraint(
                condition=models.Q(("category_option__isnull", True)),
                fields=[name for name in KEY if name != "category_option"],
                name="datavalue_key_total",
            ),
        ),
        migrations.AddIndex(
            model_name="datavalue",
            index=models.Index(
                condition=models.Q(("status", "approved")),
                fields=["indicator", "period_type", "start_date", "end_date"],
                include=("org_unit", "category_option", "value", "numerator", "denominator"),
                name="datavalue_indicator_period",
            ),
        ),
    ]
