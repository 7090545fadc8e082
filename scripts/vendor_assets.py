"""Copy the front-end files the web pages serve into src/chuyendoiso/web/static/vendor/.

`make assets` runs it after `npm ci --ignore-scripts` has installed node_modules/ at the
versions and hashes of package-lock.json (docs/decisions/0023-front-end-assets.md):

- echarts/: Apache ECharts (echarts.min.js) with its LICENSE and NOTICE;
- noto-sans/: Noto Sans, regular and bold, in the Vietnamese and Latin subsets (woff2),
  with noto-sans.css, the @font-face rules of those files (from @fontsource/noto-sans),
  and the font's licence (SIL OFL 1.1);
- axe-core/: axe.min.js and its licence, for the browser tests' accessibility check;
- manifest.json: each package's version and the SHA-256 of each file copied.

The folder is rebuilt from scratch each time and is not in git; a built wheel carries it,
so a server installs the product without node. Standard library only.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import sys
from pathlib import Path
from typing import Any

PROJECT = Path(__file__).resolve().parents[1]
NODE_MODULES = PROJECT / "node_modules"
VENDOR = PROJECT / "src" / "chuyendoiso" / "web" / "static" / "vendor"
FONT = "@fontsource/noto-sans"
FONT_SUBSETS = ("vietnamese", "latin")
FONT_WEIGHTS = (400, 700)
FONT_FILES = [
    f"files/noto-sans-{subset}-{weight}-normal.woff2"
    for weight in FONT_WEIGHTS
    for subset in FONT_SUBSETS
]

# package -> (folder under vendor/, files to copy from the package)
PACKAGES: dict[str, tuple[str, list[str]]] = {
    "echarts": ("echarts", ["dist/echarts.min.js", "LICENSE", "NOTICE"]),
    FONT: ("noto-sans", [*FONT_FILES, "LICENSE"]),
    "axe-core": ("axe-core", ["axe.min.js", "LICENSE"]),
}
FONT_FACE = re.compile(
    r"/\* noto-sans-(?P<subset>[a-z-]+)-(?P<weight>\d+)-normal \*/\s*(?P<rule>@font-face \{.*?\})",
    flags=re.DOTALL,
)


class VendorError(Exception):
    pass


def locked_version(package: str) -> str:
    lock = json.loads((PROJECT / "package-lock.json").read_text(encoding="utf-8"))
    entry = lock["packages"].get(f"node_modules/{package}")
    if entry is None:
        raise VendorError(f"package-lock.json does not list {package}")
    return str(entry["version"])


def installed_version(package: str) -> str:
    manifest = NODE_MODULES / package / "package.json"
    if not manifest.is_file():
        raise VendorError(f"{manifest} is missing: run `npm ci --ignore-scripts` first")
    return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])


def font_css() -> str:
    """The @font-face rules of the copied font files, pointing at them (woff2 only)."""
    rules = []
    for weight in FONT_WEIGHTS:
        css = (NODE_MODULES / FONT / f"{weight}.css").read_text(encoding="utf-8")
        for face in FONT_FACE.finditer(css):
            if face["subset"] not in FONT_SUBSETS:
                continue
            name = f"noto-sans-{face['subset']}-{face['weight']}-normal.woff2"
            rule = re.sub(r"src:[^;]+;", f"src: url({name}) format('woff2');", face["rule"])
            rules.append(f"/* {name} */\n{rule}\n")
    if len(rules) != len(FONT_FILES):
        raise VendorError(
            f"{FONT}: found {len(rules)} of the {len(FONT_FILES)} @font-face rules expected "
            f"({', '.join(FONT_SUBSETS)} x {FONT_WEIGHTS}); has the package changed its CSS?"
        )
    header = f"/* Noto Sans from {FONT} {installed_version(FONT)} (SIL OFL 1.1, LICENSE) */\n"
    return header + "\n".join(rules)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendor() -> dict[str, dict[str, Any]]:
    manifest: dict[str, dict[str, Any]] = {}
    for package, (folder, files) in PACKAGES.items():
        version = installed_version(package)
        if version != locked_version(package):
            raise VendorError(
                f"node_modules has {package} {version}, package-lock.json "
                f"{locked_version(package)}: run `npm ci --ignore-scripts`"
            )
        target = VENDOR / folder
        target.mkdir(parents=True)
        copied = {}
        for name in files:
            source = NODE_MODULES / package / name
            if not source.is_file():
                raise VendorError(f"{package} {version} has no {name}")
            shutil.copyfile(source, target / Path(name).name)
            copied[f"{folder}/{Path(name).name}"] = sha256(target / Path(name).name)
        manifest[package] = {"version": version, "files": copied}
    css = VENDOR / "noto-sans" / "noto-sans.css"
    css.write_text(font_css(), encoding="utf-8")
    manifest[FONT]["files"]["noto-sans/noto-sans.css"] = sha256(css)
    return manifest


def main() -> int:
    if VENDOR.exists():
        shutil.rmtree(VENDOR)
    try:
        manifest = vendor()
    except VendorError as error:
        print(f"vendor_assets: {error}", file=sys.stderr)
        return 1
    text = json.dumps(manifest, indent=2, sort_keys=True) + "\n"
    (VENDOR / "manifest.json").write_text(text, encoding="utf-8")
    count = sum(len(entry["files"]) for entry in manifest.values())
    print(f"vendor_assets: {count} files of {len(manifest)} packages in {VENDOR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
