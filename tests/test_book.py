"""The strict book build (-W -n: any warning is an error) and what it must contain."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _toc_files():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text())
    return [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]


def test_every_toc_page_is_built(built_site):
    """`built_site` (tests/conftest.py) builds once with -W -n --keep-going and fails on any warning."""
    html = Path(built_site)
    for f in _toc_files():
        page = html / ("index.html" if f == "intro" else f + ".html")
        assert page.is_file() and page.stat().st_size > 0, f"{f} was not built"


def test_notebooks_are_offered_for_download(built_site):
    html = Path(built_site)
    for nb in sorted(ROOT.glob("chapters/*.ipynb")):
        assert (html / "_sources" / "chapters" / nb.name).is_file(), f"no downloadable {nb.name}"


def test_chapter_figures_are_in_the_site(built_site):
    """Chapters with plots in their stored outputs show them as image files on the site."""
    html = Path(built_site)
    for nb in sorted(ROOT.glob("chapters/*.ipynb")):
        if '"image/png"' in nb.read_text(encoding="utf-8"):
            page = (html / "chapters" / (nb.stem + ".html")).read_text(encoding="utf-8")
            assert "<img" in page, f"{nb.name} has figures but its page shows none"
