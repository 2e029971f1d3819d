"""The built site as a reader meets it: every page opened in a real browser (Chromium via Playwright).

The book is built once per session (tests/conftest.py: ``site_build``), served on 127.0.0.1, and each page
of _toc.yml is checked by ``sitecheck.check_page`` (no console errors, formulas typeset, images loaded,
animations playing, Colab/download/repository buttons right, links and anchors resolve, no unrendered
markup, no WCAG 2.1 A/AA violation that axe-core finds, every image described, every formula readable
by a screen reader). A full-page screenshot of each page is saved in test-artifacts/site/ for a person
to look at. One chapter is checked again in dark mode, and the first chapter with an animation is used
with the keyboard alone (``sitecheck.check_keyboard``).
tests/test_site_negative.py shows that these checks fail on a broken page.

Without the browser, on the built HTML: the Colab copies (colab/, tests/test_colab.py) link only to
glossary entries, pages and anchors that the site has, cite with the words the site's citations show,
and every notebook page's Colab button opens the page's Colab copy.

Skipped, with the reason, only where Chromium cannot be found or started (scripts/setup_browser.sh
installs it on Debian/Ubuntu).
"""

from __future__ import annotations

import html
import re
import sys
import urllib.parse
from pathlib import Path

import nbformat
import pytest
import sitecheck

sys.path.insert(0, str(sitecheck.ROOT / "scripts"))
import nbtools  # noqa: E402

pytestmark = pytest.mark.slow  # builds or browses the site

DOCNAMES = sitecheck.Book.read().docnames()  # from the checkout, to name the tests
CHAPTERS = [
    d for d in DOCNAMES if d.startswith("chapters/") and (sitecheck.ROOT / f"{d}.ipynb").is_file()
]


@pytest.fixture(scope="session")
def site_html(site_build):
    """The HTML folder, also when the strict build had warnings (tests/test_book.py reports those)."""
    return site_build.html


@pytest.fixture(scope="session")
def book(site_build):
    """What the pages should show, read from the very sources the site was built from."""
    return sitecheck.Book.read(site_build.source)


@pytest.fixture(scope="session")
def site_url(site_html):
    with sitecheck.serve(site_html) as url:
        yield url


@pytest.fixture(scope="session")
def artifacts():
    sitecheck.ARTIFACTS.mkdir(parents=True, exist_ok=True)
    current = {_shot(sitecheck.ARTIFACTS, d).name for d in DOCNAMES + ["genindex", "search"]}
    for old in sitecheck.ARTIFACTS.glob("*.png"):  # screenshots of pages that no longer exist
        if old.name not in current:
            old.unlink()
    return sitecheck.ARTIFACTS


def _shot(artifacts: Path, docname: str) -> Path:
    return artifacts / (docname.replace("/", "__") + ".png")


@pytest.mark.parametrize("docname", DOCNAMES)
def test_page(docname, browser, site_url, artifacts, site_html, book):
    assert (site_html / f"{docname}.html").is_file(), f"{docname}.html was not built"
    report = sitecheck.check_page(
        browser, site_url, docname, book, screenshot=_shot(artifacts, docname)
    )
    assert not report.problems, f"{docname}.html ({report.screenshot}):\n  " + "\n  ".join(
        report.problems
    )


@pytest.mark.parametrize("name", ["genindex", "search"])
def test_generated_page(name, browser, site_url, artifacts, book):
    report = sitecheck.check_page(browser, site_url, name, book, screenshot=_shot(artifacts, name))
    assert not report.problems, f"{name}.html:\n  " + "\n  ".join(report.problems)


def test_accessibility_engine_is_installed():
    """test_page runs axe-core's WCAG 2.1 A/AA rules on every page only where the local copy exists."""
    if sitecheck.local_axe() is None:
        pytest.skip(sitecheck.AXE_MISSING)


# The chapter with the most Keras summaries (coloured by `rich`), checked once more in dark mode:
# _static/accessibility.css gives their colours a contrast of 4.5:1 or more in both modes.
DARK_MODE_PAGE = "chapters/05_mnist_convnet"


@pytest.mark.skipif(DARK_MODE_PAGE not in DOCNAMES, reason=f"{DARK_MODE_PAGE} is not in _toc.yml")
def test_page_in_dark_mode(browser, site_url, book):
    report = sitecheck.check_page(browser, site_url, DARK_MODE_PAGE, book, mode="dark")
    assert not report.problems, f"{DARK_MODE_PAGE}.html in dark mode:\n  " + "\n  ".join(
        report.problems
    )


# The first chapter with an animation: every control a reader needs there is reached and used with the
# keyboard alone (sitecheck.check_keyboard). One page keeps the test fast; the controls are the theme's
# and matplotlib's, the same on every page.
KEYBOARD_PAGE = next(
    (
        d
        for d in CHAPTERS
        if sitecheck.notebook_output_counts(sitecheck.ROOT / f"{d}.ipynb")["animations"]
    ),
    None,
)


@pytest.mark.skipif(KEYBOARD_PAGE is None, reason="no chapter stores an animation")
def test_keyboard_reaches_and_uses_every_control(browser, site_url):
    problems = sitecheck.check_keyboard(browser, site_url, f"{KEYBOARD_PAGE}.html")
    assert not problems, f"{KEYBOARD_PAGE}.html:\n  " + "\n  ".join(problems)


def test_every_built_page_is_checked(site_html):
    """No page escapes the browser test: every HTML page of the build is in _toc.yml's list."""
    generated = {
        "genindex",
        "search",
        "index",
    }  # index.html is jupyter-book's redirect to the root page
    built = {
        str(p.relative_to(site_html).with_suffix(""))
        for p in site_html.rglob("*.html")
        if not p.relative_to(site_html).parts[0].startswith("_")
    }
    assert built - generated - set(DOCNAMES) == set()
    assert set(DOCNAMES) - built == set(), "pages in _toc.yml that were not built"


def test_search_finds_padding(browser, site_url):
    results = sitecheck.search(browser, site_url, "padding")
    assert results, "the site's search found nothing for 'padding'"
    hrefs = [r["href"].split("#")[0].split("?")[0] for r in results]
    for docname in DOCNAMES:
        if "padding" in docname:  # the chapter about padding must be among the results
            assert any(h.endswith(f"/{docname}.html") for h in hrefs), (docname, hrefs)


def test_glossary_page_lists_terms_and_chapters_link_to_it(site_html, book):
    glossary = (site_html / "glossary.html").read_text(encoding="utf-8")
    terms = set(re.findall(r'<dt id="(term-[^"]+)"', glossary))
    assert len(terms) >= 10, "the glossary page lists fewer than 10 terms"
    linked = {}
    for d in CHAPTERS:
        page = (site_html / f"{d}.html").read_text(encoding="utf-8")
        linked[d] = set(re.findall(r'href="[./]*glossary\.html#(term-[^"]+)"', page))
        assert linked[d] <= terms, (
            f"{d}: links to glossary entries that do not exist: {linked[d] - terms}"
        )
    without = [d for d, t in linked.items() if not t]
    assert not without, f"chapters that link no glossary term with {{term}}: {without}"


def test_bibliography_lists_the_references(site_html):
    page = (site_html / "bibliography.html").read_text(encoding="utf-8")
    entries = re.findall(r'role="doc-biblioentry"', page) or re.findall(r'class="citation"', page)
    assert entries, "the bibliography page lists no references"


@pytest.mark.parametrize("docname", CHAPTERS)
def test_chapter_shows_objectives_first(docname, site_html, book):
    """Right after the title a chapter says what the reader will be able to do."""
    page = (site_html / f"{docname}.html").read_text(encoding="utf-8")
    article = page.split("<article", 1)[1]
    h1 = article.index("</h1>")
    next_heading = re.search(r"<h2", article[h1:])
    first_section = article[h1 : h1 + (next_heading.start() if next_heading else 4000)]
    text = re.sub(r"<[^>]+>", " ", first_section)
    assert re.search(r"objective|you will|by the end|after this (chapter|page)", text, re.I), (
        f"{docname}: no learning objectives before the first section:\n{text[:500]}"
    )


# ------------------------------------------------------------------------------- the Colab copies
def _colab_copy_links():
    """(copy, link text, address) of every link from a Colab copy's markdown to the site."""
    base = nbtools.site().base
    for nb_path in nbtools.all_notebooks():
        copy = nbtools.colab_path(nb_path)
        for cell in nbformat.read(copy, as_version=4).cells:
            if cell.cell_type == "markdown":
                for text, url in re.findall(r"\[((?:\\.|[^\]])*)\]\(([^)\s]+)\)", cell.source):
                    if url.startswith(base):
                        yield copy.relative_to(sitecheck.ROOT), text, url.removeprefix(base)


def _ids_in(page: Path) -> set[str]:
    return set(re.findall(r'\bid="([^"]+)"', page.read_text(encoding="utf-8")))


def test_colab_copies_link_only_to_what_the_site_has(site_html):
    links = list(_colab_copy_links())
    assert any("glossary.html#term-" in url for _, _, url in links), "no copy links a glossary term"
    broken = []
    for copy, text, url in links:
        path, _, anchor = url.partition("#")
        page = site_html / urllib.parse.unquote(path)
        if not page.is_file():
            broken.append(f"{copy}: [{text}] -> {url}: no such page")
        elif anchor and urllib.parse.unquote(anchor) not in _ids_in(page):
            broken.append(f"{copy}: [{text}] -> {url}: no such anchor on {path}")
    assert not broken, "\n".join(broken)


def test_colab_copies_cite_as_the_site_does(site_html):
    """A citation in a copy reads as the site's citations read ("Dumoulin and Visin, 2016")."""
    shown = set()
    for page in site_html.rglob("*.html"):
        for m in re.finditer(
            r'<a class="reference internal" href="[./]*bibliography\.html#[^"]*"[^>]*>(.*?)</a>',
            page.read_text(encoding="utf-8"),
            re.S,
        ):
            shown.add(html.unescape(re.sub(r"<[^>]+>", "", m.group(1))).strip())
    cited = {text for _, text, url in _colab_copy_links() if url.startswith("bibliography.html")}
    assert cited, "no copy cites a reference"
    assert cited <= shown, f"citations the site never shows: {sorted(cited - shown)}"


@pytest.mark.parametrize("docname", [d for d in DOCNAMES if sitecheck.Book.read().notebook(d)])
def test_colab_button_opens_the_colab_copy(docname, site_html, book):
    page = (site_html / f"{docname}.html").read_text(encoding="utf-8")
    found = sorted(set(re.findall(rf'href="({re.escape(book.colab_url)}/[^"]+)"', page)))
    want = book.colab_link(docname)
    assert want.endswith(f"/blob/{book.branch}/colab/{docname}.ipynb")
    assert found == [want], f"{docname}.html: the Colab button opens {found}, not {want}"
    assert (book.source / "colab" / f"{docname}.ipynb").is_file()
