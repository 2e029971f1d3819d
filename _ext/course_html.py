"""Small fixes to the HTML that jupyter-book 1.x writes (a Sphinx extension, loaded from _config.yml).

Sphinx 7.4 registers an inline script that an extension adds after the builder starts twice: once as
``_JavaScript(None, body=...)`` and again, when writing, as ``_JavaScript('', body=...)``; the two do not
compare equal, so every page carried sphinx-thebe's ``const THEBE_JS_URL = ...`` twice and the browser
reported "Identifier 'THEBE_JS_URL' has already been declared" on every page. Here each page keeps the
first of any scripts that are the same apart from that None/''.
"""


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


def setup(app):
    app.connect("html-page-context", _dedupe_scripts)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
