"""The home page counts, for an anonymous visitor, the public indicators and their values
only; a signed-in user's counts are those of the whole catalogue."""

import re

import pytest

from chuyendoiso.catalog.models import Indicator
from chuyendoiso.datavalues.models import DataValue
from tests.access.members import member

pytestmark = pytest.mark.django_db


def _security_row(page: str) -> list[int]:
    """The cells of the information-security pillar: indicators, approved values."""
    row = re.search(r"<tr><td>ATTT</td>.*?</tr>", page, flags=re.DOTALL).group(0)
    return [int(cell.replace(".", "")) for cell in re.findall(r"<td>([\d.]+)</td>", row)][:2]


def test_a_visitor_counts_the_public_indicators_of_a_pillar(client):
    pillar = Indicator.objects.filter(pillar__code="ATTT")
    values = DataValue.objects.filter(status="approved", indicator__pillar__code="ATTT")
    assert pillar.filter(public=False).exists()
    visitor = _security_row(client.get("/").content.decode())
    assert visitor == [
        pillar.filter(public=True).count(),
        values.filter(indicator__public=True).count(),
    ]
    client.force_login(member("xem", "viewer"))
    assert _security_row(client.get("/").content.decode()) == [pillar.count(), values.count()]
