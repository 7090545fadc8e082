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
