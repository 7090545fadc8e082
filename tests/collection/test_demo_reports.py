"""The demo's reports (left out of the tests' shared database, tests/conftest.py): the seed's
half-year approved with its values untouched, one ward's monthly report sent, one a draft;
loading them again changes nothing."""

import pytest

from chuyendoiso.collection.models import Submission
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.demo import demo_submissions

pytestmark = pytest.mark.django_db


def states():
    return sorted(
        Submission.objects.values_list("dataset__code", "org_unit__code", "period", "state")
    )


def test_the_demo_reports():
    seed = sorted(DataValue.objects.filter(org_unit__code="19").values_list("pk", "value"))
    demo_submissions()
    assert states() == [
        ("BC_CDS_6THANG", "19", "2024S1", "approved"),
        ("BC_MOT_CUA_THANG", "05440", "202505", "submitted"),
    ]
    drafts = DataValue.objects.filter(status="draft", period="202505")
    assert sorted(drafts.values_list("org_unit__code", flat=True)) == [
        "05440",
        "05440",
        "05443",
        "05443",
    ]
    assert sorted(DataValue.objects.filter(org_unit__code="19").values_list("pk", "value")) == seed
    demo_submissions()
    assert len(states()) == 2 and drafts.count() == 4
