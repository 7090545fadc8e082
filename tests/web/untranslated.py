"""Vietnamese left on a page shown in English: the words of its visible text written with
letters that only Vietnamese uses (ă, đ, ơ, ư, a tone mark...); and in a template, the
Vietnamese written outside the translation tags, which no catalogue can translate."""

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


# what a template says through Django: tags (translate, blocktranslate's whole block),
# variables and comments; what is left is the template's literal text
TEMPLATE_CODE = re.compile(
    r"\{%\s*blocktranslate.*?\{%\s*endblocktranslate\s*%\}|\{%.*?%\}|\{\{.*?\}\}|\{#.*?#\}",
    flags=re.DOTALL,
)


def untranslated_in_template(source: str) -> set[str]:
    """The Vietnamese words of a template's literal text (outside its tags and variables)."""
    words = re.findall(r"\w+", TEMPLATE_CODE.sub(" ", source))
    return {word for word in words if _vietnamese(word)} - ALLOWED
