"""Rows inserted many at once (chuyendoiso.bulk): read back as given on both databases, a
None as SQL NULL, every chunk written. (Value rows: the imports of tests/datavalues.)"""

import pytest
from django.utils import timezone

from chuyendoiso import bulk
from chuyendoiso.audit.models import AuditEntry

pytestmark = pytest.mark.django_db

AUDIT = (
    "at",
    "actor_id",
    "actor_name",
    "action",
    "entity",
    "entity_key",
    "before",
    "after",
    "reason",
)


def test_rows_over_several_chunks_are_all_written_with_json_and_nulls(monkeypatch):
    monkeypatch.setattr(bulk, "CHUNK", 2)
    now = timezone.now()
    rows = [
        (now, None, "os:bench", "test", "thing", f"K{n}", None, {"value": "1.5", "n": [n]}, "")
        for n in range(5)
    ]
    assert bulk.bulk_insert(AuditEntry, AUDIT, rows) == 5
    stored = AuditEntry.objects.filter(action="test").order_by("entity_key")
    assert [(e.entity_key, e.after) for e in stored] == [
        (f"K{n}", {"value": "1.5", "n": [n]}) for n in range(5)
    ]
    assert stored.filter(before__isnull=True).count() == 5  # SQL NULL, not JSON null


def test_value_rows_read_back_as_given_whether_sent_as_they_are_or_converted():
    """A value of the type its column takes (str, int, Decimal, a date) is sent as it is;
    another (a text for a number, a date's text) is converted as the field converts it."""
    import datetime as dt
    from decimal import Decimal

    from chuyendoiso.catalog.models import Indicator
    from chuyendoiso.datavalues.models import DataValue
    from chuyendoiso.datavalues.services.store import INSERT_COLUMNS
    from chuyendoiso.orgunits.models import OrgUnit

    indicator = Indicator.objects.get(code="CQS_HS_TIEP_NHAN")
    unit = OrgUnit.objects.filter(level="commune").order_by("code").first()
    assert unit is not None
    now = timezone.now()
    given = {
        "indicator_id": indicator.pk,
        "org_unit_id": str(unit.pk),  # a text for a key: converted
        "category_option_id": None,
        "period": "209901",
        "calendar": "calendar",
        "period_type": "month",
        "start_date": dt.date(2099, 1, 1),
        "end_date": "2099-01-31",  # a date's text: converted
        "value": Decimal("1567705.25"),
        "numerator": None,
        "denominator": None,
        "decimals": 2,
        "status": "approved",
        "qualifier": "",
        "scale": 1000,
        "reference_date": None,
        "origin": "",
        "comment": "ghi chú",
        "source": "bulk",
        "created_by_id": None,
        "created_at": now,
        "updated_at": now,
    }
    row = [given.get(name) for name in INSERT_COLUMNS]
    assert bulk.bulk_insert(DataValue, INSERT_COLUMNS, [row]) == 1
    stored = DataValue.objects.get(period="209901", org_unit=unit, indicator=indicator)
    assert stored.org_unit_id == unit.pk
    assert (stored.start_date, stored.end_date) == (dt.date(2099, 1, 1), dt.date(2099, 1, 31))
    assert stored.value == Decimal("1567705.25")
    assert (stored.decimals, stored.comment, stored.status) == (2, "ghi chú", "approved")


def test_a_date_and_time_is_stored_at_its_instant_whether_aware_or_naive():
    """An aware one is sent as it is; a naive one is read in the product's time zone, with
    Django's warning, as a model's save reads it."""
    import datetime as dt

    aware = dt.datetime(2099, 1, 1, 12, 0, tzinfo=dt.UTC)
    naive = dt.datetime(2099, 1, 1, 12, 0)
    rows = [
        (when, None, "os:bench", "test", "thing", key, None, None, "")
        for key, when in (("aware", aware), ("naive", naive))
    ]
    with pytest.warns(RuntimeWarning, match="naive datetime"):
        assert bulk.bulk_insert(AuditEntry, AUDIT, rows) == 2
    stored = dict(AuditEntry.objects.filter(action="test").values_list("entity_key", "at"))
    assert stored["aware"] == aware
    assert stored["naive"] == timezone.make_aware(naive)
    assert stored["naive"] != aware  # the product's zone is not UTC
