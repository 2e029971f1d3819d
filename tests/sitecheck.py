"""Checks of the built site in a real browser (Debian's Chromium driven by Playwright).

Used by tests/test_site.py (every page of the built book) and tests/test_site_negative.py (the same checks
must fail on a deliberately broken page). Everything here works on whatever pages exist: the list of pages
comes from _toc.yml, and the expectations for a page come from its source file and _config.yml.

What `check_page` looks at, on one page:

* it loads with no console error, no uncaught JavaScript exception and no failed request;
* it loads nothing from third-party hosts except MathJax (answered from a local copy of the same MathJax 3
  when scripts/setup_browser.sh could store one: this machine has no general internet access);
* every formula (Sphinx's ``.math`` elements) has been typeset by MathJax, without MathJax errors;
* every ``<img>`` has loaded (``naturalWidth > 0``), and the page shows at least as many output images
  and JavaScript animations as the notebook has stored;
* every animation (matplotlib's JS player) shows a frame and steps to the next one;
* the Colab button points at this notebook's Colab copy (colab/PATH.ipynb) in the repository and
  branch named in _config.yml, the download button serves the notebook, the repository button names
  the repository;
* internal links and their #anchors resolve (glossary terms, citations, cross-references);
* no MyST markup is left unrendered in the text (e.g. a ``{term}`` role that did not parse);
* every figure with a caption is numbered;
* accessibility: axe-core (a local copy stored by scripts/setup_browser.sh) finds no violation of the
  WCAG 2.0/2.1 level A and AA rules, every ``<img>`` has a description as its alt text (not empty, not a
  file name or a path; only the decorative images of ``DECORATIVE_IMAGES`` are exempt) and every
  formula carries MathJax's assistive MathML, which screen readers read. Without the local copy of
  axe-core the axe rules are not run and ``PageReport.skipped`` says why.

`check_keyboard` uses one page with the keyboard alone: Tab reaches the launch, download and search
buttons and every control of an animation, and Enter, Space and the arrow keys work them.
"""

from __future__ import annotations

import contextlib
import functools
import html.parser
import http.server
import json
import os
import re
import shutil
import threading
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
ARTIFACTS = ROOT / "test-artifacts" / "site"
MATHJAX_VERSION = (
    "3.2.2"  # what scripts/setup_browser.sh stores; the site asks its CDN for "mathjax@3"
)
AXE_VERSION = "4.14.1"  # what scripts/setup_browser.sh stores (npm package axe-core)
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]  # WCAG 2.0 and 2.1, levels A and AA
# Images a screen reader should skip, each with the reason it carries no information. An image in this
# list must also be hidden from assistive technology (role="presentation" or aria-hidden="true").
DECORATIVE_IMAGES: dict[str, str] = {}
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
MATHJAX_CDN = re.compile(
    r"^https://cdn\.jsdelivr\.net/npm/mathjax@3(?:\.[\d.]+)?/(es5/.+?)(?:\?.*)?$"
)
# matplotlib's JS animation player links Font Awesome 4.4 from a CDN for its button icons; the site already
# ships Font Awesome (pydata-sphinx-theme), which draws the same `fa fa-play` icons, so offline the request
# is answered with an empty stylesheet. Any other third-party request is refused and reported.
ANIMATION_ICON_CSS = re.compile(
    r"^https://maxcdn\.bootstrapcdn\.com/font-awesome/4\.4\.0/css/font-awesome\.min\.css$"
)
UNRENDERED_MYST = re.compile(
    r"\{(term|cite|cite:p|cite:t|numref|ref|doc|eq|glue|glue:text|math|download)\}`|```\{|:::\{|^\s*:::\s*$",
    re.M,
)


class BrowserUnavailable(RuntimeError):
    """Chromium (or Playwright) cannot be found or started here."""


def find_chromium() -> str | None:
    for candidate in (os.environ.get("CHROMIUM"), "/usr/bin/chromium", "/usr/bin/chromium-browser"):
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    return shutil.which("chromium") or shutil.which("chromium-browser")


def local_mathjax() -> Path | None:
    data = Path(os.environ.get("CNN_COURSE_DATA", Path.home() / ".cache" / "cnn-course"))
    es5 = data / "browser" / f"mathjax-{MATHJAX_VERSION}" / "es5"
    return es5 if (es5 / "tex-mml-chtml.js").is_file() else None


def local_axe() -> Path | None:
    data = Path(os.environ.get("CNN_COURSE_DATA", Path.home() / ".cache" / "cnn-course"))
    js = data / "browser" / f"axe-core-{AXE_VERSION}" / "axe.min.js"
    return js if js.is_file() else None


AXE_MISSING = (
    f"axe-core {AXE_VERSION} not found in ${{CNN_COURSE_DATA:-~/.cache/cnn-course}}/browser/ "
    "(run `bash scripts/setup_browser.sh`): WCAG rules not checked"
)


def launch(playwright):
    """Debian's Chromium under Playwright, or BrowserUnavailable saying why not."""
    exe = find_chromium()
    if exe is None:
        raise BrowserUnavailable(
            "Chromium is not installed (run `bash scripts/setup_browser.sh` as root on Debian/Ubuntu, "
            "or set CHROMIUM=/path/to/chromium)"
        )
    try:
        return playwright.chromium.launch(executable_path=exe, args=CHROMIUM_ARGS, timeout=60_000)
    except Exception as exc:  # Playwright raises its own Error types; all mean "cannot start"
        raise BrowserUnavailable(
            f"Chromium at {exe} could not be started: {exc}".splitlines()[0]
        ) from exc


# ---------------------------------------------------------------------------------------------- serving
class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):  # the test output should show problems, not every request
        pass


@contextlib.contextmanager
def serve(directory: Path):
    """Serve `directory` on 127.0.0.1 at a free port; yields the base URL (ending in '/')."""
    handler = functools.partial(_QuietHandler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


# ------------------------------------------------------------------------------------ book information
@dataclass(frozen=True)
class Book:
    """What the pages should say, read from the sources (never from the built HTML)."""

    source: Path  # the book's source folder (holds _config.yml and _toc.yml)
    repo_url: str
    branch: str
    path_to_book: str
    colab_url: str

    @classmethod
    def read(cls, source: Path = ROOT) -> Book:
        config = yaml.safe_load((source / "_config.yml").read_text(encoding="utf-8"))
        repo = config.get("repository") or {}
        launch_buttons = config.get("launch_buttons") or {}
        return cls(
            source=source,
            repo_url=str(repo.get("url", "")).rstrip("/"),
            branch=str(repo.get("branch", "")),
            path_to_book=str(repo.get("path_to_book") or "").strip("/"),
            colab_url=str(launch_buttons.get("colab_url", "")).rstrip("/"),
        )

    def docnames(self) -> list[str]:
        """Every page of the book, in _toc.yml order."""
        toc = yaml.safe_load((self.source / "_toc.yml").read_text(encoding="utf-8"))
        names = [toc["root"]]

        def walk(entries):
            for entry in entries or []:
                if "file" in entry:
                    names.append(entry["file"])
                walk(entry.get("sections"))

        for part in toc.get("parts", []):
            walk(part.get("chapters"))
        walk(toc.get("chapters"))
        return [str(Path(n).with_suffix("")) if n.endswith((".md", ".ipynb")) else n for n in names]

    def notebook(self, docname: str) -> Path | None:
        path = self.source / f"{docname}.ipynb"
        return path if path.is_file() else None

    def colab_link(self, docname: str) -> str:
        """The Colab address of a notebook page: its Colab copy (scripts/nbtools.py colab writes it),
        colab/github/OWNER/REPO/blob/BRANCH/colab/PATH.ipynb."""
        owner_repo = urllib.parse.urlparse(self.repo_url).path.strip("/")
        path = "/".join(p for p in (self.path_to_book, "colab", f"{docname}.ipynb") if p)
        return f"{self.colab_url}/github/{owner_repo}/blob/{self.branch}/{path}"


def notebook_output_counts(nb_path: Path) -> dict[str, int]:
    """How many image outputs and JS animations a notebook stores in cells that the page shows."""
    nb = json.loads(nb_path.read_text(encoding="utf-8"))
    images = animations = 0
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "code":
            continue
        tags = set(cell.get("metadata", {}).get("tags", []))
        if tags & {"remove-output", "remove-cell"}:
            continue
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            html_out = "".join(data.get("text/html", ""))
            if 'class="animation"' in html_out or "_anim_img" in html_out:
                animations += 1
            elif any(k in data for k in ("image/png", "image/jpeg", "image/svg+xml")):
                images += 1
    return {"images": images, "animations": animations}


# ------------------------------------------------------------------------------------- link checking
class _Ids(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for key, value in attrs:
            if key in ("id", "name") and value:
                self.ids.add(value)


@functools.lru_cache(maxsize=512)
def _fetch_ids(url: str) -> tuple[int, frozenset[str]]:
    try:
        with urllib.request.urlopen(url, timeout=20) as resp:
            status, body = resp.status, resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, frozenset()
    if not url.split("?")[0].endswith((".html", "/")):
        return status, frozenset()
    parser = _Ids()
    parser.feed(body.decode("utf-8", "replace"))
    return status, frozenset(parser.ids)


# ----------------------------------------------------------------------------------------- the check
@dataclass
class PageReport:
    url: str
    problems: list[str] = field(default_factory=list)
    formulas: int = 0
    images: int = 0
    animations: int = 0
    colab_links: list[str] = field(default_factory=list)
    external_served_locally: list[str] = field(default_factory=list)
    screenshot: Path | None = None
    axe_rules: int = 0  # how many axe rules ran on the page (0: axe-core was not run)
    skipped: list[str] = field(default_factory=list)  # checks that could not run here, and why


_WAIT_FOR_MATHJAX = """
async () => {
  if (!document.querySelector('script[src*="mathjax"]')) return 'no-mathjax';
  const t0 = Date.now();
  while (!(window.MathJax && MathJax.startup && MathJax.startup.promise)) {
    if (Date.now() - t0 > 20000) return 'MathJax did not start within 20 s';
    await new Promise(r => setTimeout(r, 50));
  }
  await MathJax.startup.promise;
  return 'ok';
}
"""

_MATH_STATE = """
() => {
  const math = [...document.querySelectorAll('.math')];
  const untypeset = math.filter(m => !m.querySelector('mjx-container'));
  const errors = [...document.querySelectorAll('mjx-merror')].map(
      e => e.getAttribute('data-mjx-error') || e.textContent);
  // An undefined macro is not an merror: MathJax's `noundefined` package shows its name (starting
  // with a backslash, char code 92) in red.
  document.querySelectorAll('mjx-assistive-mml mtext[mathcolor="red"]').forEach(t => {
      if (t.textContent.charCodeAt(0) === 92) errors.push('undefined macro ' + t.textContent); });
  return {
    count: math.length,
    untypeset: untypeset.slice(0, 5).map(m => m.textContent.trim().slice(0, 80)),
    n_untypeset: untypeset.length,
    errors: errors.slice(0, 5),
  };
}
"""

_WAIT_FOR_IMAGES = """
async () => {
  const imgs = [...document.images];
  imgs.forEach(i => { if (i.loading === 'lazy') i.loading = 'eager'; });
  await Promise.race([
    Promise.all(imgs.map(i => i.complete ? null : new Promise(r => {
      i.addEventListener('load', r); i.addEventListener('error', r); }))),
    new Promise(r => setTimeout(r, 15000)),
  ]);
  return imgs.map(i => ({
    src: i.currentSrc || i.src || '',
    ok: i.complete && i.naturalWidth > 0,
    output: !!i.closest('.cell_output, .output'),
    animation: !!i.closest('.animation'),
  }));
}
"""

_ANIMATIONS = """
async () => {
  const out = [];
  for (const div of document.querySelectorAll('div.animation')) {
    const img = div.querySelector('img');
    const next = div.querySelector('button[title="Next frame"]');
    const r = {has_img: !!img, first_ok: false, next_ok: false, changed: false, has_button: !!next};
    if (img) {
      r.first_ok = img.complete && img.naturalWidth > 0;
      const before = img.src;
      if (next) {
        next.click();
        await new Promise(res => setTimeout(res, 100));
        try { await img.decode(); } catch (e) {}
        r.changed = img.src !== before;
        r.next_ok = img.complete && img.naturalWidth > 0;
      }
      const pause = div.querySelector('button[title="Pause"]');
      if (pause) pause.click();
    }
    out.push(r);
  }
  return out;
}
"""

_LINKS = """
() => [...document.querySelectorAll('a[href]')].map(a => a.href)
"""

_ARTICLE_TEXT = """
() => {
  const main = document.querySelector('article') || document.querySelector('main') || document.body;
  const clone = main.cloneNode(true);
  clone.querySelectorAll('pre, code, script, style, .highlight, mjx-container, .cell_input').forEach(e => e.remove());
  return clone.innerText;
}
"""

_FIGURES = """
() => [...document.querySelectorAll('figure')].filter(f => f.querySelector('figcaption'))
        .map(f => ({id: f.id, numbered: !!f.querySelector('.caption-number')}))
"""


def _shorten(url: str) -> str:
    return url if len(url) < 100 else url[:60] + "..." + url[-20:]


def check_page(
    browser,
    base_url: str,
    docname: str,
    book: Book,
    *,
    screenshot: Path | None = None,
    html_path: str | None = None,
    mode: str | None = None,
) -> PageReport:
    """Load one page in a fresh browser context and list every problem a reader would meet.

    `mode` "dark" or "light" is the colour mode a reader picked with the theme's button (stored by the
    theme in localStorage); None is the site's default (light)."""
    url = base_url + (html_path or f"{docname}.html")
    report = PageReport(url=url)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    context.route("**/*", _router(base_url, report))
    if mode is not None:
        m = json.dumps(mode)
        context.add_init_script(
            f"localStorage.setItem('mode', {m}); localStorage.setItem('theme', {m});"
        )
    page = context.new_page()
    _listen(page, report.problems)
    try:
        response = page.goto(url, wait_until="load", timeout=60_000)
        if response is None or response.status != 200:
            report.problems.append(
                f"page did not load: HTTP {response.status if response else 'no response'}"
            )
            return report
        if mode is not None and page.evaluate("document.documentElement.dataset.theme") != mode:
            report.problems.append(f"the page did not switch to {mode} mode")
        nb = book.notebook(docname)
        _check_math(page, report)
        images, anims = _check_images_and_animations(page, report)
        if nb is not None:
            _check_outputs_shown(nb, images, anims, report.problems)
        links = page.evaluate(_LINKS)
        _check_buttons(page, base_url, docname, book, nb, links, report)
        _check_internal_links(base_url, links, report.problems)
        _check_text_and_figures(page, report.problems)
        _check_accessibility(page, report)
    finally:
        if screenshot is not None:
            _screenshot(page, screenshot, report)
        context.close()
    return report


def _router(base_url: str, report: PageReport):
    """Serve the site; MathJax and the animation icons from local copies; refuse anything third-party."""
    problems = report.problems
    mathjax = local_mathjax()

    def route(r):
        req_url = r.request.url
        if (
            req_url.startswith(base_url)
            or req_url.startswith("data:")
            or req_url.startswith("blob:")
        ):
            return r.continue_()
        m = MATHJAX_CDN.match(req_url)
        if m and mathjax is not None:
            local = mathjax.parent / m.group(1)
            if local.is_file():
                report.external_served_locally.append(req_url)
                return r.fulfill(path=str(local))
            problems.append(f"MathJax file not in the local copy: {req_url}")
            return r.abort()
        if m:  # no local copy: let the page fetch MathJax from its CDN (works on a machine with internet)
            return r.continue_()
        if ANIMATION_ICON_CSS.match(req_url):
            report.external_served_locally.append(req_url)
            return r.fulfill(
                status=200, content_type="text/css", body="/* icons: the site's Font Awesome */"
            )
        problems.append(
            f"loads a third-party resource (fails offline, leaks the reader's visit): {_shorten(req_url)}"
        )
        return r.abort()

    return route


def _listen(page, problems: list[str]) -> None:
    """Console errors, uncaught exceptions, failed requests and HTTP errors become problems."""
    page.on(
        "console",
        lambda msg: (
            problems.append(f"console {msg.type}: {msg.text}") if msg.type == "error" else None
        ),
    )
    page.on("pageerror", lambda exc: problems.append(f"uncaught JavaScript exception: {exc}"))
    page.on(
        "requestfailed",
        lambda req: (
            None
            if req.url.startswith("data:")
            else problems.append(f"request failed: {_shorten(req.url)} ({req.failure})")
        ),
    )
    page.on(
        "response",
        lambda resp: (
            problems.append(f"HTTP {resp.status} for {_shorten(resp.url)}")
            if resp.status >= 400
            else None
        ),
    )


def _check_math(page, report: PageReport) -> None:
    """Every formula typeset by MathJax, without errors or undefined macros."""
    problems = report.problems
    state = page.evaluate(_WAIT_FOR_MATHJAX)
    math = page.evaluate(_MATH_STATE)
    report.formulas = math["count"]
    if state == "no-mathjax":
        if math["count"]:
            problems.append(f"{math['count']} formulas but the page loads no MathJax")
    elif state != "ok":
        problems.append(state)
    if math["n_untypeset"]:
        problems.append(
            f"{math['n_untypeset']} of {math['count']} formulas not typeset by MathJax, "
            f"e.g. {math['untypeset']}"
            + (
                ""
                if local_mathjax()
                else " (no local MathJax copy: run `bash scripts/setup_browser.sh`)"
            )
        )
    if math["errors"]:
        problems.append(f"MathJax errors: {math['errors']}")


def _check_images_and_animations(page, report: PageReport):
    """Every image loads; every animation shows a frame, has controls and steps to the next frame."""
    problems = report.problems
    images = page.evaluate(_WAIT_FOR_IMAGES)
    report.images = len(images)
    for img in images:
        if not img["ok"]:
            problems.append(f"image did not load: {_shorten(img['src']) or '(no src)'}")
    anims = page.evaluate(_ANIMATIONS)
    report.animations = len(anims)
    for i, a in enumerate(anims, 1):
        if not (a["has_img"] and a["first_ok"]):
            problems.append(f"animation {i} shows no frame")
        elif not a["has_button"]:
            problems.append(f"animation {i} has no player controls")
        elif not (a["changed"] and a["next_ok"]):
            problems.append(f"animation {i} does not step to a next frame")
    return images, anims


def _check_outputs_shown(nb: Path, images, anims, problems: list[str]) -> None:
    """The page shows every image and animation that its notebook stores."""
    expected = notebook_output_counts(nb)
    shown_images = sum(1 for i in images if i["output"] and not i["animation"])
    if shown_images < expected["images"]:
        problems.append(
            f"the notebook stores {expected['images']} image outputs, the page shows {shown_images}"
        )
    if len(anims) < expected["animations"]:
        problems.append(
            f"the notebook stores {expected['animations']} animations, the page shows {len(anims)}"
        )


def _check_buttons(
    page, base_url: str, docname: str, book: Book, nb, links, report: PageReport
) -> None:
    """A notebook page has exactly its own Colab link and a download button that serves a notebook;
    every page links the repository."""
    problems = report.problems
    colab = sorted({h for h in links if book.colab_url and h.startswith(book.colab_url)})
    report.colab_links = colab
    if nb is not None:
        want = book.colab_link(docname)
        if colab != [want]:
            problems.append(f"Colab link is {colab or 'missing'}, expected [{want!r}]")
        download = base_url + f"_sources/{docname}.ipynb"
        if download not in links:
            problems.append(f"no download button for the notebook ({download})")
        else:
            resp = page.request.get(download)
            try:
                ok = resp.ok and "cells" in json.loads(resp.body())
            except ValueError:
                ok = False
            if not ok:
                problems.append(
                    f"the notebook download ({download}) is not a notebook (HTTP {resp.status})"
                )
    elif colab:
        problems.append(f"a page that is not a notebook has a Colab link: {colab}")
    if book.repo_url and book.repo_url not in {h.rstrip("/") for h in links}:
        problems.append(f"no repository button linking {book.repo_url}")


def _check_internal_links(base_url: str, links, problems: list[str]) -> None:
    """Internal links and anchors resolve (glossary terms, citations, figure and section references)."""
    for href in sorted(set(links)):
        if not href.startswith(base_url):
            continue
        target, _, anchor = href.partition("#")
        status, ids = _fetch_ids(target)
        if status != 200:
            problems.append(f"broken link: {_shorten(href)} (HTTP {status})")
        elif anchor and target.endswith(".html") and urllib.parse.unquote(anchor) not in ids:
            if "/" in anchor or anchor.endswith((".ipynb", ".md")):
                problems.append(
                    f"link to a file that does not exist from this page (MyST left it as "
                    f"an anchor; the relative path is wrong here): #{anchor}"
                )
            else:
                problems.append(f"broken anchor: {_shorten(href)}")


def _check_text_and_figures(page, problems: list[str]) -> None:
    """No unrendered MyST markup in the text; every captioned figure is numbered."""
    text = page.evaluate(_ARTICLE_TEXT)
    for m in UNRENDERED_MYST.finditer(text):
        start = max(0, m.start() - 30)
        problems.append(
            f"unrendered MyST markup in the text: ...{text[start : m.end() + 30].strip()!r}..."
        )
    for fig in page.evaluate(_FIGURES):
        if not fig["numbered"]:
            problems.append(f"figure {fig['id'] or '(no id)'} has a caption but no number")


_IMAGE_DESCRIPTIONS = """
() => [...document.images].map(i => ({
  alt: i.getAttribute('alt'),
  src: i.getAttribute('src') || '',
  hidden: i.getAttribute('role') === 'presentation' || i.getAttribute('role') === 'none'
          || !!i.closest('[aria-hidden="true"]'),
}))
"""

_AXE_RUN = """
async (tags) => {
  const r = await axe.run(document, {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']});
  const short = s => (s.length > 160 ? s.slice(0, 157) + '...' : s).replace(/\\s+/g, ' ');
  return {
    rules: r.passes.length + r.violations.length + r.incomplete.length + r.inapplicable.length,
    violations: r.violations.map(v => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.map(n => ({target: n.target.join(' '), html: short(n.html),
                                summary: short((n.failureSummary || '').split('\\n').slice(1).join(' '))})),
    })),
  };
}
"""

# A file name or a path as alt text (what MyST-NB writes when a cell gives no description):
# "../_images/f648a....png", "figure.png", "_static/logo.svg".
_ALT_IS_A_FILE = re.compile(
    r"(^|[\\/])[\w.-]+\.(png|jpe?g|gif|svg|webp|bmp)$|^\.{0,2}/|_images/", re.I
)


def _check_accessibility(page, report: PageReport) -> None:
    """No WCAG 2.1 A/AA violation that axe-core finds; every image described; every formula has MathML."""
    problems = report.problems
    for img in page.evaluate(_IMAGE_DESCRIPTIONS):
        alt, src = (img["alt"] or "").strip(), _shorten(img["src"])
        if img["hidden"]:
            if not any(key in img["src"] for key in DECORATIVE_IMAGES):
                problems.append(
                    f"image hidden from screen readers without a reason in sitecheck.DECORATIVE_IMAGES: {src}"
                )
        elif not alt:
            problems.append(f"image without a description (alt text empty or missing): {src}")
        elif _ALT_IS_A_FILE.search(alt):
            problems.append(
                f"image whose alt text is a file name or path, not a description: {alt!r}"
            )
    if report.formulas:
        bare = page.evaluate(
            "() => [...document.querySelectorAll('mjx-container')]"
            ".filter(c => !c.querySelector('mjx-assistive-mml math')).length"
        )
        if bare:
            problems.append(
                f"{bare} formulas without assistive MathML (mjx-assistive-mml): screen readers cannot read them"
            )
    axe = local_axe()
    if axe is None:
        report.skipped.append(AXE_MISSING)
        return
    page.add_script_tag(path=str(axe))
    result = page.evaluate(_AXE_RUN, AXE_TAGS)
    report.axe_rules = result["rules"]
    for v in result["violations"]:
        nodes = v["nodes"]
        lines = [
            f"{n['target']}  {n['html']}" + (f"  ({n['summary']})" if n["summary"] else "")
            for n in nodes[:5]
        ]
        if len(nodes) > 5:
            lines.append(f"... and {len(nodes) - 5} more")
        problems.append(
            f"axe {v['id']} ({v['impact']}, {len(nodes)} elements): {v['help']}:\n      "
            + "\n      ".join(lines)
        )


def _screenshot(page, path: Path, report: PageReport) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(path), full_page=True, timeout=60_000)
        report.screenshot = path
    except Exception as exc:  # a failed screenshot is a problem to report, not a crash
        report.problems.append(f"screenshot failed: {exc}".splitlines()[0])


def search(browser, base_url: str, query: str) -> list[dict]:
    """Run the site's own search page; returns the results as [{'href', 'text'}]."""
    context = browser.new_context()
    context.route(
        "**/*", lambda r: r.continue_() if r.request.url.startswith(base_url) else r.abort()
    )
    page = context.new_page()
    try:
        page.goto(
            f"{base_url}search.html?q={urllib.parse.quote(query)}",
            wait_until="load",
            timeout=60_000,
        )
        page.wait_for_function(
            "() => { const s = document.querySelector('#search-results');"
            " return s && /Search finished|did not match|found/.test(s.innerText); }",
            timeout=30_000,
        )
        return page.evaluate(
            "() => [...document.querySelectorAll('#search-results ul.search li')].map(li => ({"
            " href: (li.querySelector('a') || {}).href || '', text: li.innerText}))"
        )
    finally:
        context.close()


# ------------------------------------------------------------------------------------------ keyboard
_RECORD_FOCUS = """
() => {
  window.__focused = [];
  document.addEventListener('focusin', e => {
    const el = e.target;
    let what = null;
    if (el.matches('.dropdown-launch-buttons > button')) what = 'launch button';
    else if (el.matches('.dropdown-download-buttons > button')) what = 'download button';
    else if (el.matches('.search-button__button')) what = 'search button';
    else {
      const anim = el.closest('div.animation');
      if (anim && anim === document.querySelector('div.animation'))
        what = 'animation ' + (el.type === 'radio' ? 'repetition mode' : el.getAttribute('aria-label'));
    }
    if (what) window.__focused.push(what);
  });
}
"""

_KEYBOARD_TARGETS = """
() => {
  const anim = document.querySelector('div.animation');
  const controls = anim ? [...anim.querySelectorAll('input[type=range], .anim-buttons > *')].map(
      el => 'animation ' + (el.getAttribute('aria-label') || el.getAttribute('title') || el.tagName)) : [];
  if (anim && anim.querySelector('input[type=radio]')) controls.push('animation repetition mode');
  const header = [];
  if (document.querySelector('.dropdown-launch-buttons')) header.push('launch button');
  if (document.querySelector('.dropdown-download-buttons')) header.push('download button');
  return [...header, 'search button', ...controls];
}
"""


def check_keyboard(browser, base_url: str, html_path: str, *, max_tabs: int = 600) -> list[str]:
    """Problems a reader with a keyboard alone meets on one page.

    Pressing Tab from the top of the page must give focus to the launch (Colab) and download buttons, the
    search button and every control of the page's first animation; Enter opens the launch menu; Enter
    and Space on the animation's "Next frame" control, and an arrow key on its frame slider, show
    another frame."""
    problems: list[str] = []
    context = browser.new_context(viewport={"width": 1280, "height": 900}, service_workers="block")
    report = PageReport(url=base_url + html_path)
    context.route("**/*", _router(base_url, report))
    page = context.new_page()
    try:
        page.goto(base_url + html_path, wait_until="load", timeout=60_000)
        page.evaluate(_RECORD_FOCUS)
        targets = page.evaluate(_KEYBOARD_TARGETS)
        for i in range(max_tabs):
            page.keyboard.press("Tab")
            if i % 25 == 24 and set(page.evaluate("window.__focused")) >= set(targets):
                break
        seen = set(page.evaluate("window.__focused"))
        for target in targets:
            if target not in seen:
                problems.append(
                    f"keyboard: {target} never gets focus with Tab ({max_tabs} presses)"
                )
        launch = page.locator(".dropdown-launch-buttons > button")
        if launch.count():
            launch.first.focus()
            page.keyboard.press("Enter")
            if not page.locator(".dropdown-launch-buttons .dropdown-menu.show").count():
                problems.append("keyboard: Enter on the launch button does not open its menu")
            page.keyboard.press("Escape")
        if page.locator("div.animation").count():
            problems += _animation_keys(page)
    finally:
        context.close()
    return problems + report.problems


def _animation_keys(page) -> list[str]:
    """Enter pauses the first animation; Enter and Space on Next frame and an arrow on the slider step it."""
    problems = []
    anim = page.locator("div.animation").first
    frame = anim.locator("img").first

    def shown_after(key: str, control) -> bool:
        before = frame.get_attribute("src")
        control.focus()
        page.keyboard.press(key)
        page.wait_for_timeout(50)
        return frame.get_attribute("src") != before

    pause = anim.locator('[aria-label="Pause"]')
    if pause.count():
        pause.first.focus()
        page.keyboard.press("Enter")
    before = frame.get_attribute("src")
    page.wait_for_timeout(300)
    if frame.get_attribute("src") != before:
        return ["keyboard: Enter on the animation's Pause control does not stop it"]
    step = anim.locator('[aria-label="Next frame"]')
    if not step.count():
        return ["keyboard: the animation has no Next frame control"]
    for key in ("Enter", "Space"):
        if not shown_after(key, step.first):
            problems.append(
                f"keyboard: {key} on the animation's Next frame control shows no other frame"
            )
    slider = anim.locator("input[type=range]")
    if slider.count():
        at_end = slider.first.evaluate("s => s.value === s.max")
        key = "ArrowLeft" if at_end else "ArrowRight"  # an arrow key that can move it
        if not shown_after(key, slider.first):
            problems.append(f"keyboard: {key} on the animation's frame slider shows no other frame")
    return problems
