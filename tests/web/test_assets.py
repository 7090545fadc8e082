"""The front-end files the pages serve themselves (docs/decisions/0023-front-end-assets.md):
installed from npm at the exact versions and hashes of package-lock.json, copied by
`make assets` into web/static/vendor/ unchanged, and found by every template that names them;
no template, script or stylesheet of the product names an address on the Internet."""

import hashlib
import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders

import chuyendoiso

PACKAGE = Path(chuyendoiso.__file__).resolve().parent
PROJECT = PACKAGE.parents[1]
VENDOR = PACKAGE / "web" / "static" / "vendor"
MANIFEST = VENDOR / "manifest.json"
PACKAGE_JSON = json.loads((PROJECT / "package.json").read_text(encoding="utf-8"))
LOCK = json.loads((PROJECT / "package-lock.json").read_text(encoding="utf-8"))["packages"]
DECLARED = PACKAGE_JSON["dependencies"] | PACKAGE_JSON["devDependencies"]
OWN_FILES = sorted(
    path
    for pattern in ("*/templates/**/*", "*/static/**/*")
    for path in PACKAGE.glob(pattern)
    if path.is_file() and VENDOR not in path.parents
)


def manifest() -> dict:
    assert MANIFEST.is_file(), f"{MANIFEST} is missing: run `make assets`"
    return json.loads(MANIFEST.read_text(encoding="utf-8"))


def test_the_chart_library_the_font_and_axe_are_declared_at_exact_versions():
    assert {"echarts", "@fontsource/noto-sans"} <= set(PACKAGE_JSON["dependencies"])
    assert set(PACKAGE_JSON["devDependencies"]) == {"axe-core"}
    for name, version in DECLARED.items():
        assert re.fullmatch(r"\d+\.\d+\.\d+", version), f"{name} {version} is not exact"
        assert LOCK[f"node_modules/{name}"]["version"] == version, name


def test_every_locked_package_has_its_integrity_hash():
    for key, entry in LOCK.items():
        if key:  # "" is the project itself
            assert entry.get("integrity", "").startswith("sha512-"), key


@pytest.mark.parametrize("name", sorted(DECLARED))
def test_the_vendored_files_are_those_of_the_locked_version(name):
    vendored = manifest()[name]
    assert vendored["version"] == LOCK[f"node_modules/{name}"]["version"]
    installed = json.loads((PROJECT / "node_modules" / name / "package.json").read_text())
    assert installed["version"] == vendored["version"], "node_modules differs: `make assets`"
    assert vendored["files"]
    for relative, digest in vendored["files"].items():
        content = (VENDOR / relative).read_bytes()
        assert hashlib.sha256(content).hexdigest() == digest, f"{relative} changed since copied"
        if not relative.endswith("noto-sans.css"):  # the one file written, not copied
            found = list((PROJECT / "node_modules" / name).rglob(Path(relative).name))
            assert any(f.read_bytes() == content for f in found), f"{relative} is not {name}'s"


def test_the_font_covers_vietnamese_in_regular_and_bold():
    css = (VENDOR / "noto-sans" / "noto-sans.css").read_text(encoding="utf-8")
    faces = re.findall(r"src: url\(([^)]+)\) format\('woff2'\);", css)
    assert sorted(faces) == sorted(
        f"noto-sans-{subset}-{weight}-normal.woff2"
        for subset in ("vietnamese", "latin")
        for weight in (400, 700)
    )
    assert "U+1EA0-1EF9" in css  # ạ ả ấ ... ỹ: the letters with two marks
    for face in faces:
        assert (VENDOR / "noto-sans" / face).read_bytes()[:4] == b"wOF2"


def test_every_static_file_a_template_names_is_there():
    named = set()
    for path in OWN_FILES:
        if path.suffix == ".html":
            named |= set(re.findall(r"{% static '([^']+)' %}", path.read_text(encoding="utf-8")))
    assert "vendor/echarts/echarts.min.js" in named and "web/charts.js" in named
    missing = sorted(name for name in named if not finders.find(name))
    assert not missing, f"not in any static folder (run `make assets`?): {missing}"


def test_no_template_script_or_stylesheet_names_an_internet_address():
    assert any(path.name == "base.html" for path in OWN_FILES)
    offending = [
        f"{path.relative_to(PACKAGE)}: {address}"
        for path in OWN_FILES
        if path.suffix in {".html", ".js", ".css", ".txt", ".svg"}
        for address in re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}\b", path.read_text())
    ]
    assert not offending, offending


@pytest.mark.django_db
def test_the_site_serves_the_vendored_files(client):
    for name in ["vendor/echarts/echarts.min.js", "vendor/noto-sans/noto-sans.css"]:
        response = client.get(f"/static/{name}")
        served = b"".join(response.streaming_content)
        response.close()
        assert response.status_code == 200, name
        assert served == (VENDOR / name.removeprefix("vendor/")).read_bytes()
