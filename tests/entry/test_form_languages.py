"""The entry form in Vietnamese and in English: its interface in the page's language, the
figures in the notation typed in the form, its refusals in the page's language."""

import re
from decimal import Decimal

import pytest
from django.conf import settings

from chuyendoiso.catalog.models import CategoryOption, Indicator
from chuyendoiso.datavalues.services import datavalues_import
from chuyendoiso.engine.domain import datavalues as engine
from chuyendoiso.orgunits.models import OrgUnit
from tests.entry.test_form import URL, approved, commune, reporter  # noqa: F401
from tests.languages import LANGUAGES, page_in
from tests.web.untranslated import vietnamese_words

pytestmark = pytest.mark.django_db

WORDS = {
    "vi": ("Kỳ trước:", "gần 1.234", "(đạt 95,44%)", "Cần nhập cả tử số và mẫu số"),
    "en": ("Previous period:", "nearly 1.234", "(95,44%)", "Enter both the numerator and"),
}


def content() -> str:
    """The catalogue's and the units' Vietnamese names the form shows as they are."""
    names = [
        *Indicator.objects.values_list("name_vi", flat=True),
        *Indicator.objects.values_list("unit_label_vi", flat=True),
        *CategoryOption.objects.values_list("name_vi", flat=True),
        *CategoryOption.objects.values_list("category__name_vi", flat=True),
        *OrgUnit.objects.values_list("name", flat=True),
    ]
    return " ".join(names)


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_form_in_each_language(client, reporter, language):  # noqa: F811
    datavalues_import(
        acting_user=None,
        values=[
            approved("CQS_HS_TIEP_NHAN", "202305", Decimal(1234), qualifier=engine.Qualifier.GAN),
            approved(
                "CQS_HS_DUNG_HAN_TY_LE",
                "202404",
                Decimal("95.44"),
                numerator=Decimal(262969),
                denominator=Decimal(275540),
                decimals=2,
            ),
        ],
        source_name="test",
    )
    page = re.sub(r"\s+", " ", page_in(client, URL, language, names=content()))
    previous, nearly, ratio, _ = WORDS[language]
    assert previous in page and nearly in page and ratio in page
    assert "data-zero-denominator=" in page


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_refusal_speaks_the_page_language(client, reporter, language):  # noqa: F811
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(URL, {"CQS_HS_DUNG_HAN_TY_LE-num": "5", "CQS_HS_DUNG_HAN_TY_LE-den": ""})
    page = response.content.decode()
    assert response.status_code == 400 and WORDS[language][3] in page
    if language == "en":
        assert not vietnamese_words(page) - set(re.findall(r"\w+", content()))


@pytest.mark.parametrize(
    ("language", "shown", "hidden"),
    [
        ("vi", "Giá trị: '1,234' có thể là 1.234", "is ambiguous"),
        ("en", "Value: '1,234' is ambiguous: write 1.234", "có thể là"),
    ],
)
def test_a_number_refused_is_named_with_its_field_in_the_page_language(
    client,
    reporter,  # noqa: F811
    language,
    shown,
    hidden,
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.post(URL, {"CQS_HS_TIEP_NHAN-value": "1,234"})
    page = response.content.decode().replace("&#x27;", "'")
    assert response.status_code == 400
    assert shown in page and hidden not in page
