"""Vietnamese left on a page shown in English: the words of its visible text written with
letters that only Vietnamese uses (ă, đ, ơ, ư, a tone mark...)."""

import re
import unicodedata

from lxml import html as lxml_html

ENGLISH_LETTERS = set("abcdefghijklmnopqrstuvwxyz")
# what an English page still shows in Vietnamese on purpose: the switch back to it
ALLOWED = {"Tiếng", "Việt"}


def _vietnamese(word: str) -> bool:
    for char in word.lower():
        if not char.isalpha() or char in ENGLISH_LETTERS:
            continue
        base = unicodedata.normalize("NFD", char)[0]
        if base in ENGLISH_LETTERS or char == "đ":
            return True
    return False


def visible_text(page: str) -> str:
    tree = lxml_html.fromstring(page)
    for hidden in tree.xpath("//script | //style | //template"):
        hidden.drop_tree()
    texts = [*tree.xpath("//body//text()"), *tree.xpath("//title//text()")]
    texts += tree.xpath("//@aria-label | //@title | //@alt | //@placeholder")
    return " ".join(texts)


def vietnamese_words(page: str) -> set[str]:
    words = re.findall(r"\w+", visible_text(page))
    return {word for word in words if _vietnamese(word)} - ALLOWED
