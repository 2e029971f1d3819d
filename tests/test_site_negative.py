"""A test of the browser test: the checks of tests/test_site.py must fail on a broken page.

A chapter page of the built site is copied, given a formula, an image, a captioned figure and a glossary
link that all work (the control, which must pass), and then broken one way at a time: a missing image,
math that is never typeset, a TeX error, a JavaScript error, a wrong Colab link (another branch, or the
notebook instead of its Colab copy), an animation without frames, unrendered MyST markup, a dead anchor,
a third-party resource, an unnumbered figure, a figure the notebook has but the page lost, and the
accessibility checks: WCAG violations that axe-core must report (low contrast, a name that leaves out the
visible label, a deprecated role, an image without alt, an unlabelled slider), alt text that is empty, a
path or a file name, an image hidden from screen readers without a reason, formulas without assistive
MathML, and too little contrast in dark mode only. Each broken copy is served the same way and checked by
the same `sitecheck.check_page`, which must name the problem. The chapter page with an animation is broken
for `sitecheck.check_keyboard` too: a launch button or a Next frame control that Tab skips, and one that
takes focus but ignores Enter and Space.
"""

from __future__ import annotations

import re
import shutil

import pytest
import sitecheck

pytestmark = pytest.mark.slow  # builds or browses the site

BOOK = sitecheck.Book.read()  # only its branch is used below, to break the Colab link
MATHJAX_TAGS = (
    '<script>window.MathJax = {"options": {"enableAssistiveMml": true, "menuOptions": {"settings": {"assistiveMml": true}}, '
    '"processHtmlClass": "tex2jax_process|mathjax_process|math|output_area"}}'
    '</script>\n<script defer="defer" src="https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js"></script>\n'
)
CONTROL = """
<p>Control: <span class="math notranslate nohighlight">\\(a^2 + b^2 = c^2\\)</span>, a
<a class="reference internal" href="../glossary.html#term-convolution"><span class="xref std std-term">convolution</span></a>.</p>
<p><img alt="control image" src="../_static/neg-ok.png" /></p>
<figure class="align-default" id="neg-figure"><img alt="control figure" src="../_static/neg-ok.png" />
<figcaption><p><span class="caption-number">Fig. 9.9 </span><span class="caption-text">A caption.</span></p></figcaption>
</figure>
"""


def _base_docname(book):
    """A chapter whose notebook stores figures (so a lost figure can be shown), else the first chapter."""
    chapters = [
        d for d in book.docnames() if d.startswith("chapters/") and book.notebook(d) is not None
    ]
    for d in chapters:
        if sitecheck.notebook_output_counts(book.notebook(d))["images"]:
            return d
    return chapters[0]


def _remove_mathjax(page: str) -> str:
    page = re.sub(r"<script>window\.MathJax = .*?</script>\s*", "", page, flags=re.S)
    return re.sub(r'<script[^>]*src="[^"]*mathjax[^"]*"[^>]*></script>\s*', "", page)


BREAKS = {
    # name: (how to break the control page, a phrase the report must contain)
    "broken_image": (
        lambda p: p.replace(
            'alt="control image" src="../_static/neg-ok.png"',
            'alt="control image" src="../_static/neg-missing.png"',
        ),
        "image did not load",
    ),
    "math_without_mathjax": (_remove_mathjax, "formulas but the page loads no MathJax"),
    "mathjax_not_loading": (
        lambda p: re.sub(
            r'src="https://cdn\.jsdelivr\.net/npm/mathjax@3/es5/tex-mml-chtml\.js"',
            'src="../_static/no-such-mathjax.js"',
            p,
        ),
        "MathJax did not start",
    ),
    "tex_undefined_macro": (
        lambda p: p.replace("\\(a^2 + b^2 = c^2\\)", "\\(a^2 + \\undefinedmacro{b}\\)"),
        "MathJax errors",
    ),
    "tex_missing_argument": (
        lambda p: p.replace("\\(a^2 + b^2 = c^2\\)", "\\(\\frac{1}\\)"),
        "MathJax errors",
    ),
    "javascript_error": (
        lambda p: p.replace("</body>", "<script>notDefinedAnywhere();</script></body>"),
        "uncaught JavaScript exception",
    ),
    "console_error": (
        lambda p: p.replace("</body>", "<script>console.error('broken widget');</script></body>"),
        "console error: broken widget",
    ),
    "wrong_colab_branch": (
        lambda p: p.replace(f"/blob/{BOOK.branch}/", "/blob/some-other-branch/"),
        "Colab link",
    ),
    "colab_link_to_the_original": (  # the notebook itself, whose MyST Colab shows as raw text
        lambda p: p.replace(f"/blob/{BOOK.branch}/colab/", f"/blob/{BOOK.branch}/"),
        "Colab link",
    ),
    "animation_without_frames": (
        lambda p: p.replace(
            "<p>Control:",
            '<div class="animation"><img id="_anim_imgX" src="../_static/neg-missing.png">'
            '<button title="Next frame"></button></div><p>Control:',
        ),
        "shows no frame",
    ),
    "animation_stuck": (
        lambda p: p.replace(
            "<p>Control:",
            '<div class="animation"><img id="_anim_imgY" src="../_static/neg-ok.png">'
            '<button title="Next frame"></button></div><p>Control:',
        ),
        "does not step to a next frame",
    ),
    "unrendered_role": (
        lambda p: p.replace("<p>Control:", "<p>See {term}`convolution` here.</p><p>Control:"),
        "unrendered MyST markup",
    ),
    "dead_anchor": (
        lambda p: p.replace("glossary.html#term-convolution", "glossary.html#term-no-such-term"),
        "broken anchor",
    ),
    "third_party_resource": (
        lambda p: p.replace(
            'src="../_static/neg-ok.png" />\n<figcaption>',
            'src="https://example.org/figure.png" />\n<figcaption>',
        ),
        "third-party resource",
    ),
    "unnumbered_figure": (
        lambda p: p.replace('<span class="caption-number">Fig. 9.9 </span>', ""),
        "no number",
    ),
    # Accessibility: axe-core's WCAG 2.1 A/AA rules (names starting "axe_"), image descriptions, MathML.
    "axe_color_contrast": (
        lambda p: p.replace(
            "<p>Control:", '<p style="color: #aaaaaa">Pale grey text.</p><p>Control:'
        ),
        "axe color-contrast (serious",
    ),
    "axe_label_not_in_name": (  # the theme's search button had this: visible "Search Ctrl+K", name "Search"
        lambda p: p.replace(
            "<p>Control:", '<button aria-label="Close">Open the menu</button><p>Control:'
        ),
        "axe label-content-name-mismatch",
    ),
    "axe_deprecated_role": (  # docutils' bibliography entries had this
        lambda p: p.replace(
            "<p>Control:",
            '<div role="list"><div role="doc-biblioentry">An entry.</div></div><p>Control:',
        ),
        "axe aria-deprecated-role",
    ),
    "axe_image_without_alt": (
        lambda p: p.replace('alt="control image" src=', "src="),
        "axe image-alt (critical",
    ),
    "axe_unlabelled_slider": (  # the animations' frame slider had this before it was given a name
        lambda p: p.replace("<p>Control:", '<input type="range" min="0" max="9"><p>Control:'),
        "axe label (critical",
    ),
    "image_alt_empty": (  # axe takes alt="" for a decorative image; the course has none without a reason
        lambda p: p.replace('alt="control image"', 'alt=""'),
        "image without a description",
    ),
    "image_alt_is_a_path": (  # what MyST-NB writes when a cell gives no description
        lambda p: p.replace('alt="control image"', 'alt="../_images/f648a0c1e2.png"'),
        "alt text is a file name or path",
    ),
    "image_alt_is_a_file_name": (
        lambda p: p.replace('alt="control figure"', 'alt="feature_maps.png"'),
        "alt text is a file name or path",
    ),
    "image_hidden_without_reason": (
        lambda p: p.replace('alt="control image"', 'alt="" role="presentation"'),
        "hidden from screen readers without a reason",
    ),
    "formula_without_assistive_mathml": (
        lambda p: re.sub(r'"(enableAssistiveMml|assistiveMml)": true', r'"\1": false', p),
        "without assistive MathML",
    ),
    "lost_notebook_figure": (
        lambda p: re.sub(r'<img[^>]*src="[./]*_images/[^"]*"[^>]*>', "", p),
        "image outputs, the page shows",
    ),
}


def _animation_docname(book):
    """The first chapter whose notebook stores an animation (tests/test_site.py: KEYBOARD_PAGE)."""
    for d in book.docnames():
        if d.startswith("chapters/") and book.notebook(d) is not None:
            if sitecheck.notebook_output_counts(book.notebook(d))["animations"]:
                return d
    return None


def _first_next_frame(page: str, replace) -> str:
    """The page with its first animation's Next frame button passed through `replace`."""
    m = re.search(r'<button title="Next frame"[^>]*>.*?</button>', page, re.S)
    return page[: m.start()] + replace(m.group(0)) + page[m.end() :] if m else page


# name: how to break the chapter page with an animation; the problem sitecheck.check_keyboard must report
# is in KEYBOARD_EXPECTED.
KEYBOARD_BREAKS = {
    "keyboard_launch_unreachable": lambda p: p.replace(
        'aria-label="Launch interactive content"',
        'aria-label="Launch interactive content" tabindex="-1"',
    ),
    "keyboard_next_frame_unreachable": lambda p: _first_next_frame(
        p, lambda b: b.replace("<button ", '<button tabindex="-1" ', 1)
    ),
    # focusable, but a <span> does not turn Enter or Space into a click as a <button> does
    "keyboard_next_frame_ignores_keys": lambda p: _first_next_frame(
        p,
        lambda b: b.replace("<button ", '<span role="button" tabindex="0" ', 1).replace(
            "</button>", "</span>"
        ),
    ),
}
KEYBOARD_EXPECTED = {
    "keyboard_launch_unreachable": "launch button never gets focus",
    "keyboard_next_frame_unreachable": "animation Next frame never gets focus",
    "keyboard_next_frame_ignores_keys": "Enter on the animation's Next frame control shows no other frame",
}


@pytest.fixture(scope="module")
def broken_site(site_build, tmp_path_factory):
    """A copy of the built site with the control page and one broken copy per entry of BREAKS."""
    from PIL import Image

    book = sitecheck.Book.read(site_build.source)  # the sources this very site was built from
    docname = _base_docname(book)
    site = tmp_path_factory.mktemp("broken") / "html"
    shutil.copytree(site_build.html, site)
    Image.new("RGB", (40, 30), (30, 90, 160)).save(site / "_static" / "neg-ok.png")
    page = (site / f"{docname}.html").read_text(encoding="utf-8")
    if "mathjax" not in page:
        page = page.replace("</head>", MATHJAX_TAGS + "</head>", 1)
    # the site's MathJax settings (_config.yml: mathjax3_config), which one break turns off
    if '"assistiveMml": true' not in page:
        pytest.fail("the page's MathJax settings do not turn assistive MathML on (_config.yml)")
    h1_end = page.index("</h1>", page.index("<article")) + len(
        "</h1>"
    )  # the title inside the article
    control = page[:h1_end] + CONTROL + page[h1_end:]
    folder = docname.rsplit("/", 1)[0]
    (site / folder / "neg-control.html").write_text(control, encoding="utf-8")
    for name, (breaker, _) in BREAKS.items():
        broken = breaker(control)
        if name == "lost_notebook_figure" and broken == control:
            continue  # the page has no notebook figure to lose (the test says so when it skips)
        assert broken != control, f"the break {name!r} changed nothing: fix the test"
        (site / folder / f"neg-{name}.html").write_text(broken, encoding="utf-8")
    (site / folder / "neg-dark_mode_only.html").write_text(
        control.replace(
            "<p>Control:",
            '<style>html[data-theme="dark"] .neg-dark { color: #3a4350; }</style>'
            '<p class="neg-dark">Dark grey text, on white in light mode, on near-black in dark mode.</p>'
            "<p>Control:",
        ),
        encoding="utf-8",
    )
    keyboard_page = _animation_docname(book)
    if keyboard_page is not None:
        kb_page = (site / f"{keyboard_page}.html").read_text(encoding="utf-8")
        kb_folder = keyboard_page.rsplit("/", 1)[0]
        for name, breaker in KEYBOARD_BREAKS.items():
            broken = breaker(kb_page)
            assert broken != kb_page, f"the break {name!r} changed nothing: fix the test"
            (site / kb_folder / f"neg-{name}.html").write_text(broken, encoding="utf-8")
    with sitecheck.serve(site) as url:
        yield url, folder, docname, book


def test_control_page_passes(broken_site, browser):
    url, folder, docname, book = broken_site
    report = sitecheck.check_page(
        browser, url, docname, book, html_path=f"{folder}/neg-control.html"
    )
    assert not report.problems, report.problems
    assert (
        report.formulas >= 1 and report.images >= 2
    )  # the checks really looked at the control's pieces
    if sitecheck.local_axe() is not None:
        assert report.axe_rules >= 50, f"axe-core ran only {report.axe_rules} rules"
    else:
        assert report.skipped == [sitecheck.AXE_MISSING]


@pytest.mark.parametrize("name", sorted(BREAKS))
def test_broken_page_fails(name, broken_site, browser):
    url, folder, docname, book = broken_site
    if (
        name == "lost_notebook_figure"
        and not sitecheck.notebook_output_counts(book.notebook(docname))["images"]
    ):
        pytest.skip("no chapter notebook stores a figure yet")
    if name.startswith("axe_") and sitecheck.local_axe() is None:
        pytest.skip(sitecheck.AXE_MISSING)
    report = sitecheck.check_page(
        browser, url, docname, book, html_path=f"{folder}/neg-{name}.html"
    )
    expected = BREAKS[name][1]
    assert any(expected in p for p in report.problems), (
        f"breaking the page ({name}) was not caught; expected a problem containing {expected!r}, "
        f"got {report.problems}"
    )


def test_dark_mode_contrast_fails(broken_site, browser):
    """Text readable in light mode but not in dark mode is caught by the dark-mode check of a page."""
    if sitecheck.local_axe() is None:
        pytest.skip(sitecheck.AXE_MISSING)
    url, folder, docname, book = broken_site
    light = sitecheck.check_page(
        browser, url, docname, book, html_path=f"{folder}/neg-dark_mode_only.html"
    )
    assert not light.problems, light.problems
    dark = sitecheck.check_page(
        browser, url, docname, book, html_path=f"{folder}/neg-dark_mode_only.html", mode="dark"
    )
    assert any("axe color-contrast" in p for p in dark.problems), dark.problems


def test_keyboard_control_page_passes(broken_site, browser):
    url, folder, docname, book = broken_site
    keyboard_page = _animation_docname(book)
    if keyboard_page is None:
        pytest.skip("no chapter stores an animation")
    assert sitecheck.check_keyboard(browser, url, f"{keyboard_page}.html") == []


@pytest.mark.parametrize("name", sorted(KEYBOARD_BREAKS))
def test_keyboard_broken_page_fails(name, broken_site, browser):
    url, folder, docname, book = broken_site
    keyboard_page = _animation_docname(book)
    if keyboard_page is None:
        pytest.skip("no chapter stores an animation")
    kb_folder = keyboard_page.rsplit("/", 1)[0]
    problems = sitecheck.check_keyboard(browser, url, f"{kb_folder}/neg-{name}.html")
    assert any(KEYBOARD_EXPECTED[name] in p for p in problems), (
        f"breaking the page ({name}) was not caught; expected {KEYBOARD_EXPECTED[name]!r}, got {problems}"
    )
