"""Pages of figures and open-data answers kept while nothing they show changes
(analytics.kept): built once, then served as built; built again after any write a page can
show (a draft included), for a reader whose roles changed, and never one reader's page for
another (each carries its reader's name and the secret of his forms)."""

import gzip
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.middleware import gzip as gzip_middleware
from django.test import Client
from django.test.utils import CaptureQueriesContext

from chuyendoiso.access.models import Membership
from chuyendoiso.analytics import kept as kept_module
from chuyendoiso.catalog.selectors import catalog_get
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalue_save, datavalues_reject
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.datavalues import Status, ValueType
from chuyendoiso.engine.domain.periods import parse_period
from chuyendoiso.orgunits.models import OrgUnit
from tests.access.members import member

pytestmark = pytest.mark.django_db

PERIOD = parse_period("2024S1")
PAGE = "/bang-dieu-khien/?ou=19&pe=2024S1"


def a_headline_count():
    """A stored approved value of a headline count of the half-year, outside ward 05440."""
    counts = [i.code for i in catalog_get().indicators if i.headline]
    counts = [
        i.code
        for i in catalog_get().indicators
        if i.code in counts and i.value_type is ValueType.COUNT
    ]
    found = (
        DataValue.objects.filter(
            status="approved",
            indicator__code__in=counts,
            category_option__isnull=True,
            start_date__gte=PERIOD.start,
            end_date__lte=PERIOD.end,
        )
        .exclude(org_unit__code="05440")
        .select_related("indicator")
        .first()
    )
    assert found is not None
    return found


def drafts_shown(page):
    return sum(int(n) for n in re.findall(r'<span class="tag tag-drafts">(\d+) chưa duyệt', page))


def without_secret(page):
    """The page with its forms' masked secret, which changes each time a page is built."""
    return re.sub(rb'name="csrfmiddlewaretoken" value="[^"]+"', b"", page)


def get(client, address=PAGE):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(address)
    assert response.status_code == 200
    return response.content.decode(), len(queries.captured_queries)


def signed_in(username, role, unit="19"):
    client = Client()
    client.user = member(username, role, OrgUnit.objects.get(code=unit, structure=""))
    client.force_login(client.user)
    return client


def test_a_page_is_built_once_then_served_as_built_until_a_draft_is_written_or_rejected():
    client = signed_in("dieuphoi.19", "coordinator")
    get(client)  # the first visit: built, and gives the secret of the page's forms
    assert "csrftoken" in client.cookies
    first, built = get(client)
    again, served = get(client)
    assert again == first
    assert served < built / 3, (served, built)  # not built again
    stored = a_headline_count()
    draft = Value(
        indicator=stored.indicator.code,
        org_unit="05440",
        period=stored.period,
        calendar=stored.calendar,
        value=stored.value,
        status=Status.DRAFT,
    )
    saved = datavalue_save(acting_user=client.user, value=draft)
    after, _ = get(client)
    assert drafts_shown(after) == drafts_shown(first) + 1
    get(client)  # kept again
    datavalues_reject(acting_user=client.user, pks=[saved.row.pk], reason="số liệu sai")
    rejected, _ = get(client)
    assert drafts_shown(rejected) == drafts_shown(first)


def test_each_reader_has_his_own_page_and_a_new_role_shows_at_once():
    stored = a_headline_count()
    stored.pk, stored.status = None, "draft"
    stored.save()  # a draft the coordinator may read, the viewer not
    coordinator = signed_in("dieuphoi.19", "coordinator")
    viewer = signed_in("xem.19", "viewer")
    for _ in range(2):  # built, then kept: each his own either way
        theirs, _ = get(coordinator)
        mine, _ = get(viewer)
        assert drafts_shown(theirs) == 1 and drafts_shown(mine) == 0
        assert "dieuphoi.19" in theirs and "dieuphoi.19" not in mine
        assert "xem.19" in mine and "xem.19" not in theirs
    # a role given around the services (the admin of users, a script) still counts
    Membership.objects.create(
        user=viewer.user,
        org_unit=OrgUnit.objects.get(code="19", structure=""),
        role="coordinator",
    )
    mine, _ = get(viewer)
    assert drafts_shown(mine) == 1


def test_a_kept_page_forms_work_for_their_visitor_only():
    """Each visitor's kept portal page carries the secret of his own forms: the language
    switch posted from it is accepted, with CSRF checked as in production."""
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    for _ in range(2):
        for visitor in visitors:
            page = visitor.get("/du-lieu-mo/").content.decode()
            token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
            assert token, "the language switch carries its secret"
            switched = visitor.post(
                "/i18n/setlang/",
                {"language": "en", "next": "/du-lieu-mo/", "csrfmiddlewaretoken": token[1]},
            )
            assert switched.status_code == 302
            visitor.post(
                "/i18n/setlang/",
                {"language": "vi", "next": "/du-lieu-mo/", "csrfmiddlewaretoken": token[1]},
            )
    assert visitors[0].cookies["csrftoken"].value != visitors[1].cookies["csrftoken"].value


def test_a_kept_page_is_sent_compressed_without_compressing_it_again(monkeypatch):
    compressed = []  # where each compression happened: the kept page's or the middleware's

    def counted(where, compress):
        return lambda *args, **kwargs: compressed.append(where) or compress(*args, **kwargs)

    for module in (kept_module, gzip_middleware):
        monkeypatch.setattr(module, "compress_string", counted(module, module.compress_string))
    accepts = {"accept-encoding": "gzip, deflate, br"}
    client = signed_in("dieuphoi.19", "coordinator")
    get(client)  # gives the secret of the page's forms
    compressed.clear()
    plain = client.get(PAGE)  # built and kept, compressed once as it is kept
    kept = client.get(PAGE, headers=accepts)
    kept_again = client.get(PAGE, headers=accepts)
    again = client.get(PAGE)
    assert compressed == [kept_module]  # served as kept, compressed when it was kept
    assert kept_again.content == kept.content  # the same bytes
    cache.clear()
    compressed.clear()
    built = client.get(PAGE, headers=accepts)
    assert compressed == [kept_module, gzip_middleware]  # kept compressed, sent compressed
    assert "Content-Encoding" not in plain and "Content-Encoding" not in again
    assert kept["Content-Encoding"] == built["Content-Encoding"] == "gzip"
    for response in (plain, kept, again, built):
        assert "Accept-Encoding" in response["Vary"]
    assert gzip.decompress(kept.content) == plain.content == again.content
    assert len(kept.content) < len(plain.content) / 3
    assert without_secret(gzip.decompress(built.content)) == without_secret(plain.content)


def test_an_open_data_answer_is_kept_until_a_value_is_approved(settings):
    stored = a_headline_count()
    stored.indicator.public = True
    stored.indicator.save()
    address = (
        f"/du-lieu-mo/api/analytics?dimension=dx:{stored.indicator.code}"
        f"&dimension=pe:{stored.period}&dimension=ou:{stored.org_unit.code}"
    )
    anyone = Client()
    before = anyone.get(address).json()
    assert anyone.get(address).json() == before
    changed = Value(
        indicator=stored.indicator.code,
        org_unit=stored.org_unit.code,
        period=stored.period,
        calendar=stored.calendar,
        value=stored.value + 7,
        status=Status.APPROVED,
    )
    datavalue_save(acting_user=None, value=changed)
    after = anyone.get(address).json()
    settings.CDS_REPORT_CACHE_SECONDS = 0
    assert after == anyone.get(address).json() != before
