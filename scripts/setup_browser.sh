#!/usr/bin/env bash
# What the real-browser test of the built site (tests/test_site.py) needs, where it can be had:
#   1. Chromium from Debian's packages (`chromium`, `chromium-driver`), installed with apt-get when we are
#      root on a Debian/Ubuntu machine and it is missing. Playwright drives this Chromium; Playwright's own
#      browser download is not used.
#      With it, a Korean font (`fonts-nanum`): the glossary gives the study notes' Korean terms, and without
#      one the screenshots show empty boxes where a reader's browser shows Hangul.
#      The test (tests/sitecheck.py) looks for $CHROMIUM, /usr/bin/chromium, /usr/bin/chromium-browser, then
#      `chromium` or `chromium-browser` on PATH. On macOS nothing is installed here: the script names the
#      Chromium or Google Chrome it finds in /Applications (with the `export CHROMIUM=...` line the test
#      needs), or says how to get one.
#   2. A local copy of MathJax 3 (the npm package `mathjax`, the same files the site loads from its CDN),
#      so that the test can check that formulas are typeset on a machine without general internet access.
#      Stored in ${CNN_COURSE_DATA:-~/.cache/cnn-course}/browser/.
#   3. axe-core (the npm package `axe-core`, pinned below), the accessibility engine the browser test runs on
#      every page (WCAG 2.1 A and AA rules). Stored beside MathJax; without it that part of the test is
#      skipped with a one-line reason.
# Each step does nothing when its work is already done, and nothing (with a message) where it cannot be done;
# the browser test then skips with a message that says what is missing.
set -uo pipefail

MATHJAX_VERSION=3.2.2
DATA=${CNN_COURSE_DATA:-$HOME/.cache/cnn-course}
MATHJAX_DIR="$DATA/browser/mathjax-$MATHJAX_VERSION"
AXE_VERSION=4.14.1  # tests/sitecheck.py: AXE_VERSION
AXE_DIR="$DATA/browser/axe-core-$AXE_VERSION"

# Where the browser test looks, in its order.
find_chromium() {
  for c in "${CHROMIUM:-}" /usr/bin/chromium /usr/bin/chromium-browser \
      "$(command -v chromium 2>/dev/null)" "$(command -v chromium-browser 2>/dev/null)"; do
    if [ -n "$c" ] && [ -x "$c" ]; then echo "$c"; return 0; fi
  done
  return 1
}

# macOS: a browser the test can drive once CHROMIUM names it.
find_mac_browser() {
  for app in "Chromium.app/Contents/MacOS/Chromium" "Google Chrome.app/Contents/MacOS/Google Chrome"; do
    for dir in /Applications "$HOME/Applications"; do
      if [ -x "$dir/$app" ]; then echo "$dir/$app"; return 0; fi
    done
  done
  return 1
}

has_korean_font() { command -v fc-list >/dev/null 2>&1 && [ -n "$(fc-list :lang=ko 2>/dev/null | head -n1)" ]; }

if CHROME=$(find_chromium); then
  echo "setup_browser: Chromium present ($CHROME)"
  if ! has_korean_font && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "setup_browser: installing a Korean font (fonts-nanum) for the screenshots"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q fonts-nanum >/dev/null \
      || echo "setup_browser: apt-get could not install fonts-nanum (Korean text shows as boxes in screenshots)"
  fi
elif [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
  echo "setup_browser: installing chromium and chromium-driver with apt-get"
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q chromium chromium-driver fonts-nanum >/dev/null \
    || { apt-get update -q >/dev/null && apt-get install -y -q chromium chromium-driver fonts-nanum >/dev/null; } \
    || echo "setup_browser: apt-get could not install chromium"
  find_chromium >/dev/null && echo "setup_browser: Chromium installed ($(find_chromium))"
elif [ "$(uname -s)" = Darwin ]; then
  if MAC=$(find_mac_browser); then
    echo "setup_browser: found $MAC; the browser test uses it once CHROMIUM names it (add to ~/.zshrc):"
    echo "  export CHROMIUM=\"$MAC\""
  else
    echo "setup_browser: no Chromium or Google Chrome found. Install Google Chrome (https://www.google.com/chrome/"
    echo "  or Homebrew: brew install --cask google-chrome), run this script again and set the CHROMIUM it prints;"
    echo "  until then the browser test is skipped with one line saying why, and every other test runs."
  fi
else
  echo "setup_browser: Chromium not found and cannot be installed here (needs root and apt-get);"
  echo "setup_browser: install it with your package manager or set CHROMIUM=/path/to/chromium;"
  echo "setup_browser: until then the browser test is skipped with one line saying why"
fi

if [ -f "$MATHJAX_DIR/es5/tex-mml-chtml.js" ]; then
  echo "setup_browser: MathJax $MATHJAX_VERSION present ($MATHJAX_DIR)"
elif command -v npm >/dev/null 2>&1; then
  echo "setup_browser: fetching MathJax $MATHJAX_VERSION (npm package mathjax)"
  TMP=$(mktemp -d)
  if (cd "$TMP" && npm pack --silent "mathjax@$MATHJAX_VERSION" >/dev/null 2>&1) \
      && tar -xzf "$TMP/mathjax-$MATHJAX_VERSION.tgz" -C "$TMP" package/es5 \
      && [ -f "$TMP/package/es5/tex-mml-chtml.js" ]; then
    mkdir -p "$MATHJAX_DIR"
    rm -rf "$MATHJAX_DIR/es5"
    mv "$TMP/package/es5" "$MATHJAX_DIR/es5"
    echo "setup_browser: MathJax stored in $MATHJAX_DIR"
  else
    echo "setup_browser: could not fetch MathJax with npm; the browser test will load it from its CDN"
  fi
  rm -rf "$TMP"
else
  echo "setup_browser: npm not found; the browser test will load MathJax from its CDN"
fi
if [ -f "$AXE_DIR/axe.min.js" ]; then
  echo "setup_browser: axe-core $AXE_VERSION present ($AXE_DIR)"
elif command -v npm >/dev/null 2>&1; then
  echo "setup_browser: fetching axe-core $AXE_VERSION (npm package axe-core)"
  TMP=$(mktemp -d)
  if (cd "$TMP" && npm pack --silent "axe-core@$AXE_VERSION" >/dev/null 2>&1) \
      && tar -xzf "$TMP/axe-core-$AXE_VERSION.tgz" -C "$TMP" package/axe.min.js package/LICENSE \
      && [ -f "$TMP/package/axe.min.js" ]; then
    mkdir -p "$AXE_DIR"
    mv "$TMP/package/axe.min.js" "$TMP/package/LICENSE" "$AXE_DIR/"
    echo "setup_browser: axe-core stored in $AXE_DIR"
  else
    echo "setup_browser: could not fetch axe-core with npm; the browser test skips its accessibility check"
  fi
  rm -rf "$TMP"
else
  echo "setup_browser: npm not found; the browser test skips its accessibility check (axe-core)"
fi
exit 0
