"""A page read in one of the site's languages (the language cookie, as the switch sets it):
its status, ``<html lang>``, and on an English page no Vietnamese interface text left."""

from __future__ import annotations

import re

from django.conf import settings
from django.test import Client

from tests.web.untranslated import vietnamese_words

LANGUAGES = ["vi", "en"]


def page_in(client: Client, url: str, language: str, status: int = 200, **allowed: str) -> str:
    """The page at ``url`` in ``language``, checked; ``allowed`` words (content such as
    catalogue names or the narrative report) may stay Vietnamese on an English page."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get(url)
    assert response.status_code == status, url
    page = response.content.decode()
    assert re.search(rf'<html[^>]* lang="{language}"', page), url
    if language == "en":
        left = vietnamese_words(page) - set(re.findall(r"\w+", " ".join(allowed.values())))
        assert not left, f"{url}: Vietnamese left on the English page: {sorted(left)}"
    return page
