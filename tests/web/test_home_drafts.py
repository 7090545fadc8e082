"""The home page counts the values not yet approved apart from the approved ones, for the
people signed in; a visitor sees the approved count of the public indicators only."""

import re

import pytest
from django.contrib.auth import get_user_model

from chuyendoiso.datavalues.models import DataValue

pytestmark = pytest.mark.django_db


def _stat(page: str, words: str) -> int:
    found = re.search(r'<span class="num">([\d.]+)</span> ' + words + "<", page)
    assert found, words
    return int(found.group(1).replace(".", ""))


@pytest.fixture
def drafts():
    """Two drafts of the infrastructure pillar, copies of approved values."""
    approved = DataValue.objects.filter(status="approved", indicator__pillar__code="HTS")[:2]
    for value in approved:
        value.pk = None
        value.status = "draft"
        value.save()
    return 2


def test_a_visitor_sees_the_approved_count_and_nothing_of_the_drafts(client, drafts):
    page = client.get("/").content.decode()
    approved = DataValue.objects.filter(status="approved")
    public = approved.filter(indicator__public=True).count()
    assert public < approved.count()  # the demo has approved values of internal indicators
    assert _stat(page, "số liệu đã duyệt") == public
    assert "chờ duyệt" not in page


def test_a_signed_in_user_sees_the_drafts_counted_apart(client, drafts):
    user = get_user_model().objects.create_user("xem", password="x")
    client.force_login(user)
    page = client.get("/").content.decode()
    assert _stat(page, "số liệu đã duyệt") == DataValue.objects.filter(status="approved").count()
    assert _stat(page, "số liệu chờ duyệt") == drafts
    row = re.search(r"<tr><td>HTS</td>.*?</tr>", page).group(0)
    cells = re.findall(r"<td>([\d.]+)</td>", row)
    assert cells[-1] == str(drafts)
    assert (
        int(cells[-2].replace(".", ""))
        == DataValue.objects.filter(status="approved", indicator__pillar__code="HTS").count()
    )
