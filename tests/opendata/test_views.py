"""The open-data portal: for anyone, the public indicators only, the same whoever visits."""

import re

import pytest

from chuyendoiso.catalog.selectors import catalog_get
from tests.access.members import member

pytestmark = pytest.mark.django_db


def main_part(response) -> str:
    page = response.content.decode()
    start = re.search(r"<main[ >]", page)
    assert start, "the page has no <main>"
    return page[start.start() : page.index("</main>")]


def test_anyone_sees_the_public_indicators_and_no_internal_one(client):
    response = client.get("/du-lieu-mo/")
    assert response.status_code == 200
    page = main_part(response)
    catalog = catalog_get()
    hidden = [i for i in catalog.indicators if not i.public]
    assert hidden
    for indicator in hidden:
        assert indicator.code not in page and indicator.name_vi not in page
    shown = [i for i in catalog.indicators if i.public]
    assert all(i.code in page for i in shown)
    assert "1.830" in page and "1.567.705" in page


def test_a_signed_in_user_sees_the_same_portal(client):
    anonymous = main_part(client.get("/du-lieu-mo/?pe=2024S1"))
    client.force_login(member("xem.19", "viewer", "19"))
    signed_in = main_part(client.get("/du-lieu-mo/?pe=2024S1"))
    assert signed_in == anonymous
    assert not re.search(r"ATTT_SOC_(LO_HONG|KET_NOI_NGUY_HIEM|MAY_NN_MA_DOC)", signed_in)


def test_a_bad_choice_is_refused(client):
    assert client.get("/du-lieu-mo/?pe=2024S9").status_code == 400
    assert client.get("/du-lieu-mo/?ou=99999").status_code == 404
