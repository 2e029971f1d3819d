"""Small fixes to the HTML that jupyter-book 1.x writes (a Sphinx extension, loaded from _config.yml).

Duplicate scripts. Sphinx 7.4 registers an inline script that an extension adds after the builder
starts twice: once as ``_JavaScript(None, body=...)`` and again, when writing, as
``_JavaScript('', body=...)``; the two do not compare equal, so every page carried sphinx-thebe's
``const THEBE_JS_URL = ...`` twice and the browser reported "Identifier 'THEBE_JS_URL' has already been
declared" on every page. Here each page keeps the first of any scripts that are the same apart from that
None/''.

The Colab button. sphinx-book-theme points it at the page's own notebook in the repository
(``.../blob/BRANCH/chapters/01_convolution.ipynb``), whose MyST markup Colab shows as raw text. Here it
points at the notebook's Colab copy instead (``.../blob/BRANCH/colab/chapters/01_convolution.ipynb``,
written by ``python scripts/nbtools.py colab``), and the build stops with an error naming the page when
that copy does not exist.

Accessible markup (WCAG 2.1 AA, checked by the browser test with axe-core). Two pieces of HTML that other
packages write into every page body are corrected here:

* docutils marks each bibliography entry ``role="doc-biblioentry"``, a role deprecated in ARIA 1.3, inside a
  ``role="list"``; a list whose children are not list items is invalid (axe: ``aria-deprecated-role``,
  ``aria-required-children``). The entries become ``role="listitem"``.
* MyST-NB gives the "Show code cell source" toggle of a hidden input ``aria-label="Toggle hidden
  content"``, a name that leaves out the words the reader sees (WCAG 2.5.3 Label in Name; axe:
  ``label-content-name-mismatch``). Without it the name is the visible text.

The theme's own controls with the same Label-in-Name problem (the search button, the colour-mode
button) are fixed by the templates in ``_templates/``, and the colours of Keras summaries by
``_static/accessibility.css``.
"""

import re
from pathlib import Path

from sphinx.errors import ExtensionError

COLAB_DIR = "colab"  # scripts/nbtools.py writes the Colab copies there, under the book's folder


def _dedupe_scripts(app, pagename, templatename, context, doctree):
    scripts = context.get("script_files")
    if not scripts:
        return
    seen, kept = set(), []
    for js in scripts:
        filename = getattr(js, "filename", js) or ""
        attributes = getattr(js, "attributes", {}) or {}
        key = (str(filename), tuple(sorted((k, str(v)) for k, v in attributes.items())))
        if key not in seen:
            seen.add(key)
            kept.append(js)
    context["script_files"] = kept


def _colab_buttons(context):
    for group in context.get("header_buttons") or []:
        if group.get("label") == "launch-buttons":
            for button in group.get("buttons") or []:
                if button.get("text") == "Colab":
                    yield button


def _colab_copies(app, pagename, templatename, context, doctree):
    """Point the page's Colab button at colab/<page>.ipynb; fail the build if that file is missing."""
    for button in _colab_buttons(context):
        theme = app.config.html_theme_options
        branch = theme.get("repository_branch") or "master"  # as sphinx-book-theme reads it
        head, found, _ = button["url"].partition(f"/blob/{branch}/")
        if not found:
            raise ExtensionError(
                f"{pagename}: the Colab button's address {button['url']!r} is not of the form "
                f".../blob/{branch}/PATH that sphinx-book-theme writes; _ext/course_html.py needs updating"
            )
        copy = Path(app.srcdir) / COLAB_DIR / f"{pagename}.ipynb"
        if not copy.is_file():
            raise ExtensionError(
                f"{pagename}: its Colab copy {COLAB_DIR}/{pagename}.ipynb does not exist; run "
                "`python scripts/nbtools.py colab`"
            )
        book = theme.get("path_to_docs", "").strip("/")
        path = "/".join(p for p in (book, COLAB_DIR, f"{pagename}.ipynb") if p)
        button["url"] = f"{head}/blob/{branch}/{path}"


_BIBLIOENTRY = re.compile(r'(<div class="citation" id="[^"]*") role="doc-biblioentry">')
_TOGGLE_SUMMARY = '<summary aria-label="Toggle hidden content">'


def _accessible_body(app, pagename, templatename, context, doctree):
    body = context.get("body")
    if body:
        body = _BIBLIOENTRY.sub(r'\1 role="listitem">', body)
        context["body"] = body.replace(_TOGGLE_SUMMARY, "<summary>")


def setup(app):
    app.connect("html-page-context", _dedupe_scripts)
    app.connect("html-page-context", _accessible_body)
    # sphinx-book-theme adds the launch buttons at priority 501: rewrite them after it.
    app.connect("html-page-context", _colab_copies, priority=600)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
