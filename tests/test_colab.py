"""The Colab copies: colab/<path> for every notebook, MyST markup written as plain Markdown.

Colab shows MyST roles and directives as raw text ("A {term}`convolution` layer ..."), so the site's
Colab button and the README open generated copies (``python scripts/nbtools.py colab``) whose markdown
cells say the same in plain Markdown. Here, without building anything: every notebook has its copy and
regenerating it gives exactly the stored file; the copies keep every code cell, output and metadata as
stored; no copy keeps MyST markup; and the converter's rules, one small string at a time, including
the markup it must refuse. tests/test_site.py checks, on the built site, that every glossary anchor
and page the copies link to exists and that each page's Colab button opens its copy.
"""

from __future__ import annotations

import fnmatch
import re
import runpy
import sys
from pathlib import Path

import nbformat
import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
import nbtools  # noqa: E402

NOTEBOOKS = nbtools.all_notebooks()
CONFIG = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
BASE = CONFIG["html"]["baseurl"]
COLAB = "https://colab.research.google.com/github/cnn-by-hand/cnn-course/blob/main/colab/"
CHAPTER = ROOT / "chapters" / "01_convolution.ipynb"  # where the unit tests' strings "live"
SOLUTION = ROOT / "exercises" / "solutions" / "02_padding_stride.ipynb"
REGENERATE = "run `python scripts/nbtools.py colab`"


def _ids(paths):
    return [str(p.relative_to(ROOT)) for p in paths]


def _markdown(nb) -> list[str]:
    return [c.source for c in nb.cells if c.cell_type == "markdown"]


# ----------------------------------------------------------------------------- the stored copies
def test_every_notebook_has_a_copy_and_no_copy_lacks_its_notebook():
    expected = {nbtools.colab_path(p) for p in NOTEBOOKS}
    stored = {p for p in (ROOT / "colab").rglob("*.ipynb") if ".ipynb_checkpoints" not in p.parts}
    missing = sorted(str(p.relative_to(ROOT)) for p in expected - stored)
    assert not missing, f"no Colab copy: {missing}; {REGENERATE}"
    stale = sorted(str(p.relative_to(ROOT)) for p in stored - expected)
    assert not stale, f"Colab copies of notebooks that do not exist: {stale}; {REGENERATE}"
    assert {p.relative_to(ROOT / "colab").as_posix() for p in expected} == set(_ids(NOTEBOOKS))


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_copy_is_what_the_generator_writes(path):
    copy = nbtools.colab_path(path)
    assert copy.is_file(), f"{copy.relative_to(ROOT)} does not exist; {REGENERATE}"
    assert copy.read_text(encoding="utf-8") == nbtools.colab_text(path), (
        f"{copy.relative_to(ROOT)} is not what {path.relative_to(ROOT)} gives (edited by hand, or the "
        f"notebook changed since); {REGENERATE}"
    )


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_copy_keeps_code_outputs_and_metadata(path):
    """Only markdown sources differ: code cells, their outputs, every cell's id and metadata and the
    notebook's metadata are the notebook's own (the copy is not re-run)."""
    original = nbformat.read(path, as_version=4)
    copy = nbformat.read(nbtools.colab_path(path), as_version=4)
    assert copy.metadata == original.metadata
    assert (copy.nbformat, copy.nbformat_minor) == (original.nbformat, original.nbformat_minor)
    assert [c.cell_type for c in copy.cells] == [c.cell_type for c in original.cells]
    for i, (a, b) in enumerate(zip(copy.cells, original.cells)):
        if a.cell_type == "markdown":
            assert {k: v for k, v in a.items() if k != "source"} == {
                k: v for k, v in b.items() if k != "source"
            }, f"{path.name}, cell {i}: a markdown cell changed more than its text"
        else:
            assert a == b, f"{path.name}, cell {i}: the copy's {a.cell_type} cell differs"


# Written independently of the converter: a role, a directive's fence (``` ~~~ :::), a colon fence
# or a MyST target, anywhere in markdown outside fenced code and inline code.
MYST = re.compile(
    r"\{[A-Za-z][\w:.+-]*\}`|^[ \t>]*(`{3,}|~{3,}|:{3,})[ \t]*\{|^[ \t>]*:{3,}|^[ \t]*\([^()\s]+\)=\s*$",
    re.M,
)
CODE_BLOCK = re.compile(
    r"^[ \t>]*(`{3,}|~{3,})(?![ \t]*\{)[^\n]*\n.*?^[ \t>]*\1[ \t]*$", re.M | re.S
)
# An inline code span (of one or two backticks, not a role's text, within a paragraph).
CODE_SPAN = re.compile(r"(?<![}`])(`{1,2})(?!`)(?:(?!\n[ \t]*\n).)+?(?<!`)\1(?!`)", re.S)


def myst_markup(markdown: str) -> list[str]:
    prose = CODE_SPAN.sub("", CODE_BLOCK.sub("", markdown))
    return [m.group(0) for m in MYST.finditer(prose)]


def test_the_myst_check_finds_what_it_should():
    assert myst_markup("A {term}`convolution` layer") == ["{term}`"]
    assert myst_markup("```{admonition} Title\n:class: tip\nbody\n```")
    assert myst_markup(":::{note}\nbody\n:::")
    assert myst_markup("(my-label)=\n# Heading")
    assert myst_markup("> ```{note}\n> quoted\n> ```")
    assert not myst_markup("Write ``{term}`convolution` `` for a glossary link.")
    assert not myst_markup("```markdown\nA {term}`convolution` layer\n```")
    assert not myst_markup("Math stays: $\\{x_i\\}$ and $$\\sum_i x_i$$; a set {1, 2}.")


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_copy_has_no_myst_markup(path):
    nb = nbformat.read(nbtools.colab_path(path), as_version=4)
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            found = myst_markup(cell.source)
            assert not found, f"colab/{path.relative_to(ROOT)}, cell {i}: MyST left: {found}"


@pytest.mark.parametrize("path", NOTEBOOKS, ids=_ids(NOTEBOOKS))
def test_copy_links_notebooks_to_their_colab_copies(path):
    """No relative link is left (Colab cannot follow one); a link to a notebook opens its copy."""
    nb = nbformat.read(nbtools.colab_path(path), as_version=4)
    for text in _markdown(nb):
        for target in re.findall(r"\]\(([^)\s]+)", CODE_SPAN.sub("", CODE_BLOCK.sub("", text))):
            assert re.match(r"(https?://|#)", target), f"{path.name}: relative link {target!r}"
            if target.startswith("https://colab.research.google.com/"):
                rel = target.removeprefix(COLAB).split("#")[0]
                assert (ROOT / rel).is_file() and (ROOT / "colab" / rel).is_file(), target


# ----------------------------------------------------------------------------- the configuration
def test_the_site_address_is_the_repository_pages_address():
    owner, name = CONFIG["repository"]["url"].rstrip("/").split("/")[-2:]
    assert BASE == f"https://{owner}.github.io/{name}/", (
        "html.baseurl in _config.yml is not the GitHub Pages address of repository.url (a fork "
        "changes both; a custom domain changes this test)"
    )
    assert nbtools.site().base == BASE


def test_the_copies_are_not_pages_tests_or_lint():
    assert "colab" in CONFIG["exclude_patterns"], "the book would build the copies as pages"
    ignored = runpy.run_path(str(ROOT / "conftest.py"))["collect_ignore_glob"]
    copy = str(ROOT / "colab" / "chapters" / "01_convolution.ipynb")
    assert any(fnmatch.fnmatch(copy, str(ROOT / g)) for g in ignored), (
        "pytest (nbval) would collect the copies and run every notebook twice"
    )
    tomllib = pytest.importorskip("tomllib")
    ruff = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["ruff"]
    assert "colab" in ruff["extend-exclude"], "ruff would lint and format the generated copies"


# ----------------------------------------------------------------------------- the converter
def convert(markdown: str, here: Path = CHAPTER) -> str:
    return nbtools.colab_markdown(markdown, here)


def test_term_becomes_a_link_to_its_glossary_entry():
    assert convert("A {term}`convolution` layer") == (
        f"A [convolution]({BASE}glossary.html#term-convolution) layer"
    )
    assert convert("three {term}`channels <channel>`") == (
        f"three [channels]({BASE}glossary.html#term-channel)"
    )
    # Case-insensitive, as the role is; the anchor keeps the glossary's capitals (Sphinx's ids do).
    assert convert("{term}`relu`, {term}`flops <FLOPs>`") == (
        f"[relu]({BASE}glossary.html#term-ReLU), [flops]({BASE}glossary.html#term-FLOPs)"
    )
    assert convert("{term}`weight\nsharing`") == (
        f"[weight sharing]({BASE}glossary.html#term-weight-sharing)"
    )


def test_glossary_anchors_are_the_ids_sphinx_makes():
    """nbtools.sphinx_id against Sphinx's own function, on every term and on awkward strings."""
    from sphinx.util.nodes import _make_id

    terms = nbtools.glossary_terms()
    assert len(terms) >= 50 and terms["one-by-one convolution"] == "term-one-by-one-convolution"
    for text in [
        *terms,
        "ReLU",
        "1×1 convolution",
        "Straße",
        "Ærø  ø đœ",
        "__init__",
        "a.b_c",
        "--",
    ]:
        assert nbtools.sphinx_id(f"term-{text}") == _make_id(f"term-{text}"), text


def test_cite_becomes_author_year_links_to_the_references():
    refs = f"{BASE}bibliography.html"
    assert convert("the guide {cite}`dumoulin2016guide`.") == (
        f"the guide ([Dumoulin and Visin, 2016]({refs}))."
    )
    assert convert("{cite}`dumoulin2016guide,yu2016multiscale`") == (
        f"([Dumoulin and Visin, 2016]({refs}); [Yu and Koltun, 2016]({refs}))"
    )
    assert convert("{cite:p}`zhang2023dive, powellimagekernels`") == (
        f"([Zhang et al., 2023]({refs}); [Powell, n.d.]({refs}))"
    )
    assert convert("as {cite:t}`chollet2017deep` shows") == f"as [Chollet (2017)]({refs}) shows"
    assert convert("{cite}`zalando2017benchmark`") == f"([Zalando Research, 2017]({refs}))"


def test_doc_becomes_a_link_to_the_page_titled_as_it():
    assert convert("Next: {doc}`02_padding_stride`.") == (
        f"Next: [Padding and stride: the size of the output]({BASE}chapters/02_padding_stride.html)."
    )
    assert convert("For {doc}`this chapter <../../chapters/03_pooling>`.", SOLUTION) == (
        f"For [this chapter]({BASE}chapters/03_pooling.html)."
    )
    assert convert("{doc}`/glossary`") == f"[Glossary (Korean–English)]({BASE}glossary.html)"


def test_relative_links_become_colab_and_site_addresses():
    assert convert("[the exercises](../exercises/01_convolution.ipynb)") == (
        f"[the exercises]({COLAB}exercises/01_convolution.ipynb)"
    )
    assert convert("[data](04_data.ipynb#the-channel-axis)") == (
        f"[data]({COLAB}chapters/04_data.ipynb#the-channel-axis)"
    )
    assert convert("see [chapter 2](../../chapters/02_padding_stride.ipynb)", SOLUTION) == (
        f"see [chapter 2]({COLAB}chapters/02_padding_stride.ipynb)"
    )
    assert convert("the [glossary](../glossary.md#term-stride)") == (
        f"the [glossary]({BASE}glossary.html#term-stride)"
    )
    assert convert("[notes](https://cs231n.github.io/) and [above](#title)") == (
        "[notes](https://cs231n.github.io/) and [above](#title)"
    )
    assert convert("[the sources](../references.bib)") == (
        "[the sources](https://github.com/cnn-by-hand/cnn-course/blob/main/references.bib)"
    )
    with pytest.raises(nbtools.MystError, match="does not exist"):
        convert("[gone](../chapters/99_missing.ipynb)")


def test_directive_becomes_a_block_quote():
    source = (
        "Before.\n\n```{admonition} How fast can it train?\n:class: tip\n"
        "It uses {term}`stride` 2\nand more.\n\nSecond paragraph.\n```\nAfter."
    )
    assert convert(source) == (
        "Before.\n\n> **How fast can it train?**\n>\n"
        f"> It uses [stride]({BASE}glossary.html#term-stride) 2\n> and more.\n>\n"
        "> Second paragraph.\nAfter."
    )
    assert convert(":::{note}\nShort.\n:::") == "> **Note**\n>\n> Short."
    assert convert("(sec-label)=\n## Heading") == "## Heading"


def test_code_and_math_are_left_alone():
    source = (
        "Write ``{term}`convolution` `` on the site.\n\n```python\nx = '{term}`kernel`'\n```\n"
        "$\\{a, b\\}$ and $$\\sum_i x_i$$"
    )
    assert convert(source) == source


@pytest.mark.parametrize(
    "markdown, message",
    [
        ("See {ref}`sec-padding`.", r"no Colab rule for the role \{ref\}"),
        ("A {numref}`fig-1`.", r"no Colab rule for the role \{numref\}"),
        ("A {term}`convolutional layer`.", "not a term of glossary.md"),
        ("{cite}`nobody2099`", "not in the bibliography: nobody2099"),
        ("{doc}`../chapters/99_missing`", "not a page of the book"),
        ("```{figure} img.png\n:name: f\n```", r"no Colab rule for the directive \{figure\}"),
        ("```{note}\nnever closed", "not closed"),
        ("> ```{note}\n> in a quote\n> ```", "MyST markup without a Colab rule"),
    ],
)
def test_markup_without_a_rule_is_an_error(markdown, message):
    with pytest.raises(nbtools.MystError, match=message):
        convert(markdown)


def test_an_error_names_the_notebook_cell_and_text():
    nb = nbformat.v4.new_notebook(
        cells=[nbformat.v4.new_markdown_cell("# T"), nbformat.v4.new_markdown_cell("{eq}`e1`")]
    )
    with pytest.raises(
        nbtools.MystError, match=r"chapters/01_convolution\.ipynb, cell 1: .*\{eq\}`e1`"
    ):
        nbtools.colab_notebook(nb, CHAPTER)


def test_generator_writes_only_what_changed(tmp_path, monkeypatch, capsys):
    """Idempotent: a second run writes nothing; a copy edited by hand is rewritten; a copy whose
    notebook is gone is removed (tested in a temporary folder, not in colab/)."""
    monkeypatch.setattr(nbtools, "COLAB_DIR", tmp_path / "colab")
    monkeypatch.setattr(nbtools, "all_notebooks", lambda: [CHAPTER, SOLUTION])
    assert len(nbtools.colab()) == 2
    assert nbtools.colab() == []
    edited = tmp_path / "colab" / "chapters" / CHAPTER.name
    edited.write_text(
        edited.read_text(encoding="utf-8").replace("layer", "LAYER"), encoding="utf-8"
    )
    stale = tmp_path / "colab" / "chapters" / "00_old.ipynb"
    stale.write_text("{}", encoding="utf-8")
    assert nbtools.colab() == [edited]
    assert not stale.exists()
    out = capsys.readouterr().out
    assert out.count("colab: wrote") == 3 and out.count("colab: removed") == 1, out
