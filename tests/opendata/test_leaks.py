"""Nothing a visitor may not see reaches a visitor, by any address or parameter.

The fixture writes a draft of 987654321 on a public indicator (on the province's half-year
and on a commune's month), marks a public headline indicator internal and gives it an
approved figure of 918273645. Then every URL pattern of the project is asked for without
a login, its path parameters filled with the codes of internal indicators, units,
periods, and its query asking for drafts, for those codes and for every period type;
each answer is decoded (HTML, text, CSV, XLSX, DOCX, PDF, JSON, the OpenAPI document) and
must hold neither figure, in any notation, nor the name or code of an internal indicator
(a code the request itself carries may come back, in a login redirect say, but then the
answer must be the same, byte for byte, as for a code that does not exist: nothing tells
an internal indicator from an unknown one). The open-data API is asked for every period
type and every form of ``ou``, and fuzzed.

The fact-check page is asked for with GET here (a POST echoes the pasted text): its
reading for anonymous visitors is tested in tests/reports/test_audience.py.
"""

from __future__ import annotations

import html
import io
import json
import re
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import urlencode

import docx
import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from pypdf import PdfReader

from chuyendoiso.catalog.models import Indicator
from chuyendoiso.datavalues.models import DataValue
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain.datavalues import DataValue as Value
from chuyendoiso.engine.domain.datavalues import Status
from chuyendoiso.engine.report import FORMATS
from tests.access.members import member

pytestmark = pytest.mark.django_db

DRAFT = 987654321  # a draft of a public indicator
SECRET = 918273645  # the approved figure of an indicator made internal
DRAFTED = "HTS_BTS"  # public, headline, summed: the draft would show in every total
HIDDEN = "NTS_TRANG_CDS_TIN_BAI"  # public and headline in the catalogue, made internal here
UNKNOWN = "KHONG_CO_CHI_TIEU_NAY"
COMMUNE, MONTH = "05440", "202403"


def notations(number: int) -> list[str]:
    """987654321, 987.654.321, 987,654,321, and the start of 987,65 triệu / 987.65 million."""
    grouped = f"{number:,}"
    digits = str(number)
    start = [f"{digits[:3]},{digits[3:5]}", f"{digits[:3]}.{digits[3:5]}"]
    return [digits, grouped, grouped.replace(",", "."), *start]


@dataclass(frozen=True)
class Secrets:
    figures: tuple[str, ...]  # never anywhere
    words: tuple[str, ...]  # never anywhere: the names of internal indicators
    codes: tuple[str, ...]  # never anywhere a request did not carry them


@pytest.fixture
def secrets() -> Secrets:
    Indicator.objects.filter(code=HIDDEN).update(public=False)
    coordinator = member("dieu.phoi.kiem.tra", "coordinator")
    datavalues_import(
        acting_user=coordinator,
        values=[
            Value(
                indicator=DRAFTED,
                org_unit="19",
                period="2024S1",
                value=Decimal(DRAFT),
                status=Status.DRAFT,
            ),
            Value(
                indicator=DRAFTED,
                org_unit=COMMUNE,
                period=MONTH,
                value=Decimal(DRAFT),
                status=Status.DRAFT,
            ),
            Value(indicator=HIDDEN, org_unit="19", period="2024S1", value=Decimal(SECRET)),
        ],
        source_name="leak-test",
    )
    assert DataValue.objects.filter(status="draft", value=DRAFT).count() == 2
    internal = Indicator.objects.filter(public=False)
    assert internal.count() >= 2  # the catalogue's own internal ones, and HIDDEN
    return Secrets(
        figures=tuple(notations(DRAFT) + notations(SECRET)),
        words=tuple(n for i in internal for n in (i.name_vi, i.name_en)),
        codes=tuple(internal.values_list("code", flat=True)),
    )


# --- answers as text ------------------------------------------------------------------------


def decoded(response) -> str:
    """The text of an answer, whatever its format, with its Location header."""
    kind = response.get("Content-Type", "").split(";")[0]
    content = b"".join(response.streaming_content) if response.streaming else response.content
    location = response.get("Location", "")
    if kind.endswith("spreadsheetml.sheet"):
        book = load_workbook(io.BytesIO(content), read_only=True)
        cells = [c for sheet in book for row in sheet.iter_rows(values_only=True) for c in row]
        text = "\n".join(str(c) for c in cells if c is not None)
    elif kind.endswith("wordprocessingml.document"):
        document = docx.Document(io.BytesIO(content))
        cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
        text = "\n".join([p.text for p in document.paragraphs] + cells)
    elif kind == "application/pdf":
        text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)
    elif kind == "application/json":
        text = json.dumps(json.loads(content), ensure_ascii=False)
    else:
        assert kind in {"", "text/html", "text/plain", "text/csv", "text/markdown"}, kind
        text = content.decode("utf-8-sig")
    return location + "\n" + text


def leaks(text: str, secrets: Secrets, asked: str) -> list[str]:
    """What ``text`` shows that it must not: a figure, a name, or a code ``asked`` (the
    request) did not carry."""
    found = [s for s in secrets.figures + secrets.words if s in text]
    return found + [c for c in secrets.codes if c not in asked and re.search(rf"\b{c}\b", text)]


def same_answer(hidden, unknown) -> str:
    """The answers for an internal and for an unknown code, each code replaced: equal when
    nothing tells them apart ("" then, else what differs)."""
    if hidden.status_code != unknown.status_code:
        return f"status {hidden.status_code} != {unknown.status_code}"
    first, second = decoded(hidden).replace(HIDDEN, "§"), decoded(unknown).replace(UNKNOWN, "§")
    token = re.compile(r'(name="csrfmiddlewaretoken" value|data-csrf-token)="\w*"')
    return "" if token.sub("", first) == token.sub("", second) else "bodies differ"


# --- every URL pattern ----------------------------------------------------------------------


def patterns(resolvers=None, prefix=""):
    for entry in resolvers if resolvers is not None else get_resolver().url_patterns:
        if isinstance(entry, URLResolver):
            yield from patterns(entry.url_patterns, prefix + str(entry.pattern))
        else:
            assert isinstance(entry, URLPattern)
            yield prefix + str(entry.pattern)


FILLS = {
    "code": [HIDDEN],
    "fmt": sorted({*FORMATS, "csv", "xlsx", "json"}),
    "org": ["19", COMMUNE],
    "period": ["2024S1", MONTH],
}
PARAMETER = re.compile(r"<(?:(\w+):)?(\w+)>|\{(\w+)\}")
REGEX_GROUP = re.compile(r"\^?\(\?P<\w+>[^)]*\)")


def addresses(pattern: str, codes: dict[str, list[str]]) -> list[str]:
    """The pattern with each parameter filled in every way (a regular expression's group,
    as the admin's, with the catalogue's app)."""
    path = "/" + REGEX_GROUP.sub("catalog", pattern).lstrip("^").rstrip("$").replace("\\Z", "")
    found = PARAMETER.search(path)
    if found is None:
        return [path]
    name = found.group(2) or found.group(3)
    values = codes.get(name) or FILLS.get(name) or ["1"]
    return [a for v in values for a in addresses(path.replace(found.group(0), v, 1)[1:], codes)]


def queries(code: str) -> list[dict[str, str]]:
    """Nothing; then a unit, a period of each type, drafts and ``code`` asked for by every
    name the pages read them by."""
    asked = {"status": "draft", "dx": code, "code": code, "indicator": code, "cal": "calendar"}
    return [{}] + [
        {"org": org, "period": period, "ou": org, "pe": period, **asked}
        for org, period in [("19", "2024S1"), ("19", "2024"), (COMMUNE, "2024Q1"), (COMMUNE, MONTH)]
    ]


def test_no_address_shows_a_draft_or_an_internal_indicator_to_a_visitor(client, secrets):
    walked, found, oracles = 0, [], []
    for pattern in sorted(set(patterns())):
        for address in addresses(pattern, {"code": [HIDDEN]}):
            # the admin asks for a login whatever is asked: its pages once each
            asked = queries(HIDDEN) if not pattern.startswith("admin/") else [{}]
            for number, query in enumerate(asked):
                url = address + ("?" + urlencode(query) if query else "")
                hidden = client.get(url)
                assert hidden.status_code < 500, url
                walked += 1
                found += [(url, leak) for leak in leaks(decoded(hidden), secrets, url)]
                if HIDDEN in address or number == 1:  # the code in the path, or asked by name
                    unknown = client.get(url.replace(HIDDEN, UNKNOWN))
                    if difference := same_answer(hidden, unknown):
                        oracles.append((url, difference))
    assert walked > 50
    assert not found, found
    assert not oracles, oracles


def test_the_walk_finds_a_leak_where_there_is_one(client, secrets):
    """The walk's checks can fail: a signed-in user's report shows the internal figure."""
    client.force_login(member("xem.noi.bo", "viewer"))
    text = decoded(client.get("/bao-cao/tai-ve/md/", {"org": "19", "period": "2024S1"}))
    assert notations(SECRET)[2] in text
    assert leaks(text, secrets, "")


def test_the_open_data_pages_are_the_same_for_a_signed_in_user(client, secrets):
    client.force_login(member("dieu.phoi.tinh.2", "coordinator"))
    for pattern in sorted(set(patterns())):
        if not pattern.startswith("du-lieu-mo/"):
            continue
        for address in addresses(pattern, {"code": [DRAFTED]}):
            for query in queries(DRAFTED):
                url = address + ("?" + urlencode(query) if query else "")
                answer = client.get(url)
                assert answer.status_code < 500, url
                assert not leaks(decoded(answer), secrets, url), url


def test_the_walk_reaches_the_open_data_pages():
    walked = set(patterns())
    assert {"du-lieu-mo/", "du-lieu-mo/chi-tieu/<str:code>/"} <= walked


FILE_LINK = re.compile(r'href="(/du-lieu-mo/api/analytics\.\w+\?[^"]+)"')


@pytest.mark.parametrize("page", ["/du-lieu-mo/", f"/du-lieu-mo/chi-tieu/{DRAFTED}/"])
def test_the_downloads_of_the_public_pages_hold_no_draft(client, secrets, page):
    """Each file a public page offers, for the unit and period of the draft."""
    followed = 0
    for org, period in [("19", "2024S1"), (COMMUNE, MONTH)]:
        answer = client.get(page, {"ou": org, "pe": period})
        assert answer.status_code == 200
        for link in FILE_LINK.findall(answer.content.decode()):
            file = client.get(html.unescape(link))
            assert file.status_code == 200, link
            assert not leaks(decoded(file), secrets, ""), link
            followed += 1
    assert followed >= 6


# --- the open-data API: every period type, every form of ou ---------------------------------

API = "/du-lieu-mo/api/analytics"
PERIODS = [
    "2024",
    "2024S1",
    "2024Q1",
    MONTH,
    "THIS_YEAR",
    "LAST_YEAR",
    "LAST_12_MONTHS",
    "LAST_4_QUARTERS",
    "LAST_2_SIXMONTHS",
    "THIS_MONTH",
]
UNITS = [
    "19",
    COMMUNE,
    "164@before_2025",
    "USER_ORGUNIT",
    "USER_ORGUNIT_CHILDREN",
    "164;LEVEL-commune",
    "19;LEVEL-province",
]


@pytest.mark.parametrize(
    ("suffix", "calendar"),
    [
        ("", "calendar"),
        (".csv", "calendar"),
        (".xlsx", "calendar"),
        (".json", "calendar"),
        ("", "nd09"),
    ],
)
def test_the_api_gives_no_draft_for_any_period(client, secrets, suffix, calendar):
    # the commune by its key: it ended with the 2025 reorganisation, before THIS_YEAR
    units = f"19;{COMMUNE}@before_2025"
    for pe in PERIODS:
        query = {"dx": f"{DRAFTED};HTS_TB_DI_DONG", "pe": pe, "ou": units, "calendar": calendar}
        answer = client.get(API + suffix, query)
        assert answer.status_code == 200, (query, answer.content[:300])
        assert not leaks(decoded(answer), secrets, ""), query


@pytest.mark.parametrize(("ou", "pe"), [(ou, pe) for ou in UNITS for pe in ("2024S1", MONTH)])
def test_the_api_gives_no_draft_for_any_form_of_ou(client, secrets, ou, pe):
    if ou == "USER_ORGUNIT_CHILDREN" and pe == MONTH:  # the same units as for the half-year
        return
    answer = client.get(API, {"dx": DRAFTED, "pe": pe, "ou": ou})
    assert answer.status_code == 200, answer.content[:300]
    assert answer.json()["metaData"]["dimensions"]["ou"]  # units were found
    assert not leaks(decoded(answer), secrets, "")


def test_the_api_refuses_drafts_by_name(client, secrets):
    answer = client.get(API, {"dx": DRAFTED, "pe": "2024S1", "status": "draft"})
    assert answer.status_code == 400
    assert answer.json()["extra"]["field"] == "status"
    assert client.get(API, {"dx": DRAFTED, "pe": "2024S1", "status": "approved"}).status_code == 200


@pytest.mark.parametrize(
    "query",
    [
        {"dx": "{}", "pe": "2024S1"},
        {"dx": f"{DRAFTED};{{}}", "pe": "2024S1", "ou": "19"},
        {"dimension": "dx:{}", "filter": "pe:2024S1"},
        {"dx": "{}", "pe": "2024X"},  # the code is refused before the period
    ],
)
@pytest.mark.parametrize("suffix", ["", ".csv", ".xlsx"])
def test_an_internal_code_is_answered_as_an_unknown_one(client, secrets, query, suffix):
    hidden = client.get(API + suffix, {k: v.format(HIDDEN) for k, v in query.items()})
    unknown = client.get(API + suffix, {k: v.format(UNKNOWN) for k, v in query.items()})
    assert hidden.status_code in (400, 404)
    assert hidden.content == unknown.content
    assert HIDDEN.encode() not in hidden.content


def test_an_internal_indicator_is_not_listed_nor_found(client, secrets):
    listed = client.get("/du-lieu-mo/api/indicators")
    assert not leaks(decoded(listed), secrets, "")
    codes = [each["code"] for each in listed.json()["indicators"]]
    assert DRAFTED in codes and HIDDEN not in codes
    hidden = client.get(f"/du-lieu-mo/api/indicators/{HIDDEN}")
    unknown = client.get(f"/du-lieu-mo/api/indicators/{UNKNOWN}")
    assert hidden.status_code == unknown.status_code == 404
    assert hidden.content == unknown.content


def test_the_openapi_document_names_no_internal_indicator(client, secrets):
    for url in ("/du-lieu-mo/api/openapi.json", "/api/openapi.json"):
        document = client.get(url)
        assert document.status_code == 200
        assert not leaks(decoded(document), secrets, ""), url


# --- fuzzing --------------------------------------------------------------------------------

CODES = st.sampled_from([DRAFTED, HIDDEN, "ATTT_SOC_LO_HONG", "HTS_TB_DI_DONG", UNKNOWN])
PERIOD_ITEMS = st.sampled_from(
    [*PERIODS, "2024H1", "20240415", "2024-01-01..2024-05-27", "9999", "0000", "2024Q5"]
)
UNIT_ITEMS = st.sampled_from(
    [
        "19",
        COMMUNE,
        "06",
        "164@before_2025",
        "USER_ORGUNIT",
        "LEVEL-province",
        "99999",
        "LEVEL-village",
        "164@nowhere",
    ]
)
JUNK = st.text(max_size=12)


def items(strategy):
    return st.lists(st.one_of(strategy, JUNK), min_size=0, max_size=3).map(";".join)


@st.composite
def api_queries(draw):
    pairs = []
    for dimension, strategy in (("dx", CODES), ("pe", PERIOD_ITEMS), ("ou", UNIT_ITEMS)):
        form = draw(st.sampled_from(["dimension", "filter", "short", "none", "twice"]))
        value = draw(items(strategy))
        if form in ("dimension", "filter", "twice"):
            pairs.append(("dimension" if form != "filter" else "filter", f"{dimension}:{value}"))
        if form in ("short", "twice"):
            pairs.append((dimension, value))
    extras = st.sampled_from(
        [
            ("calendar", "nd09"),
            ("calendar", "x"),
            ("status", "draft"),
            ("status", "approved"),
            ("dimension", "co:1"),
            ("dimension", draw(JUNK)),
            ("filter", draw(JUNK)),
        ]
    )
    pairs += draw(st.lists(extras, max_size=2))
    return pairs


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(pairs=api_queries(), suffix=st.sampled_from(["", ".csv", ".json"]))
def test_any_parameters_get_an_answer_and_never_a_draft(client, secrets, pairs, suffix):
    answer = client.get(API + suffix + "?" + urlencode(pairs))
    assert answer.status_code in (200, 400, 404), (pairs, answer.content[:300])
    text = decoded(answer)
    assert not leaks(text, secrets, urlencode(pairs)), pairs
    if answer.status_code != 200:
        assert set(answer.json()) == {"message", "extra"}
