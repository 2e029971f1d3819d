"""Notebook maintenance for the course.

    python scripts/nbtools.py bootstrap [NB ...]   # write the Colab set-up lines into each first cell
    python scripts/nbtools.py blanks               # exercises/solutions/NN.ipynb -> exercises/NN.ipynb
    python scripts/nbtools.py execute NB [NB ...]  # run top to bottom in a fresh kernel, store outputs
    python scripts/nbtools.py colab                # every notebook -> colab/<same path>, MyST as Markdown
    python scripts/nbtools.py all                  # bootstrap + blanks + execute every notebook + colab

With no notebook named, ``bootstrap`` takes every notebook of the course.

The Colab copies (``colab/chapters/NN.ipynb``, ``colab/exercises/NN.ipynb``,
``colab/exercises/solutions/NN.ipynb``) are what the site's Colab button and the README open: Colab shows
MyST markup as raw text, so their markdown cells say the same in plain Markdown (``colab_markdown``):
glossary terms, citations and ``{doc}`` references become links to the site (``html.baseurl`` in
_config.yml), relative links to notebooks become links to their Colab copies, admonitions become block
quotes. Code cells, outputs and metadata are copied as stored; regenerate the copies after every
re-execution. Markup without a rule here stops the generator with the notebook, cell and text.

Solution markers (in exercises/solutions only):

* ``answer = 42  # SOLUTION`` becomes ``answer = ...  # YOUR CODE HERE`` in the blank;
* lines between ``### BEGIN SOLUTION: model = None`` and ``### END SOLUTION`` are replaced by
  ``model = None  # YOUR CODE HERE`` (several stubs separated by ``;``; none gives ``pass``).

Cells whose answers are checked carry the tag ``check``; tests/test_exercises.py runs each blank and
requires every ``check`` cell to fail there, and nbval requires it to pass in the solution.
"""

from __future__ import annotations

import copy
import functools
import os
import re
import sys
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[1]
BOOTSTRAP_MARK = "# Set-up. On Google Colab"
BOOTSTRAP_TAGS = ["hide-input"]


def repository() -> tuple[str, str]:
    """(url, branch) from the one place that holds them: _config.yml."""
    text = (ROOT / "_config.yml").read_text(encoding="utf-8")
    block = text.split("\nrepository:", 1)[1]
    url = re.search(r"^\s+url:\s*(\S+)", block, re.M).group(1)
    branch = re.search(r"^\s+branch:\s*(\S+)", block, re.M).group(1)
    return url, branch


def bootstrap_lines() -> list[str]:
    url, branch = repository()
    return [
        f"{BOOTSTRAP_MARK} this installs the course helpers (the `utils` package);",
        "# everywhere else it changes nothing. Then: quiet TensorFlow logs, seeds, figure defaults.",
        "import sys",
        "",
        'if "google.colab" in sys.modules:',
        f'    %pip install --quiet "cnn-course-utils @ git+{url}@{branch}"',
        "",
        "import utils",
    ]


def all_notebooks() -> list[Path]:
    nbs = sorted(ROOT.glob("chapters/*.ipynb")) + sorted(ROOT.glob("exercises/*.ipynb"))
    return nbs + sorted(ROOT.glob("exercises/solutions/*.ipynb"))


def first_code_cell(nb):
    for cell in nb.cells:
        if cell.cell_type == "code":
            return cell
    return None


def expected_first_cell_source(source: str) -> str:
    """The first cell as it should be: the bootstrap lines, then whatever followed ``import utils``."""
    lines = source.splitlines()
    rest = (
        lines[lines.index("import utils") + 1 :] if "import utils" in lines else ["utils.setup()"]
    )
    while rest and not rest[0].strip():
        rest = rest[1:]
    return "\n".join(bootstrap_lines() + [""] + rest)  # laid out as `ruff format` lays it out


def bootstrap(paths) -> None:
    for path in paths:
        path = Path(path).resolve()
        nb = nbformat.read(path, as_version=4)
        cell = first_code_cell(nb)
        if cell is None:
            raise SystemExit(f"{path}: has no code cell")
        new = expected_first_cell_source(cell.source)
        tags = cell.metadata.setdefault("tags", [])
        changed = new != cell.source or any(t not in tags for t in BOOTSTRAP_TAGS)
        cell.source = new
        for t in BOOTSTRAP_TAGS:
            if t not in tags:
                tags.append(t)
        if changed:
            nbformat.write(nb, path)
            print(f"bootstrap: updated {path.relative_to(ROOT)}")


_SOLUTION_LINE = re.compile(r"^(\s*)([^=#]+?)\s*=\s*.+?#\s*SOLUTION\s*$")
_BEGIN = re.compile(r"^(\s*)###\s*BEGIN SOLUTION:?\s*(.*)$")
_END = re.compile(r"^\s*###\s*END SOLUTION\s*$")


def blank_source(source: str) -> str:
    out, inside = [], False
    for line in source.splitlines():
        if inside:
            if _END.match(line):
                inside = False
            continue
        m = _BEGIN.match(line)
        if m:
            indent, stubs = m.groups()
            stubs = [s.strip() for s in stubs.split(";") if s.strip()]
            out += [f"{indent}{s}  # YOUR CODE HERE" for s in stubs] or [
                f"{indent}pass  # YOUR CODE HERE"
            ]
            inside = True
            continue
        m = _SOLUTION_LINE.match(line)
        if m:
            out.append(f"{m.group(1)}{m.group(2).strip()} = ...  # YOUR CODE HERE")
            continue
        out.append(line)
    if inside:
        raise ValueError("### BEGIN SOLUTION without ### END SOLUTION")
    return "\n".join(out)


_ROLE = re.compile(r"\{(doc|term|ref|numref|cite)\}`([^`]*)`")


def _title_of(notebook: Path) -> str:
    for cell in nbformat.read(notebook, as_version=4).cells:
        m = re.search(r"^# (.+)$", cell.source, re.M) if cell.cell_type == "markdown" else None
        if m:
            return m.group(1).strip()
    return notebook.stem


def plain_roles(source: str) -> str:
    """Sphinx roles, which only the site renders, as text and links that Jupyter and Colab show too.

    The text is that of a blank, which lives in ``exercises/``: ``{doc}`../../chapters/x``` becomes a
    Markdown link to ``../chapters/x.ipynb`` titled with the chapter's heading; ``{term}`text <key>```
    becomes ``text``.
    """

    def repl(m):
        role, body = m.groups()
        text, _, target = body.partition(" <")
        target = target.rstrip(">") if target else text
        if role == "doc":
            path = (ROOT / "exercises" / "solutions" / target).resolve().with_suffix(".ipynb")
            title = text if body.endswith(">") else _title_of(path)
            rel = os.path.relpath(path, ROOT / "exercises").replace(os.sep, "/")
            return f"[{title}]({rel})"
        return text

    return _ROLE.sub(repl, source)


def make_blank(solution_nb):
    """The learner's copy: answers replaced by stubs, outputs cleared, title 'Solutions:' -> 'Exercises:'."""
    nb = copy.deepcopy(solution_nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            cell.source = blank_source(cell.source)
            cell.outputs = []
            cell.execution_count = None
        else:
            if cell.source.lstrip().startswith("# Solutions: "):
                cell.source = cell.source.lstrip().replace("# Solutions: ", "# Exercises: ", 1)
            # The blank lives one folder up from its solution: keep relative links pointing at the same files.
            cell.source = re.sub(r"\]\(\.\./\.\./", "](../", cell.source)
            cell.source = plain_roles(cell.source)
    return nb


def blanks() -> list[Path]:
    written = []
    for sol in sorted(ROOT.glob("exercises/solutions/*.ipynb")):
        nb = make_blank(nbformat.read(sol, as_version=4))
        target = ROOT / "exercises" / sol.name
        old = nbformat.read(target, as_version=4) if target.exists() else None
        if old is None or nbformat.writes(old) != nbformat.writes(nb):
            nbformat.write(nb, target)
            print(f"blanks: wrote {target.relative_to(ROOT)}")
        written.append(target)
    return written


# ------------------------------------------------------------------------------------ Colab copies
COLAB_FOLDER = "colab"  # under the book's folder; the site's Colab button opens the copies there
COLAB_DIR = ROOT / COLAB_FOLDER
GLOSSARY_PAGE = "glossary"  # the page whose {glossary} directive defines the terms
BIBLIOGRAPHY_PAGE = "bibliography"  # the page whose {bibliography} directive lists the references
ADMONITIONS = {  # directive -> its block quote's title when the directive takes no title argument
    "admonition": None,  # the title is the argument
    "dropdown": None,
    "note": "Note",
    "tip": "Tip",
    "hint": "Hint",
    "important": "Important",
    "warning": "Warning",
    "caution": "Caution",
    "attention": "Attention",
    "danger": "Danger",
    "error": "Error",
    "seealso": "See also",
}
IMAGE_SUFFIXES = (".png", ".jpg", ".jpeg", ".gif", ".svg", ".webp")


class MystError(ValueError):
    """MyST markup that the Colab copies have no rule for, or that does not resolve."""


@dataclass(frozen=True)
class Site:
    """Where the Colab copies link to, from _config.yml."""

    base: str  # the site's public address (html.baseurl), ending in "/"
    colab: str  # Colab's address of the book's folder in the repository, ending in "/"
    blob: str  # GitHub's address of that folder, for the other files of the repository
    raw: str  # the same for files a cell shows (images)


def _config() -> dict:
    import yaml

    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


@functools.cache
def site() -> Site:
    config = _config()
    url, branch = repository()
    owner_repo = urllib.parse.urlparse(url).path.strip("/")
    base = str((config.get("html") or {}).get("baseurl") or "")
    if not base.startswith(("https://", "http://")):
        raise MystError("_config.yml: html.baseurl (the site's public address) is not set")
    book = str((config.get("repository") or {}).get("path_to_book") or "").strip("/")
    book = f"{book}/" if book else ""
    colab_url = str((config.get("launch_buttons") or {}).get("colab_url", "")).rstrip("/")
    return Site(
        base=base.rstrip("/") + "/",
        colab=f"{colab_url}/github/{owner_repo}/blob/{branch}/{book}",
        blob=f"{url.rstrip('/')}/blob/{branch}/{book}",
        raw=f"https://raw.githubusercontent.com/{owner_repo}/{branch}/{book}",
    )


@functools.cache
def book_pages() -> frozenset[str]:
    """The pages of the site: every file that _toc.yml names, without its suffix."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    names = [toc["root"]]

    def walk(entries):
        for entry in entries or []:
            if "file" in entry:
                names.append(entry["file"])
            walk(entry.get("sections"))

    for part in toc.get("parts") or []:
        walk(part.get("chapters"))
    walk(toc.get("chapters"))
    return frozenset(re.sub(r"\.(md|ipynb)$", "", n) for n in names)


def colab_path(notebook: Path) -> Path:
    """Where the Colab copy of a notebook of the course lives: colab/<its path>."""
    return COLAB_DIR / Path(notebook).resolve().relative_to(ROOT)


def colab_url(notebook: Path) -> str:
    """The address that opens the Colab copy of a notebook of the course in Colab."""
    return f"{site().colab}{COLAB_FOLDER}/{Path(notebook).resolve().relative_to(ROOT).as_posix()}"


def sphinx_id(text: str) -> str:
    """The id Sphinx makes of `text` (sphinx.util.nodes._make_id: docutils' make_id, keeping capitals,
    dots and underscores). A glossary term's anchor is ``sphinx_id("term-" + term)``."""
    from docutils import nodes

    text = text.translate(nodes._non_id_translate_digraphs).translate(nodes._non_id_translate)
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    text = re.sub(r"[^a-zA-Z0-9._]+", "-", " ".join(text.split()))
    return re.sub(r"^[-0-9._]+|-+$", "", text)


@functools.cache
def glossary_terms() -> dict[str, str]:
    """Every term of the glossary, lower-cased (the {term} role ignores case) -> its anchor's id."""
    lines = (ROOT / f"{GLOSSARY_PAGE}.md").read_text(encoding="utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if re.match(r"^(`{3,}|:{3,})\{glossary\}", line))
    fence = re.match(r"^(`+|:+)", lines[start]).group(1)
    terms: dict[str, str] = {}
    for line in lines[start + 1 :]:
        if line.strip() == fence:
            break
        if (
            not line.strip()
            or line[0].isspace()
            or line.startswith(".. ")
            or re.match(r":\w+:", line)
        ):
            continue  # a definition, a blank line, a comment or an option
        term = re.split(r" +: +", line)[0]  # as Sphinx reads "term : classifier"
        if term.lower() in terms:
            raise MystError(f"{GLOSSARY_PAGE}.md: the term {term!r} is defined twice")
        terms[term.lower()] = sphinx_id(f"term-{term}")
    return terms


@functools.cache
def references() -> dict[str, tuple[str, str]]:
    """Every entry of the bibliography (key lower-cased) -> (authors, year) as the site's author-year
    citations write them (sphinxcontrib-bibtex's "last" name style): "Chollet", "Dumoulin and Visin",
    "Zhang et al." for three or more, and "n.d." for no year."""
    from pybtex.backends.plaintext import Backend
    from pybtex.database import parse_file
    from pybtex.richtext import Text

    def plain(latex: str) -> str:
        return Text.from_latex(latex).render(Backend())

    found: dict[str, tuple[str, str]] = {}
    for bib in _config().get("bibtex_bibfiles") or []:
        for key, entry in parse_file(str(ROOT / bib)).entries.items():
            persons = entry.persons.get("author") or entry.persons.get("editor") or []
            names = [plain(" ".join(p.prelast_names + p.last_names)) for p in persons]
            names = names or [plain(entry.fields.get("title", key))]
            authors = f"{names[0]} et al." if len(names) > 2 else " and ".join(names)
            found[key.lower()] = (authors, entry.fields.get("year", "n.d."))
    return found


def _page_title(path: Path) -> str:
    if path.suffix == ".ipynb":
        return _title_of(path)
    m = re.search(r"^# (.+)$", path.read_text(encoding="utf-8"), re.M)
    return m.group(1).strip() if m else path.stem


def _link_text(text: str) -> str:
    return re.sub(r"([\[\]])", r"\\\1", " ".join(text.split()))


def _explicit(body: str) -> tuple[str | None, str]:
    """A role's ``text <target>`` -> (text, target); a bare ``target`` -> (None, target)."""
    m = re.fullmatch(r"(.*?\S)\s*<([^<>]+)>", body.strip(), re.S)
    return (m.group(1), m.group(2).strip()) if m else (None, body.strip())


def _resolve(target: str, here: Path) -> Path:
    """A path as the notebook `here` writes it (relative to its folder, or to the book's folder when
    it starts with '/'), made absolute; it must lie inside the book's folder."""
    path = (ROOT / target.lstrip("/")) if target.startswith("/") else here.parent / target
    path = Path(os.path.normpath(path))
    if not path.is_relative_to(ROOT):
        raise MystError(f"{target!r} points outside the repository")
    return path


def _term(body: str) -> str:
    text, key = _explicit(body)
    anchor = glossary_terms().get(" ".join(key.split()).lower())
    if anchor is None:
        raise MystError(f"{{term}}`{body}`: {key!r} is not a term of {GLOSSARY_PAGE}.md")
    return f"[{_link_text(text or key)}]({site().base}{GLOSSARY_PAGE}.html#{anchor})"


def _cite(role: str, body: str) -> str:
    keys = [k.strip() for k in body.split(",") if k.strip()]
    unknown = [k for k in keys if k.lower() not in references()]
    if unknown or not keys:
        missing = ", ".join(unknown) or "no key"
        raise MystError(f"{{{role}}}`{body}`: not in the bibliography: {missing}")
    url = f"{site().base}{BIBLIOGRAPHY_PAGE}.html"
    cited = [references()[k.lower()] for k in keys]
    if role == "cite:t":  # textual: "Dumoulin and Visin (2016)"
        return ", ".join(f"[{_link_text(a)} ({y})]({url})" for a, y in cited)
    # parenthetical ({cite}, {cite:p}): "(Dumoulin and Visin, 2016; Yu and Koltun, 2016)"
    return "(" + "; ".join(f"[{_link_text(a)}, {y}]({url})" for a, y in cited) + ")"


def _doc(body: str, here: Path) -> str:
    text, target = _explicit(body)
    path = _resolve(target, here)
    stem = path.with_suffix("") if path.suffix in (".md", ".ipynb") else path
    docname = stem.relative_to(ROOT).as_posix()
    page = next(
        (p for p in (stem.with_suffix(".ipynb"), stem.with_suffix(".md")) if p.is_file()), None
    )
    if page is None or docname not in book_pages():
        raise MystError(f"{{doc}}`{body}`: {docname} is not a page of the book (_toc.yml)")
    return f"[{_link_text(text or _page_title(page))}]({site().base}{docname}.html)"


def _role(role: str, body: str, here: Path) -> str:
    if role == "term":
        return _term(body)
    if role in ("cite", "cite:p", "cite:t"):
        return _cite(role, body)
    if role == "doc":
        return _doc(body, here)
    raise MystError(f"no Colab rule for the role {{{role}}}: {{{role}}}`{body}`")


def _link_target(target: str, here: Path) -> str:
    """A Markdown link's target as Colab needs it: a notebook of the course -> its Colab copy, opened
    in Colab; a page of the book -> that page on the site; another file of the repository -> GitHub."""
    if re.match(r"([a-z][a-z0-9+.-]*:|#|//)", target, re.I):
        return target  # an address, or an anchor on the same page
    path_part, hash_, anchor = target.partition("#")
    path = _resolve(urllib.parse.unquote(path_part), here)
    rel = path.relative_to(ROOT).as_posix()
    if not path.exists():
        raise MystError(f"a link to {target!r}: {rel} does not exist")
    if path in all_notebooks():
        return colab_url(path) + hash_ + anchor
    docname = re.sub(r"\.md$", "", rel)
    if path.suffix == ".md" and docname in book_pages():
        return f"{site().base}{docname}.html{hash_}{anchor}"
    if path.suffix.lower() in IMAGE_SUFFIXES:
        return site().raw + rel
    return site().blob + rel + hash_ + anchor


# Whichever starts first: a role; an inline code span (kept as it is); an inline link's target; the
# target of a reference-style link definition.
_INLINE = re.compile(
    r"\{(?P<role>[A-Za-z][\w:.+-]*)\}(?P<rt>`+)(?P<body>.+?)(?P=rt)(?!`)"
    r"|(?<!`)(?P<ct>`+)(?!`)(?:[^\n]|\n(?![ \t]*\n))+?(?<!`)(?P=ct)(?!`)"
    r"|(?P<lead>\]\()(?P<target>[^()\s]+)(?P<tail>(?:[ \t]+\"[^\"]*\")?\))"
    r"|^(?P<dlead>[ ]{0,3}\[[^\]\n]+\]:[ \t]*)(?P<dtarget>\S+)",
    re.S | re.M,
)
_CODE_SPAN = re.compile(r"(?<!`)(`+)(?!`)(?:[^\n]|\n(?![ \t]*\n))+?(?<!`)\1(?!`)")
_DIRECTIVE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,}|:{3,})\{(?P<name>[^}\s]+)\}[ \t]*(?P<args>.*?)\s*$"
)
_CODE_FENCE = re.compile(r"^(?P<indent>[ \t]*(?:>[ \t]?)*)(?P<fence>`{3,}|~{3,})(?!.*`)")
_TARGET = re.compile(r"^[ \t]*\([^()\s]+\)=[ \t]*$")  # a MyST target: (label)=
_LEFT = re.compile(  # what still looks like MyST: a role, a directive's or a colon fence, a target
    r"\{[A-Za-z][\w:.+-]*\}`|^[ \t>]*(?:`{3,}|~{3,}|:{3,})[ \t]*\{|^[ \t>]*:{3,}"
    r"|^[ \t>]*\([^()\s]+\)=[ \t]*$",
    re.M,
)


def _convert_inline(text: str, here: Path) -> str:
    def repl(m):
        if m.group("role"):
            return _role(m.group("role"), m.group("body"), here)
        if m.group("lead"):
            return m.group("lead") + _link_target(m.group("target"), here) + m.group("tail")
        if m.group("dlead"):
            return m.group("dlead") + _link_target(m.group("dtarget"), here)
        return m.group(0)  # a code span

    return _INLINE.sub(repl, text)


def _fence_end(lines: list[str], start: int, m: re.Match) -> int | None:
    """The line that closes the fence opened on lines[start] (the same quote prefix, the same
    character at least as many times), or None."""
    prefix = "[ \t]*" + ">[ \t]*" * m.group("indent").count(">")
    fence = m.group("fence")
    closing = re.compile(rf"^{prefix}{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
    return next((i for i in range(start + 1, len(lines)) if closing.match(lines[i])), None)


def _admonition(m: re.Match, body: list[str], here: Path) -> list[str]:
    name, args, indent = m.group("name"), m.group("args"), m.group("indent")
    if name not in ADMONITIONS:
        raise MystError(f"no Colab rule for the directive {{{name}}}: {m.group(0).strip()!r}")
    body = [line[len(indent) :] if line.startswith(indent) else line.lstrip() for line in body]
    if body and body[0].strip() == "---":  # options as a YAML block
        end = next((i for i in range(1, len(body)) if body[i].strip() == "---"), None)
        if end is None:
            raise MystError(f"{{{name}}}: its options block (---) is not closed")
        body = body[end + 1 :]
    while body and re.match(r"\s*:[\w-]+:", body[0]):  # options as :name: value lines
        body = body[1:]
    title = ADMONITIONS[name]
    if title is None:
        if not args:
            raise MystError(f"{{{name}}} without a title: {m.group(0).strip()!r}")
        title = args
    elif args:
        body = [args] + body  # {note} and its like take no title: the words after it are the text
    while body and not body[0].strip():
        body = body[1:]
    while body and not body[-1].strip():
        body = body[:-1]
    out = [f"{indent}> **{_convert_inline(title, here)}**"]
    if body:
        out.append(f"{indent}>")
        for line in colab_markdown("\n".join(body), here).split("\n"):
            out.append(f"{indent}> {line}" if line.strip() else f"{indent}>")
    return out


def myst_left(markdown: str) -> list[str]:
    """The lines of `markdown` that still look like MyST outside code blocks and code spans (a role,
    a directive's fence, a colon fence, a target)."""
    lines, prose, i = markdown.split("\n"), [], 0
    while i < len(lines):
        m = _CODE_FENCE.match(lines[i])
        if m and not _LEFT.match(lines[i]):
            end = _fence_end(lines, i, m)
            i = len(lines) if end is None else end + 1
            continue
        prose.append(lines[i])
        i += 1
    text = _CODE_SPAN.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), "\n".join(prose))
    rows = sorted({text.count("\n", 0, m.start()) for m in _LEFT.finditer(text)})
    return [prose[n].strip() for n in rows]


def colab_markdown(source: str, here: Path) -> str:
    """A markdown cell of the notebook `here` as Colab should show it: MyST roles, directives and
    targets as plain Markdown, relative links as addresses that work from Colab. Raises MystError for
    markup without a rule, and for anything left that still looks like MyST."""
    here = Path(here).resolve()
    lines, out, prose, i = source.split("\n"), [], [], 0

    def flush():
        if prose:
            out.extend(_convert_inline("\n".join(prose), here).split("\n"))
            prose.clear()

    while i < len(lines):
        line = lines[i]
        directive, code = _DIRECTIVE.match(line), _CODE_FENCE.match(line)
        if directive:
            flush()
            end = _fence_end(lines, i, directive)
            if end is None:
                raise MystError(f"{{{directive.group('name')}}} is not closed: {line.strip()!r}")
            out += _admonition(directive, lines[i + 1 : end], here)
            i = end + 1
        elif code:  # a code block, kept as it is (an unclosed one runs to the end)
            flush()
            end = _fence_end(lines, i, code)
            end = len(lines) - 1 if end is None else end
            out += lines[i : end + 1]
            i = end + 1
        elif _TARGET.match(line):
            i += 1
        else:
            prose.append(line)
            i += 1
    flush()
    result = "\n".join(out)
    left = myst_left(result)
    if left:
        raise MystError(f"MyST markup without a Colab rule: {left[0]!r}")
    return result


def colab_notebook(nb, path: Path):
    """The Colab copy of the notebook read from `path`: markdown converted, all else as stored."""
    nb = copy.deepcopy(nb)
    rel = Path(path).resolve().relative_to(ROOT).as_posix()
    for i, cell in enumerate(nb.cells):
        if cell.cell_type == "markdown":
            try:
                cell.source = colab_markdown(cell.source, path)
            except MystError as exc:
                raise MystError(f"{rel}, cell {i}: {exc}") from None
    return nb


def colab_text(path: Path) -> str:
    """The text that the Colab copy of the notebook `path` should hold."""
    text = nbformat.writes(colab_notebook(nbformat.read(path, as_version=4), path))
    return text if text.endswith("\n") else text + "\n"


def _shown(path: Path) -> str:
    return str(path.relative_to(ROOT)) if path.is_relative_to(ROOT) else str(path)


def colab() -> list[Path]:
    """Write colab/<path> for every notebook of the course where it changed; remove the copies whose
    notebook is gone. Every copy is made before any is written: a MystError leaves colab/ as it was."""
    copies = {colab_path(path): colab_text(path) for path in all_notebooks()}
    written = []
    for target, text in copies.items():
        if not target.is_file() or target.read_text(encoding="utf-8") != text:
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, "w", encoding="utf-8", newline="\n") as f:
                f.write(text)
            print(f"colab: wrote {_shown(target)}")
            written.append(target)
    for old in sorted(COLAB_DIR.rglob("*.ipynb")):
        if old not in copies and ".ipynb_checkpoints" not in old.parts:
            old.unlink()
            print(f"colab: removed {_shown(old)} (its notebook is gone)")
    return written


def execute(paths, timeout: int = 1200) -> None:
    from nbclient import NotebookClient

    env_defaults = {
        "TF_CPP_MIN_LOG_LEVEL": "3",
        "TF_ENABLE_ONEDNN_OPTS": "1",
        "PYTHONHASHSEED": "0",
    }
    for k, v in env_defaults.items():
        os.environ.setdefault(k, v)
    for path in paths:
        path = Path(path).resolve()
        if path.parent == ROOT / "exercises":
            print(f"execute: skipping blank {path.name} (blanks are stored without outputs)")
            continue
        nb = nbformat.read(path, as_version=4)
        start = time.time()
        client = NotebookClient(
            nb,
            timeout=timeout,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
            # TensorFlow's C++ logger writes its import-time lines (e.g. "oneDNN custom operations
            # are on") to the process's stderr before any setting can quiet it: leave that stream
            # to the terminal so it is not stored in the notebook.
            extra_arguments=["--IPKernelApp.capture_fd_output=False"],
        )
        client.execute()
        for cell in nb.cells:  # timing metadata makes diffs noisy
            cell.metadata.pop("execution", None)
        nb.metadata.pop("widgets", None)
        nbformat.write(nb, path)
        print(f"execute: {path.relative_to(ROOT)} in {time.time() - start:.0f} s")


def main(argv) -> int:
    if not argv:
        print(__doc__)
        return 2
    cmd, args = argv[0], [Path(a) for a in argv[1:]]
    try:
        if cmd == "bootstrap":
            bootstrap(args or all_notebooks())
        elif cmd == "blanks":
            blanks()
        elif cmd == "execute":
            execute(args)
        elif cmd == "colab":
            colab()
        elif cmd == "all":
            bootstrap(all_notebooks())
            blanks()
            execute(
                sorted(ROOT.glob("chapters/*.ipynb"))
                + sorted(ROOT.glob("exercises/solutions/*.ipynb"))
            )
            colab()
        else:
            print(__doc__)
            return 2
    except MystError as exc:
        print(f"colab: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
